"""The administrators' log: every admin action (an upload, a dataset changed, removed or restored, the samples
hidden or shown, agencies merged or split, an account added or changed) with who, their role, when, what and on
which. Written by the functions that do the action, read by an administrator (``entries``) in either language
(``describe``): an entry keeps what happened as an event and its facts, never a sentence in one language. The table
is made by the datasets area's migrations (``ita.storage.dataset_migrations``, v4)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Engine, Integer, MetaData, String, Table, Text, select

from ita.access.roles import Actor, require, role_name
from ita.common.text import t
from ita.common.thai import be_year, natural_list

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
    # JSON: {"event": an audit_event_* text of ita/data/text/storage.toml, and its facts}; plain text before.
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


def record(conn: Connection, actor: Actor, action: str, target: str = "", event: str = "", **facts: Any) -> None:
    """Log ``action`` by ``actor`` inside the caller's transaction: the action and its record land together.
    ``event`` and ``facts`` say what was done (``describe`` puts them into words); never a password."""
    conn.execute(
        audit_log.insert().values(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            who=actor.name[:200],
            role=actor.role,
            signed_in=int(actor.signed_in),
            action=action,
            target=str(target)[:300],
            detail=json.dumps({"event": event, **facts}, ensure_ascii=False) if event else "",
        )
    )


def entries(engine: Engine, who: Actor | str, limit: int = 500) -> list[Entry]:
    """The latest ``limit`` entries, newest first; only an administrator may read them."""
    require(who, "read_audit")
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
        return [Entry(**r._mapping) for r in rows]


def describe(entry: Entry, lang: str = "th") -> str:
    """What the entry says was done, in ``lang``. An entry written before events were kept is shown as it was."""
    try:
        facts = json.loads(entry.detail)
    except ValueError:
        return entry.detail
    if not isinstance(facts, dict) or not facts.get("event"):
        return entry.detail
    event = facts.pop("event")
    changes = facts.pop("changes", {})
    said = {name: _value(name, value, lang) for name, value in facts.items()}
    sentence = t(f"audit_event_{event}", lang, **said)
    if changes:
        parts = [t(f"audit_field_{name}", lang, value=_value(name, value, lang)) for name, value in changes.items()]
        sentence += (" " if sentence.endswith(":") else "; ") + "; ".join(parts)
    return sentence


def _value(name: str, value: Any, lang: str) -> str:
    """A fact as a reader reads it: a role by its name, a file's outcome and yes/no in words, a size in KB."""
    if isinstance(value, bool):
        return t("audit_yes" if value else "audit_no", lang)
    if name == "agencies" and value == []:
        return t("audit_all_agencies", lang)
    if value is None or value == []:
        return t("audit_none", lang)
    if name == "year":
        return be_year(int(value), lang)
    if name == "role":
        return role_name(str(value), lang)
    if name in ("status", "was"):
        return t(f"audit_status_{value}", lang)
    if name == "kind":
        return t(f"audit_link_{value}", lang)
    if name == "size":
        return f"{int(value) / 1024:,.1f} KB"
    if isinstance(value, list):
        return natural_list([str(v) for v in value], lang)
    return str(value)
