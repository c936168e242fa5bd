"""The O42 section on putting the analysis into practice ("แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"), drafted from
the result, its findings and the measures set for the next fiscal year."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ita.analysis.agency import AgencyYear
from ita.common.thai import natural_list
from ita.measures.model import MeasureWithFollowUps, round_end
from ita.measures.rounds import live_measures
from ita.reports.templates import FULL_MARKS, Templates, score_text, thai_date

if TYPE_CHECKING:
    from ita.reports.draft import Findings


def practice_text(
    result: AgencyYear, found: Findings, measures: Sequence[MeasureWithFollowUps], tpl: Templates, common: dict
) -> str:
    """'แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ': who hears the analysis, what comes first (the urgent weakness, or
    the lowest indicators when there is none), who carries the measures out, when they are followed up."""
    names = natural_list([f"ตัวชี้วัด{r.indicator.name_th}" for r in found.weaknesses])
    if names:
        first = tpl.text("o42.practice_urgent", weak_names=names, **common)
    else:
        low, high = min(r.score for r in found.ranked), max(r.score for r in found.ranked)
        lowest = natural_list([f"ตัวชี้วัด{r.indicator.name_th}" for r in found.ranked if r.score == low])
        if low >= FULL_MARKS:  # a perfect score has no lowest to develop
            first = tpl.text("o42.practice_all_full", **common)
        elif low == high:
            first = tpl.text("o42.practice_all_equal", score=score_text(low), **common)
        else:
            first = tpl.text("o42.practice_no_urgent", low_names=lowest, **common)
    words = tuple(tpl.list("o42.unit_words"))
    units = _distinct_units(u for item in live_measures(measures) for u in _units(item.measure.responsible, words))
    assign = (
        tpl.text("o42.practice_assign", units=natural_list(units), **common)
        if units
        else tpl.text("o42.practice_assign_none", **common)
    )
    year = result.measure_year
    return tpl.text(
        "o42.practice",
        head=result.kind.head_of(result.agency) or tpl.text("o42.practice_head"),
        first=first,
        assign=assign,
        six_month_end=thai_date(round_end(year, 6), tpl),
        twelve_month_end=thai_date(round_end(year, 12), tpl),
        **common,
    )


def _units(responsible: str, unit_words: tuple[str, ...]) -> list[str]:
    """The units of a measure's 'ผู้รับผิดชอบ' cell: one per line or comma, and in a line of several ('สำนักปลัดเทศบาล
    ร่วมกับกองคลัง กองช่าง และกองยุทธศาสตร์และงบประมาณ') each that starts with a unit's word (``unit_words``: กอง,
    สำนัก…) after a space, 'ร่วมกับ' or ' และ'. A unit's own words stay whole: 'กองยุทธศาสตร์และงบประมาณ', 'กองการศึกษา
    ศาสนา และวัฒนธรรม'."""
    units = []
    starts = _unit_starts(unit_words)
    for line in re.split(r"[\n,]", responsible or ""):
        units += [u.strip(" -•") for u in starts.split(line) if u.strip(" -•")]
    return units


def _unit_starts(unit_words: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(map(re.escape, unit_words)) or "(?!)"
    return re.compile(rf"(?:\s+(?:ร่วมกับ|และ|กับ)?\s*|ร่วมกับ\s*)(?=(?:{words}))")


def _distinct_units(units: Iterable[str]) -> list[str]:
    """Each unit once, in order: an office named alone where it is also named with its section in brackets
    ('สำนักงานจังหวัดสกลนคร' beside 'สำนักงานจังหวัดสกลนคร (กลุ่มงานยุทธศาสตร์…)') is said once, with its section."""
    listed = list(dict.fromkeys(units))
    with_section = {_BRACKETED.sub("", u).strip() for u in listed if _BRACKETED.search(u)}
    return [u for u in listed if _BRACKETED.search(u) or u not in with_section]


_BRACKETED = re.compile(r"\s*\([^()]*\)\s*$")
