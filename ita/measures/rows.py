"""Rows of the measures store's tables as model objects, and model values as the columns store them.

Used by ``ita.measures.store``; the tables themselves are in ``ita.measures.schema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ita.measures.edits import as_text
from ita.measures.model import FollowUp, Measure


def _indicators_from_db(value: str | None) -> tuple[int, ...]:
    return tuple(int(v) for v in (value or "").split(",") if v.strip())


def measure_from_row(row: Any) -> Measure:
    m = row._mapping
    return Measure(
        agency_key=m["agency_key"],
        agency=m["agency"],
        year=m["year"],
        title=m["title"],
        indicators=_indicators_from_db(m["indicators"]),
        guideline=m["guideline"],
        steps=m["steps"],
        responsible=m["responsible"],
        monitoring=m["monitoring"],
        start_date=m["start_date"],
        due_date=m["due_date"],
        id=m["id"],
        version=m["version"],
        deleted=bool(m["deleted"]),
        uid=m["uid"],
    )


def follow_up_from_row(row: Any) -> FollowUp:
    m = row._mapping
    return FollowUp(
        measure_id=m["measure_id"],
        round=m["round"],
        status=m["status"],
        progress=m["progress"],
        done=m["done"],
        evidence=m["evidence"],
        report_date=m["report_date"],
        reporter=m["reporter"],
        reason=m["reason"],
        id=m["id"],
        version=m["version"],
    )


def db_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (as_text(v) if k == "indicators" else v) for k, v in values.items()}
