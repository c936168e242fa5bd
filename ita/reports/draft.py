"""The draft model: what an O42 or O43 says, as editable Thai text, derived from the data.

Drafting and rendering are two steps. ``draft_o42``/``draft_o43`` write every section's text from the
scores, the analysis and the measures (with the standard wording of ``ita/data/reports/th.toml``); the
page shows those texts in text boxes, the user edits them, and the renderers (``ita.reports.o42``,
``ita.reports.o43``) typeset whatever the draft holds. Facts that must not drift from the data (the
scores, the ranking, the measures table) are not in the draft: the renderers take them from the data.

The agency-year a draft is about is ``ita.analysis.agency.AgencyYear`` (its ``year`` is the assessment year
analysed; its ``measure_year`` the fiscal year of the measures).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Self

import pandas as pd

from ita.analysis.agency import AgencyYear
from ita.analysis.metrics import NextBand, RankedIndicator, StrengthsWeaknesses, strengths_weaknesses
from ita.common.thai import natural_list
from ita.measures.model import MeasureWithFollowUps
from ita.reports.practice import practice_text
from ita.reports.templates import FULL_MARKS, Templates, load_templates, score_text

# --------------------------------------------------------------------------- what the data says


@dataclass(frozen=True)
class Findings:
    """The analysis an O42 reports, derived from the scores (never typed by hand)."""

    ranked: list[RankedIndicator]  # highest first, ties share a rank
    strengths: list[RankedIndicator]  # the indicators at or above the pass mark, highest first
    weaknesses: list[RankedIndicator]  # the lowest score (all that share it): fix first
    below_pass: list[RankedIndicator]  # under the pass mark, lowest first
    lowest_per_tool: dict[str, list[RankedIndicator]]  # every indicator at the tool's lowest score (ties kept)
    issues_per_tool: dict[str, list[RankedIndicator]]  # under the pass mark, per tool, lowest first
    next_band: NextBand


def findings(result: AgencyYear) -> Findings:
    framework = result.framework
    sw: StrengthsWeaknesses = strengths_weaknesses(result.score.indicators, framework)
    lowest: dict[str, list[RankedIndicator]] = {}
    issues: dict[str, list[RankedIndicator]] = {}
    for tool in framework.tools:
        members = sorted((r for r in sw.ranked if r.indicator.tool == tool.code), key=lambda r: r.indicator.number)
        if members:
            low = min(r.score for r in members)
            lowest[tool.code] = [r for r in members if r.score == low]  # a tie is never split by number
        issues[tool.code] = sorted(
            (r for r in members if r.score < framework.pass_mark), key=lambda r: (r.score, r.indicator.number)
        )
    # The urgent weaknesses are the lowest indicators that are not strengths: none when all reach the pass mark.
    return Findings(sw.ranked, _strengths(sw), sw.weaknesses, sw.below_pass, lowest, issues, result.next_band)


TOP_STRENGTHS = 3  # when every indicator reaches the pass mark, the strengths named are the highest this many
MAX_STRENGTHS = 4  # ... and a tie at the last of them is named only while the strengths stay this few


def _strengths(sw: StrengthsWeaknesses) -> list[RankedIndicator]:
    """The strengths a document names: the indicators at or above the pass mark; when every one is, the highest
    ``TOP_STRENGTHS`` (a tie at the last kept while they are ``MAX_STRENGTHS`` at most), never the lowest (it is
    where to work on: never a strength and the lowest at once). Nine of ten named "strengths, above the lowest"
    said nothing a reader could use."""
    if len(sw.strengths) == len(sw.ranked) and len({r.score for r in sw.ranked}) > 1:
        low = min(r.score for r in sw.ranked)
        above = [r for r in sw.strengths if r.score > low]  # highest first
        cutoff = above[min(TOP_STRENGTHS, len(above)) - 1].score
        named = [r for r in above if r.score >= cutoff]
        clear = [r for r in above if r.score > cutoff]  # five at 88 under two at 92: the two are the strengths
        return clear if len(named) > MAX_STRENGTHS and clear else named
    return sw.strengths


def all_pass(found: Findings) -> bool:
    """Every indicator at or above the pass mark, not all equal: the strengths leave the lowest out."""
    return not found.below_pass and len(found.strengths) < len(found.ranked)


# --------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class Draft:
    """Shared behaviour of the drafts: the editable text fields and replacing them with the user's."""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()
    SIGNERS: ClassVar[dict[str, str]] = {}  # draft field → Signers field (typed once, reused)
    ISSUES_AFTER: ClassVar[str] = ""  # the text field the issue tables (section 4) follow in the document

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}

    def with_texts(self, texts: Mapping[str, str]) -> Self:
        """A copy with the given fields replaced (unknown names raise: a page and its draft must agree)."""
        unknown = set(texts) - set(self.TEXT_FIELDS)
        if unknown:
            raise KeyError(f"not a text field of {type(self).__name__}: {sorted(unknown)}")
        return replace(self, **{k: str(v) for k, v in texts.items()})


@dataclass(frozen=True)
class IssueRow:
    """One row of a section-4 table: ตัวชี้วัด | ประเด็นการประเมิน | ประเด็นที่ควรพัฒนา."""

    tool: str
    number: int
    indicator: str  # 'การปรับปรุงการทำงาน'
    score: float
    assessment: str  # editable
    improve: str  # editable


@dataclass(frozen=True)
class O42Draft(Draft):
    title: str
    preface: str
    preface_signature: str
    rationale: str
    result: str
    recommendations: str
    analysis: str
    practice: str
    measures_intro: str
    prepared_by: str = ""
    prepared_position: str = ""
    approved_by: str = ""
    approved_position: str = ""
    issues: tuple[IssueRow, ...] = ()

    ISSUES_AFTER: ClassVar[str] = "analysis"  # 3. the analysis, 4. the issues, 5. into practice
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "preface",
        "preface_signature",
        "rationale",
        "result",
        "recommendations",
        "analysis",
        "practice",
        "measures_intro",
        "prepared_by",
        "prepared_position",
        "approved_by",
        "approved_position",
    )
    SIGNERS: ClassVar[dict[str, str]] = {
        "prepared_by": "prepared_by",
        "prepared_position": "prepared_position",
        "approved_by": "approved_by",
        "approved_position": "approved_position",
    }

    def with_issues(self, rows: Iterable[IssueRow]) -> O42Draft:
        return replace(self, issues=tuple(rows))

    def with_issue_texts(self, texts: Mapping[int, tuple[str, str]]) -> O42Draft:
        """Replace the texts of issue rows by indicator number: {8: (assessment, improve)}; rows not named
        keep theirs."""
        return self.with_issues(
            replace(r, assessment=str(texts[r.number][0]), improve=str(texts[r.number][1])) if r.number in texts else r
            for r in self.issues
        )

    def issues_frame(self) -> pd.DataFrame:
        """The section-4 rows as a table for an editor: tool, number, indicator, score, then the two texts."""
        return pd.DataFrame(
            [
                {
                    "tool": r.tool,
                    "number": r.number,
                    "indicator": r.indicator,
                    "score": r.score,
                    "assessment": r.assessment,
                    "improve": r.improve,
                }
                for r in self.issues
            ],
            columns=["tool", "number", "indicator", "score", "assessment", "improve"],
        )

    def with_issues_frame(self, frame: pd.DataFrame) -> O42Draft:
        """Take the edited texts back from ``issues_frame`` (rows in the same order; other columns ignored)."""
        if len(frame) != len(self.issues):
            raise ValueError(f"expected {len(self.issues)} issue rows, got {len(frame)}")
        texts = frame[["assessment", "improve"]].fillna("").astype(str).to_dict("records")
        return self.with_issues(replace(r, **t) for r, t in zip(self.issues, texts, strict=True))


@dataclass(frozen=True)
class Signers:
    """Who signs: names and positions, typed once and reused for every document."""

    prepared_by: str = ""
    prepared_position: str = ""
    approved_by: str = ""
    approved_position: str = ""


def common_fields(result: AgencyYear, office: str | None = None) -> dict[str, Any]:
    framework = result.framework
    return {
        "agency": result.agency,
        "office": office or result.agency,
        "location": result.location,
        "location_short": (result.location + " ") if result.location else "",
        "result_year": result.year,
        "measure_year": result.measure_year,
        "total": score_text(result.score.total),
        "grade": result.score.grade.label_th,
        "framework": framework.id,
        "framework_name": framework.name_th,
        "framework_year": framework.year,
        "pass_mark": f"{framework.pass_mark:g}",
    }


def _next_step(result: AgencyYear, found: Findings, tpl: Templates, common: Mapping[str, Any]) -> str:
    """What the next band takes: the points of the total, each tool floor that is short, or both (never the
    points alone when a floor is short too)."""
    nb = found.next_band
    if nb.target is None:
        return tpl.text("o42.next_top", **common)
    if not nb.target.min_total_confirmed:  # a cut-off no source confirms (2566's 70): the distance to a pass
        to_pass = result.framework.pass_mark - result.score.total
        return tpl.text("o42.next_pass", points=score_text(to_pass), **common)
    tools = natural_list(
        [tpl.text("o42.floor_short", tool=code, points=score_text(short)) for code, short in nb.floors_short.items()]
    )
    floor = f"{nb.target.min_each_tool:g}" if nb.target.min_each_tool is not None else ""
    if nb.points_needed > 0 and nb.floors_short:
        key = "o42.next_both"
    elif nb.points_needed > 0:
        key = "o42.next_points"
    else:
        key = "o42.next_floors"
    return tpl.text(
        key,
        points=score_text(nb.points_needed),
        tools=tools,
        floor=floor,
        next_grade=nb.target.label_th,
        **common,
    )


def _result_text(result: AgencyYear, found: Findings, tpl: Templates, common: Mapping[str, Any]) -> str:
    """Section 2: the total, the grade, each tool, passed or not, and the next step."""
    tools = natural_list(
        [
            tpl.text("o42.tool_score", tool=t.code, score=score_text(result.score.tools[t.code]))
            for t in result.framework.tools
        ]
    )
    passed = tpl.text("o42.passed_yes" if result.score.passed else "o42.passed_no", **common)
    borrowed = result.framework.year != result.year  # a year without criteria of its own yet: the newest year's
    criteria = tpl.text("o42.criteria_borrowed" if borrowed else "o42.criteria", **common)
    text = tpl.text(
        "o42.result",
        tools=tools,
        passed_text=passed,
        next_step=_next_step(result, found, tpl, common),
        criteria=criteria,
        **common,
    )
    return " ".join(text.split())


def _recommendations(result: AgencyYear, found: Findings, tpl: Templates, common: Mapping[str, Any]) -> str:
    """One paragraph per tool, on its lowest indicator."""
    paragraphs = []
    for k, tool in enumerate(result.framework.tools, start=1):
        low = found.lowest_per_tool.get(tool.code)
        if not low:
            continue
        if low[0].score >= FULL_MARKS:  # every indicator of the tool at 100: nothing to correct, no "lowest"
            key = "o42.recommendation_full"
        elif len(low) == 1:
            key = "o42.recommendation"
        else:  # indicators tied at the lowest are all named (or the tool's all said equal), with the advice for each
            key = "o42.recommendation_all_equal" if _whole_tool(low, found) else "o42.recommendation_tied"
        paragraphs.append(
            tpl.text(
                key,
                number=k,
                tool=tool.code,
                tool_name=tool.name_th,
                tool_score=score_text(result.score.tools[tool.code]),
                indicator=natural_list([r.indicator.name_th for r in low]),
                score=score_text(low[0].score),
                improve=" ".join(dict.fromkeys(tpl.indicator(r.indicator, **common).improve for r in low)),
                **common,
            )
        )
    return "\n\n".join(paragraphs)


def _analysis_text(found: Findings, tpl: Templates, common: Mapping[str, Any]) -> str:
    """The top and lowest scores, the strengths (the indicators at or above the pass mark, or none), the urgent
    weaknesses (none when every indicator reaches the pass mark) and the count under the pass mark. Indicators tied
    at the top share one sentence; one indicator's description is given only when it stands alone."""
    top, low = found.ranked[0], found.ranked[-1]
    tied = [r for r in found.ranked if r.score == top.score]
    second = next((r for r in found.ranked[1:] if r.score < top.score), None)
    weak = found.weaknesses
    top_names = natural_list([r.indicator.name_th for r in tied])
    if top.score == low.score:
        top_clause, lowest_clause = tpl.text("o42.analysis_all_equal", top_score=score_text(top.score)), ""
    else:
        top_clause = tpl.text(
            "o42.analysis_top",
            top=top_names,
            top_score=score_text(top.score),
            second=tpl.text(
                "o42.analysis_second",
                # every indicator tied in second place, as at the top
                name=natural_list([r.indicator.name_th for r in found.ranked if r.score == second.score]),
                score=score_text(second.score),
            )
            if second and second not in weak and second.score > low.score
            else "",
        )
        lowest = [r for r in found.ranked if r.score == low.score]
        lowest_clause = tpl.text(
            "o42.analysis_lowest",
            low_list=natural_list([f"ตัวชี้วัด{r.indicator.name_th} ได้ {score_text(r.score)} คะแนน" for r in lowest]),
        )
    text = tpl.text(
        "o42.analysis",
        top_clause=top_clause,
        lowest_clause=lowest_clause,
        strength_sentence=_strength_sentence(found, tied, tpl, common),
        weak_sentence=_weak_sentence(weak, tpl, common),
        below_sentence=tpl.text(
            "o42.analysis_below" if found.below_pass else "o42.analysis_none_below",
            below_count=len(found.below_pass),
            count=len(found.ranked),
            **common,
        ),
        **common,
    )
    return " ".join(text.split())


def _weak_sentence(weak: list[RankedIndicator], tpl: Templates, common: Mapping[str, Any]) -> str:
    """The urgent weaknesses, and what each assesses: of two or more, each indicator is the subject of its own
    clause (their descriptions ran together into one sentence without one)."""
    if not weak:
        return ""
    names = natural_list([r.indicator.name_th for r in weak])
    if len(weak) == 1:
        assessment = tpl.indicator(weak[0].indicator, **common).assessment
        return tpl.text("o42.analysis_weak", weak_names=names, weak_assessment=assessment)
    each = [
        tpl.text(
            "o42.analysis_weak_each",
            name=r.indicator.name_th,
            assessment=tpl.indicator(r.indicator, **common).assessment,
        )
        for r in weak
    ]
    return tpl.text("o42.analysis_weak_many", weak_names=names, each=natural_list(each))


def _strength_sentence(found: Findings, tied: list[RankedIndicator], tpl: Templates, common: Mapping[str, Any]) -> str:
    if not found.strengths:
        return tpl.text("o42.analysis_no_strength", **common)
    text = tpl.text(
        "o42.analysis_strength_all_pass" if all_pass(found) else "o42.analysis_strength",
        strong=natural_list([r.indicator.name_th for r in found.strengths]),
        **common,
    )
    if len(tied) == 1 and tied[0] in found.strengths:
        text += tpl.text(
            "o42.analysis_top_assessment",
            top=tied[0].indicator.name_th,
            top_assessment=tpl.indicator(tied[0].indicator, **common).assessment,
        )
    return text


def _issue_rows(result: AgencyYear, found: Findings, tpl: Templates, common: Mapping[str, Any]) -> tuple[IssueRow, ...]:
    """Section 4: the indicators under the pass mark, per tool, lowest first (at most ``issues_per_tool``). A tool
    with none names its lowest indicator all the same, with what keeps it there or, when the next grade needs the
    tool higher (its floor, from 2566), by how much: a table of dashes would hide where to work."""
    limit = int(tpl.raw["o42"].get("issues_per_tool", 0)) or None
    mark = f"{result.framework.pass_mark:g}"
    rows = []
    for tool in result.framework.tools:
        picked = _with_ties(found.issues_per_tool.get(tool.code, []), limit)
        lowest = found.lowest_per_tool.get(tool.code, [])
        if not picked and _whole_tool(lowest, found) and len(lowest) > 1:
            rows.append(_whole_tool_row(lowest, tool.code, found, tpl, mark))  # one row, naming them all
            continue
        for r in picked or lowest:
            text = tpl.indicator(r.indicator, **common)
            improve = text.improve
            if r.score >= FULL_MARKS:  # kept so, no advice to correct it
                improve = tpl.text("o42.labels.issues_full", pass_mark=mark)
            elif not picked:
                lead = _all_pass_lead(r, lowest, tool.code, found, tpl, mark)
                improve = f"{lead} {tpl.text('o42.labels.lead_to')}{improve}"
            rows.append(IssueRow(tool.code, r.indicator.number, r.indicator.name_th, r.score, text.assessment, improve))
    return tuple(rows)


def _whole_tool_row(lowest: list[RankedIndicator], tool: str, found: Findings, tpl: Templates, mark: str) -> IssueRow:
    """A tool whose every indicator has one score over the pass mark: one row naming the tool's indicators, what the
    score says of them all, and the tool's floor where the next grade needs it higher. A row named by one of them
    read as that indicator alone being the tool's lowest."""
    first, score = lowest[0], score_text(lowest[0].score)
    names = natural_list([r.indicator.name_th for r in lowest])
    short, target = found.next_band.floors_short.get(tool), found.next_band.target
    if first.score >= FULL_MARKS:
        improve = tpl.text("o42.labels.issues_full", pass_mark=mark)
    elif short and target is not None:
        said = tpl.text("o42.labels.lowest_all_equal", score=score)
        improve = tpl.text("o42.labels.issues_floor_whole", tool=tool, points=f"{short:.2f}",
                           next_grade=target.label_th, lowest=said)  # fmt: skip
    else:
        improve = tpl.text("o42.labels.issues_all_equal", pass_mark=mark, score=score)
    heading = tpl.text("o42.labels.whole_tool", tool=tool)
    return IssueRow(tool, first.indicator.number, heading, first.score, names, improve)


def _whole_tool(lowest: list[RankedIndicator], found: Findings) -> bool:
    """Whether the indicators tied at a tool's lowest score are all of the tool's."""
    return bool(lowest) and len(lowest) == sum(r.indicator.tool == lowest[0].indicator.tool for r in found.ranked)


def _with_ties(ranked: list[RankedIndicator], limit: int | None) -> list[RankedIndicator]:
    """The first ``limit`` of ``ranked`` (lowest first), and any tied with the last of them: a tie is never split."""
    if limit is None or len(ranked) <= limit:
        return ranked
    last = ranked[limit - 1].score
    return ranked[:limit] + [r for r in ranked[limit:] if r.score == last]


def _all_pass_lead(
    r: RankedIndicator, lowest: list[RankedIndicator], tool: str, found: Findings, tpl: Templates, mark: str
) -> str:
    """The lead of a row for a tool with no indicator under the pass mark: what its lowest indicator (and any tied
    with it) needs, by the next grade's floor for the tool when it is short of it."""
    others = [o.indicator.name_th for o in lowest if o is not r]
    tied = {"others": natural_list(others)} if others else {}
    said = tpl.text("o42.labels.lowest_tied" if others else "o42.labels.lowest", **tied)
    short, target = found.next_band.floors_short.get(tool), found.next_band.target
    if short and target is not None:
        return tpl.text(
            "o42.labels.issues_floor", tool=tool, points=f"{short:.2f}", next_grade=target.label_th, lowest=said
        )
    return tpl.text("o42.labels.issues_all_pass", pass_mark=mark, lowest=said)


def _unit(result: AgencyYear, tpl: Templates) -> str:
    """The unit under the preface: the agency type's (``ita/data/agency_types.toml``), else the templates'."""
    return result.kind.unit_of(result.agency) or tpl.text("o42.unit")


def draft_o42(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps] = (),
    *,
    signers: Signers | None = None,
    office: str | None = None,
    templates: Templates | None = None,
) -> O42Draft:
    """The O42 texts for ``result`` (the assessment year analysed), drafted from the data and the ``measures`` set
    for the next fiscal year (their responsible units, in the section on putting the analysis into practice)."""
    tpl = templates or load_templates()
    found = findings(result)
    common = common_fields(result, office)
    common["source"] = result.kind.source or tpl.text("o42.source")
    signers = signers or Signers()
    return O42Draft(
        title=tpl.text("o42.title", **common).strip(),
        preface=tpl.text("o42.preface", **common),
        preface_signature=tpl.text("o42.preface_signature", unit=_unit(result, tpl), **common),
        rationale=tpl.text("o42.rationale", **common),
        result=_result_text(result, found, tpl, common),
        recommendations=_recommendations(result, found, tpl, common),
        analysis=_analysis_text(found, tpl, common),
        practice=practice_text(result, found, measures, tpl, common),
        measures_intro=tpl.text("o42.measures_intro", **common),
        prepared_by=signers.prepared_by,
        prepared_position=signers.prepared_position,
        approved_by=signers.approved_by,
        approved_position=signers.approved_position or result.kind.head_of(result.agency),
        issues=_issue_rows(result, found, tpl, common),
    )
