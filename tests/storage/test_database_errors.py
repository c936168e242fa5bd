"""A database that cannot work says what is wrong, names itself (password hidden) and what to do, and keeps
nothing half-written: read-only, full, locked, unreachable, not a database, newer than the app (ita.storage.db).

Tests run as root, where file permissions do not stop writes, so a read-only SQLite file is opened with SQLite's
``mode=ro`` URI, a full one gets a small ``max_page_count`` and a locked one is held by another connection."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys

import pytest
from helpers import ROOT, SAMPLES
from helpers.cli import run_cli
from sqlalchemy import event, func, select, text

from ita.measures.model import Measure
from ita.measures.store import follow_ups, history, measures, open_store
from ita.storage import datasets
from ita.storage.db import DatabaseError, engine_for, explain, shown_url

PHOK_NOI = (SAMPLES / "phok-noi-2563.xlsx").read_bytes()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def path(tmp_path):
    """A prepared SQLite database: one dataset and one measure."""
    made = tmp_path / "ita.db"
    engine = engine_for(f"sqlite:///{made}")
    datasets.prepare(engine)
    datasets.add(engine, "phok-noi-2563.xlsx", PHOK_NOI)
    open_store(engine=engine).create_measure(Measure("a", "เทศบาลตำบลเอ", 2564, "มาตรการที่ 1"), who="ทดสอบ")
    engine.dispose()
    return made


def read_only(path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def full_engine(path):
    """An engine on ``path`` that cannot grow the file by a single page."""
    engine = engine_for(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _no_room(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    return engine


def counts(engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(table)).scalar()
            for table in (datasets.datasets, measures, follow_ups, history)
        )


# ----------------------------------------------------------------------------- each cause, from the store functions


def test_read_only_reads_and_refuses_writes_by_name(path):
    engine = engine_for(read_only(path))
    datasets.prepare(engine)  # up to date: preparing writes nothing
    assert [d.name for d in datasets.listed(engine)] == ["phok-noi-2563.xlsx"]
    store = open_store(engine=engine)
    assert [m.title for m in store.list_measures("a", 2564)] == ["มาตรการที่ 1"]
    with pytest.raises(DatabaseError) as raised:
        datasets.add(engine, "new.xlsx", b"new bytes")
    assert raised.value.cause == "read_only" and raised.value.database == str(path)
    th, en = raised.value.message("th"), raised.value.message("en")
    assert str(path) in th and "อ่านอย่างเดียว" in th and "ITA_DATABASE_URL" in th
    assert "read-only" in en and "writable" in en and "attempt to write a readonly database" in en
    with pytest.raises(DatabaseError, match="read-only"):
        store.create_measure(Measure("a", "เทศบาลตำบลเอ", 2564, "มาตรการที่ 2"), who="ทดสอบ")


def test_a_read_only_database_never_migrated_says_so(tmp_path):
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(DatabaseError) as raised:
        datasets.prepare(engine_for(read_only(tmp_path / "empty.db")))
    assert raised.value.cause == "read_only"


def test_a_full_database_keeps_nothing_half_written(path):
    engine = full_engine(path)
    before = counts(engine)
    with pytest.raises(DatabaseError) as raised:
        datasets.add(engine, "big.xlsx", bytes(range(256)) * 2000)
    assert raised.value.cause == "full" and "ลบชุดข้อมูลเก่า" in raised.value.message("th")
    with pytest.raises(DatabaseError, match="is full"):  # a measure, its two rounds and its history: all or none
        open_store(engine=engine).create_measure(
            Measure("a", "เทศบาลตำบลเอ", 2564, "มาตรการยาว", guideline="ก" * 30_000, steps="ข" * 30_000), who="ทดสอบ"
        )
    assert counts(engine) == before
    assert [d.name for d in datasets.listed(engine)] == ["phok-noi-2563.xlsx"]  # still readable


def test_a_locked_database_waits_the_busy_timeout_then_says_locked(path, monkeypatch):
    monkeypatch.setenv("ITA_DB_BUSY_TIMEOUT", "0.2")
    engine = engine_for(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert len(datasets.listed(engine)) == 1  # readers are not blocked (WAL)
        with pytest.raises(DatabaseError) as raised:
            datasets.add(engine, "new.xlsx", b"new bytes")
        assert raised.value.cause == "locked"
        assert "0.2" in raised.value.message("en") and "ITA_DB_BUSY_TIMEOUT" in raised.value.message("th")
    finally:
        holder.rollback()
        holder.close()
    datasets.add(engine, "new.xlsx", b"new bytes")  # released: the same write goes through
    assert len(datasets.listed(engine)) == 2


def test_an_unreachable_postgresql_is_named_with_the_password_hidden():
    url = f"postgresql+psycopg://ita:s3cret-pw@127.0.0.1:{closed_port()}/ita"
    with pytest.raises(DatabaseError) as raised:
        datasets.prepare(engine_for(url))
    error = raised.value
    assert error.cause == "unreachable"
    for lang in ("th", "en"):
        assert "s3cret-pw" not in error.message(lang) and "ita:***@127.0.0.1" in error.message(lang)
    assert "ITA_DATABASE_URL" in error.message("th") and "server is running" in error.message("en")
    with pytest.raises(DatabaseError, match="Could not open or connect"):
        open_store(url)


def test_a_read_only_postgresql_transaction_reads_and_refuses_writes(tmp_path):
    from helpers.stores import database_url

    with database_url("postgresql", tmp_path) as url:
        datasets.prepare(engine_for(url))
        datasets.add(engine_for(url), "phok-noi-2563.xlsx", PHOK_NOI)
        engine = engine_for(f"{url}%20-cdefault_transaction_read_only%3Don")  # as on a hot standby
        assert [d.name for d in datasets.listed(engine)] == ["phok-noi-2563.xlsx"]
        with pytest.raises(DatabaseError) as raised:
            datasets.add(engine, "new.xlsx", b"new bytes")
        assert raised.value.cause == "read_only" and "read-only transaction" in raised.value.detail
        engine.dispose()


def test_a_sqlite_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(DatabaseError) as raised:
        engine_for(f"sqlite:///{tmp_path / 'a-file' / 'ita.db'}")
    assert raised.value.cause == "unreachable" and "a-file" in raised.value.message("en")


@pytest.mark.parametrize("url", ["data/ita.db", "mysql+nosuchdriver://ita:s3cret-pw@db/ita"])
def test_a_url_that_is_not_a_database_url(url):
    with pytest.raises(DatabaseError) as raised:
        engine_for(url)
    assert raised.value.cause == "bad_url" and "s3cret-pw" not in raised.value.message("en")
    assert "sqlite:///data/ita.db" in raised.value.message("th")


def test_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / "notes.db").write_bytes(b"these are notes, not a database" * 100)
    with pytest.raises(DatabaseError) as raised:
        datasets.prepare(engine_for(f"sqlite:///{tmp_path / 'notes.db'}"))
    assert raised.value.cause == "not_a_database" and "สำเนาสำรอง" in raised.value.message("th")


def test_a_database_of_a_newer_app_is_not_written(path):
    engine = engine_for(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_versions SET version = 99 WHERE area = 'datasets'"))
    with pytest.raises(DatabaseError) as raised:
        datasets.prepare(engine)
    assert raised.value.cause == "newer_schema"
    assert "99" in raised.value.message("en") and "datasets" in raised.value.message("en")
    assert open_store(engine=engine).list_measures("a", 2564)  # the other area, not newer, still opens


# ----------------------------------------------------------------------------- the classification table


class _PgError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "error, cause",
    [
        (sqlite3.OperationalError("attempt to write a readonly database"), "read_only"),
        (sqlite3.OperationalError("database or disk is full"), "full"),
        (sqlite3.OperationalError("database is locked"), "locked"),
        (sqlite3.OperationalError("unable to open database file"), "unreachable"),
        (sqlite3.DatabaseError("file is not a database"), "not_a_database"),
        (PermissionError(13, "Permission denied"), "read_only"),
        (OSError(28, "No space left on device"), "full"),
        (_PgError("cannot execute INSERT in a read-only transaction", "25006"), "read_only"),
        (_PgError("could not extend file: No space left on device", "53100"), "full"),
        (_PgError("canceling statement due to lock timeout", "55P03"), "locked"),
        (_PgError('password authentication failed for user "ita"', "28P01"), "unreachable"),
        (_PgError('database "ita" does not exist', "3D000"), "unreachable"),
        (_PgError('relation "measures" does not exist', "42P01"), "other"),  # a bug of ours stays a bug
        (sqlite3.OperationalError('near "SELEC": syntax error'), "other"),
    ],
)
def test_causes(error, cause):
    assert explain(error, "sqlite:///x.db").cause == cause


def test_a_bug_of_ours_is_not_disguised(path):
    from sqlalchemy.exc import OperationalError

    engine = engine_for(f"sqlite:///{path}")
    with pytest.raises(OperationalError), engine.connect() as conn:
        conn.execute(text("SELEC 1"))


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql+psycopg://ita:pw@db.example:5432/ita", "postgresql+psycopg://ita:***@db.example:5432/ita"),
        ("sqlite:////srv/ita/ita.db", "/srv/ita/ita.db"),
        ("sqlite:///file:/srv/ita/ita.db?mode=ro&uri=true", "/srv/ita/ita.db"),
    ],
)
def test_shown_url(url, shown):
    assert shown_url(url) == shown


# ----------------------------------------------------------------------------- the command line


def report_args(database: str, tmp_path) -> list[str]:
    return [
        "report",
        str(SAMPLES / "phok-noi-2563.xlsx"),
        "--agency",
        "เทศบาลตำบลพอกน้อย",
        "--doc",
        "xlsx",
        "--out",
        str(tmp_path / "out.xlsx"),
        "--database",
        database,
        "--lang",
        "en",
    ]


def run_report(database: str, tmp_path, process: bool = False):
    """``python -m ita report`` on ``database``: in this process, or (``process``) as a real one."""
    args = report_args(database, tmp_path)
    if not process:
        return run_cli(*args)
    return subprocess.run([sys.executable, "-m", "ita", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", ["unreachable", "not_a_database", "read_only_unmigrated"])
def test_report_exits_1_with_the_message_and_no_traceback(case, tmp_path):
    if case == "unreachable":
        database = f"postgresql+psycopg://ita:s3cret-pw@127.0.0.1:{closed_port()}/ita"
    elif case == "not_a_database":
        (tmp_path / "notes.db").write_bytes(b"notes" * 1000)
        database = f"sqlite:///{tmp_path / 'notes.db'}"
    else:
        sqlite3.connect(tmp_path / "empty.db").close()
        database = read_only(tmp_path / "empty.db")
    done = run_report(database, tmp_path, process=case == "unreachable")  # one case as a real process
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "s3cret-pw" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("python -m ita report: ")
    expected = {
        "unreachable": "Could not open or connect",
        "not_a_database": "is not a SQLite database",
        "read_only_unmigrated": "it is read-only",
    }[case]
    assert expected in done.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_report_reads_measures_from_a_read_only_database(path, tmp_path):
    done = run_report(read_only(path), tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.xlsx").exists()
