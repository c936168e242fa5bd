"""Stored uploads: a refused file keeps no content, a failed one is quarantined and never read again, the storage
ceiling holds, and the datasets table migrates with its data (ita.storage.datasets, ita.storage.uploads)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from helpers import CORPUS_FILES, SAMPLES
from sqlalchemy import inspect, select, text

from ita.io.importer import FileSummary, ImportResult, load_files
from ita.storage import datasets, uploads
from ita.storage.db import engine_for, migrate

CORPUS = CORPUS_FILES
PHOK_NOI = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()


def stored_content(engine, dataset_id: int):
    with engine.connect() as conn:
        return conn.execute(select(datasets.datasets.c.content).where(datasets.datasets.c.id == dataset_id)).scalar()


def failing_importer(sources, **kwargs) -> ImportResult:
    """An import whose worker died on every file (as ita.io.importer reports it)."""
    result = load_files([])
    result.files = [
        FileSummary(
            name,
            hashlib.sha256(data).hexdigest(),
            len(data),
            status="failed",
            reason_th="อ่านไม่ได้ภายในขีดจำกัด",
            reason_en="could not be read within the limits",
        )
        for name, data, *_ in sources
    ]
    return result


# ----------------------------------------------------------------------------- what is kept


def test_a_read_file_is_stored_ok_with_its_content(engine):
    received = uploads.receive(engine, "phok-noi-2563.xlsx", PHOK_NOI)
    assert (received.outcome, received.level) == ("added", "success")
    assert received.dataset.ok and stored_content(engine, received.dataset.id) == PHOK_NOI
    assert received.message("th") == "นำเข้าแล้ว: phok-noi-2563.xlsx · อ่านได้ 1 แถว ใช้ได้ 1 แถว · 1 หน่วยงาน ปี 2563"
    assert received.summary.years == (2563,) and received.summary.errors == 0


def test_a_file_read_with_no_usable_row_says_so_not_imported(engine):
    from helpers import INDICATOR_HEADERS, xlsx_bytes

    scores = ["ไม่มี"] * 10  # every score unreadable: the row is read, flagged and unusable
    data = xlsx_bytes({"ITA 2563": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลทดสอบ", *scores]]})
    received = uploads.receive(engine, "nothing-usable.xlsx", data)
    assert (received.outcome, received.level) == ("added_empty", "warning")
    said = received.message("th")
    assert said.startswith("อ่านไฟล์ nothing-usable.xlsx แล้ว แต่ไม่มีแถวที่ใช้ได้") and "ใช้ได้ 0 แถว" in said
    assert "นำเข้าแล้ว" not in said and received.summary.usable == 0 and "คำเตือน 1" in said


def test_a_file_with_no_year_anywhere_points_to_the_year_box_not_to_the_file(engine):
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    data = xlsx_bytes({"ผลคะแนน": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลทดสอบ", *SEED_SCORES]]})
    received = uploads.receive(engine, "results.xlsx", data)
    assert (received.outcome, received.level) == ("added_no_year", "warning")
    assert "ชุดข้อมูลที่เก็บไว้" in received.message("th") and "Stored datasets" in received.message("en")
    assert "แก้ไฟล์" not in received.message("th")


@pytest.mark.parametrize(
    "name", ["png_renamed.xlsx", "bomb.xlsx", "encrypted.xlsx", "web_page_without_table.xls", "empty.csv"]
)
def test_a_refused_file_keeps_name_size_hash_and_reason_only(engine, name):
    content = (CORPUS / name).read_bytes()
    received = uploads.receive(engine, name, content)
    assert (received.outcome, received.level) == ("refused", "error")
    ds = received.dataset
    assert ds.status == datasets.REFUSED and ds.size == len(content)
    assert ds.sha256 == hashlib.sha256(content).hexdigest()
    assert ds.reason_th and ds.reason_en
    assert stored_content(engine, ds.id) is None
    assert datasets.contents(engine, [ds.id]) == {} and datasets.stored_bytes(engine) == 0
    message = received.message("th")
    assert message.startswith(f"ไม่รับไฟล์ {name}") and ds.reason_th in message and "นำเข้าแล้ว" not in message
    assert received.message("en").startswith(f"{name} was refused")


def test_the_same_refused_bytes_again_are_refused_again_not_stored_twice(engine):
    content = (CORPUS / "png_renamed.xlsx").read_bytes()
    first = uploads.receive(engine, "a.xlsx", content)
    again = uploads.receive(engine, "b.xlsx", content)
    assert again.outcome == "refused" and again.dataset.id == first.dataset.id
    assert len(datasets.listed(engine)) == 1


def test_a_file_whose_worker_failed_is_quarantined_with_its_bytes(engine):
    received = uploads.receive(engine, "poison.xlsx", PHOK_NOI, importer=failing_importer)
    assert (received.outcome, received.level) == ("quarantined", "error")
    assert received.dataset.status == datasets.QUARANTINED
    assert received.dataset.reason_en == "could not be read within the limits"
    assert stored_content(engine, received.dataset.id) == PHOK_NOI  # kept to inspect, never read
    assert "นำเข้าไฟล์ poison.xlsx ไม่สำเร็จ" in received.message("th")


def test_a_quarantined_file_uploaded_again_and_read_becomes_ok(engine):
    first = uploads.receive(engine, "poison.xlsx", PHOK_NOI, importer=failing_importer)
    again = uploads.receive(engine, "poison.xlsx", PHOK_NOI)
    assert again.outcome == "added" and again.dataset.id == first.dataset.id and again.dataset.ok
    assert again.dataset.reason_th == ""


def test_an_ok_file_again_is_a_duplicate_and_is_not_imported(engine):
    uploads.receive(engine, "phok-noi-2563.xlsx", PHOK_NOI)
    again = uploads.receive(engine, "copy.xlsx", PHOK_NOI, importer=pytest.fail)
    assert again.outcome == "duplicate" and again.dataset.name == "phok-noi-2563.xlsx"


def test_quarantine_marks_only_an_ok_dataset(engine):
    ds, _ = datasets.add(engine, "a.xlsx", PHOK_NOI)
    datasets.quarantine(engine, ds.id, "เหตุผล", "reason")
    (after,) = datasets.listed(engine)
    assert (after.status, after.reason("th"), after.reason("en")) == (datasets.QUARANTINED, "เหตุผล", "reason")
    assert not after.ok


# ----------------------------------------------------------------------------- the storage ceiling


def test_an_upload_that_would_pass_the_ceiling_is_refused_before_it_is_read(engine, monkeypatch):
    sample = (SAMPLES / "up-ita-2563.xlsx").read_bytes()
    monkeypatch.setenv("ITA_MAX_STORED_MB", str((len(PHOK_NOI) + len(sample) - 1) / 1024 / 1024))
    assert uploads.receive(engine, "phok-noi-2563.xlsx", PHOK_NOI).outcome == "added"
    received = uploads.receive(engine, "up-ita-2563.xlsx", sample, importer=pytest.fail)
    assert (received.outcome, received.dataset) == ("storage_full", None)
    th, en = received.message("th"), received.message("en")
    assert "ITA_MAX_STORED_MB" in th and "ลบชุดข้อมูลเก่า" in th and "up-ita-2563.xlsx" in th
    assert "storage limit of 0.02 MB (0.01 MB used now)" in en and "Remove old datasets" in en
    assert [d.name for d in datasets.listed(engine)] == ["phok-noi-2563.xlsx"]


def test_refused_files_take_no_room_and_the_ceiling_is_checked_in_the_transaction(engine, monkeypatch):
    monkeypatch.setenv("ITA_MAX_STORED_MB", "0.01")  # 10 KB: the small sample fits, a second one does not
    datasets.add(engine, "refused.xlsx", b"x" * 50_000, status=datasets.REFUSED, reason_en="no")
    datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI)
    with pytest.raises(datasets.StorageFull) as raised:
        datasets.add(engine, "again.xlsx", PHOK_NOI + b" ")
    assert raised.value.used == len(PHOK_NOI) and raised.value.limit == 10_485
    assert len(datasets.listed(engine)) == 2


def test_the_ceiling_default_is_500_mb(monkeypatch):
    monkeypatch.delenv("ITA_MAX_STORED_MB", raising=False)
    assert datasets.max_stored_bytes() == 500 * 1024 * 1024


# ----------------------------------------------------------------------------- the migration


def test_a_version_1_datasets_table_migrates_with_its_data(db_url):
    from sqlalchemy.exc import IntegrityError

    made = engine_for(db_url)
    assert migrate(made, datasets.AREA, datasets.MIGRATIONS, target=1) == 1
    with made.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO datasets (name, sha256, size, uploaded_at, uploaded_by, year, keep_errors, "
                "content) VALUES ('old.xlsx', :sha, :size, :at, 'ยุวดี', 2563, :keep, :content)"
            ),
            {
                "sha": hashlib.sha256(PHOK_NOI).hexdigest(),
                "size": len(PHOK_NOI),
                "keep": True,
                "at": dt.datetime(2025, 1, 2, 3, 4, 5),
                "content": PHOK_NOI,
            },
        )
        assert not next(c for c in inspect(conn).get_columns("datasets") if c["name"] == "content")["nullable"]
    datasets.prepare(made)
    (old,) = datasets.listed(made)
    assert (old.name, old.year, old.keep_errors, old.uploaded_by, old.status) == ("old.xlsx", 2563, True, "ยุวดี", "ok")
    assert datasets.contents(made, [old.id]) == {old.id: PHOK_NOI}
    with made.connect() as conn:
        columns = {c["name"]: c for c in inspect(conn).get_columns("datasets")}
    assert columns["content"]["nullable"] and {"status", "reason_th", "reason_en"} <= set(columns)
    refused, _ = datasets.add(made, "refused.xlsx", b"png", status=datasets.REFUSED, reason_en="not a spreadsheet")
    assert stored_content(made, refused.id) is None
    # the sha256 stays unique after the table was rebuilt
    with pytest.raises(IntegrityError), made.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO datasets (name, sha256, size, uploaded_at, uploaded_by, keep_errors, "
                "status, reason_th, reason_en) SELECT 'x', sha256, 1, uploaded_at, '', keep_errors, "
                "'ok', '', '' FROM datasets WHERE id = :id"
            ),
            {"id": old.id},
        )
    made.dispose()


def test_a_version_5_database_gains_the_preferred_choice_with_its_datasets_kept(db_url):
    """v6: the choice of a file whose figures win a clash; every dataset stored before is not preferred, and the
    choice is kept, logged and part of what the cached import depends on."""
    made = engine_for(db_url)
    migrate(made, datasets.AREA, datasets.MIGRATIONS, target=5)
    with made.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO datasets (name, sha256, size, uploaded_at, uploaded_by, keep_errors, content, status, "
                "reason_th, reason_en) VALUES ('old.xlsx', 'abc', 3, :at, 'ยุวดี', :no, :content, 'ok', '', '')"
            ),
            {"at": dt.datetime(2025, 1, 2), "no": False, "content": b"old"},
        )
    datasets.prepare(made)
    (old,) = datasets.listed(made)
    assert (old.name, old.preferred, old.status) == ("old.xlsx", False, "ok")
    datasets.update(made, old.id, who="admin", preferred=True)
    (chosen,) = datasets.listed(made)
    assert chosen.preferred and chosen.cache_key != old.cache_key
    assert datasets.find(made, "abc").preferred
    made.dispose()


def test_a_removal_can_be_undone_until_the_next_one(engine):
    first, _ = datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI)
    second, _ = datasets.add(engine, "up.xlsx", (SAMPLES / "up-ita-2563.xlsx").read_bytes(), year=2563)
    removed = datasets.remove(engine, first.id, who="admin")
    assert removed == first and [d.name for d in datasets.listed(engine)] == ["up.xlsx"]
    assert datasets.restore(engine, removed, who="admin") and [d.id for d in datasets.listed(engine)] == [
        first.id,
        second.id,
    ]
    gone = datasets.remove(engine, first.id, who="admin")
    datasets.remove(engine, second.id, who="admin")  # the next removal deletes the first for good
    assert not datasets.restore(engine, gone, who="admin") and datasets.listed(engine) == []
    assert datasets.remove(engine, 12345, who="admin") is None
    again, added = datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI)  # uploading it again brings it back
    assert added and datasets.listed(engine) == [again] and again.status == datasets.OK


# ----------------------------------------------------------------------------- the texts edited in documents


def test_a_documents_edited_texts_are_kept_per_agency_year_document_and_round(db_url):
    """A reviewer lost an O42's edited texts on a reload: they are kept in the database, one set per agency, year,
    document and round, replaced on each save; only whoever may edit the agency's measures may save or drop them."""
    from ita.access.roles import EDITOR, VIEWER, Actor, NotAllowed
    from ita.storage import report_texts

    made = engine_for(db_url)
    datasets.prepare(made)  # v7 makes the table
    key = "เทศบาลตำบลพอกน้อย@สกลนคร"
    o42, o43 = (key, 2563, "o42", None), (key, 2563, "o43", 6)
    assert report_texts.saved(made, o42) is None
    report_texts.save(made, o42, {"report_text_preface": "คำนำเดิม"}, "fp1", "ยุวดี")
    report_texts.save(made, o42, {"report_text_preface": "คำนำที่แก้"}, "fp2", "ยุวดี")
    report_texts.save(made, o43, {"report_text_preface": "คำนำ O43"}, "fp1", "ยุวดี")
    kept = report_texts.saved(made, o42)
    assert kept.texts == {"report_text_preface": "คำนำที่แก้"} and (kept.fingerprint, kept.who) == ("fp2", "ยุวดี")
    assert report_texts.saved(made, o43).texts == {"report_text_preface": "คำนำ O43"}
    assert report_texts.saved(made, (key, 2563, "o43", 12)) is None
    with pytest.raises(NotAllowed):
        report_texts.save(made, o42, {"report_text_preface": "x"}, "fp", Actor("ผู้ดู", VIEWER, signed_in=True))
    other_editor = Actor("สมชาย", EDITOR, frozenset({"เทศบาลตำบลอื่น@สกลนคร"}), signed_in=True)
    with pytest.raises(NotAllowed):
        report_texts.forget(made, o42, other_editor)
    assert report_texts.saved(made, o42).texts == {"report_text_preface": "คำนำที่แก้"}  # nothing changed
    # Merged: another box saved keeps the first; a box back on its draft is no longer kept.
    report_texts.save(made, o42, {"report_text_rationale": "หลักการที่แก้"}, "fp3", "สมศรี")
    assert report_texts.saved(made, o42).texts == {
        "report_text_preface": "คำนำที่แก้",
        "report_text_rationale": "หลักการที่แก้",
    }
    report_texts.save(made, o42, {}, "fp3", "สมศรี", drafted=frozenset({"report_text_preface"}))
    assert report_texts.saved(made, o42).texts == {"report_text_rationale": "หลักการที่แก้"}
    report_texts.forget(made, o42, "ยุวดี")
    assert report_texts.saved(made, o42) is None and report_texts.saved(made, o43) is not None
    made.dispose()


def test_a_box_a_colleague_saved_since_it_was_read_is_not_written_over(db_url):
    """``seen``: the text each changed box held when this user's page read it. A box saved by another since is left
    as they saved it and returned with who and when; the user's other boxes are written."""
    from ita.storage import report_texts

    made = engine_for(db_url)
    datasets.prepare(made)
    o42 = ("เทศบาลตำบลพอกน้อย@สกลนคร", 2563, "o42", None)
    report_texts.save(made, o42, {"report_text_practice": "ของ ก"}, "fp", "ยุวดี", seen={"report_text_practice": "ร่าง"})
    late = report_texts.save(
        made,
        o42,
        {"report_text_practice": "ของ ข", "report_text_preface": "คำนำของ ข"},
        "fp",
        "สมชาย",
        seen={"report_text_practice": "ร่าง", "report_text_preface": "ร่างคำนำ"},
    )
    assert late.clashes == {"report_text_practice": "ของ ก"} and late.clashed_by == "ยุวดี"
    assert report_texts.saved(made, o42).texts == {"report_text_practice": "ของ ก", "report_text_preface": "คำนำของ ข"}
    chosen = report_texts.save(
        made, o42, {"report_text_practice": "ของ ข"}, "fp", "สมชาย", seen={"report_text_practice": "ของ ก"}
    )
    assert chosen.clashes == {} and report_texts.saved(made, o42).texts["report_text_practice"] == "ของ ข"
    made.dispose()


def test_a_colleagues_save_between_a_saves_read_and_its_write_is_never_written_over(db_url):
    """A review: on SQLite the read takes no lock, and a colleague's save landing between this save's read and its
    write was replaced without a word. The write is made only over what was read; else it reads again and is told."""
    from sqlalchemy import event

    from ita.storage import report_texts

    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks the row read (FOR UPDATE): a colleague's save waits for this one to end")
    made = engine_for(db_url)
    datasets.prepare(made)
    o42 = ("เทศบาลตำบลพอกน้อย@สกลนคร", 2563, "o42", None)
    box = "report_text_practice"
    report_texts.save(made, o42, {"report_text_preface": "คำนำ"}, "fp", "ยุวดี")
    other = engine_for(db_url)
    landed = []

    @event.listens_for(made, "after_cursor_execute")
    def colleague_saves_meanwhile(conn, cursor, statement, *_):
        if not landed and statement.lstrip().upper().startswith("SELECT") and "report_texts" in statement:
            landed.append(report_texts.save(other, o42, {box: "ของ ข"}, "fp", "สมชาย", seen={box: "ร่าง"}))

    mine = report_texts.save(made, o42, {box: "ของ ก"}, "fp", "ยุวดี", seen={box: "ร่าง"})
    event.remove(made, "after_cursor_execute", colleague_saves_meanwhile)
    assert landed and mine.clashes == {box: "ของ ข"} and mine.clashed_by == "สมชาย"
    assert report_texts.saved(made, o42).texts == {"report_text_preface": "คำนำ", box: "ของ ข"}
    made.dispose()
    other.dispose()


def test_a_file_of_one_tools_indicators_asks_for_the_other_tools_files(engine):
    from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

    iit = xlsx_bytes({"IIT 2567": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS[:5]], ["เทศบาลตำบลทดสอบ", *SEED_SCORES[:5]]]})
    received = uploads.receive(engine, "IIT.xlsx", iit)
    assert (received.outcome, received.level) == ("added_part", "warning") and received.dataset.ok
    assert "ตัวชี้วัดที่เหลือ" in received.message("th") and "other indicators" in received.message("en")
    # ... but a file of nine indicators lacks a column, not a tool: its message says what is wrong with the file
    nine = xlsx_bytes({"ITA 2567": [["ชื่อหน่วยงาน", *INDICATOR_HEADERS[:9]], ["เทศบาลตำบลทดสอบ", *SEED_SCORES[:9]]]})
    assert uploads.receive(engine, "nine.xlsx", nine).outcome == "added_empty"
