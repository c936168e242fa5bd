"""AppTest: refused and quarantined uploads on the Data page, a stored file that fails never read again, the
storage ceiling, and a database that cannot work (read-only, full, locked, unreachable) on the pages."""

from __future__ import annotations

import os
import socket

import pytest
import streamlit as st
from helpers import CORPUS_FILES, ROOT, SAMPLES
from sqlalchemy import event, select
from streamlit.testing.v1 import AppTest

from ita.io import importer, isolation
from ita.measures.store import open_store
from ita.storage import datasets
from ita.storage.db import engine_for

APP = str(ROOT / "app.py")
CORPUS = CORPUS_FILES
PHOK_NOI = "เทศบาลตำบลพอกน้อย"
PAGES = ["agency", "overview", "measures", "followup", "report", "data", "present"]


pytestmark = pytest.mark.usefixtures("app_database")


class Parsed(list):
    """The names of the files sent to a parse worker; a file named in ``poison`` kills its worker."""

    poison = {"poison.xlsx"}


@pytest.fixture
def parsed(monkeypatch):
    names = Parsed()
    real = isolation.WorkerPool.run

    def run(self, function, *args, seconds=None):
        if args and isinstance(args[0], str):
            names.append(args[0])
            if args[0] in names.poison:
                return real(self, os.abort)
        return real(self, function, *args, seconds=seconds)

    monkeypatch.setattr(isolation.WorkerPool, "run", run)
    return names


def open_page(path: str, **query) -> AppTest:
    """One page through the router (app.py), as the browser opens it."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"agency": PHOK_NOI, "year": "2563", **query}.items():
        at.query_params[key] = value
    at.session_state["editor_name"] = "ยุวดี อุเทนสุต"
    # The page is chosen before the first run, as a deep link opens it: app.py runs once, straight into the page
    # (each st.Page's url_path is its file name, so the page is found before st.navigation has registered it).
    at.switch_page(f"pages/{path}.py")
    return at.run()


def data_page() -> AppTest:
    """The Data page on its own (its upload form is driven more reliably by AppTest outside the router)."""
    return AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload_files").set_value(
        [(name, content, "application/octet-stream") for name, content in files]
    )
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    return at


def values(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def prepared(path) -> None:
    """The database as the app leaves it after a first visit: samples stored, measures area migrated."""
    engine = engine_for(f"sqlite:///{path}")
    datasets.prepare(engine)
    datasets.seed_once(engine, sorted(SAMPLES.glob("*.xlsx")))
    open_store(engine=engine)
    engine.dispose()


# ----------------------------------------------------------------------------- refused, quarantined, the ceiling


def test_refused_uploads_say_so_and_keep_no_content(app_database):
    at = upload(
        data_page(),
        ("png_renamed.xlsx", (CORPUS / "png_renamed.xlsx").read_bytes()),
        ("bomb.xlsx", (CORPUS / "bomb.xlsx").read_bytes()),
    )
    errors = values(at, "error")
    assert any(
        e.startswith("ไม่รับไฟล์ png\\_renamed.xlsx") or e.startswith("ไม่รับไฟล์ png_renamed.xlsx") for e in errors
    ), errors
    assert sum("ไม่รับไฟล์" in e for e in errors) == 2
    assert not any("นำเข้าแล้ว" in s for s in values(at, "success"))
    assert at.metric[2].value == "3"  # the three samples, nothing else read
    listed = " ".join(values(at, "markdown"))
    assert listed.count("ไม่รับไฟล์ · ") == 2
    engine = engine_for(f"sqlite:///{app_database}")
    rows = {d.name: d for d in datasets.listed(engine)}
    assert rows["bomb.xlsx"].status == datasets.REFUSED and "xl/worksheets/sheet1.xml" in rows["bomb.xlsx"].reason_en
    assert datasets.contents(engine, [rows["png_renamed.xlsx"].id, rows["bomb.xlsx"].id]) == {}
    # Removable like any dataset.
    at.button(key=f"ds_remove_{rows['bomb.xlsx'].id}").click().run()
    at.button(key="ds_remove_yes").click().run()
    assert "bomb.xlsx" not in {d.name for d in datasets.listed(engine)}


def test_an_upload_that_kills_its_worker_is_quarantined(app_database, parsed):
    sample = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()
    at = upload(data_page(), ("poison.xlsx", sample + b"\0"))
    assert any("นำเข้าไฟล์ poison.xlsx ไม่สำเร็จ" in e.replace("\\", "") for e in values(at, "error"))
    assert at.metric[2].value == "3"
    (ds,) = [d for d in datasets.listed(engine_for(f"sqlite:///{app_database}")) if d.name == "poison.xlsx"]
    assert ds.status == datasets.QUARANTINED and "safety limits" in ds.reason_en


def test_a_stored_file_that_fails_is_quarantined_and_never_read_again(app_database, parsed):
    """A file stored before it could be imported (as the old app did) kills its worker on the first visit: it
    is quarantined then, and after a restart no page reads it and every page opens cleanly."""
    prepared(app_database)
    engine = engine_for(f"sqlite:///{app_database}")
    datasets.add(engine, "poison.xlsx", (SAMPLES / "phok-noi-2563.xlsx").read_bytes() + b"\0")
    first = open_page("data")
    assert not first.exception, first.exception
    assert parsed.count("poison.xlsx") == 1
    (ds,) = [d for d in datasets.listed(engine) if d.name == "poison.xlsx"]
    assert ds.status == datasets.QUARANTINED
    st.cache_resource.clear()  # a restart: only the database remains
    parsed.clear()
    for path in PAGES:
        at = open_page(path)
        assert not at.exception, (path, at.exception)
        assert not at.error, (path, values(at, "error"))
    assert "poison.xlsx" not in parsed and "phok-noi-2563.xlsx" in parsed
    at = open_page("data")
    assert any("poison.xlsx" in m.replace("\\", "") and "กักไว้ ไม่นำเข้า" in m for m in values(at, "markdown"))


def test_a_quarantined_file_uploaded_again_is_read_afresh(app_database, parsed):
    """Once the worker can read it (say, its memory ceiling was raised), the same bytes uploaded again make
    the dataset ok, and the next visit imports it instead of reusing the result from before."""
    prepared(app_database)
    engine = engine_for(f"sqlite:///{app_database}")
    content = (SAMPLES / "phok-noi-2563.xlsx").read_bytes() + b"\0"
    datasets.add(engine, "poison.xlsx", content)
    at = open_page("data")
    assert [d.status for d in datasets.listed(engine) if d.name == "poison.xlsx"] == [datasets.QUARANTINED]
    parsed.poison = set()
    again = upload(data_page(), ("poison-again.xlsx", content))
    assert any("นำเข้าแล้ว" in s and "poison.xlsx" in s.replace("\\", "") for s in values(again, "success"))
    assert [d.status for d in datasets.listed(engine) if d.name == "poison.xlsx"] == [datasets.OK]
    assert parsed.count("poison-again.xlsx") == 1  # the upload's own import
    assert parsed.count("poison.xlsx") == 2  # the first visit, and the import after the upload (not a cached one)
    assert again.metric[2].value == "4" and not at.exception


def test_the_storage_ceiling_refuses_an_upload_with_what_to_do(app_database, monkeypatch):
    monkeypatch.setenv("ITA_MAX_STORED_MB", "0.08")  # the samples take 0.07 MB
    at = upload(data_page(), ("up-copy.xlsx", (SAMPLES / "up-ita-2563.xlsx").read_bytes() + b" "))
    (error,) = values(at, "error")
    assert "ITA\\_MAX\\_STORED\\_MB" in error or "ITA_MAX_STORED_MB" in error
    assert "0.08 MB" in error and "ลบชุดข้อมูลเก่า" in error
    assert "up-copy.xlsx" not in {d.name for d in datasets.listed(engine_for(f"sqlite:///{app_database}"))}


# ----------------------------------------------------------------------------- a database that cannot work


def read_only(monkeypatch, path) -> None:
    monkeypatch.setenv("ITA_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")


def test_read_only_data_page_reads_and_says_why_an_upload_is_not_kept(app_database, monkeypatch):
    prepared(app_database)
    read_only(monkeypatch, app_database)
    at = data_page()
    assert not at.exception and at.metric[2].value == "3"  # reading works
    at = upload(at, ("new.xlsx", (SAMPLES / "up-ita-2563.xlsx").read_bytes() + b" "))
    (error,) = values(at, "error")
    assert "อ่านอย่างเดียว" in error and "ita.db" in error
    assert at.metric[2].value == "3"


def test_read_only_remove_is_refused_with_one_message_at_the_top(app_database, monkeypatch):
    prepared(app_database)
    read_only(monkeypatch, app_database)
    at = open_page("data")
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("ds_remove_"))).click().run()
    at.button(key="ds_remove_yes").click().run()
    assert not at.exception, at.exception
    (error,) = values(at, "error")
    assert "อ่านอย่างเดียว" in error
    assert at.metric[2].value == "3"


def test_read_only_measures_page_shows_the_measures_and_refuses_an_edit(app_database, monkeypatch):
    prepared(app_database)
    read_only(monkeypatch, app_database)
    at = open_page("measures")
    assert not at.exception and not at.error, values(at, "error")
    at.selectbox(key="m_library_pick").set_value("seed-discretion")
    at.button(key="m_add_library").click().run()
    assert not at.exception, at.exception
    (error,) = values(at, "error")
    assert "อ่านอย่างเดียว" in error
    assert open_store(f"sqlite:///{app_database}").list_measures(PHOK_NOI, 2564) == []


def test_a_locked_database_says_so_on_upload(app_database, monkeypatch):
    import sqlite3

    prepared(app_database)
    monkeypatch.setenv("ITA_DB_BUSY_TIMEOUT", "0.2")
    at = data_page()
    holder = sqlite3.connect(app_database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        at = upload(at, ("new.xlsx", (SAMPLES / "up-ita-2563.xlsx").read_bytes() + b" "))
    finally:
        holder.rollback()
        holder.close()
    (error,) = values(at, "error")
    assert "ถูกโปรแกรมอื่นล็อก" in error and "ITA\\_DB\\_BUSY\\_TIMEOUT" in error


def test_a_full_database_says_so_on_upload_and_keeps_nothing(app_database, monkeypatch):
    prepared(app_database)
    real = engine_for

    def full(url=None):
        engine = real(url)

        @event.listens_for(engine, "connect")
        def _no_room(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return engine

    monkeypatch.setattr("ita.storage.db.engine_for", full)
    at = upload(data_page(), ("new.xlsx", (SAMPLES / "sakon-nakhon-2562-2568.xlsx").read_bytes() + b" "))
    (error,) = values(at, "error")
    assert "เต็ม" in error and "ลบชุดข้อมูลเก่า" in error
    with real(f"sqlite:///{app_database}").connect() as conn:
        assert "new.xlsx" not in set(conn.execute(select(datasets.datasets.c.name)).scalars())


@pytest.mark.parametrize("path", PAGES)
def test_an_unreachable_database_is_one_clear_message_on_every_page(path, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ITA_DATABASE_URL", f"postgresql+psycopg://ita:s3cret-pw@127.0.0.1:{port}/ita")
    at = open_page(path)
    assert not at.exception, at.exception
    (error,) = values(at, "error")
    assert "เปิดหรือเชื่อมต่อฐานข้อมูล" in error and "s3cret-pw" not in error and "127.0.0.1" in error


def test_every_crash_file_stored_before_it_was_checked_leaves_every_page_healthy(app_database, crash_files):
    """Each corpus file that once killed the server, stored straight into the database (as the app did before it
    read uploads first): the first visit reads them in the parse worker and quarantines those that cannot be
    read; after a restart no page reads them again and every page opens without an error."""
    prepared(app_database)
    engine = engine_for(f"sqlite:///{app_database}")
    for path in crash_files:
        datasets.add(engine, path.name, path.read_bytes())
    first = open_page("data")
    assert not first.exception, first.exception
    status = {d.name: d.status for d in datasets.listed(engine)}
    # Each is quarantined, or was read (a far sheet refused alone, the rest of the file loaded).
    assert all(status[p.name] in (datasets.OK, datasets.QUARANTINED) for p in crash_files), status
    quarantined = {p.name for p in crash_files if status[p.name] == datasets.QUARANTINED}
    assert {"bomb.xlsx", "ods_repeat_bomb.ods"} <= quarantined
    st.cache_resource.clear()  # a restart: only the database remains
    read_now = []
    real = isolation.WorkerPool.run

    def run(self, function, *args, seconds=None):
        if args and isinstance(args[0], str):
            read_now.append(args[0])
        return real(self, function, *args, seconds=seconds)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(isolation.WorkerPool, "run", run)
        patch.setattr(importer, "_last_read", {})
        for path in PAGES:
            at = open_page(path)
            assert not at.exception, (path, at.exception)
            assert not at.error, (path, values(at, "error"))
    assert not quarantined & set(read_now), read_now


def _upload(at: AppTest, name: str, score: float) -> AppTest:
    """The seed municipality's 2563, every indicator at ``score``, uploaded as ``name`` on the data page ``at``."""
    from helpers import INDICATOR_HEADERS

    text = "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS) + f"\n{PHOK_NOI}," + ",".join([f"{score:.2f}"] * 10)
    at.number_input(key="upload_year").set_value(2563)
    at.file_uploader(key="upload_files").set_value((name, text.encode("utf-8"), "text/csv"))
    return at.button(key="upload_submit").click().run()


def test_an_upload_replaces_the_samples_figures_and_a_clash_between_uploads_is_said_at_once():
    """A user's file for the seed municipality's 2563 beside the bundled sample's other figures (80.00): the user's
    are the result, the sample's being demo figures. Before, both vanished from every page while the upload said
    'ใช้ได้ 1 แถว · ข้อผิดพลาด 0'. A second upload that clashes with the first says so at once, above the page."""
    at = _upload(AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run(), "ours.csv", 85.0)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    agency = AppTest.from_file(APP, default_timeout=120)
    agency.query_params["agency"], agency.query_params["year"] = PHOK_NOI, "2563"
    shown = "\n".join(str(e.proto.body) for e in agency.run().get("html"))
    assert "85.00" in shown and "80.00" not in shown
    at = _upload(at, "theirs.csv", 86.0)
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("theirs.csv: 1 แถวยังไม่ได้ใช้") and "ours.csv" not in warning
    # The clash is settled on the Data page: the choice is on the clashing files' cards only, and ticking it uses
    # that file's figures on every page, with a warning at the row set aside and the clash's warning gone.
    choices = sorted((c.key for c in at.checkbox if c.key.startswith("ds_pref_")), key=lambda k: int(k[8:]))
    assert len(choices) == 2, choices  # ours.csv and theirs.csv, not the samples' cards
    theirs = choices[-1]  # the later upload
    at = at.checkbox(key=theirs).check().run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert [c.key for c in at.checkbox if c.key.startswith("ds_pref_")] == [theirs] and at.checkbox(key=theirs).value
    shown = "\n".join(str(e.proto.body) for e in agency.run().get("html"))
    assert "86.00" in shown and "85.00" not in shown
    cards = [m.value for m in at.markdown if "ours.csv" in m.value]
    assert any("1 แถวไม่ได้ใช้ เพราะใช้คะแนนอีกชุด" in c and "ไม่มีผลการประเมินที่ใช้ได้" not in c for c in cards), cards
    messages = at.dataframe(key="problems").value.iloc[:, -1].tolist()
    assert [m for m in messages if "ตามที่เลือกให้ไฟล์นั้นมาก่อน" in m and "theirs.csv" in m], messages
