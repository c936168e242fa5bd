"""An address that names no page of the app (a typo, an old bookmark: ``/agncy``): a page of ours that says so in
the user's language and links to the pages, where Streamlit would show its English "Page not found" dialog over
the main page. Streamlit resolves the address against the pages ``st.navigation`` is given; the one it asks for
is added as this hidden page, so it resolves."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ita.app.state import md, tr

_ASKED = "_unknown_page"  # session key: the unknown page name an address asked for in this session


def asked_for(known: list[str]) -> str | None:
    """The page name the address asks for when it is none of ``known`` (the pages' url paths), else None. The
    page's later runs (a widget, the sidebar) name it by the hash of the page added for it: it is remembered for the
    session, so that hash still resolves. A nested path (``a/b``) cannot be a page's and is left to Streamlit."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is not None and not getattr(manager, "intended_page_script_hash", None):
        name = str(getattr(manager, "intended_page_name", None) or "").strip().strip("/")
        if name and name not in known and "/" not in name:
            st.session_state[_ASKED] = name
    asked = st.session_state.get(_ASKED)
    return asked if isinstance(asked, str) and asked not in known else None


def page_for(name: str, pages: list[Any]) -> Any:
    """The hidden page that answers the address ``name``: what was asked for, and a link to each of ``pages``."""

    def not_found() -> None:
        st.title(tr("page_not_found"))
        st.warning(tr("page_not_found_body", name=md(name)), icon=":material/link_off:")  # the address, as text
        for each in pages:
            st.page_link(each, label=md(each.title), icon=each.icon)

    return st.Page(not_found, title=tr("page_not_found"), url_path=name, visibility="hidden")
