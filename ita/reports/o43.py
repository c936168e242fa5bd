"""The O43 document: how the measures set by the O42 were carried out, for one follow-up round.

Sections: 1 background; 2 summary (counts by status, the late, mean progress, a chart of each measure's progress);
3 each measure with its due date, status, progress, what was done and the evidence; 4 problems, obstacles and
remedies (the late, the measures that could not be done, the unreported); 5 what comes next; signatures.
A measure with nothing reported in the round is listed as not reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from ita.analysis.agency import AgencyYear
from ita.measures.model import MeasureWithFollowUps
from ita.measures.rounds import NOT_REPORTED, late_at, latest_follow_up, live_measures
from ita.reports.docx_thai import ThaiDocument
from ita.reports.figures import PRINT_SIZE, chart_parts, o43_chart
from ita.reports.o42 import Rendered
from ita.reports.o43_draft import O43Draft, draft_o43
from ita.reports.templates import ReportStyle, Templates, load_templates, thai_date
from ita.views.images import ChartUnavailable, Exporter, figure_png


def follow_up_rows(measures: Sequence[MeasureWithFollowUps], round_months: int, tpl: Templates) -> list[list[str]]:
    """Rows of the details table: มาตรการ (its unit and due date) | ผลการดำเนินการและหลักฐาน | สถานะ / ความคืบหน้า
    (and late, when it was past its due date at the round's end). The evidence, a web address most often, is a line
    of the wide middle column: a column of its own was so narrow an address ran down sixteen lines."""
    rows = []
    for k, item in enumerate(measures, start=1):
        m = item.measure
        fu = latest_follow_up(item, round_months)  # an earlier round's report carried forward, and said so
        title = f"{k}. {m.title}"
        if m.responsible:
            title += "\n" + tpl.text("o43.labels.responsible", responsible=m.responsible)
        if m.due_date:
            title += "\n" + tpl.text("o43.labels.due", date=thai_date(m.due_date, tpl))
        late = "\n" + tpl.text("o43.labels.late") if late_at(item, round_months) else ""
        if fu is None:
            rows.append([title, tpl.text("o43.labels.no_evidence"), tpl.text("o43.labels.not_reported") + late])
            continue
        done = fu.done.strip() or "-"
        if fu.reason.strip():
            done += "\n" + tpl.text("o43.labels.reason", reason=fu.reason.strip())
        if fu.report_date or fu.reporter.strip():  # what is known of the report, and nothing in its place
            key = (
                "reported"
                if fu.report_date and fu.reporter.strip()
                else "reported_on"
                if fu.report_date
                else "reported_by"
            )
            date = thai_date(fu.report_date, tpl) if fu.report_date else ""
            done += "\n" + tpl.text(f"o43.labels.{key}", date=date, reporter=fu.reporter.strip())
        if fu.evidence.strip():
            done += "\n" + tpl.text("o43.labels.evidence", evidence=fu.evidence.strip())
        status = tpl.status(fu.status) + "\n" + tpl.text("o43.labels.progress", progress=int(fu.progress))
        if fu.round != round_months:
            status += "\n" + tpl.text("o43.labels.carried", months=fu.round)
        rows.append([title, done, status + late])
    return rows


def render_o43(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    round_months: int,
    draft: O43Draft | None = None,
    *,
    style: ReportStyle | None = None,
    templates: Templates | None = None,
    exporter: Exporter | None = None,
) -> Rendered:
    """The O43 for ``round_months`` (6 or 12) as ``.docx`` bytes."""
    tpl = templates or load_templates()
    items = live_measures(measures)
    draft = draft or draft_o43(result, items, round_months, templates=tpl)
    style = style or tpl.style()
    round_name = tpl.text(f"o43.round_{round_months}")
    notes: list[str] = []
    doc = ThaiDocument(style)

    def head(key: str) -> str:
        return tpl.text(f"o43.headings.{key}", round_name=round_name)

    doc.centred(draft.title, size=style.title_size_pt, space_after=2)
    doc.spacer(12)
    doc.heading(head("intro"), 1, "1.")
    doc.paragraphs(draft.intro)
    doc.heading(head("summary"), 1, "2.")
    doc.paragraphs(draft.summary)
    chart_ok = False
    if items:
        try:
            parts = chart_parts(len(items))
            for first, last in parts:  # one chart per page's worth of measures
                fig = o43_chart(items[first - 1 : last], round_months, tpl, first=first)
                doc.picture(figure_png(fig, PRINT_SIZE[0], int(fig.layout.height), exporter=exporter))
                many = {"first": first, "last": last}
                doc.caption(
                    tpl.text("o43.headings.chart_part", round_name=round_name, **many)
                    if len(parts) > 1
                    else head("chart")
                )
            chart_ok = True
        except ChartUnavailable as exc:  # the figures as a table; why is said to whoever prepares it (notes)
            notes.append(exc.code)
            doc.caption(head("chart_table"), above=True)
            rows = []
            for k, item in enumerate(items, start=1):
                fu = latest_follow_up(item, round_months)
                status = tpl.status(fu.status) if fu else tpl.text("o43.labels.not_reported")
                rows.append([f"{k}. {item.measure.title}", status, f"{int(fu.progress)}" if fu else "–"])
            doc.table(tpl.list("o43.labels.chart_fallback_table"), rows, [9, 4, 3], align=["left", "center", "center"])

    doc.heading(head("details"), 1, "3.")
    if items:
        doc.table(tpl.list("o43.labels.table"), follow_up_rows(items, round_months, tpl), [4.4, 7.6, 4.5])
    else:
        doc.paragraphs(tpl.text("o43.details_none"))
    doc.heading(head("obstacles"), 1, "4.")
    doc.paragraphs(draft.obstacles)
    doc.heading(head("conclusion"), 1, "5.")
    doc.paragraphs(draft.conclusion)

    labels = {k: v for k, v in tpl.raw["o42"]["labels"].items() if isinstance(v, str)}
    doc.signatures(
        [
            (tpl.text("o43.labels.sign_reported"), draft.reported_by, draft.reported_position),
            (tpl.text("o43.labels.sign_approved"), draft.approved_by, draft.approved_position),
        ],
        labels,
    )
    doc.describe(draft.title.split("\n")[0], result.agency)
    return Rendered(doc.to_bytes(), chart_ok, tuple(notes))


__all__ = ["render_o43", "follow_up_rows", "NOT_REPORTED"]
