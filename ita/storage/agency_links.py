"""The user's choices about agency identity, kept in the app's database and applied on every import.

``merge``: two keys are one agency (``key`` → ``other``, the one kept). ``split``: two keys are two agencies, never
joined automatically (a file without codes whose name matched the wrong agency). Each choice records who made it
and when; removing one undoes it. See ``ita.io.identity`` for how keys are made and how the choices apply.
The table is created by the datasets area's migrations (``ita.storage.dataset_migrations``, v3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, delete, select

from ita.access.roles import Actor, require
from ita.io.identity import AgencyLinks
from ita.storage import audit

MERGE, SPLIT = "merge", "split"

metadata = MetaData()
agency_links = Table(
    "agency_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),  # merge | split
    Column("key", String(300), nullable=False),  # merge: the key merged away
    Column("other", String(300), nullable=False),  # merge: the key kept
    Column("who", String(120), nullable=False, default=""),
    Column("at", DateTime, nullable=False),
)


@dataclass(frozen=True)
class Link:
    id: int
    kind: str
    key: str
    other: str
    who: str
    at: dt.datetime


class LinkRefused(ValueError):
    """A merge or split that cannot be made (the same key twice, or a merge that would make a loop)."""


def listed(engine: Engine) -> list[Link]:
    with engine.connect() as conn:
        return [Link(**r._mapping) for r in conn.execute(select(agency_links).order_by(agency_links.c.id))]


def current(engine: Engine) -> AgencyLinks:
    """The choices in force, for ``ita.io.importer.load_files(links=...)``."""
    rows = listed(engine)
    merges = {r.key: r.other for r in rows if r.kind == MERGE}
    splits = frozenset(frozenset((r.key, r.other)) for r in rows if r.kind == SPLIT)
    return AgencyLinks(merges, splits)


def _add(engine: Engine, kind: str, key: str, other: str, who: Actor | str) -> Link:
    actor = require(who, "link_agencies")
    if not key or not other or key == other:
        raise LinkRefused(f"{kind} needs two different agencies ({key!r}, {other!r})")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        new_id = conn.execute(
            agency_links.insert().values(kind=kind, key=key, other=other, who=actor.name, at=now)
        ).inserted_primary_key[0]  # type: ignore[index]  # an INSERT has its key
        audit.record(conn, actor, "link_agencies", key, "agencies_linked", kind=kind, other=other)
    return Link(int(new_id), kind, key, other, actor.name, now)


def merge(engine: Engine, key: str, into: str, who: Actor | str) -> Link:
    """Agency ``key`` is the same agency as ``into`` (the key kept). Refused when ``into`` is itself merged into
    ``key`` (a loop)."""
    who = require(who, "link_agencies")  # asked first: a refused user learns nothing about the links
    if current(engine).target(into) == key:
        raise LinkRefused(f"{into!r} is already merged into {key!r}")
    return _add(engine, MERGE, key, into, who)


def split(engine: Engine, key: str, other: str, who: Actor | str) -> Link:
    """Agencies ``key`` and ``other`` are two agencies: never joined automatically."""
    return _add(engine, SPLIT, key, other, who)


def remove(engine: Engine, link_id: int, *, who: Actor | str) -> None:
    """Undo one choice (an administrator's action, logged)."""
    actor = require(who, "link_agencies")
    with engine.begin() as conn:
        found = conn.execute(select(agency_links).where(agency_links.c.id == link_id)).first()
        if found is None:
            return
        conn.execute(delete(agency_links).where(agency_links.c.id == link_id))
        audit.record(conn, actor, "link_agencies", found.key, "link_undone", kind=found.kind, other=found.other)
