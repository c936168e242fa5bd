"""The migrations of the datasets area (``ita.storage.datasets``), which also makes the tables of the other stores
of the app's own database (agency links, the administrators' log and accounts, sessions, report texts): frozen
history, each step declaring the tables as they were then, never the current ones."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

from ita.storage.db import Migration

OK = "ok"  # a dataset's status as v2 made it (``ita.storage.datasets.OK``)


def _v1_columns() -> list[Column]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("name", String(255), nullable=False),
        Column("sha256", String(64), nullable=False, unique=True),
        Column("size", Integer, nullable=False),
        Column("uploaded_at", DateTime, nullable=False),
        Column("uploaded_by", String(120), nullable=False, default=""),
        Column("year", Integer, nullable=True),
        Column("keep_errors", Boolean, nullable=False, default=False),
    ]


def _v1(conn: Connection) -> None:
    meta = MetaData()
    Table("datasets", meta, *_v1_columns(), Column("content", LargeBinary, nullable=False))
    Table("app_flags", meta, Column("name", String(80), primary_key=True), Column("value", String(255), nullable=False))
    meta.create_all(conn)


def _v2_status(conn: Connection) -> None:
    """v2: ``status`` (every existing row is ``ok``), ``reason_th``/``reason_en``, and ``content`` may be empty
    (a refused file keeps no bytes). SQLite cannot drop NOT NULL in place, so there the table is rebuilt and its
    rows copied; the copy, the drop and the rename share one transaction (a left-over copy table from an
    interrupted run is dropped first)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TABLE IF EXISTS datasets_v2"))
        Table(
            "datasets_v2",
            MetaData(),
            *_v1_columns(),
            Column("content", LargeBinary, nullable=True),
            Column("status", String(20), nullable=False, server_default=OK),
            Column("reason_th", Text, nullable=False, server_default=""),
            Column("reason_en", Text, nullable=False, server_default=""),
        ).create(conn)
        names = ", ".join(c.name for c in _v1_columns()) + ", content"
        conn.execute(text(f"INSERT INTO datasets_v2 ({names}) SELECT {names} FROM datasets"))
        conn.execute(text("DROP TABLE datasets"))
        conn.execute(text("ALTER TABLE datasets_v2 RENAME TO datasets"))
        return
    columns = {c["name"] for c in inspect(conn).get_columns("datasets")}
    if "status" not in columns:
        conn.execute(text(f"ALTER TABLE datasets ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT '{OK}'"))
    for name in ("reason_th", "reason_en"):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE datasets ADD COLUMN {name} TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE datasets ALTER COLUMN content DROP NOT NULL"))


def _v3_agency_links(conn: Connection) -> None:
    """v3: the user's merges and splits of agencies (``ita.storage.agency_links``)."""
    Table(
        "agency_links",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("kind", String(10), nullable=False),
        Column("key", String(300), nullable=False),
        Column("other", String(300), nullable=False),
        Column("who", String(120), nullable=False, default=""),
        Column("at", DateTime, nullable=False),
    ).create(conn)


def _v4_access(conn: Connection) -> None:
    """v4: the administrators' log (``ita.storage.audit``) and accounts (``ita.storage.accounts``)."""
    from ita.storage import accounts, audit

    audit.create_table(conn)
    accounts.create_table(conn)


def _v5_sessions(conn: Connection) -> None:
    """v5: sign-in sessions of office accounts (``ita.storage.sessions``)."""
    from ita.storage import sessions

    sessions.create_table(conn)


def _v6_preferred(conn: Connection) -> None:
    """v6: ``preferred``, the user's choice of a file whose figures are used where another file gives the same
    agency's year other scores (every existing dataset: not preferred)."""
    conn.execute(text("ALTER TABLE datasets ADD COLUMN preferred BOOLEAN NOT NULL DEFAULT FALSE"))


def _v7_report_texts(conn: Connection) -> None:
    """v7: the texts users edited in drafted O42 and O43 documents (``ita.storage.report_texts``)."""
    Table(
        "report_texts",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("agency_key", String(300), nullable=False),
        Column("year", Integer, nullable=False),
        Column("doc", String(10), nullable=False),
        Column("round", Integer, nullable=False, default=0),
        Column("texts", Text, nullable=False),
        Column("fingerprint", String(64), nullable=False, default=""),
        Column("who", String(120), nullable=False, default=""),
        Column("at", DateTime, nullable=False),
        UniqueConstraint("agency_key", "year", "doc", "round", name="uq_report_texts_scope"),
    ).create(conn)


MIGRATIONS = [
    Migration(1, "datasets and app flags", _v1),
    Migration(2, "dataset status and reason; no content for a refused file", _v2_status),
    Migration(3, "agency merges and splits", _v3_agency_links),
    Migration(4, "administrators' log and accounts", _v4_access),
    Migration(5, "sign-in sessions", _v5_sessions),
    Migration(6, "a dataset's figures preferred in a clash", _v6_preferred),
    Migration(7, "texts edited in drafted documents", _v7_report_texts),
]
SCHEMA_VERSION = len(MIGRATIONS)
