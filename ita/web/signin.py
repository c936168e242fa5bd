"""The sign-in page of office accounts (``ITA_SIGNIN=accounts``), in Thai (``?lang=en`` for English).

GET ``/auth/signin`` shows the form; POST checks the user name and password (``ita.storage.accounts.verify``: wrong
passwords lock the account for longer each time), opens a session and sets the ``ita_session`` cookie (HttpOnly,
SameSite=Lax; Secure when served over HTTPS), then goes back to the page asked for. The form carries a signed,
time-stamped token, so another site cannot post it for the user. ``/auth/signout`` ends the session everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from itsdangerous import BadSignature
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ita.common.plaintext import html
from ita.common.text import t
from ita.storage import accounts, datasets, sessions
from ita.storage.db import engine_for

FORM_TOKEN_SECONDS = 3600  # a sign-in form may be sent up to an hour after it was shown
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@font-face {{font-family: Sarabun; src: url(/app/static/fonts/Sarabun-Regular.ttf);}}
@font-face {{font-family: Sarabun; src: url(/app/static/fonts/Sarabun-Bold.ttf); font-weight: 700;}}
body {{font-family: Sarabun, Tahoma, sans-serif; background: #f6f7f9; color: #222; margin: 0;}}
main {{max-width: 26rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: .6rem;
  box-shadow: 0 1px 4px rgba(0,0,0,.12);}}
h1 {{font-size: 1.5rem; margin: 0 0 1.2rem;}} label {{display: block; margin: .8rem 0 .3rem;}}
input {{width: 100%; box-sizing: border-box; padding: .55rem; font: inherit; border: 1px solid #bbb;
  border-radius: .4rem;}}
button {{margin-top: 1.2rem; width: 100%; padding: .6rem; font: inherit; font-weight: 700; color: #fff;
  background: #1f5fa8; border: 0; border-radius: .4rem; cursor: pointer;}}
.problem {{background: #fdecea; color: #8a1c12; padding: .6rem .8rem; border-radius: .4rem;}}
</style></head>
<body><main>
<h1>{title}</h1>
{problem}
<form method="post" action="/auth/signin">
<input type="hidden" name="token" value="{token}"><input type="hidden" name="next" value="{next}">
<input type="hidden" name="lang" value="{lang}">
<label for="username">{username_label}</label>
<input id="username" name="username" autocomplete="username" required autofocus value="{username}">
<label for="password">{password_label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{button}</button>
</form>
</main></body></html>"""


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The app's database (``ITA_DATABASE_URL``), migrated once per process."""
    made = engine_for()
    datasets.prepare(made)
    return made


def _lang(value: object) -> str:
    return "en" if value == "en" else "th"


def safe_path(value: object) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    text = str(value or "/")
    # Browsers drop tabs and line breaks in a URL ("/\t/evil" is "//evil") and read "\\" as "/": none is allowed.
    plain = not any(c.isspace() or ord(c) < 32 or c == "\\" for c in text)
    return text if plain and text.startswith("/") and not text.startswith("//") else "/"


def _page(lang: str, next_path: str, problem: str = "", username: str = "", status: int = 200) -> HTMLResponse:
    token = sessions.signer(engine(), "signin-form").dumps("signin")
    said = f'<p class="problem" role="alert">{html(problem)}</p>' if problem else ""
    body = PAGE.format(
        lang=lang,
        title=html(t("signin_title", lang)),
        problem=said,
        token=html(token),
        next=html(next_path),
        username_label=html(t("signin_username", lang)),
        password_label=html(t("signin_password", lang)),
        username=html(username),
        button=html(t("signin_button", lang)),
    )
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


async def signin(request: Request) -> Response:
    if request.method == "GET":
        return _page(_lang(request.query_params.get("lang")), safe_path(request.query_params.get("next")))
    form = await request.form()
    lang, next_path = _lang(form.get("lang")), safe_path(form.get("next"))
    username = str(form.get("username") or "")
    try:
        sessions.signer(engine(), "signin-form").loads(str(form.get("token") or ""), max_age=FORM_TOKEN_SECONDS)
    except BadSignature:
        return _page(lang, next_path, t("signin_form_old", lang), username, status=400)
    answer = accounts.verify(engine(), username, str(form.get("password") or ""))
    if answer.account is None:
        problem = t(answer.reason, lang, seconds=answer.wait_seconds)
        if answer.wait_seconds and answer.reason == "signin_refused":
            problem += " " + t("signin_locked", lang, seconds=answer.wait_seconds)
        return _page(lang, next_path, problem, username, status=401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        sessions.COOKIE,
        sessions.open_session(engine(), answer.account),
        max_age=int(sessions.SESSION_HOURS * 3600),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https",
    )
    return response


async def signout(request: Request) -> Response:
    sessions.close_session(engine(), request.cookies.get(sessions.COOKIE))
    lang = _lang(request.query_params.get("lang"))
    response = RedirectResponse(f"/auth/signin?lang={quote(lang)}", status_code=303)
    response.delete_cookie(sessions.COOKIE)
    return response


def routes() -> list[Route]:
    return [
        Route("/auth/signin", signin, methods=["GET", "POST"]),
        Route("/auth/signout", signout, methods=["GET", "POST"]),
    ]
