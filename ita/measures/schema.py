"""The measures store's tables as they are now, and the migrations that bring a database to them.

``ita.measures.store`` reads and writes these tables; this module only says what they look like. The
migrations run in order on open (``ita.storage.db.migrate``) for the "measures" area.
"""

from __future__ import annotations

import uuid

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

from ita.storage.db import Migration

AREA = "measures"

# --------------------------------------------------------------------------- the current schema

metadata = MetaData()

measures = Table(
    "measures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(36), nullable=False, unique=True),  # v2: stable across databases
    Column("agency_key", String(300), nullable=False),
    Column("agency", String(300), nullable=False),
    Column("year", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("indicators", String(100), nullable=False, default=""),  # "1,9"
    Column("guideline", Text, nullable=False, default=""),
    Column("steps", Text, nullable=False, default=""),
    Column("responsible", String(300), nullable=False, default=""),
    Column("monitoring", Text, nullable=False, default=""),
    Column("start_date", Date),
    Column("due_date", Date),
    Column("version", Integer, nullable=False, default=1),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_measures_scope", "agency_key", "year"),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("measure_id", Integer, ForeignKey("measures.id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("status", String(20), nullable=False, default="not_started"),
    Column("progress", Integer, nullable=False, default=0),
    Column("done", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default=""),
    Column("report_date", Date),
    Column("reporter", String(300), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),  # v2
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("measure_id", "round", name="uq_follow_ups_round"),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(300), nullable=False),
    Column("action", String(20), nullable=False),  # create, update, delete, restore
    Column("entity", String(20), nullable=False),  # measure, follow_up
    Column("entity_id", Integer, nullable=False),
    Column("measure_id", Integer),  # v2: the measure a follow-up belongs to, for one query
    Column("field", String(40), nullable=False),  # "" for a whole-row action
    Column("old", Text),
    Column("new", Text),
    Column("version", Integer, nullable=False),  # the row's version after this change
    Index("ix_history_entity", "entity", "entity_id"),
    Index("ix_history_measure", "measure_id"),
)


# --------------------------------------------------------------------------- migrations
# Each step is frozen history: it declares the tables as they were then, never the current ones.


def _v1_schema(conn: Connection) -> None:
    """v1: measures (no uid), follow-ups (no reason) and the history (no measure_id)."""
    meta = MetaData()
    Table(
        "measures",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("agency_key", String(300), nullable=False),
        Column("agency", String(300), nullable=False),
        Column("year", Integer, nullable=False),
        Column("title", Text, nullable=False),
        Column("indicators", String(100), nullable=False),
        Column("guideline", Text, nullable=False),
        Column("steps", Text, nullable=False),
        Column("responsible", String(300), nullable=False),
        Column("monitoring", Text, nullable=False),
        Column("start_date", Date),
        Column("due_date", Date),
        Column("version", Integer, nullable=False),
        Column("deleted", Boolean, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Index("ix_measures_scope", "agency_key", "year"),
    )
    Table(
        "follow_ups",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("measure_id", Integer, ForeignKey("measures.id"), nullable=False),
        Column("round", Integer, nullable=False),
        Column("status", String(20), nullable=False),
        Column("progress", Integer, nullable=False),
        Column("done", Text, nullable=False),
        Column("evidence", Text, nullable=False),
        Column("report_date", Date),
        Column("reporter", String(300), nullable=False),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("measure_id", "round", name="uq_follow_ups_round"),
    )
    Table(
        "history",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("who", String(300), nullable=False),
        Column("action", String(20), nullable=False),
        Column("entity", String(20), nullable=False),
        Column("entity_id", Integer, nullable=False),
        Column("field", String(40), nullable=False),
        Column("old", Text),
        Column("new", Text),
        Column("version", Integer, nullable=False),
        Index("ix_history_entity", "entity", "entity_id"),
    )
    meta.create_all(conn)


def _v2_uid_reason_measure_id(conn: Connection) -> None:
    """v2: measures get a ``uid`` (matches rows of an exported .xlsx in any database); follow-ups get a
    ``reason`` (v1 kept the reason for "cannot" in ``done``: it is copied over); history rows get the
    ``measure_id`` they belong to (backfilled), so a measure's whole history is one indexed query.
    Each column is added only if missing, so a step interrupted half-way can be run again."""
    columns = {
        table: {c["name"] for c in inspect(conn).get_columns(table)} for table in ("measures", "follow_ups", "history")
    }
    if "uid" not in columns["measures"]:
        conn.execute(text("ALTER TABLE measures ADD COLUMN uid VARCHAR(36)"))
    for (row_id,) in conn.execute(text("SELECT id FROM measures WHERE uid IS NULL")).all():
        conn.execute(text("UPDATE measures SET uid = :uid WHERE id = :id"), {"uid": str(uuid.uuid4()), "id": row_id})
    conn.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS ix_measures_uid ON measures (uid)"))
    if "reason" not in columns["follow_ups"]:
        conn.execute(text("ALTER TABLE follow_ups ADD COLUMN reason TEXT NOT NULL DEFAULT ''"))
        conn.execute(text("UPDATE follow_ups SET reason = done WHERE status = 'cannot'"))
    if "measure_id" not in columns["history"]:
        conn.execute(text("ALTER TABLE history ADD COLUMN measure_id INTEGER"))
    conn.execute(text("UPDATE history SET measure_id = entity_id WHERE entity = 'measure' AND measure_id IS NULL"))
    conn.execute(
        text(
            "UPDATE history SET measure_id = (SELECT f.measure_id FROM follow_ups f "
            "WHERE f.id = history.entity_id) WHERE entity = 'follow_up' AND measure_id IS NULL"
        )
    )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_history_measure ON history (measure_id)"))


MIGRATIONS = [
    Migration(1, "measures, follow-ups and history", _v1_schema),
    Migration(2, "measure uid, follow-up reason, history measure_id", _v2_uid_reason_measure_id),
]
SCHEMA_VERSION = len(MIGRATIONS)
