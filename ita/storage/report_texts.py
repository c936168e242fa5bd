"""The texts a user edited in a drafted O42 or O43, kept in the app's database: a reload, a full-page link or another
colleague's browser finds them as they were left, not the fresh draft (they were kept in the browser session only,
and lost on F5).

One row per agency, year, document and round, replaced on each save: the texts by field name, the measures'
fingerprint when they were saved (``ita.measures.rounds.measures_fingerprint``: the draft changes with the measures,
so the page can say the texts predate them), who saved them and when. The table is made by the datasets area's
migrations (``ita.storage.dataset_migrations``, v7).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Column, Connection, DateTime, Engine, Integer, MetaData, String, Table, Text, delete, select

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
    Column("texts", Text, nullable=False),  # JSON: field name → text
    Column("fingerprint", String(64), nullable=False, default=""),
    Column("who", String(120), nullable=False, default=""),
    Column("at", DateTime, nullable=False),
)


def create_table(conn: Connection) -> None:
    metadata.create_all(conn, tables=[report_texts])


@dataclass(frozen=True)
class Saved:
    texts: dict[str, str]
    fingerprint: str
    who: str
    at: dt.datetime


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


def save(engine: Engine, scope: Scope, texts: dict[str, str], fingerprint: str, who: Actor | str) -> Saved:
    """Keep ``texts`` for ``scope`` in place of any kept before. Refused (``NotAllowed``) to whoever may not edit the
    agency's measures and documents."""
    actor = require(who, "edit_measures", scope[0])
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    key, year, doc, round_months = scope
    with engine.begin() as conn:
        conn.execute(delete(report_texts).where(*_where(scope)))
        conn.execute(
            report_texts.insert().values(
                agency_key=key,
                year=year,
                doc=doc,
                round=round_months or 0,
                texts=json.dumps(texts, ensure_ascii=False),
                fingerprint=fingerprint,
                who=actor.name,
                at=now,
            )
        )
    return Saved(dict(texts), fingerprint, actor.name, now)


def forget(engine: Engine, scope: Scope, who: Actor | str) -> None:
    """Drop the texts kept for ``scope`` (the user drafts anew)."""
    require(who, "edit_measures", scope[0])
    with engine.begin() as conn:
        conn.execute(delete(report_texts).where(*_where(scope)))
