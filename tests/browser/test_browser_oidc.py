"""Browser: organisation sign-in (``ITA_SIGNIN=oidc``, ``serve.py``) through a real OpenID Connect provider process
(``oidc-provider-mock``) and Streamlit's ``st.login``: a visitor sees only the sign-in button; the provider's page
signs them in and they come back to the page they asked for, with the role their groups give; a person no rule
names is told whom to ask; signing out ends it (issue 12)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers.browser import free_port, screenshot, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.own_servers]

EDITOR = {
    "sub": "somchai@agency.go.th",
    "email": "somchai@agency.go.th",
    "email_verified": True,
    "name": "สมชาย ใจดี",
    "groups": ["ita-editors"],
}
STRANGER = {"sub": "guest@example.com", "email": "guest@example.com", "email_verified": True, "name": "Guest"}
ROLES = """
groups_claim = "groups"
[[rule]]
groups = ["ita-admins"]
role = "admin"
[[rule]]
groups = ["ita-editors"]
role = "editor"
[[rule]]
domains = ["agency.go.th"]
role = "viewer"
"""


@contextmanager
def provider(log: Path) -> Iterator[str]:
    """``oidc-provider-mock`` on a free port, knowing the two people above: its issuer URL. It is reached by the
    name ``localhost`` and the app by ``127.0.0.1``, so the two sites keep their cookies apart as real ones do."""
    port = free_port()
    users = [arg for user in (EDITOR, STRANGER) for arg in ("--user-claims", json.dumps(user))]
    with log.open("a") as out:
        proc = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-m", "oidc_provider_mock", "--port", str(port), *users],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://localhost:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"the OIDC provider did not start; see {log}")
            time.sleep(0.2)  # polling a server that is starting
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _settings(tmp_path: Path, issuer: str, port: int) -> tuple[Path, Path]:
    """The administrator's two files: Streamlit's ``secrets.toml`` ``[auth]`` and the role mapping."""
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "ita-dashboard"\n'
        'client_secret = "any-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    roles_file = tmp_path / "ita-roles.toml"
    roles_file.write_text(ROLES, encoding="utf-8")
    return secrets_file, roles_file


def _sign_in_at_provider(page, who: dict) -> None:
    page.get_by_role("button", name="เข้าสู่ระบบด้วยบัญชีขององค์กร").click()
    page.wait_for_url("http://localhost:*/**")
    page.get_by_placeholder("sub").fill(who["sub"])
    page.get_by_role("button", name="Authorize").click()


def test_organisation_sign_in_through_the_provider(page, app_server, tmp_path):
    with provider(tmp_path / "provider.log") as issuer:
        port = free_port()
        secrets_file, roles_file = _settings(tmp_path, issuer, port)
        env = {"ITA_SIGNIN": "oidc", "ITA_OIDC_ROLES": str(roles_file), "AUTHLIB_INSECURE_TRANSPORT": "1"}
        with app_server(
            tmp_path / "ita.db",
            tmp_path / "streamlit.log",
            script="serve.py",
            env=env,
            port=port,
            args=("--secrets.files", str(secrets_file)),
        ) as (url, _):
            page.goto(f"{url}/overview?year=2566")
            wait_for_app(page)
            page.get_by_role("heading", name="กรุณาเข้าสู่ระบบ").wait_for()
            assert page.locator(".js-plotly-plot").count() == 0  # nothing of the data before signing in
            screenshot(page, "oidc-signin-needed")

            _sign_in_at_provider(page, EDITOR)
            page.wait_for_url(f"{url}/overview?year=2566")  # back on the page asked for, not the home page
            wait_for_app(page, ".js-plotly-plot")
            # (an e-mail is shown as text, never a link: a word joiner follows its "@" on the page)
            sidebar = page.locator("[data-testid='stSidebar']").inner_text().replace("\u2060", "")
            assert "somchai@agency.go.th" in sidebar and "ผู้แก้ไข" in sidebar  # the group's role, not the domain's
            assert not any(c["name"] == "ita_next" for c in page.context.cookies())
            page.goto(f"{url}/data")
            wait_for_app(page, "[data-testid='stMetric']")
            assert page.locator("[data-testid='stFileUploader']").count() == 0  # an editor does not upload
            screenshot(page, "oidc-editor-data")

            page.get_by_role("button", name="ออกจากระบบ").click()
            page.wait_for_url("http://localhost:*/oauth2/end_session?**")  # the provider ends its session too
            page.get_by_role("button", name="End session").click()
            page.wait_for_url(f"{url}/**")
            wait_for_app(page)
            page.get_by_role("heading", name="กรุณาเข้าสู่ระบบ").wait_for()

            _sign_in_at_provider(page, STRANGER)
            page.wait_for_url(f"{url}/**")
            wait_for_app(page)
            page.get_by_role("heading", name="บัญชีนี้ยังไม่มีสิทธิ์ใช้แดชบอร์ด").wait_for()
            main = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
            assert "guest@example.com" in main and str(roles_file) not in main  # no server path to a stranger
            assert page.locator(".js-plotly-plot").count() == 0
            screenshot(page, "oidc-no-role")
