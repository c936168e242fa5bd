"""What the measures store would refuse in an imported workbook, found before anything is written: an import is
all or nothing (``ita.measures.xlsx.import_xlsx``). The store checks each edit on its own, in its own transaction;
without this pass a refusal met halfway left the rows before it saved under a message that said nothing was.

Checked per row, as the store will check it: whether the person importing may edit that agency's measures, the
measure's rules on its year in the database (a row cannot move a measure to another year), and each follow-up's
rules on the values it will have. A row changed in the database since the export is not a refusal here: it is
reported as stale by the store and the other rows still apply, as the import's summary says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ita.access.roles import Actor, NotAllowed, require
from ita.common.problems import ERROR, Problem
from ita.common.text import both, t
from ita.measures.model import (
    FieldProblem,
    FollowUp,
    Measure,
    clean_follow_up,
    clean_measure,
    follow_up_values,
    measure_values,
)
from ita.measures.store import Store
from ita.measures.xlsx_export import FOLLOW_UPS_SHEET, MEASURES_SHEET

if TYPE_CHECKING:
    from ita.measures.xlsx import MeasureRow, ParsedWorkbook


def refusals(
    store: Store, parsed: ParsedWorkbook, name: str, who: Actor | str, by_uid: dict[str, Measure]
) -> list[Problem]:
    """Every problem the store would raise for the workbook's rows (``by_uid``: the database's measures, deleted
    ones too), each on its file row."""
    found: list[Problem] = []
    years: dict[str, int] = {}
    for row in parsed.measures:
        current = by_uid.get(row.uid) if row.uid else None
        found += _measure_refusals(row, current, name, who)
        years[row.uid] = current.year if current else row.year
    rounds = store.follow_ups(m.id for m in by_uid.values() if m.id is not None and m.uid in years)
    ids = {uid: by_uid[uid].id for uid in years if uid in by_uid}
    for fu in parsed.follow_ups:
        if fu.uid not in years:
            continue
        measure_id = ids.get(fu.uid)
        current_fu = rounds.get(measure_id, {}).get(fu.round) if measure_id is not None else None
        old = follow_up_values(current_fu or FollowUp(0, fu.round))
        _, problems = clean_follow_up({**old, **fu.values}, years[fu.uid])
        found += rule_problems(name, FOLLOW_UPS_SHEET, fu.row, problems)
    return found


def _measure_refusals(row: MeasureRow, current: Measure | None, name: str, who: Actor | str) -> list[Problem]:
    try:
        require(who, "edit_measures", current.agency_key if current else row.agency_key)
    except NotAllowed as exc:
        th, en = both("mx_not_allowed", reason_th=exc.message("th"), reason_en=exc.message("en"))
        return [field_problem(name, MEASURES_SHEET, row.row, "agency", "mx_not_allowed", th, en)]
    if current is not None and row.year != current.year:
        th, en = both("mx_year_differs", file_year=row.year, year=current.year)
        return [field_problem(name, MEASURES_SHEET, row.row, "year", "mx_year_differs", th, en)]
    values: dict[str, Any] = {**measure_values(current), **row.values} if current else row.values
    kept = measure_values(current) if current else None
    _, problems = clean_measure(values, current.year if current else row.year, kept=kept)
    return rule_problems(name, MEASURES_SHEET, row.row, problems)


def rule_problems(name: str, sheet: str, row: int, problems: Sequence[FieldProblem]) -> list[Problem]:
    """The store's rule problems of one row (``ita.measures.model.FieldProblem``), placed on the file's row."""
    return [field_problem(name, sheet, row, p.field, p.code, p.message_th, p.message_en) for p in problems]


def field_problem(name: str, sheet: str, row: int, field: str, code: str, th: str, en: str) -> Problem:
    """An error on a file row, named by the measure field it concerns (its message already in both languages)."""
    return Problem(name, sheet, row, None, t(f"mf_{field}"), ERROR, code, th, en)
