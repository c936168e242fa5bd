"""Sign-in on the Streamlit side (``ITA_SIGNIN``): ``none`` (personal mode, the default: one local user, no
sign-in), ``accounts`` (office accounts: the ``ita_session`` cookie set by ``/auth/signin``, ``ita.web.signin``),
``oidc`` (organisation sign-in: Streamlit's ``st.login`` with the provider set in ``.streamlit/secrets.toml``
``[auth]``, ``ITA_OIDC_PROVIDER`` naming one of several; the ID token's e-mail and groups give the role,
``ita.access.claims``).

``gate()`` runs first on every page: with sign-in on, a visitor without a valid session sees a sign-in link and
nothing else; a signed-in user's identity is what every store is given (``acting_user``), and the sidebar shows it
with a sign-out link.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from ita.access import claims
from ita.access.roles import Actor, role_name
from ita.app.loaders import engine
from ita.app.state import lang, tr
from ita.common.plaintext import html
from ita.common.settings import SIGNIN_MODES, signin_mode

ENV_PROVIDER = "ITA_OIDC_PROVIDER"  # the [auth.NAME] section of secrets.toml to use; unset: [auth] itself
MODES = SIGNIN_MODES
MIN_COOKIE_SECRET = 32  # characters of secrets.toml's [auth] cookie_secret: it signs the identity cookie


def mode() -> str:
    """How people sign in (``ITA_SIGNIN``); an unknown value is refused at start (``gate``)."""
    return signin_mode()


def signed_in() -> Actor | None:
    """The signed-in user of this session (None in personal mode, or before signing in), checked again on every
    run: an account disabled, demoted or signed out elsewhere is noticed on the user's next click, in every tab
    they have open (one indexed look-up)."""
    if mode() == "none":
        return None
    if mode() == "oidc":
        return _organisation_actor()
    from ita.storage import sessions

    return sessions.actor_for(engine(), st.context.cookies.get(sessions.COOKIE))


def gate() -> Actor | None:
    """Call first on every page: in personal mode nothing; with sign-in on, the signed-in user, or a page that says
    to sign in (and the script stops)."""
    if mode() not in MODES:
        st.error(tr("signin_mode_unknown", value=mode(), modes=", ".join(MODES)))
        st.stop()
    if mode() == "oidc":
        _check_role_map()
    actor = signed_in()
    if mode() == "none" or actor is not None:
        return actor
    if mode() == "oidc":
        _organisation_gate()
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    path = (urlsplit(st.context.url or "/").path or "/") + (f"?{query}" if query else "")  # back here after it
    st.title(tr("signin_needed_title"))
    st.markdown(tr("signin_needed"))
    _same_tab_link(tr("signin_button"), f"/auth/signin?lang={lang()}&next={quote(path)}", primary=True)
    st.stop()
    return None


def identity_box(actor: Actor) -> None:
    """The signed-in user in the sidebar, with a sign-out link."""
    st.sidebar.markdown(tr("signin_as", name=actor.name, role=role_name(actor.role, lang())))
    if mode() == "oidc":
        st.sidebar.button(tr("signout_button"), key="signout", on_click=st.logout)
        return
    with st.sidebar:
        _same_tab_link(tr("signout_button"), f"/auth/signout?lang={lang()}")


# --------------------------------------------------------------------------- organisation sign-in (OIDC)


def role_map() -> claims.RoleMap:
    """The organisation sign-in's role mapping as this server read it (``RoleMapError`` when it cannot)."""
    return _role_map()


@lru_cache(maxsize=1)
def _role_map() -> claims.RoleMap:
    """The role mapping file (``ITA_OIDC_ROLES``), read once per server: restart the servers after changing it."""
    return claims.load()


def _check_role_map() -> None:
    """Organisation sign-in refuses to start on a role mapping or a cookie secret it cannot trust. The visitor
    (not yet signed in) is told to call the administrator; the details, which name server files, go to the log."""
    try:
        _role_map()
        _check_cookie_secret()
    except claims.RoleMapError as exc:
        logging.getLogger("ita").error("organisation sign-in is not set up: %s", exc)
        st.error(tr("signin_org_config"), icon=":material/error:")
        st.stop()


def _check_cookie_secret() -> None:
    auth = st.secrets.get("auth", {}) if st.secrets.load_if_toml_exists() else {}
    secret = str(auth.get("cookie_secret", ""))
    if len(secret) < MIN_COOKIE_SECRET or secret.lower() in ("change-me", "xxx"):
        raise claims.RoleMapError(
            f"secrets.toml [auth] cookie_secret is missing, a placeholder or shorter than {MIN_COOKIE_SECRET} "
            'characters; make one with: python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
        )


def _signed_in_since(user: dict) -> dt.datetime | None:
    issued = user.get("iat")
    return dt.datetime.fromtimestamp(issued, dt.UTC) if isinstance(issued, int | float) else None


def _expired(user: dict) -> bool:
    """The identity was given more than a session's length ago (``ITA_SESSION_HOURS``, as for office accounts;
    Streamlit's own cookie would last 30 days)."""
    from ita.storage.sessions import SESSION_HOURS

    since = _signed_in_since(user)
    return since is not None and dt.datetime.now(dt.UTC) - since > dt.timedelta(hours=SESSION_HOURS)


def _logged_in() -> bool:
    """Streamlit has a signed-in identity for this browser (``st.user``; empty when there is none)."""
    return bool(st.user.to_dict().get("is_logged_in"))


def _organisation_actor() -> Actor | None:
    if not _logged_in():
        return None
    user = st.user.to_dict()
    return None if _expired(user) else _role_map().actor(user)


def _organisation_gate() -> None:
    """The page before organisation sign-in: a button that starts it (``st.login``), or, for a signed-in person
    no rule gives a role, who they are and what to ask for. The script stops."""
    from ita.storage.sessions import SESSION_HOURS

    user = st.user.to_dict() if _logged_in() else {}
    if user and not _expired(user):
        st.title(tr("signin_org_no_role_title"))
        st.warning(tr("signin_org_no_role", who=_role_map().identity(user)), icon=":material/lock:")
        st.button(tr("signout_button"), key="signout", on_click=st.logout)
        st.stop()
    st.title(tr("signin_needed_title"))
    if user:
        st.info(tr("signin_org_expired", hours=f"{SESSION_HOURS:g}"), icon=":material/schedule:")
    st.markdown(tr("signin_org_needed"))
    provider = os.environ.get(ENV_PROVIDER) or None
    st.button(tr("signin_org_button"), key="signin_org", type="primary", on_click=st.login, args=(provider,))
    st.stop()


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
