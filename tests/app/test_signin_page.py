"""AppTest: organisation sign-in (``ITA_SIGNIN=oidc``) refuses to start on settings it cannot trust, telling the
visitor to call the administrator without naming a server file, and otherwise shows only the sign-in button."""

from __future__ import annotations

import logging

import pytest
from helpers import ROOT
from streamlit.testing.v1 import AppTest

from ita.app import signin

APP = str(ROOT / "app.py")
ROLES = '[[rule]]\ndomains = ["agency.go.th"]\nrole = "viewer"\n'


@pytest.fixture
def oidc(tmp_path, monkeypatch, app_database):
    roles = tmp_path / "ita-roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("ITA_SIGNIN", "oidc")
    monkeypatch.setenv("ITA_OIDC_ROLES", str(roles))
    signin._role_map.cache_clear()
    yield roles
    signin._role_map.cache_clear()


def page(secret: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": secret,
        "client_id": "ita",
        "client_secret": "s",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
    }
    return at.run()


@pytest.mark.parametrize("secret", ["", "change-me", "too-short-a-secret"])
def test_a_weak_cookie_secret_stops_sign_in_and_says_whom_to_call(oidc, secret, caplog):
    with caplog.at_level(logging.ERROR, logger="ita"):
        at = page(secret)
    said = " ".join(e.value for e in at.error)
    assert "แจ้งผู้ดูแลระบบ" in said and "secrets.toml" not in said  # no server detail for a visitor
    assert not at.button and not at.exception
    assert "cookie_secret" in caplog.text  # the administrator finds it in the log


def test_a_broken_role_file_stops_sign_in_rather_than_letting_anyone_in(oidc, caplog):
    oidc.write_text('[[rule]]\ndomains = ["agency.go.th"]\nrole = "viewer"\nagency = ["x"]\n', encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="ita"):
        at = page("x" * 40)
    assert "แจ้งผู้ดูแลระบบ" in " ".join(e.value for e in at.error) and not at.button
    assert "unknown keys agency" in caplog.text and str(oidc) in caplog.text


def test_with_good_settings_a_visitor_sees_only_the_sign_in_button(oidc):
    at = page("x" * 40)
    assert [b.label for b in at.button if b.key == "signin_org"] == ["เข้าสู่ระบบด้วยบัญชีขององค์กร"]
    assert not at.error and not at.exception and not at.metric


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_an_administrator_reads_the_organisation_rules_on_the_data_page(oidc, monkeypatch, role):
    from ita.access.roles import Actor

    monkeypatch.setattr(signin, "_organisation_actor", lambda: Actor("boss@agency.go.th", role, signed_in=True))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"cookie_secret": "x" * 40}
    at.switch_page("pages/data.py")
    at.run()
    titles = [e.label for e in at.expander]
    assert not at.exception and not any("บัญชีผู้ใช้" in t for t in titles)  # no office accounts in this mode
    if role == "admin":
        assert "สิทธิ์ของผู้ใช้บัญชีองค์กร (1 กฎ)" in titles
        rules = next(f.value for f in at.dataframe if "agency.go.th" in f.value.to_string())
        assert "ผู้ดู" in rules.to_string()
        assert any("เข้าไม่ได้" in str(m.value) for m in at.markdown)  # nobody else gets in
    else:
        assert not any("สิทธิ์ของผู้ใช้บัญชีองค์กร" in t for t in titles)
