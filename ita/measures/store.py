"""The measures store: measures, their follow-ups and an append-only history, in a real database.

SQLAlchemy Core on ``ita.storage.db.engine_for()`` (a SQLite file by default, PostgreSQL from a URL). The public API,
used by the pages and the tests (see ``docs/measures.md``)::

    store = open_store(url=None)                      # migrates the "measures" area on open
    m = store.create_measure(Measure(...), who="...")  # → Measure with id, uid, version 1
    store.update_measure(m.id, {"title": "..."}, expected_version=m.version, who="...")
    store.delete_measure(m.id, expected_version, who); store.restore_measure(m.id, who)
    store.update_follow_up(m.id, 6, {"status": "done", "progress": 100}, expected_version, who)
    store.list_measures(agency_key, year); store.measures_with_follow_ups(agency_key, year)
    store.history(measure_id=m.id)                     # every change, oldest first

No lost update: every row carries a version. A write names the version it was based on; the row is locked
first (a no-op ``UPDATE`` — a row lock on PostgreSQL, the write lock on SQLite, taken before anything is
read so SQLite never has to upgrade a stale read snapshot), then compared. A stale write raises
``StaleEdit`` carrying your values and the saved ones; nothing is overwritten. The history rows are written
in the same transaction as the change they describe, so an accepted edit always has its history.

The tables and migrations live in ``schema``, the returned types and refusals (``Change``, ``StaleEdit``, ...) in
``edits``, the row converters in ``rows``; the public names are re-exported here (``X as X``) for code that imports
them from the store.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import Connection, Engine, and_, func, select, update

from ita.access.roles import Actor, require
from ita.common.text import t
from ita.measures.edits import Change as Change
from ita.measures.edits import Conflict as Conflict
from ita.measures.edits import InvalidEdit as InvalidEdit
from ita.measures.edits import NotFound as NotFound
from ita.measures.edits import StaleEdit as StaleEdit
from ita.measures.edits import StoreError as StoreError
from ita.measures.edits import as_text as as_text
from ita.measures.model import (
    ROUNDS,
    FieldProblem,
    FollowUp,
    Measure,
    MeasureWithFollowUps,
    clean_follow_up,
    clean_measure,
    follow_up_values,
    measure_values,
)
from ita.measures.rows import db_values, follow_up_from_row, measure_from_row
from ita.measures.schema import AREA as AREA
from ita.measures.schema import MIGRATIONS as MIGRATIONS
from ita.measures.schema import SCHEMA_VERSION as SCHEMA_VERSION
from ita.measures.schema import follow_ups as follow_ups
from ita.measures.schema import history as history
from ita.measures.schema import measures as measures
from ita.measures.schema import metadata as metadata
from ita.storage.db import engine_for, migrate


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class _Edited:
    """The row an edit is applied to, as read under its lock: what ``_changed`` compares the edit with."""

    entity: str  # "measure" or "follow_up", as in the history
    entity_id: int
    title: str  # as a stale-edit or invalid-edit message names it
    version: int
    deleted: bool
    values: dict[str, Any]


class Store:
    """Measures, follow-ups and their history in one database. Thread-safe: each call uses its own
    connection from the engine's pool and its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        migrate(engine, AREA, MIGRATIONS)

    # ------------------------------------------------------------------ reading

    def get_measure(self, measure_id: int) -> Measure:
        with self.engine.connect() as conn:
            row = conn.execute(select(measures).where(measures.c.id == measure_id)).first()
        if row is None:
            raise NotFound(measure_id)
        return measure_from_row(row)

    def list_measures(
        self,
        agency_key: str | Sequence[str] | None = None,
        year: int | None = None,
        *,
        include_deleted: bool = False,
        only_deleted: bool = False,
    ) -> list[Measure]:
        """Measures in the order they were created, optionally of one agency and/or fiscal year. ``agency_key`` may
        be several keys: an agency's key and its older ones (``ita.io.identity.keys_for``)."""
        query = select(measures).order_by(measures.c.id)
        if isinstance(agency_key, str):
            query = query.where(measures.c.agency_key == agency_key)
        elif agency_key is not None:
            query = query.where(measures.c.agency_key.in_(list(agency_key)))
        if year is not None:
            query = query.where(measures.c.year == year)
        if only_deleted:
            query = query.where(measures.c.deleted.is_(True))
        elif not include_deleted:
            query = query.where(measures.c.deleted.is_(False))
        with self.engine.connect() as conn:
            return [measure_from_row(r) for r in conn.execute(query)]

    def follow_ups(self, measure_ids: Iterable[int]) -> dict[int, dict[int, FollowUp]]:
        """measure id → round → follow-up (a round never written reads as a fresh, unsaved follow-up)."""
        ids = list(measure_ids)
        out: dict[int, dict[int, FollowUp]] = {i: {r: FollowUp(i, r) for r in ROUNDS} for i in ids}
        if not ids:
            return out
        with self.engine.connect() as conn:
            for row in conn.execute(select(follow_ups).where(follow_ups.c.measure_id.in_(ids))):
                fu = follow_up_from_row(row)
                out[fu.measure_id][fu.round] = fu
        return out

    def follow_up(self, measure_id: int, round_months: int) -> FollowUp:
        return self.follow_ups([measure_id])[measure_id][round_months]

    def measures_with_follow_ups(
        self, agency_key: str | Sequence[str] | None = None, year: int | None = None
    ) -> list[MeasureWithFollowUps]:
        """What a report or the overview needs: each live measure with its follow-up per round."""
        items = self.list_measures(agency_key, year)
        # Measures read from the store always have an id (None only before the first save).
        rounds = self.follow_ups(cast(int, m.id) for m in items)
        return [MeasureWithFollowUps(m, rounds[cast(int, m.id)]) for m in items]

    def scopes(self) -> list[tuple[str, str, int, int]]:
        """Every (agency_key, agency, year, number of live measures) that has measures."""
        query = (
            select(measures.c.agency_key, func.max(measures.c.agency), measures.c.year, func.count())
            .where(measures.c.deleted.is_(False))
            .group_by(measures.c.agency_key, measures.c.year)
            .order_by(measures.c.agency_key, measures.c.year)
        )
        with self.engine.connect() as conn:
            return [(k, a, int(y), int(n)) for k, a, y, n in conn.execute(query)]

    def history(
        self,
        measure_id: int | None = None,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        limit: int | None = None,
    ) -> list[Change]:
        """Changes oldest first: of one measure (its own rows and its follow-ups'), of one row, or all."""
        query = select(history).order_by(history.c.id)
        if measure_id is not None:
            query = query.where(history.c.measure_id == measure_id)
        if entity is not None:
            query = query.where(history.c.entity == entity)
        if entity_id is not None:
            query = query.where(history.c.entity_id == entity_id)
        if limit is not None:
            query = query.order_by(None).order_by(history.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = [Change(**r._mapping) for r in conn.execute(query)]
        return sorted(rows, key=lambda c: c.id)

    # ------------------------------------------------------------------ writing measures

    def create_measure(self, measure: Measure, who: Actor | str) -> Measure:
        """Save a new measure (its id and version are ignored; a uid is kept if given, else made) with an
        empty follow-up for each round. Raises ``InvalidEdit`` listing every broken rule, ``NotAllowed`` when
        ``who`` may not edit this agency's measures."""
        who = require(who, "edit_measures", measure.agency_key).name
        values, problems = clean_measure(measure_values(measure), measure.year)
        if problems:
            raise InvalidEdit(problems, measure.title)
        now = _now()
        uid = measure.uid or str(uuid.uuid4())
        with self.engine.begin() as conn:
            new_id = conn.execute(
                measures.insert().values(  # type: ignore[index]  # an INSERT has its key
                    uid=uid,
                    agency_key=measure.agency_key,
                    agency=measure.agency,
                    year=measure.year,
                    version=1,
                    deleted=False,
                    created_at=now,
                    updated_at=now,
                    **db_values(values),
                )
            ).inserted_primary_key[0]
            for round_months in ROUNDS:
                conn.execute(
                    follow_ups.insert().values(measure_id=new_id, round=round_months, version=1, updated_at=now)
                )
            logged = {name: as_text(value) for name, value in values.items() if as_text(value) not in (None, "")}
            self._log(conn, who, "create", "measure", new_id, new_id, logged or {"": None}, 1, now, fresh=True)
        return self.get_measure(new_id)

    def update_measure(
        self, measure_id: int, changes: Mapping[str, Any], expected_version: int, who: Actor | str
    ) -> Measure:
        """Change some fields of a measure that you read at ``expected_version``. Unchanged values are not
        written (no version bump, no history). Raises ``StaleEdit``, ``InvalidEdit``, ``NotFound`` or
        ``NotAllowed``."""
        with self.engine.begin() as conn:
            current = self._lock_measure(conn, measure_id)
            who = require(who, "edit_measures", current.agency_key).name
            old = measure_values(current)
            edited = _Edited("measure", measure_id, current.title, current.version, current.deleted, old)
            diff = self._changed(
                conn, edited, changes, expected_version, lambda m: clean_measure(m, current.year, kept=old)
            )
            if not diff:
                return current
            now = _now()
            version = current.version + 1
            conn.execute(
                update(measures)
                .where(measures.c.id == measure_id)
                .values(version=version, updated_at=now, **db_values(diff))
            )
            self._log(
                conn,
                who,
                "update",
                "measure",
                measure_id,
                measure_id,
                {k: (as_text(old[k]), as_text(v)) for k, v in diff.items()},
                version,
                now,
            )
        return replace(current, version=version, **diff)

    def delete_measure(self, measure_id: int, expected_version: int, who: Actor | str) -> Measure:
        """Soft delete: the measure disappears from lists, keeps its history and can be restored."""
        return self._set_deleted(measure_id, True, expected_version, who)

    def restore_measure(self, measure_id: int, who: Actor | str, expected_version: int | None = None) -> Measure:
        """Undo a delete (``expected_version``: the deleted row's version; None restores whatever it is)."""
        return self._set_deleted(measure_id, False, expected_version, who)

    def _set_deleted(self, measure_id: int, deleted: bool, expected_version: int | None, who: Actor | str) -> Measure:
        with self.engine.begin() as conn:
            current = self._lock_measure(conn, measure_id)
            who = require(who, "edit_measures", current.agency_key).name
            if expected_version is not None and current.version != expected_version:
                raise self._stale(
                    conn,
                    "measure",
                    measure_id,
                    current.title,
                    expected_version,
                    current.version,
                    {"deleted": deleted},
                    {"deleted": current.deleted},
                )
            if current.deleted == deleted:
                return current
            now = _now()
            version = current.version + 1
            conn.execute(
                update(measures)
                .where(measures.c.id == measure_id)
                .values(deleted=deleted, version=version, updated_at=now)
            )
            self._log(
                conn,
                who,
                "delete" if deleted else "restore",
                "measure",
                measure_id,
                measure_id,
                {"deleted": (as_text(current.deleted), as_text(deleted))},
                version,
                now,
            )
        return replace(current, deleted=deleted, version=version)

    def move_agency(self, old_key: str, new_key: str, agency: str, who: Actor | str) -> int:
        """Every measure of ``old_key`` becomes a measure of ``new_key`` (named ``agency``): two agencies were
        merged (an administrator's action). Each move is a new version with its history row; returns how many
        moved."""
        who = require(who, "link_agencies").name
        now = _now()
        with self.engine.begin() as conn:
            moved = conn.execute(select(measures).where(measures.c.agency_key == old_key)).all()
            for row in moved:
                current = measure_from_row(row)
                conn.execute(
                    update(measures)
                    .where(measures.c.id == current.id)
                    .values(agency_key=new_key, agency=agency, version=current.version + 1, updated_at=now)
                )
                fields = {"agency_key": (old_key, new_key), "agency": (current.agency, agency)}
                measure_id = cast(int, current.id)  # read from the store: it has one
                self._log(conn, who, "move", "measure", measure_id, measure_id, fields, current.version + 1, now)
        return len(moved)

    # ------------------------------------------------------------------ writing follow-ups

    def update_follow_up(
        self,
        measure_id: int,
        round_months: int,
        changes: Mapping[str, Any],
        expected_version: int,
        who: Actor | str,
    ) -> FollowUp:
        """Report progress for one round of a measure, based on the follow-up as read at ``expected_version``
        (a round never written has version 0 when it is read without a row, 1 once created with the measure)."""
        if round_months not in ROUNDS:
            raise ValueError(f"round must be one of {ROUNDS}, got {round_months}")
        with self.engine.begin() as conn:
            measure = self._lock_measure(conn, measure_id)  # also serialises with a delete of the measure
            who = require(who, "edit_measures", measure.agency_key).name
            row = conn.execute(
                select(follow_ups).where(
                    and_(follow_ups.c.measure_id == measure_id, follow_ups.c.round == round_months)
                )
            ).first()
            now = _now()
            if row is None:  # a measure saved without its rounds (older data): create the round now
                conn.execute(
                    follow_ups.insert().values(measure_id=measure_id, round=round_months, version=0, updated_at=now)
                )
                row = conn.execute(
                    select(follow_ups).where(
                        and_(follow_ups.c.measure_id == measure_id, follow_ups.c.round == round_months)
                    )
                ).first()
            current = follow_up_from_row(row)
            title = f"{measure.title} ({t(f'round_{round_months}', 'th')})"
            old = follow_up_values(current)
            edited = _Edited("follow_up", cast(int, current.id), title, current.version, measure.deleted, old)
            diff = self._changed(conn, edited, changes, expected_version, lambda f: clean_follow_up(f, measure.year))
            if not diff:
                return current
            version = current.version + 1
            conn.execute(
                update(follow_ups).where(follow_ups.c.id == current.id).values(version=version, updated_at=now, **diff)
            )
            self._log(
                conn,
                who,
                "update",
                "follow_up",
                cast(int, current.id),
                measure_id,
                {k: (as_text(old[k]), as_text(v)) for k, v in diff.items()},
                version,
                now,
            )
        return replace(current, version=version, **diff)

    # ------------------------------------------------------------------ internals

    def _lock_measure(self, conn: Connection, measure_id: int) -> Measure:
        # The no-op write comes first: it takes the row lock (PostgreSQL) or the database write lock (SQLite)
        # before anything is read, so what is read next is the latest committed row and stays so.
        locked = conn.execute(
            update(measures).where(measures.c.id == measure_id).values(version=measures.c.version)
        ).rowcount
        if not locked:
            raise NotFound(measure_id)
        return measure_from_row(conn.execute(select(measures).where(measures.c.id == measure_id)).one())

    def _changed(
        self,
        conn: Connection,
        edited: _Edited,
        changes: Mapping[str, Any],
        expected_version: int,
        clean: Callable[[dict[str, Any]], tuple[dict[str, Any], list[FieldProblem]]],
    ) -> dict[str, Any]:
        """What an edit read at ``expected_version`` really changes in the locked row: the fields whose cleaned
        value differs. Raises ``StaleEdit`` (with both values) when the row has moved on or was deleted since, and
        ``InvalidEdit`` when the edited row would break a rule (``clean``: the row's own checks)."""
        if edited.deleted or edited.version != expected_version:
            raise self._stale(
                conn,
                edited.entity,
                edited.entity_id,
                edited.title,
                expected_version,
                edited.version,
                changes,
                edited.values,
                deleted=edited.deleted,
            )
        merged = {**edited.values, **changes}
        values, problems = clean(merged)
        if problems:  # named by the title being typed when the row has one of its own (a measure)
            named = merged.get("title") if "title" in edited.values else None
            raise InvalidEdit(problems, str(named or edited.title))
        return {k: v for k, v in values.items() if k in changes and v != edited.values[k]}

    def _stale(
        self,
        conn: Connection,
        entity: str,
        entity_id: int,
        title: str,
        expected: int,
        current: int,
        yours: Mapping[str, Any],
        theirs: Mapping[str, Any],
        deleted: bool = False,
    ) -> StaleEdit:
        last = conn.execute(
            select(history.c.who, history.c.at)
            .where(and_(history.c.entity == entity, history.c.entity_id == entity_id))
            .order_by(history.c.id.desc())
            .limit(1)
        ).first()
        conflicts = [Conflict(name, value, theirs.get(name)) for name, value in yours.items()]
        return StaleEdit(
            entity,
            entity_id,
            title,
            expected,
            current,
            conflicts,
            last.who if last else "",
            last.at if last else None,
            deleted,
        )

    @staticmethod
    def _log(
        conn: Connection,
        who: str,
        action: str,
        entity: str,
        entity_id: int,
        measure_id: int,
        fields: Mapping[str, Any],
        version: int,
        at: dt.datetime,
        fresh: bool = False,
    ) -> None:
        # ``fields``: name → (old, new) as text; for a new row (``fresh``) name → new.
        rows = [
            {
                "at": at,
                "who": who or "",
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "measure_id": measure_id,
                "field": name,
                "version": version,
                "old": None if fresh else value[0],
                "new": value if fresh else value[1],
            }
            for name, value in fields.items()
        ]
        conn.execute(history.insert(), rows)


def open_store(url: str | None = None, engine: Engine | None = None) -> Store:
    """The store on ``url`` (default: ``ITA_DATABASE_URL``, else ``data/ita.db``), migrated to the current schema."""
    return Store(engine or engine_for(url))
