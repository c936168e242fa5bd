"""The administrators' log: every admin action (an upload, a dataset changed, removed or restored, the samples
hidden or shown, agencies merged or split, an account added or changed) with who, their role, when, what and on
which. Written by the functions that do the action, read by an administrator (``entries``). The table is made by
the datasets area's migrations (``ita.storage.datasets``, v4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Connection, DateTime, Engine, Integer, MetaData, String, Table, Text, select

from ita.access.roles import Actor, require

metadata = MetaData()
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),  # UTC
    Column("who", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("signed_in", Integer, nullable=False, default=0),
    Column("action", String(40), nullable=False),  # an action of ita/data/access.toml
    Column("target", String(300), nullable=False, default=""),  # a file, an agency key, an account
    Column("detail", Text, nullable=False, default=""),
)


def create_table(conn: Connection) -> None:
    """v4 of the datasets area."""
    metadata.create_all(conn, tables=[audit_log])


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime
    who: str
    role: str
    signed_in: int
    action: str
    target: str
    detail: str


def record(conn: Connection, actor: Actor, action: str, target: str = "", detail: str = "") -> None:
    """Log ``action`` by ``actor`` inside the caller's transaction: the action and its record land together."""
    conn.execute(
        audit_log.insert().values(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            who=actor.name[:200],
            role=actor.role,
            signed_in=int(actor.signed_in),
            action=action,
            target=str(target)[:300],
            detail=str(detail),
        )
    )


def entries(engine: Engine, who: Actor | str, limit: int = 500) -> list[Entry]:
    """The latest ``limit`` entries, newest first; only an administrator may read them."""
    require(who, "read_audit")
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
        return [Entry(**r._mapping) for r in rows]
