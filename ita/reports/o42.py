"""The O42 document: analysis of an assessment year's ITA result with the measures for the next year.

Sections follow the published O42 reports (ITA-DOMAIN.md section 4): preface; 1 rationale; 2 the result
(total, grade, framework, tool scores, recommendations per tool, the indicator chart); 3 the analysis
(ranked indicators, strengths, urgent weaknesses); 4 issues to improve per tool; 5 the measures; the
signatures. Texts come from the draft (edited by the user); scores, ranks and measures from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ita.analysis.agency import AgencyYear
from ita.common.text import t
from ita.measures.model import Measure, MeasureWithFollowUps, round_end
from ita.measures.rounds import live_measures
from ita.reports.docx_thai import ThaiDocument
from ita.reports.draft import O42Draft, all_pass, draft_o42, findings
from ita.reports.figures import PRINT_SIZE, o42_chart
from ita.reports.templates import ReportStyle, Templates, load_templates, score_text, thai_date
from ita.rules.frameworks import Framework
from ita.views.images import ChartUnavailable, Exporter, figure_png


@dataclass(frozen=True)
class Rendered:
    """A generated document: its bytes, and what the user should know about how it came out."""

    content: bytes
    chart_included: bool
    notes: tuple[str, ...] = ()  # why the chart is a table: ChartUnavailable codes, said as text "chart_reason_<code>"


def band_of(score: float, framework: Framework, lang: str = "th") -> str:
    """The grade band a single score falls in (the shading of the chart). Where the labels also ask each tool for a
    floor (from 2566 ผ่านดี needs every tool at 85), a label is the agency's, never one indicator's: the band is
    named by its range ('85–94.99', 'ต่ำกว่า 70')."""
    rounded = round(score, 2)
    if not any(g.min_each_tool is not None for g in framework.grades):
        grade = next((g for g in framework.grades if rounded >= g.min_total), framework.grades[-1])
        return grade.label(lang)
    lows = sorted({g.min_total for g in framework.grades}, reverse=True)
    k = next((k for k, low in enumerate(lows) if rounded >= low), len(lows) - 1)
    if k == 0:
        return t("band_at_least", lang, low=f"{lows[0]:g}")
    if lows[k] <= 0:
        return t("band_below", lang, high=f"{lows[k - 1]:g}")
    return t("band_between", lang, low=f"{lows[k]:g}", high=f"{lows[k - 1] - 0.01:.2f}")


def _labels(tpl: Templates, section: str) -> dict[str, str]:
    return {k: v for k, v in tpl.raw[section]["labels"].items() if isinstance(v, str)}


def measure_rows(measures: Sequence[MeasureWithFollowUps], tpl: Templates) -> list[list[str]]:
    """Rows of the measures table: มาตรการ | แนวทางการปฏิบัติ | ขั้นตอน/วิธีการปฏิบัติ | ผู้รับผิดชอบ | ระยะเวลาดำเนินการ |
    การกำกับติดตาม."""
    rows = []
    for item in live_measures(measures):
        m = item.measure
        title = m.title
        if m.indicators:
            title += "\n" + tpl.text("o42.labels.measure_indicators", numbers=", ".join(str(n) for n in m.indicators))
        monitoring = m.monitoring or tpl.text("o42.labels.monitoring_default")
        rows.append([title, m.guideline, m.steps, m.responsible, _timeframe(m, tpl), monitoring])
    return rows


def _timeframe(m: Measure, tpl: Templates) -> str:
    """'1 ตุลาคม 2563 – 31 มีนาคม 2564' from the measure's dates; one date says only what is known, and none the end
    of its fiscal year ('ภายใน 30 กันยายน 2564'). It had said 'ปีงบประมาณ พ.ศ. 2564', a word wider than the column:
    LibreOffice cut it ('ปีงบประมา|ณ')."""
    start = thai_date(m.start_date, tpl) if m.start_date else ""
    due = thai_date(m.due_date, tpl) if m.due_date else ""
    if start and due:
        return tpl.text("o42.labels.timeframe", start=start, due=due)
    if start or due:
        return tpl.text("o42.labels.timeframe_from" if start else "o42.labels.timeframe_until", start=start, due=due)
    return tpl.text("o42.labels.timeframe_until", due=thai_date(round_end(m.year, 12), tpl))


@dataclass(frozen=True)
class _Writing:
    """What every section of one O42 reads: the document being written, the texts and the result."""

    doc: ThaiDocument
    tpl: Templates
    style: ReportStyle
    result: AgencyYear
    draft: O42Draft
    common: dict[str, object]
    labels: dict[str, str]

    def head(self, key: str, **values: object) -> str:
        return self.tpl.text(f"o42.headings.{key}", **self.common, **values)

    def label(self, key: str, **values: object) -> str:
        return self.tpl.text(f"o42.labels.{key}", **self.common, **values)


def _preface(w: _Writing) -> None:
    """Page 1: the title, the preface and its signature."""
    doc, style, draft = w.doc, w.style, w.draft
    doc.centred(draft.title, size=style.title_size_pt, space_after=2)
    doc.spacer(14)
    doc.centred(w.head("preface"), size=style.size_pt + 2, space_after=8)
    doc.paragraphs(draft.preface)
    doc.spacer(18)
    for line in draft.preface_signature.split("\n"):
        doc.paragraphs(line, indent=False, left_cm=style.text_width_cm * 0.45, space_after=0)
    doc.page_break()


def _result(w: _Writing, exporter: Exporter | None, notes: list[str]) -> bool:
    """Sections 1 and 2: the rationale, the result by tool, the recommendations and the indicator chart.
    Returns whether the chart is a picture (else it is a table, and ``notes`` says why)."""
    doc, framework, score = w.doc, w.result.framework, w.result.score
    doc.heading(w.head("rationale"), 1, "1.")
    doc.paragraphs(w.draft.rationale)
    doc.heading(w.head("result"), 1, "2.")
    doc.paragraphs(w.draft.result)
    tool_rows = [[f"{t.code} {t.name_th}", f"{t.weight:g}", score_text(score.tools[t.code])] for t in framework.tools]
    # The grade on a line of its own: in the cell beside the total, "(ต้อง|ปรับปรุง)" broke inside the label.
    tool_rows.append([w.labels["tool_total"], "100", f"{score_text(score.total)}\n({score.grade.label_th})"])
    doc.table(w.tpl.list("o42.labels.tool_table"), tool_rows, [10, 3, 4], align=["left", "center", "center"])
    doc.heading(w.head("recommendations"), 2, "2.1")
    doc.paragraphs(w.draft.recommendations)
    return _chart(w, exporter, notes)


def _chart(w: _Writing, exporter: Exporter | None, notes: list[str]) -> bool:
    """The indicator chart as a picture, or, when no chart can be exported (or none was asked for), the same figures
    as a table under a table's caption. Why is said to whoever prepares the document (``notes``), never in it: the
    document is for publication."""
    doc, framework = w.doc, w.result.framework
    chart_title = w.head("chart")
    try:
        png = figure_png(o42_chart(w.result), *PRINT_SIZE, exporter=exporter)
        doc.picture(png)
        doc.caption(chart_title)
        return True
    except ChartUnavailable as exc:
        notes.append(exc.code)
        doc.caption(w.head("chart_table"), above=True)
        rows = [
            [f"{ind.number}. {ind.name_th}", ind.tool, score_text(s), band_of(s, framework)]
            for ind, s in zip(framework.indicators, w.result.score.indicators, strict=False)
        ]
        doc.table(
            w.tpl.list("o42.labels.chart_fallback_table"),
            rows,
            [8, 2.5, 2.5, 3],
            align=["left", "center", "center", "center"],
        )
        return False


def _analysis(w: _Writing) -> None:
    """Section 3: the indicators ranked, the strengths and the urgent weaknesses."""
    doc, found = w.doc, findings(w.result)
    doc.heading(w.head("analysis"), 1, "3.")
    doc.paragraphs(w.draft.analysis)
    doc.heading(w.head("ranked"), 2, "3.1")
    doc.table(
        w.tpl.list("o42.labels.ranked_table"),
        [
            [
                str(r.rank),
                w.label("indicator_line", number=r.indicator.number, name=r.indicator.name_th),
                r.indicator.tool,
                score_text(r.score),
            ]
            for r in found.ranked
        ],
        [2, 9, 2.5, 2.5],
        align=["center", "left", "center", "center"],
    )
    strengths = found.strengths
    mark = f"{w.result.framework.pass_mark:g}"
    doc.heading(w.head("strengths_all_pass" if all_pass(found) else "strengths", pass_mark=mark), 2, "3.2")
    if not strengths:
        doc.paragraphs(w.label("strengths_none", pass_mark=mark))  # a list's place: no "จึงสรุปได้ว่า" with nothing before
    for r in strengths:
        doc.leader_line(
            w.label("indicator_line", number=r.indicator.number, name=r.indicator.name_th),
            w.label("score_line", score=score_text(r.score)),
        )
    doc.heading(w.head("weaknesses" if found.weaknesses else "weaknesses_none"), 2, "3.3")  # "(the lowest)": if any
    if not found.weaknesses:
        doc.paragraphs(w.label("weaknesses_none", pass_mark=mark))
    for r in found.weaknesses:
        doc.leader_line(
            w.label("indicator_line", number=r.indicator.number, name=r.indicator.name_th),
            w.label("score_line", score=score_text(r.score)),
        )


def _issues(w: _Writing) -> None:
    """Section 4: the issues to improve, one table per tool ('none' when a tool has none)."""
    framework = w.result.framework
    w.doc.heading(w.head("issues"), 1, "4.")
    for k, tool in enumerate(framework.tools, start=1):
        w.doc.heading(
            w.head("issues_tool", tool_name=tool.name_th, tool_name_en=tool.name_en, tool=tool.code), 2, f"4.{k}"
        )
        rows = [
            [f"{row.indicator}\n({score_text(row.score)})", row.assessment, row.improve]
            for row in w.draft.issues
            if row.tool == tool.code
        ]
        if not rows:
            rows = [["-", "-", w.label("issues_none", pass_mark=f"{framework.pass_mark:g}")]]
        w.doc.table(w.tpl.list("o42.labels.issues_table"), rows, [3.2, 6, 6.8])


def _practice(w: _Writing) -> None:
    """Section 5: putting the analysis into practice (the foreword promises it)."""
    w.doc.heading(w.head("practice"), 1, "5.")
    w.doc.numbered(w.draft.practice)


def _measures(w: _Writing, measures: Sequence[MeasureWithFollowUps]) -> None:
    """Section 6: the measures, landscape so that five columns of Thai text stay readable."""
    doc = w.doc
    rows = measure_rows(measures, w.tpl)
    if rows:  # no table: the note stays on the portrait page, not alone on a landscape one
        doc.landscape_section()
    doc.heading(w.head("measures"), 1, "6.")
    if not rows:  # no "ดังนี้" followed by nothing
        doc.paragraphs(w.tpl.text("o42.measures_none", **w.common))
        return
    for intro in doc.paragraphs(w.draft.measures_intro):  # on the page of the table's first row, with the heading
        intro.paragraph_format.keep_with_next = True
    # The guideline and the steps are the long texts: most of the width, so a measure's row is short enough to stay on
    # one page (with a sixth each, a row ran to 17 lines and over three pages).
    doc.table(w.tpl.list("o42.labels.measures_table"), rows, [3.6, 6.3, 6.3, 2.9, 2.9, 2.7])
    # The closing line, which the signatures keep with: a table's last row does not carry what follows it to the next
    # page in LibreOffice, so without a line of text the signatures could stand alone on the last page.
    year = w.result.measure_year
    doc.paragraphs(
        w.tpl.text(
            "o42.measures_closing",
            six_month_end=thai_date(round_end(year, 6), w.tpl),
            twelve_month_end=thai_date(round_end(year, 12), w.tpl),
            **w.common,
        )
    )


def render_o42(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    draft: O42Draft | None = None,
    *,
    style: ReportStyle | None = None,
    templates: Templates | None = None,
    exporter: Exporter | None = None,
) -> Rendered:
    """The O42 as ``.docx`` bytes. ``draft`` defaults to the drafted texts; ``exporter`` replaces the
    chart exporter (tests use it to simulate a machine without a browser)."""
    tpl = templates or load_templates()
    draft = draft or draft_o42(result, measures, templates=tpl)
    style = style or tpl.style()
    common: dict[str, object] = {
        "agency": result.agency,
        "result_year": result.year,
        "measure_year": result.measure_year,
        "location_short": (result.location + " ") if result.location else "",
        "source": result.kind.source or tpl.text("o42.source"),
    }
    labels = _labels(tpl, "o42")
    w = _Writing(ThaiDocument(style), tpl, style, result, draft, common, labels)
    notes: list[str] = []
    _preface(w)
    chart_ok = _result(w, exporter, notes)
    _analysis(w)
    _issues(w)
    _practice(w)
    _measures(w, measures)
    w.doc.signatures(
        [
            (labels["sign_prepared"], draft.prepared_by, draft.prepared_position),
            (labels["sign_approved"], draft.approved_by, draft.approved_position),
        ],
        labels,
    )
    w.doc.describe(draft.title.split("\n")[0], w.result.agency)
    return Rendered(w.doc.to_bytes(), chart_ok, tuple(notes))
