"""Organisation sign-in (``ITA_SIGNIN=oidc``) on the server side: Streamlit's own ``st.login`` does the OpenID
Connect flow (``/auth/login`` → the provider → ``/oauth2callback``, Authlib, the signed identity cookie), and always
lands on the app's home page afterwards. ``ReturnAfterSignIn`` brings the user back to the page they were on (a link
to an agency shared in a meeting): when the browser leaves for ``/auth/login`` it notes the page it came from in a
short-lived cookie; when the provider sends it back, the redirect to the home page becomes a redirect to that page.
Only a path of this app is ever followed (``ita.web.signin.safe_path``).
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ita.web.signin import safe_path

NEXT_COOKIE = "ita_next"
NEXT_SECONDS = 600  # the round trip through the provider must end within this many seconds
LOGIN_PATH, CALLBACK_PATH = "/auth/login", "/oauth2callback"


class ReturnAfterSignIn:
    """ASGI middleware around Streamlit's ``/auth/login`` and ``/oauth2callback``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in (LOGIN_PATH, CALLBACK_PATH):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
        cookie = _next_cookie(_page_of(request), secure) if scope["path"] == LOGIN_PATH else None
        back_to = _page(request.cookies.get(NEXT_COOKIE)) if scope["path"] == CALLBACK_PATH else None

        async def send_changed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if cookie is not None:
                    headers.append("set-cookie", cookie)
                if back_to is not None:
                    if message["status"] in (302, 303, 307) and back_to != "/":
                        headers["location"] = back_to
                    headers.append("set-cookie", f"{NEXT_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_changed)


def _page_of(request: Request) -> str:
    """The page of this app the browser came from (its ``Referer``), or the home page."""
    referer = urlsplit(request.headers.get("referer", ""))
    host = urlsplit("//" + request.headers.get("host", "")).hostname  # behind nginx, Host may have no port
    if not referer.hostname or referer.hostname != host:
        return "/"
    return _page(referer.path + (f"?{referer.query}" if referer.query else ""))


def _page(value: object) -> str:
    """A page of the app to return to: a path of this app (``safe_path``) and not one of the sign-in addresses
    themselves (a return to ``/auth/logout`` would sign the user straight out)."""
    path = safe_path(value)
    return "/" if path.startswith(("/auth/", "/oauth2callback")) else path


def _next_cookie(path: str, secure: bool) -> str:
    morsel: SimpleCookie = SimpleCookie()
    morsel[NEXT_COOKIE] = path
    kept = morsel[NEXT_COOKIE]
    kept["path"], kept["max-age"], kept["httponly"], kept["samesite"] = "/", NEXT_SECONDS, True, "Lax"
    kept["secure"] = secure
    return kept.OutputString()
