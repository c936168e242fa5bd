"""AppTest: office accounts managed in the app (the Data page's accounts panel) by a signed-in administrator: add,
change, disable; a mismatched password or leaving no administrator is a message and changes nothing; a viewer or
editor sees no panel (issue 12)."""

from __future__ import annotations

import pytest
from helpers import ROOT
from streamlit.testing.v1 import AppTest

from ita.access.roles import ADMIN, Actor
from ita.storage import accounts, audit, sessions
from ita.storage.db import engine_for

APP = str(ROOT / "app.py")
ADMIN_ACTOR = Actor("ผู้ดูแลระบบ", ADMIN, signed_in=True)


@pytest.fixture
def office(app_database_url, monkeypatch):
    """Office accounts on, with one administrator account; the app's database engine."""
    monkeypatch.setenv("ITA_SIGNIN", "accounts")
    engine = engine_for(app_database_url)
    accounts.add(engine, "admin", role=ADMIN, who=Actor("setup", ADMIN), password="admin-pass-123")
    yield engine
    engine.dispose()


def data_page(actor: Actor | str, monkeypatch) -> AppTest:
    """The Data page for a session signed in as ``actor``, or as the account named so (AppTest sends no cookie:
    the session's look-up answers with the account as the database has it at each run, as the real one does)."""

    def look_up(engine, cookie):
        if isinstance(actor, Actor):
            return actor
        account = accounts.find(engine, actor)
        return account.actor() if account is not None and account.active else None

    monkeypatch.setattr(sessions, "actor_for", look_up)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/data.py")
    return at.run()


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in (at.success, at.error, at.warning) for e in kind)


def test_an_administrator_adds_an_account_and_mistakes_change_nothing(office, monkeypatch):
    at = data_page(ADMIN_ACTOR, monkeypatch)
    assert any("บัญชีผู้ใช้ (1 บัญชี)" in e.label for e in at.expander)
    at.text_input(key="acc_new_username").input("Yuwadee")
    at.text_input(key="acc_new_name").input("ยุวดี อุเทนสุต")
    at.selectbox(key="acc_new_role").select("editor")
    at.text_input(key="acc_new_password").input("editor-pass-123")
    at.text_input(key="acc_new_password2").input("editor-pass-124")
    at.button(key="FormSubmitter:account_add-เพิ่มบัญชี").click().run()
    assert "รหัสผ่านสองช่องไม่ตรงกัน" in texts(at) and accounts.find(office, "yuwadee") is None
    assert at.session_state["acc_new_password"] == at.session_state["acc_new_password2"] == ""  # not kept
    assert at.text_input(key="acc_new_username").value == "Yuwadee"  # the rest stays to be corrected

    at.text_input(key="acc_new_password").input("editor-pass-123")
    at.text_input(key="acc_new_password2").input("editor-pass-123")
    at.button(key="FormSubmitter:account_add-เพิ่มบัญชี").click().run()
    assert "เพิ่มบัญชี yuwadee (ผู้แก้ไข) แล้ว" in texts(at)
    made = accounts.find(office, "yuwadee")
    assert made is not None and made.role == "editor" and made.active
    assert accounts.verify(office, "yuwadee", "editor-pass-123").account is not None
    log = audit.entries(office, ADMIN_ACTOR)
    assert log[0].who == "ผู้ดูแลระบบ" and log[0].target == "yuwadee" and "editor-pass" not in log[0].detail
    assert any("yuwadee" in frame.value.to_string() and "ผู้แก้ไข" in frame.value.to_string() for frame in at.dataframe)
    # The administrators' log says what was done in the page's language.
    details = [v for frame in at.dataframe if "รายละเอียด" in frame.value.columns for v in frame.value["รายละเอียด"]]
    assert "เพิ่มบัญชี บทบาท ผู้แก้ไข; หน่วยงานที่แก้ไขได้ ทุกหน่วยงาน" in details, details


def test_an_administrator_disables_an_account_but_never_the_last_administrator(office, monkeypatch):
    accounts.add(office, "somsri", role="viewer", who=ADMIN_ACTOR, password="viewer-pass-123")
    at = data_page(ADMIN_ACTOR, monkeypatch)
    listed = next(f.value for f in at.dataframe if "หน่วยงานที่แก้ไขได้" in f.value.columns)
    row = listed.loc[listed["ชื่อผู้ใช้"] == "somsri"]
    assert row["หน่วยงานที่แก้ไขได้"].tolist() == ["–"], listed  # a viewer edits no agency, not "every agency"
    at.selectbox(key="acc_change_which").select("somsri").run()
    somsri = accounts.find(office, "somsri")
    at.checkbox(key=f"acc_{somsri.id}_active").uncheck()
    at.button(key="FormSubmitter:account_change-บันทึกการแก้ไข").click().run()
    assert "บันทึกการแก้ไขบัญชี somsri แล้ว" in texts(at)
    assert not accounts.find(office, "somsri").active
    assert accounts.verify(office, "somsri", "viewer-pass-123").account is None

    at.selectbox(key="acc_change_which").select("admin").run()
    admin = accounts.find(office, "admin")
    at.selectbox(key=f"acc_{admin.id}_role").select("viewer")
    at.button(key="FormSubmitter:account_change-บันทึกการแก้ไข").click().run()
    assert "จะไม่เหลือผู้ดูแลระบบ" in texts(at)
    assert accounts.find(office, "admin").role == ADMIN


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_an_administrator_sees_the_accounts(office, role, monkeypatch):
    at = data_page(Actor("somsri", role, signed_in=True), monkeypatch)
    assert not any("บัญชีผู้ใช้" in e.label for e in at.expander)
    assert not at.exception


def test_a_form_drawn_before_another_change_writes_back_only_what_was_changed_in_it(office, monkeypatch):
    accounts.add(office, "somsri", role="viewer", who=ADMIN_ACTOR, password="viewer-pass-123")
    at = data_page(ADMIN_ACTOR, monkeypatch)
    at.selectbox(key="acc_change_which").select("somsri").run()
    somsri = accounts.find(office, "somsri")
    accounts.change(office, "somsri", who=ADMIN_ACTOR, active=False)  # another administrator, meanwhile
    at.text_input(key=f"acc_{somsri.id}_name").input("สมศรี ใจดี")
    at.button(key="FormSubmitter:account_change-บันทึกการแก้ไข").click().run()
    now = accounts.find(office, "somsri")
    assert now.display_name == "สมศรี ใจดี" and not now.active  # the form's old "active" is not written back


def test_an_administrator_demoted_meanwhile_can_no_longer_change_accounts(office, monkeypatch):
    accounts.add(office, "second", role=ADMIN, who=ADMIN_ACTOR, password="admin-pass-456")
    at = data_page("second", monkeypatch)  # signed in as the account "second", checked at each run
    at.text_input(key="acc_new_username").input("intruder")
    at.text_input(key="acc_new_password").input("intruder-pass-1")
    at.text_input(key="acc_new_password2").input("intruder-pass-1")
    accounts.change(office, "second", who=ADMIN_ACTOR, role="viewer")  # demoted by "admin" in another tab
    at.button(key="FormSubmitter:account_add-เพิ่มบัญชี").click().run()
    assert accounts.find(office, "intruder") is None
    assert "ผู้ดูแลระบบ" in texts(at)  # the refusal says which role it needs
    assert not any("บัญชีผู้ใช้" in e.label for e in at.expander)  # and the panel is gone on this run


def test_an_editor_of_one_agency_opens_on_it(office, monkeypatch):
    """A review: an editor of one agency opened on whatever a colleague had uploaded last, and was told there that
    she may not edit it. A visit naming no agency opens on hers; an administrator's opens as before."""
    editor = Actor("ยุวดี", "editor", frozenset({"เทศบาลเมืองพังโคน@สกลนคร"}), signed_in=True)
    at = data_page(editor, monkeypatch)
    at.switch_page("pages/agency.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "เทศบาลเมืองพังโคน"
    at = data_page(ADMIN_ACTOR, monkeypatch)
    at.switch_page("pages/agency.py").run()
    assert at.title[0].value == "เทศบาลตำบลพอกน้อย"


def test_an_editor_on_another_agencys_measures_is_told_which_agencies_are_theirs(office, monkeypatch):
    """'Your account (editor) can view the measures but not edit them: ask an administrator' was said to an editor
    who may edit, only another agency's."""
    editor = Actor("ยุวดี", "editor", frozenset({"เทศบาลเมืองพังโคน@สกลนคร"}), signed_in=True)
    at = data_page(editor, monkeypatch)
    at.query_params.update({"agency": "เทศบาลตำบลพอกน้อย@สกลนคร", "fy": "2564"})
    at.switch_page("pages/measures.py").run()
    assert not at.exception, at.exception
    said = [i.value for i in at.info if "แก้ไขมาตรการได้เฉพาะของ" in i.value]
    assert len(said) == 1 and "เทศบาลเมืองพังโคน" in said[0] and "ขอสิทธิ์" not in said[0]


def test_the_administrators_log_names_the_app_for_the_samples_in_the_pages_language(office, monkeypatch):
    """'(ตัวอย่าง / sample)' stood in the Thai log as who added the bundled samples (a review)."""
    at = data_page(ADMIN_ACTOR, monkeypatch)
    (log,) = [d.value for d in at.dataframe if "ผู้ดำเนินการ" in d.value.columns]
    who = log["ผู้ดำเนินการ"].tolist()
    assert "ระบบ (ข้อมูลตัวอย่างที่มากับโปรแกรม)" in who and not any("(ตัวอย่าง / sample)" in w for w in who), who
