"""Who may do what, enforced by the stores themselves (issue 12): a viewer calling the functions directly is refused
and nothing changes; an editor edits only the agencies given; every admin action is in the administrators' log;
office accounts keep Argon2 hashes and slow down guessing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import SAMPLES
from sqlalchemy import select

from ita.access.roles import ADMIN, EDITOR, VIEWER, Actor, NotAllowed, require, role_name
from ita.measures.model import Measure
from ita.measures.store import Store
from ita.storage import accounts, agency_links, audit, datasets

PHOK_NOI = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()
KEY, OTHER = "เทศบาลตำบลพอกน้อย@สกลนคร", "เทศบาลตำบลอื่น@สกลนคร"
ADMIN_USER = Actor("ผู้ดูแล", ADMIN, signed_in=True)
VIEWER_USER = Actor("ผู้ดู", VIEWER, signed_in=True)
EDITOR_USER = Actor("ยุวดี", EDITOR, frozenset({KEY}), signed_in=True)


@pytest.fixture
def store(engine):
    return Store(engine)


def test_the_rules_are_data_and_ranked():
    assert VIEWER_USER.can("view") and not VIEWER_USER.can("edit_measures") and not VIEWER_USER.can("upload")
    assert EDITOR_USER.can("edit_measures", KEY) and not EDITOR_USER.can("edit_measures", OTHER)
    assert EDITOR_USER.can("edit_measures", [OTHER, KEY])  # one of an agency's keys (an older key) is enough
    assert not EDITOR_USER.can("upload") and ADMIN_USER.can("manage_accounts")
    assert Actor("ทุกหน่วยงาน", EDITOR).can("edit_measures", OTHER)  # an editor given no agency edits all
    assert not Actor("?", "guest").can("view")  # an unknown role may do nothing
    with pytest.raises(KeyError):
        ADMIN_USER.can("launch_rockets")
    assert role_name(EDITOR, "th") == "ผู้แก้ไข" and role_name(ADMIN, "en") == "Administrator"
    assert require("ชื่อที่พิมพ์", "upload").role == ADMIN  # personal mode: a typed name is the one local user


def test_a_viewer_calling_the_functions_directly_is_refused_and_nothing_changes(engine, store):
    dataset, _ = datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI, uploaded_by=ADMIN_USER)
    measure = store.create_measure(Measure(KEY, "เทศบาลตำบลพอกน้อย", 2564, "มาตรการ ก", (9,)), who=ADMIN_USER)
    link = agency_links.merge(engine, OTHER, KEY, ADMIN_USER)
    before = (datasets.listed(engine), store.list_measures(KEY, 2564), agency_links.listed(engine), store.history())
    attempts = {
        "upload": lambda: datasets.add(engine, "other.xlsx", b"x" * 10, uploaded_by=VIEWER_USER),
        "change": lambda: datasets.update(engine, dataset.id, who=VIEWER_USER, year=2566),
        "remove": lambda: datasets.remove(engine, dataset.id, who=VIEWER_USER),
        "restore": lambda: datasets.restore(engine, dataset, who=VIEWER_USER),
        "hide": lambda: datasets.hide_samples(engine, True, who=VIEWER_USER),
        "merge": lambda: agency_links.merge(engine, KEY, OTHER, VIEWER_USER),
        "split": lambda: agency_links.split(engine, KEY, OTHER, VIEWER_USER),
        "undo link": lambda: agency_links.remove(engine, link.id, who=VIEWER_USER),
        "create": lambda: store.create_measure(Measure(KEY, "x", 2564, "ใหม่"), who=VIEWER_USER),
        "update": lambda: store.update_measure(measure.id, {"title": "แก้"}, measure.version, who=VIEWER_USER),
        "delete": lambda: store.delete_measure(measure.id, measure.version, who=VIEWER_USER),
        "restore measure": lambda: store.restore_measure(measure.id, who=VIEWER_USER),
        "follow-up": lambda: store.update_follow_up(measure.id, 6, {"status": "done"}, 1, who=VIEWER_USER),
        "move": lambda: store.move_agency(KEY, OTHER, "อื่น", who=VIEWER_USER),
        "accounts": lambda: accounts.add(engine, "new", role=ADMIN, who=VIEWER_USER, password="x" * 12),
        "list accounts": lambda: accounts.listed(engine, VIEWER_USER),
        "audit": lambda: audit.entries(engine, VIEWER_USER),
    }
    refused = {}
    for what, attempt in attempts.items():
        with pytest.raises(NotAllowed) as caught:
            attempt()
        refused[what] = caught.value.message("th")
    assert all("ผู้ดู (ผู้ดู) ไม่มีสิทธิ์" in said for said in refused.values()), refused
    assert "ต้องเป็นผู้ดูแลระบบขึ้นไป" in refused["upload"] and "ต้องเป็นผู้แก้ไขขึ้นไป" in refused["update"]
    after = (datasets.listed(engine), store.list_measures(KEY, 2564), agency_links.listed(engine), store.history())
    assert after == before and not datasets.samples_hidden(engine)


def test_an_editor_edits_only_the_agencies_given(store):
    mine = store.create_measure(Measure(KEY, "เทศบาลตำบลพอกน้อย", 2564, "ของฉัน"), who=EDITOR_USER)
    theirs = store.create_measure(Measure(OTHER, "อื่น", 2564, "ของหน่วยอื่น"), who=ADMIN_USER)
    store.update_measure(mine.id, {"title": "ของฉัน (แก้)"}, mine.version, who=EDITOR_USER)
    with pytest.raises(NotAllowed) as caught:
        store.update_measure(theirs.id, {"title": "แก้"}, theirs.version, who=EDITOR_USER)
    assert "ไม่ได้รับมอบหมายให้แก้ไขข้อมูลของ" in caught.value.message("th") and OTHER in caught.value.message("th")
    with pytest.raises(NotAllowed):
        store.create_measure(Measure(OTHER, "อื่น", 2564, "แอบเพิ่ม"), who=EDITOR_USER)
    # The history names the signed-in identity, never a typed name.
    assert {c.who for c in store.history(mine.id)} == {"ยุวดี"}


def test_every_admin_action_is_in_the_log_and_only_an_admin_reads_it(engine):
    dataset, _ = datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI, uploaded_by=ADMIN_USER)
    datasets.update(engine, dataset.id, who=ADMIN_USER, keep_errors=True)
    removed = datasets.remove(engine, dataset.id, who=ADMIN_USER)
    datasets.restore(engine, removed, who=ADMIN_USER)
    datasets.hide_samples(engine, True, who=ADMIN_USER)
    link = agency_links.split(engine, KEY, OTHER, ADMIN_USER)
    agency_links.remove(engine, link.id, who=ADMIN_USER)
    accounts.add(engine, "Yuwadee@Phoknoi.go.th", role=EDITOR, who=ADMIN_USER, password="รหัสผ่านยาวพอ1")
    accounts.change(engine, "yuwadee@phoknoi.go.th", who=ADMIN_USER, password="รหัสใหม่ยาวพอ22", active=False)
    log = audit.entries(engine, ADMIN_USER)
    assert [e.action for e in reversed(log)] == [
        "upload",
        "change_dataset",
        "remove_dataset",
        "remove_dataset",
        "hide_samples",
        "link_agencies",
        "link_agencies",
        "manage_accounts",
        "manage_accounts",
    ]
    assert {(e.who, e.role, e.signed_in) for e in log} == {("ผู้ดูแล", ADMIN, 1)}
    assert log[-1].target == "phok-noi-2563.xlsx" and log[0].target == "yuwadee@phoknoi.go.th"
    assert "รหัส" not in " ".join(e.detail for e in log)  # a password is never written to the log
    # Each entry reads in the reader's language: what was done, with the file's name, never the code's words.
    said = {lang: [audit.describe(e, lang) for e in reversed(log)] for lang in ("th", "en")}
    assert said["th"][0].startswith("ผลการนำเข้า: นำเข้าแล้ว · ขนาด ") and " KB · SHA-256 " in said["th"][0]
    assert said["en"][0].startswith("Outcome: read · ")
    assert said["th"][1] == "เปลี่ยนการตั้งค่าของไฟล์: เก็บแถวที่มีข้อผิดพลาดไว้: ใช่" and log[-2].target == "phok-noi-2563.xlsx"
    assert said["en"][2] == "File removed from every page (it was: read)"
    assert said["en"][3] == "File restored (as: read)"
    assert said["th"][4] == "ซ่อนข้อมูลตัวอย่างจากทุกหน้า"
    assert said["th"][5] == f"แยกเป็นคนละหน่วยงานกับ {OTHER}" and log[3].target == KEY
    assert said["en"][6] == f"Undone: kept apart from {OTHER}" and log[2].target == KEY
    assert said["th"][7] == "เพิ่มบัญชี บทบาท ผู้แก้ไข; หน่วยงานที่แก้ไขได้ ทุกหน่วยงาน"
    assert said["en"][7] == "Account added, role Editor; agencies they may edit: every agency"
    assert said["en"][8] == "Account changed: new password set; may sign in: no"
    for sentence in said["th"]:  # no English word, no code, no leftover placeholder
        assert not re.search(r"[A-Za-z_]{3,}|[{}]", sentence.replace("SHA-256", "").replace("KB", "")), sentence


def test_an_entry_written_before_events_were_kept_reads_as_it_was(engine):
    with engine.begin() as conn:
        conn.execute(
            audit.audit_log.insert().values(
                at=dt.datetime(2026, 1, 5), who="ก", role=ADMIN, action="upload", detail="ok 12 bytes"
            )
        )
    assert audit.describe(audit.entries(engine, ADMIN_USER)[0], "th") == "ok 12 bytes"


def test_accounts_keep_only_an_argon2_hash_and_sign_in(engine):
    account = accounts.add(
        engine, " Yuwadee ", role=EDITOR, who=ADMIN_USER, password="ยุวดี-พอกน้อย-2569", agencies=(KEY,)
    )
    assert account.username == "yuwadee" and account.has_password
    with engine.connect() as conn:
        stored = conn.execute(select(accounts.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "2569" not in stored
    signed = accounts.verify(engine, "YUWADEE", "ยุวดี-พอกน้อย-2569")
    assert signed.account is not None and signed.account.actor() == Actor(
        "yuwadee", EDITOR, frozenset({KEY}), signed_in=True
    )
    for bad in ({"username": "yuwadee"}, {"role": "owner"}, {"password": "short"}, {"username": "  "}):
        with pytest.raises(accounts.AccountError):
            accounts.add(engine, **{"username": "other", "role": VIEWER, "password": "x" * 12, **bad}, who=ADMIN_USER)


def test_guessing_a_password_is_slowed_down_and_a_disabled_account_cannot_sign_in(engine):
    accounts.add(engine, "somchai", role=VIEWER, who=ADMIN_USER, password="correct-horse-battery")
    now = dt.datetime(2026, 12, 6, 10, 0, 0)
    waits = [
        accounts.verify(engine, "somchai", f"guess-{n}", now=now).wait_seconds for n in range(accounts.FREE_ATTEMPTS)
    ]
    assert waits == [0] * accounts.FREE_ATTEMPTS  # the first few mistakes cost nothing
    locked = accounts.verify(engine, "somchai", "guess-again", now=now)
    assert locked.account is None and locked.wait_seconds >= 2
    # While locked even the right password is refused, without being checked.
    refused = accounts.verify(engine, "somchai", "correct-horse-battery", now=now + dt.timedelta(seconds=1))
    assert refused.reason == "signin_locked" and refused.account is None
    later = now + dt.timedelta(seconds=locked.wait_seconds + 1)
    longer = accounts.verify(engine, "somchai", "guess-more", now=later)
    assert longer.wait_seconds >= 2 * locked.wait_seconds  # each failure in a row doubles the wait
    after = later + dt.timedelta(seconds=longer.wait_seconds + 1)
    assert accounts.verify(engine, "somchai", "correct-horse-battery", now=after).account is not None
    assert accounts.find(engine, "somchai").failed == 0  # a success clears the count
    unknown = accounts.verify(engine, "nobody", "whatever", now=after)
    wrong = accounts.verify(engine, "somchai", "wrong-password", now=after)
    assert unknown.reason == wrong.reason == "signin_refused"  # no hint whether the name exists
    accounts.change(engine, "somchai", who=ADMIN_USER, active=False)
    assert accounts.verify(engine, "somchai", "correct-horse-battery", now=after).reason == "signin_disabled"


def test_a_name_without_an_account_is_refused_and_locked_exactly_as_a_real_one(engine):
    """A guesser learns nothing from the answers: the same refusals, locks and waits for a name that has no account
    as for a real account's wrong passwords."""
    accounts.add(engine, "somchai", role=VIEWER, who=ADMIN_USER, password="correct-horse-battery")
    now = dt.datetime(2026, 12, 6, 10, 0, 0)

    def answers(name: str) -> list[tuple[str, int]]:
        said = []
        for n in range(accounts.FREE_ATTEMPTS + 2):
            at = now + dt.timedelta(seconds=n)
            answer = accounts.verify(engine, name, f"guess-{n}", now=at)
            said.append((answer.reason, answer.wait_seconds))
        return said

    real, unknown = answers("somchai"), answers("nobody-here")
    assert real == unknown and any(reason == "signin_locked" for reason, _ in real), (real, unknown)


def test_the_last_active_administrator_stays_one(engine):
    boss = Actor("setup", ADMIN)
    accounts.add(engine, "admin", role=ADMIN, who=boss, password="admin-pass-123")
    for change in ({"role": "editor"}, {"active": False}):
        with pytest.raises(accounts.AccountError) as refused:
            accounts.change(engine, "admin", who=boss, **change)
        assert refused.value.code == "account_last_admin"
    assert accounts.find(engine, "admin").role == ADMIN and accounts.find(engine, "admin").active
    accounts.add(engine, "second", role=ADMIN, who=boss, password="admin-pass-456")
    accounts.change(engine, "admin", who=boss, role="editor")  # another administrator is left
    assert accounts.find(engine, "admin").role == "editor"
    accounts.change(engine, "second", who=boss, display_name="ผู้ดูแล 2")  # not a role change: allowed
