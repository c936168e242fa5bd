"""Browser: office accounts (``ITA_SIGNIN=accounts``, ``serve.py``). A visitor sees only a sign-in link; a wrong
password is refused on the Thai sign-in page; the right one opens the page asked for, with the account in the
sidebar; a viewer sees no upload; signing out ends it (issue 12)."""

from __future__ import annotations

import pytest
from helpers.browser import screenshot, wait_for_app

from ita.access.roles import ADMIN, Actor
from ita.storage import accounts, datasets
from ita.storage.db import engine_for

pytestmark = pytest.mark.browser


def test_office_accounts_sign_in_and_out(page, app_server, tmp_path):
    database = tmp_path / "ita.db"
    engine = engine_for(f"sqlite:///{database}")
    datasets.prepare(engine)
    accounts.add(
        engine, "somsri", role="viewer", who=Actor("setup", ADMIN), password="viewer-pass-123", display_name="สมศรี ใจดี"
    )
    engine.dispose()
    with app_server(database, tmp_path / "streamlit.log", script="serve.py", env={"ITA_SIGNIN": "accounts"}) as (
        url,
        _,
    ):
        page.goto(f"{url}/overview?year=2566")
        wait_for_app(page)
        page.get_by_role("heading", name="กรุณาเข้าสู่ระบบ").wait_for()
        assert page.locator(".js-plotly-plot").count() == 0  # nothing of the data before signing in
        screenshot(page, "signin-needed")
        page.get_by_role("link", name="เข้าสู่ระบบ").click()
        page.wait_for_url("**/auth/signin?**")
        page.get_by_label("ชื่อผู้ใช้").fill("somsri")
        page.get_by_label("รหัสผ่าน").fill("wrong-password")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.get_by_role("alert").wait_for()
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.get_by_role("alert").inner_text()
        screenshot(page, "signin-refused")
        assert page.context.cookies() == [] or all(c["name"] != "ita_session" for c in page.context.cookies())
        page.get_by_label("รหัสผ่าน").fill("viewer-pass-123")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url("**/overview?year=2566")
        wait_for_app(page, ".js-plotly-plot")
        assert "สมศรี ใจดี" in page.locator("[data-testid='stSidebar']").inner_text()
        cookie = next(c for c in page.context.cookies() if c["name"] == "ita_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        page.goto(f"{url}/data")
        wait_for_app(page, "[data-testid='stMetric']")
        assert page.locator("[data-testid='stFileUploader']").count() == 0  # a viewer does not upload
        assert "เฉพาะผู้ดูแลระบบ" in page.locator("[data-testid='stMain']").inner_text()
        removes = page.locator("[class*='st-key-ds_remove_'] button")
        assert removes.count() >= 3 and all(removes.nth(i).is_disabled() for i in range(removes.count()))
        screenshot(page, "signin-viewer-data")
        page.get_by_role("link", name="ออกจากระบบ").click()
        page.wait_for_url("**/auth/signin?**")
        page.goto(f"{url}/data")
        wait_for_app(page)
        page.get_by_role("heading", name="กรุณาเข้าสู่ระบบ").wait_for()
