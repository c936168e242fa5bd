"""The texts a user edited in a drafted O42 or O43, kept in the app's database: a reload, a full-page link or another
colleague's browser finds them as they were left, not the fresh draft (they were kept in the browser session only,
and lost on F5).

One row per agency, year, document and round: the texts of the boxes edited away from the draft, merged on each
save (a box back on the draft leaves it, and follows the measures again), the measures'
fingerprint when they were saved (``ita.measures.rounds.measures_fingerprint``: the draft changes with the measures,
so the page can say the texts predate them), who saved them and when. The table is made by the datasets area's
migrations (``ita.storage.dataset_migrations``, v7).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from ita.access.roles import Actor, require

metadata = MetaData()
report_texts = Table(
    "report_texts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_key", String(300), nullable=False),
    Column("year", Integer, nullable=False),
    Column("doc", String(10), nullable=False),  # o42 | o43
    Column("round", Integer, nullable=False, default=0),  # the O43's round in months; 0 for the O42
    Column("texts", Text, nullable=False),  # JSON: box → text, only the boxes edited away from the draft
    Column("fingerprint", String(64), nullable=False, default=""),
    Column("who", String(120), nullable=False, default=""),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("agency_key", "year", "doc", "round", name="uq_report_texts_scope"),
)


@dataclass(frozen=True)
class Saved:
    texts: dict[str, str]
    fingerprint: str
    who: str
    at: dt.datetime
    # Boxes not written: a colleague saved another text there since this user's page last read it (box → theirs).
    clashes: dict[str, str] = field(default_factory=dict)
    clashed_by: str = ""  # who saved those texts last, and when
    clashed_at: dt.datetime | None = None


Scope = tuple[str, int, str, int | None]  # agency key, year, document, round (None for the O42)


def _where(scope: Scope) -> list:
    key, year, doc, round_months = scope
    c = report_texts.c
    return [c.agency_key == key, c.year == year, c.doc == doc, c.round == (round_months or 0)]


def saved(engine: Engine, scope: Scope) -> Saved | None:
    """The texts last saved for ``scope``, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(report_texts).where(*_where(scope)).order_by(report_texts.c.id.desc())).first()
    if row is None:
        return None
    texts = json.loads(row.texts)
    return Saved({str(k): str(v) for k, v in texts.items()}, row.fingerprint, row.who, row.at)


def save(
    engine: Engine,
    scope: Scope,
    changed: dict[str, str],
    fingerprint: str,
    who: Actor | str,
    drafted: frozenset[str] = frozenset(),
    seen: dict[str, str] | None = None,
) -> Saved:
    """Merge ``changed`` (box → text) into the texts kept for ``scope``, in one transaction; the boxes in ``drafted``
    are back on the draft and are no longer kept (they follow the measures again). Only the boxes this user changed
    are written, so two colleagues editing different sections keep both. ``seen`` (box → the text this user's page
    read there: the saved one, else the draft's): a box whose saved text is another now was saved by a colleague
    meanwhile, and is not written over (``Saved.clashes``). Refused (``NotAllowed``) to whoever may not edit the
    agency's measures and documents."""
    actor = require(who, "edit_measures", scope[0])
    for attempt in range(SAVE_TRIES):  # a colleague's save of the same scope at the same moment: merge into theirs
        try:
            return _merge(engine, scope, changed, drafted, fingerprint, actor.name, seen)
        except (IntegrityError, _Moved):
            if attempt == SAVE_TRIES - 1:
                raise
    raise AssertionError("unreachable")


SAVE_TRIES = 5  # reads and merges again when a colleague's save came between this one's read and write


class _Moved(Exception):
    """The row changed between this save's read and its write (SQLite takes no lock on a read): read it again."""


def _merge(
    engine: Engine,
    scope: Scope,
    changed: dict[str, str],
    drafted: frozenset[str],
    fingerprint: str,
    who: str,
    seen: dict[str, str] | None,
) -> Saved:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    key, year, doc, round_months = scope
    with engine.begin() as conn:
        row = conn.execute(select(report_texts).where(*_where(scope)).with_for_update()).first()
        stored = json.loads(row.texts) if row is not None else {}
        clashes = {
            box: stored.get(box, "")
            for box in changed
            if seen is not None and box in seen and stored.get(box, seen[box]) != seen[box]
        }
        changed = {box: text for box, text in changed.items() if box not in clashes}
        drafted = frozenset(box for box in drafted if box not in clashes)
        by = {"clashed_by": row.who, "clashed_at": row.at} if clashes and row is not None else {}
        if clashes and not changed and not drafted:  # nothing of this user's left to write
            return Saved(
                stored,
                row.fingerprint if row else fingerprint,
                row.who if row else who,
                row.at if row else now,
                clashes,
                **by,
            )
        texts = {**stored, **changed}
        texts = {k: v for k, v in texts.items() if k not in drafted}
        values = {"texts": json.dumps(texts, ensure_ascii=False), "fingerprint": fingerprint, "who": who, "at": now}
        if row is None:
            conn.execute(
                report_texts.insert().values(agency_key=key, year=year, doc=doc, round=round_months or 0, **values)
            )
        else:  # written only over what was read: the texts' clashes were judged against it
            c = report_texts.c
            written = conn.execute(update(report_texts).where(c.id == row.id, c.texts == row.texts).values(**values))
            if written.rowcount != 1:
                raise _Moved
    return Saved(texts, fingerprint, who, now, clashes, **by)


def forget(engine: Engine, scope: Scope, who: Actor | str) -> None:
    """Drop the texts kept for ``scope`` (the user drafts anew)."""
    require(who, "edit_measures", scope[0])
    with engine.begin() as conn:
        conn.execute(delete(report_texts).where(*_where(scope)))
