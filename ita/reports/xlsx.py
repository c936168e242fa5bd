"""An agency's scores, analysis and measures as a formatted ``.xlsx`` workbook.

Sheets: scores (the result, the ten indicators with weight, band, points lost and rank, the tools),
analysis (strengths, urgent weaknesses, indicators under the pass mark, the cheapest route to the next
band), measures (each measure with both follow-up rounds) and, when the data has several years, the
history. Scores carry the ``0.00`` format (values stay numbers), progress ``0"%"``, grade cells the
grade's colour. Text a user typed is written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ita.analysis.agency import AgencyYear
from ita.analysis.metrics import points_lost
from ita.common.plaintext import file_property, write_cell
from ita.common.sheet_layout import fit_heading_words, fit_rows, print_setup, title_in_page_header
from ita.common.text import t
from ita.common.thai import natural_list
from ita.measures.model import ROUNDS, MeasureWithFollowUps
from ita.measures.rounds import latest_follow_up, live_measures
from ita.reports.draft import findings
from ita.reports.o42 import band_of
from ita.rules.frameworks import default_frameworks

SCORE_FORMAT = "0.00"
PERCENT_FORMAT = '0"%"'
HEADER_FILL = "1F4E79"
TITLE_FONT_SIZE = 16
FONT = "TH Sarabun New"  # as the documents; Excel falls back to a Thai system font without it
FONT_SIZE = 14
LINE_HEIGHT = 21  # points per line: Thai marks above and below need more than Excel's default 15
_THIN = Side(style="thin", color="B7B7B7")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _font(**kw: Any) -> Font:
    return Font(name=FONT, size=kw.pop("size", FONT_SIZE), **kw)


def _fill(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color.lstrip("#").upper())


def _readable_on(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    c = color.lstrip("#")
    r, g, b = (int(c[k : k + 2], 16) for k in (0, 2, 4))
    return "000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF"


def _put(
    ws: Worksheet, row: int, col: int, value: Any, *, fmt: str | None = None, bold: bool = False, wrap: bool = False
):
    if isinstance(value, float):
        value = round(value, 6)  # 0.0762, not 0.07619999999999977 in the formula bar
    cell = write_cell(ws, row, col, value)  # a user's text is never a formula
    cell.font = _font(bold=bold)
    if fmt:
        cell.number_format = fmt
    # A whole number (a rank, an indicator's number, a weight) is centred: right-aligned beside a name that starts
    # with a number, rank 1 and '10. การป้องกันการทุจริต' printed as '110. การป้องกัน…'.
    centred = isinstance(value, int) and not isinstance(value, bool)
    cell.alignment = Alignment(vertical="top", wrap_text=wrap, horizontal="center" if centred else None)
    return cell


def _title(ws: Worksheet, row: int, text: str) -> int:
    cell = write_cell(ws, row, 1, text)  # titles carry the agency's name
    cell.font = _font(bold=True, size=TITLE_FONT_SIZE)
    return row + 1


def _table(
    ws: Worksheet,
    row: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Sequence[str | None] | None = None,
    wrap: Sequence[bool] | None = None,
) -> int:
    """Header row (bold, white on dark blue) and bordered body rows; returns the next free row."""
    for c, text in enumerate(headers, start=1):
        cell = write_cell(ws, row, c, text)
        cell.font = _font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values, start=1):
            cell = _put(ws, r, c, value, fmt=(formats[c - 1] if formats else None), wrap=bool(wrap and wrap[c - 1]))
            cell.border = BORDER
    return row + len(rows) + 2


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for k, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w


def _finish(ws: Worksheet) -> None:
    """Columns as wide as their headings' words, row heights that fit Thai text and readable printing
    (``ita.common.sheet_layout``): the header row of the sheet's first table and its first column repeated on every
    printed page (the table the view freezes under, else the first), the sheet's title in the page header when it
    prints several pages wide."""
    headers = sorted({c.row for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb == f"00{HEADER_FILL}"})
    fit_heading_words(ws, headers)
    fit_rows(ws, LINE_HEIGHT, FONT_SIZE)
    header_row = ws[ws.freeze_panes].row - 1 if ws.freeze_panes else headers[0] if headers else None
    wide = print_setup(ws, f"{header_row}:{header_row}" if header_row else None, "A:A")
    if wide > 1 and header_row:
        title_in_page_header(ws, str(ws.cell(1, 1).value or ""), header_row)


def _grade_cell(cell, color: str) -> None:
    cell.fill = _fill(color)
    cell.font = _font(bold=True, color=_readable_on(color))
    cell.alignment = Alignment(horizontal="center", vertical="top")


def _named(thing: Any, lang: str) -> str:
    """A framework's, tool's or indicator's name in ``lang``."""
    return thing.name_th if lang == "th" else thing.name_en


def _facts(ws: Worksheet, row: int, result: AgencyYear, lang: str) -> int:
    """The result in label-value rows (the grade cell in the grade's colour); returns the next free row."""
    framework, score = result.framework, result.score
    facts = [
        (t("rx_framework", lang), t("rx_framework_value", lang, year=result.year)),  # no internal code
        (t("rx_total", lang), score.total),
        (t("rx_grade", lang), score.grade.label(lang)),
        (t("rx_passed", lang), t("rx_yes" if score.passed else "rx_no", lang)),
        (t("rx_pass_mark", lang), framework.pass_mark),
        (t("rx_measure_year", lang), result.measure_year),
    ]
    for label, value in facts:
        _put(ws, row, 1, label, bold=True)
        cell = _put(ws, row, 2, value, fmt=SCORE_FORMAT if isinstance(value, float) else None)
        if label == t("rx_grade", lang):
            _grade_cell(cell, score.grade.color)
        row += 1
    return row


def _indicator_table(ws: Worksheet, row: int, result: AgencyYear, found: Any, lang: str) -> int:
    """The indicators with weight, score, band (in the band's colour), points lost and rank; returns the next
    free row."""
    framework, score = result.framework, result.score
    lost = points_lost(score.indicators, framework).set_index("number")
    ranks = {r.indicator.number: r.rank for r in found.ranked}
    rows = [
        [
            ind.number,
            _named(ind, lang),
            ind.tool,
            ind.weight,
            value,
            band_of(value, framework, lang),
            float(lost.loc[ind.number, "points_lost"]),
            ranks[ind.number],
        ]
        for ind, value in zip(framework.indicators, score.indicators, strict=False)
    ]
    next_row = _table(
        ws,
        row,
        [
            t(k, lang)
            for k in (
                "rx_no_col",
                "rx_indicator",
                "rx_tool",
                "rx_weight",
                "rx_score",
                "rx_band",
                "rx_points_lost",
                "rx_rank",
            )
        ],
        rows,
        [None, None, None, "0", SCORE_FORMAT, None, SCORE_FORMAT, "0"],
    )
    for r, value in enumerate(score.indicators, start=row + 1):  # the colour of the band the chart shades there
        grade = next((g for g in framework.grades if round(value, 2) >= g.min_total), framework.grades[-1])
        _grade_cell(ws.cell(row=r, column=6), grade.color)
    return next_row


def _scores_sheet(ws: Worksheet, result: AgencyYear, found: Any, lang: str) -> None:
    """The result, the indicators and the tools."""
    framework, score = result.framework, result.score
    ws.title = t("rx_sheet_scores", lang)
    row = _title(ws, 1, f"{result.agency} · {t('rx_year_value', lang, year=result.year)}")
    header_row = _facts(ws, row, result, lang) + 1
    row = _indicator_table(ws, header_row, result, found, lang)
    tool_rows = [[tool.code, _named(tool, lang), tool.weight, score.tools[tool.code]] for tool in framework.tools]
    tool_rows.append([t("rx_total", lang), "", 100, score.total])
    _table(
        ws,
        row,
        [t(k, lang) for k in ("rx_tool", "rx_tool_name", "rx_weight", "rx_score")],
        tool_rows,
        [None, None, "0", SCORE_FORMAT],
    )
    _widths(ws, [22, 42, 12, 12, 12, 12, 14, 10])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def _analysis_sheet(wa: Worksheet, result: AgencyYear, found: Any, lang: str) -> None:
    """Strengths, urgent weaknesses and indicators under the pass mark, then the cheapest route to the next
    band (when there is a better band)."""
    framework = result.framework
    row = _title(wa, 1, t("rx_sheet_analysis", lang))
    heads = [t(k, lang) for k in ("rx_group", "rx_rank", "rx_indicator", "rx_tool", "rx_score")]
    analysed = [
        [
            t(key, lang, mark=f"{framework.pass_mark:g}"),
            r.rank,
            f"{r.indicator.number}. {_named(r.indicator, lang)}",
            r.indicator.tool,
            r.score,
        ]
        for key, group in (
            ("rx_strengths", found.strengths),
            ("rx_weaknesses", found.weaknesses),
            ("rx_below_pass", found.below_pass),
        )
        for r in group
    ]
    row = _table(wa, row + 1, heads, analysed, [None, "0", None, None, SCORE_FORMAT])
    nb = found.next_band
    if nb.target is not None:
        key = (
            "rx_route_both"
            if nb.floors_short and nb.points_needed > 0
            else "rx_route_floors"
            if nb.floors_short
            else "rx_route"
        )
        shorts = [t("rx_tool_short", lang, tool=code, points=f"{short:.2f}") for code, short in nb.floors_short.items()]
        tools = natural_list(shorts, lang)  # 'IIT ขาดอีก 3.82': a minus read as a fall
        floor = f"{nb.target.min_each_tool:g}" if nb.target.min_each_tool is not None else ""
        route = t(key, lang, grade=nb.target.label(lang), points=f"{nb.points_needed:.2f}", floor=floor, tools=tools)
        row = _title(wa, row, route)
        _table(
            wa,
            row,
            [t(k, lang) for k in ("rx_indicator", "rx_current", "rx_target", "rx_increase")],
            [[f"{s.indicator.number}. {_named(s.indicator, lang)}", s.current, s.target, s.delta] for s in nb.route],
            [None, SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT],
        )
    _widths(wa, [34, 10, 42, 12, 12])


def _measure_row(item: MeasureWithFollowUps, lang: str) -> list[Any]:
    """One measure with, per round, its status, progress, what was done (with the reason a measure cannot be done,
    as the O43 gives it) and the evidence; a round without a report of its own carries the latest earlier report's
    status and progress forward, said as that round's (as the O43 and its counts do), its text and evidence left
    to that round's columns."""
    m = item.measure
    values: list[Any] = [
        m.title,
        ", ".join(str(n) for n in m.indicators),
        m.guideline,
        m.steps,
        m.responsible,
        m.monitoring,
    ]
    for r in ROUNDS:
        fu = latest_follow_up(item, r)
        if fu is None:
            values += [t("rx_not_reported", lang), None, "", ""]
            continue
        if fu.round != r:  # an earlier round's report carried forward, and said so
            status = t(f"status_{fu.status}", lang)
            carried = t("rx_carried", lang, round=t(f"round_{fu.round}", lang), status=status)
            values += [carried, int(fu.progress), "", ""]
            continue
        reason = f"{t('mf_reason', lang)}: {fu.reason.strip()}" if fu.reason.strip() else ""
        done = "\n".join(part for part in (fu.done, reason) if part)
        values += [t(f"status_{fu.status}", lang), int(fu.progress), done, fu.evidence]
    return values


def _measures_sheet(wm: Worksheet, result: AgencyYear, measures: Sequence[MeasureWithFollowUps], lang: str) -> None:
    """Each live measure with both follow-up rounds."""
    row = _title(wm, 1, t("rx_measures_title", lang, year=result.measure_year))
    heads = [
        t("mf_title", lang),
        t("mf_indicators", lang),
        t("mf_guideline", lang),
        t("mf_steps", lang),
        t("mf_responsible", lang),
        t("mf_monitoring", lang),
    ]
    for r in ROUNDS:
        heads += [
            f"{t('mf_status', lang)} ({t(f'round_{r}', lang)})",
            f"{t('mf_progress', lang)} ({r})",
            f"{t('mf_done', lang)} ({r})",
            f"{t('mf_evidence', lang)} ({r})",
        ]
    mrows = [_measure_row(item, lang) for item in live_measures(measures)]
    formats = [None] * 6 + [None, PERCENT_FORMAT, None, None] * len(ROUNDS)
    _table(wm, row + 1, heads, mrows, formats, wrap=[True] * len(heads))
    _widths(wm, [30, 10, 40, 40, 18, 22] + [16, 12, 34, 28] * len(ROUNDS))
    wm.freeze_panes = wm.cell(row=row + 2, column=2)


def _history_rows(history: pd.DataFrame, lang: str = "th") -> list[list[Any]]:
    """One row per year, oldest first, with the change of the total from the last year that had one; each grade
    in ``lang`` (the table keeps the year's own word for it, Thai from 2566)."""
    cols = ["iit", "eit", "oit", "total"]
    hrows: list[list[Any]] = []
    previous: Any = None
    for rec in history.sort_values("year").to_dict("records"):
        change: Any = None if previous is None or pd.isna(rec["total"]) else rec["total"] - previous
        framework, _ = default_frameworks().for_year(int(rec["year"]))
        grade = framework.grade_word(rec.get("grade") or "", lang) if framework else rec.get("grade") or ""
        hrows.append(
            [int(rec["year"]), *[rec.get(c) for c in cols], grade, change, _criteria(rec.get("framework"), lang)]
        )
        previous = rec["total"] if not pd.isna(rec["total"]) else previous
    return hrows


def _criteria(framework_id: Any, lang: str) -> str:
    """The criteria a year was scored by, as a reader names them ('เกณฑ์ปี 2562'), not the framework's code."""
    for framework in default_frameworks().by_year.values():
        if framework.id == framework_id:
            own = "" if framework.origin == "bundled" else f" ({framework.origin})"
            return t("rx_criteria_of_year", lang, year=framework.year) + own
    return str(framework_id or "")


def _history_sheet(wh: Worksheet, history: pd.DataFrame, lang: str) -> None:
    """The agency's scores by year."""
    row = _title(wh, 1, t("rx_sheet_history", lang))
    _table(
        wh,
        row + 1,
        [
            t(k, lang)
            for k in ("rx_year", "rx_iit", "rx_eit", "rx_oit", "rx_total", "rx_grade", "rx_change", "rx_framework")
        ],
        _history_rows(history, lang),
        ["0", SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT, None, "+0.00;-0.00;0.00", None],
    )
    _widths(wh, [10, 12, 12, 12, 12, 16, 12, 22])


def agency_workbook(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    *,
    history: pd.DataFrame | None = None,
    lang: str = "th",
) -> bytes:
    """The workbook as bytes. ``history``: the tidy table's rows of this agency (any years), for the
    history sheet; left out when it has fewer than two years."""
    found = findings(result)
    wb = Workbook()
    author = file_property(result.agency)  # not "openpyxl", on a published file
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.title = file_property(f"ITA {result.agency} {result.year}")
    _scores_sheet(wb.active, result, found, lang)
    _analysis_sheet(wb.create_sheet(t("rx_sheet_analysis", lang)), result, found, lang)
    _measures_sheet(wb.create_sheet(t("rx_sheet_measures", lang)), result, measures, lang)
    if history is not None and history["year"].nunique() > 1:
        _history_sheet(wb.create_sheet(t("rx_sheet_history", lang)), history, lang)
    for sheet in wb.worksheets:
        sheet.sheet_view.showGridLines = sheet.title != t("rx_sheet_scores", lang)
        _finish(sheet)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
