"""Sign-in on the Streamlit side (``ITA_SIGNIN``): ``none`` (personal mode, the default: one local user, no
sign-in), ``accounts`` (office accounts: the ``ita_session`` cookie set by ``/auth/signin``, ``ita.web.signin``).

``gate()`` runs first on every page: with sign-in on, a visitor without a valid session sees a sign-in link and
nothing else; a signed-in user's identity is what every store is given (``acting_user``), and the sidebar shows it
with a sign-out link.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from ita.access.roles import Actor, role_name
from ita.app.loaders import engine
from ita.app.state import lang, md, tr
from ita.common.plaintext import html

ENV_SIGNIN = "ITA_SIGNIN"
MODES = ("none", "accounts")
_ACTOR = "_signed_in"  # session key: (cookie, actor) of this session


def mode() -> str:
    """How people sign in (``ITA_SIGNIN``); an unknown value is refused at start (``gate``)."""
    return os.environ.get(ENV_SIGNIN, "none").strip().lower() or "none"


def signed_in() -> Actor | None:
    """The signed-in user of this session (None in personal mode, or before signing in). The session cookie is
    checked once per session and again whenever it changes; a session ended or an account disabled since is
    noticed on the next page load."""
    if mode() == "none":
        return None
    from ita.storage import sessions

    cookie = st.context.cookies.get(sessions.COOKIE)
    kept = st.session_state.get(_ACTOR)
    if kept is not None and kept[0] == cookie:
        return kept[1]
    actor = sessions.actor_for(engine(), cookie)
    st.session_state[_ACTOR] = (cookie, actor)
    return actor


def gate() -> Actor | None:
    """Call first on every page: in personal mode nothing; with sign-in on, the signed-in user, or a page that says
    to sign in (and the script stops)."""
    if mode() not in MODES:
        st.error(tr("signin_mode_unknown", value=mode(), modes=", ".join(MODES)))
        st.stop()
    actor = signed_in()
    if mode() == "none" or actor is not None:
        return actor
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    path = (urlsplit(st.context.url or "/").path or "/") + (f"?{query}" if query else "")  # back here after it
    st.title(tr("signin_needed_title"))
    st.markdown(tr("signin_needed"))
    _same_tab_link(tr("signin_button"), f"/auth/signin?lang={lang()}&next={quote(path)}", primary=True)
    st.stop()
    return None


def identity_box(actor: Actor) -> None:
    """The signed-in user in the sidebar, with a sign-out link."""
    st.sidebar.markdown(tr("signin_as", name=md(actor.name), role=role_name(actor.role, lang())))
    with st.sidebar:
        _same_tab_link(tr("signout_button"), f"/auth/signout?lang={lang()}")


def _same_tab_link(label: str, url: str, primary: bool = False) -> None:
    """A link that looks like a button and opens in this tab (Streamlit's link buttons open a new one; signing in
    and out belong to this one)."""
    colours = (
        "background:#1f5fa8;color:#fff;border:0" if primary else "background:#fff;color:#222;border:1px solid #ccc"
    )
    st.html(
        f'<a href="{html(url)}" style="display:inline-block;padding:.45rem 1rem;border-radius:.5rem;{colours};'
        f'text-decoration:none;font-weight:600">{html(label)}</a>'
    )
