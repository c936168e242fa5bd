"""ITA dashboard: the router. Sets up the page, the shared sidebar and the navigation, then runs a page."""

import logging
import os

import streamlit as st

from ita.access.roles import NotAllowed
from ita.app import (
    carry_context,
    database_problem,
    finish_run,
    lang,
    language_from_url,
    md,
    on_finish,
    page_entered,
    page_links,
    param,
    show_database_problems,
    tr,
    unknown_page,
    url_params,
    warm_parse_workers,
)
from ita.app.signin import gate, identity_box
from ita.app.state import SIGNED_IN
from ita.app.viewport import browser_state, restart_noted, server_restarted
from ita.app.widgets import first_visit_tour, widget_chrome
from ita.storage.db import DatabaseError

# The icon is a file the app serves itself: nothing on the page comes from another host (the app works offline).
FAVICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "favicon.png")
st.set_page_config(page_title="ITA Dashboard", page_icon=FAVICON, layout="wide")
warm_parse_workers()
language_from_url()
# Presentation mode is a page of its own, reached from the sidebar button or ?present=1 on any link.
present = st.Page(
    "pages/present.py", title=tr("page_present"), icon=":material/slideshow:", url_path="present", visibility="hidden"
)
pages = [
    st.Page(
        "pages/agency.py",
        title=tr("page_agency"),
        icon=":material/account_balance:",
        url_path="agency",
        default=True,
    ),
    st.Page("pages/overview.py", title=tr("page_overview"), icon=":material/leaderboard:", url_path="overview"),
    st.Page("pages/measures.py", title=tr("page_measures"), icon=":material/checklist:", url_path="measures"),
    st.Page("pages/followup.py", title=tr("page_followup"), icon=":material/task_alt:", url_path="followup"),
    st.Page("pages/report.py", title=tr("page_report"), icon=":material/description:", url_path="report"),
    st.Page("pages/data.py", title=tr("page_data"), icon=":material/upload_file:", url_path="data"),
]
# The sidebar's links are ours (below), not Streamlit's: they carry the agency, year and language, so opening a page
# is one step of the browser's history (Streamlit's own links open a page bare, then the run added the context).
unknown = unknown_page.asked_for([p.url_path for p in [*pages, present]])  # a typo or an old bookmark
page = st.navigation(
    [*pages, present, *([unknown_page.page_for(unknown, pages)] if unknown else [])], position="hidden"
)
nav = st.sidebar.empty()  # the links: drawn before the page runs, and again with what the run settled (the end)
page_entered(page.url_path)  # what a link on the page before said is that page's
browser_state(size=page.url_path == present.url_path)  # the name this browser keeps; the window's size for slides

with st.sidebar:
    st.radio(
        "ภาษา / Language",
        ["th", "en"],
        key="lang",
        horizontal=True,
        format_func=lambda code: {"th": "ไทย", "en": "English"}[code],
    )
# With sign-in on (ITA_SIGNIN), nothing shows before it; the signed-in identity acts and is written in the history.
st.session_state[SIGNED_IN] = signed = gate()
if signed is not None:
    identity_box(signed)
else:
    st.sidebar.text_input(
        tr("editor_name"), key="editor_name", placeholder=tr("editor_name_placeholder"), help=tr("editor_name_help")
    )

# The presentation remembers the page it was opened from (``from``): leaving it goes back there.
if param("present") == "1" and page.url_path != present.url_path:
    st.switch_page(present, query_params=url_params(**{"from": param("from") or page.url_path}))
if st.session_state.pop("present_asked", False) and page.url_path != present.url_path:
    st.switch_page(present, query_params=url_params("from", "step", present="1", step="1", **{"from": page.url_path}))
if page.url_path != present.url_path:
    # A callback, not the button's value: a click survives the rerun a deep link's first run makes (ensure_router).
    st.sidebar.button(
        tr("present_toggle"),
        icon=":material/slideshow:",
        key="present_open",
        width="stretch",
        on_click=st.session_state.__setitem__,
        args=("present_asked", True),
    )
carry_context()  # agency, year, peers, fy and language follow the user from page to page (ita.app.state)
if page.url_path != present.url_path:
    page_links(nav, pages)  # at once: a page that takes long has them, and they are drawn again at the run's end
    on_finish(lambda: page_links(nav, pages))
else:
    on_finish(None)
widget_chrome()  # the uploader's own words in the interface language
if page.url_path != present.url_path:
    first_visit_tour()  # one line on what each page is for, on a session's first page (not on a slide)
show_database_problems()  # kept by a save or remove that the database refused (ita.app.errors.db_guarded)
if server_restarted():  # this page outlived a restart: what it held unsaved never reached this server
    st.warning(tr("server_restarted"), icon=":material/restart_alt:")
    st.button(tr("server_restarted_ok"), key="server_restarted_ok", on_click=restart_noted)
try:
    page.run()
except DatabaseError as exc:  # read-only, full, locked, unreachable: one clear message naming the database
    database_problem(exc)
except NotAllowed as exc:  # the user's role may not do this (the stores check it whatever the page shows)
    st.warning(md(exc.message(lang())), icon=":material/lock:")
except Exception as exc:  # a fault of ours: a plain message for the user, the traceback for the log
    if os.environ.get("ITA_DEBUG"):
        raise
    logging.getLogger("ita").exception("page %s failed", page.url_path)
    st.error(tr("page_failed", error=type(exc).__name__), icon=":material/error:")
finally:
    finish_run()  # what the page settled (a key for a name, a year in range) follows: URL and links, at once
