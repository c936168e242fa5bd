"""What the measures store returns and refuses: a history change, an edit conflict, the refusals a user reads
(``NotFound``, ``InvalidEdit``, ``StaleEdit``), and a value as the history stores it.

``ita.measures.store`` re-exports every name here, so ``from ita.measures.store import StaleEdit`` keeps working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ita.common.text import t
from ita.common.thai import be_date, be_datetime, parse_date
from ita.measures.model import DATE_FIELDS, FieldProblem


@dataclass(frozen=True)
class Change:
    """One row of the history: one field of one row changed (or a whole row created/deleted/restored)."""

    id: int
    at: dt.datetime  # UTC
    who: str
    action: str  # create, update, delete, restore
    entity: str  # measure, follow_up
    entity_id: int
    measure_id: int | None
    field: str  # "" for a whole-row action
    old: str | None  # values as text: dates ISO, indicators "1,9"
    new: str | None
    version: int  # the row's version after the change


@dataclass(frozen=True)
class Conflict:
    field: str
    yours: Any
    theirs: Any


class StoreError(Exception):
    """A refusal a user should read; ``message(lang)`` says it in Thai or English."""

    def message(self, lang: str = "th") -> str:  # pragma: no cover - overridden
        return str(self)

    def __str__(self) -> str:
        return self.message("en")


class NotFound(StoreError):
    def __init__(self, row_id: int) -> None:
        super().__init__(row_id)
        self.row_id = row_id

    def message(self, lang: str = "th") -> str:
        return t("store_not_found", lang, id=self.row_id)


class InvalidEdit(StoreError):
    """Values that break a rule; ``problems`` lists every one (field, Thai and English message)."""

    def __init__(self, problems: Sequence[FieldProblem], title: str = "") -> None:
        super().__init__(problems)
        self.problems = list(problems)
        self.title = title

    def message(self, lang: str = "th") -> str:
        return t("store_invalid", lang, title=self.title, problems="; ".join(p.message(lang) for p in self.problems))


class StaleEdit(StoreError):
    """An edit based on an old version: someone else saved first. Carries both values of every field the
    edit touched (``conflicts``: yours and the saved one), who saved last and when."""

    def __init__(
        self,
        entity: str,
        entity_id: int,
        title: str,
        expected_version: int,
        current_version: int,
        conflicts: Sequence[Conflict],
        saved_by: str,
        saved_at: dt.datetime | None,
        deleted: bool = False,
    ) -> None:
        super().__init__(entity_id)
        self.entity, self.entity_id, self.title = entity, entity_id, title
        self.expected_version, self.current_version = expected_version, current_version
        self.conflicts, self.saved_by, self.saved_at, self.deleted = list(conflicts), saved_by, saved_at, deleted

    def message(self, lang: str = "th") -> str:
        when = _local_time(self.saved_at) if self.saved_at else "?"
        who = self.saved_by or t("store_someone", lang)
        if self.deleted:
            return t("store_stale_deleted", lang, title=self.title, who=who, when=when)
        head = t(
            "store_stale",
            lang,
            title=self.title,
            who=who,
            when=when,
            current=self.current_version,
            expected=self.expected_version,
        )
        lines = [
            t(
                "store_conflict",
                lang,
                field=t(f"mf_{c.field}", lang),
                yours=readable(c.field, as_text(c.yours), lang),
                theirs=readable(c.field, as_text(c.theirs), lang),
            )
            for c in self.conflicts
        ]
        return "\n".join([head, *("- " + line for line in lines)])


def _local_time(moment: dt.datetime) -> str:
    """A UTC moment as Thai wall-clock time with its B.E. year, to the minute ('2569-11-29 14:05')."""
    return be_datetime(moment)


def as_text(value: Any) -> str | None:
    """A value as the history stores it: dates ISO, indicators ``"1,9"``, booleans ``true``/``false``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


def readable(field_name: str, value: str | None, lang: str) -> str:
    """A field's stored value (``as_text``) as people read it: a status by its label, a date in B.E., a yes or no in
    words, nothing as "—". The history and every message about a value use it."""
    if value is None or value == "":
        return "—"
    if field_name == "status":
        return t(f"status_{value}", lang)
    if field_name == "deleted":
        return t("me_yes" if value == "true" else "me_no", lang)
    if field_name == "indicators":
        return ", ".join(value.split(","))
    if field_name in DATE_FIELDS:  # stored ISO (C.E.) or typed (B.E. or C.E., as the model reads it): shown B.E.
        try:
            return be_date(parse_date(value))
        except ValueError:
            return value  # as typed, when it is no date
    return value
