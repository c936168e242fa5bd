"""A checker of the drafted O42 and O43 against the data: every figure and conclusion a document states is read
back out of its text and compared with what the results say, computed here afresh from the framework's rules
(not by the functions that drafted the text).

What is checked (each finding names the claim and both values):
- ``total``, ``grade``, ``pass``: the total and grade as published, and "passes" only at or above the pass mark;
- ``tools``: each tool's score;
- ``route``: the points to the next grade and every tool under that grade's floor, each with its shortfall, or
  "the highest grade" only for the highest one;
- ``top``, ``lowest``, ``strengths``, ``urgent``, ``below``: the highest and lowest indicators, the strengths (every
  indicator at or above the pass mark and no other; when every one is, those above the lowest), the urgent
  weaknesses (the lowest, only when under the pass mark) and the count under the pass mark;
- ``wording``: no internal framework code, no "0 of 10" sentence, no range of one value;
- ``follow_up``: in the O43, each measure's status and progress as its latest report up to the round (an earlier
  round carried forward, and said so), "not reported" only when nothing was, the mean over reported measures only.

``check_o42`` and ``check_o43`` read plain texts (a draft's fields and table rows, or every paragraph and cell of
a rendered ``.docx``); ``scripts/check_claims.py`` runs them over every agency-year of some files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ita.analysis.agency import AgencyYear
from ita.measures.model import ROUNDS, FollowUp, MeasureWithFollowUps
from ita.reports.draft import MAX_STRENGTHS, TOP_STRENGTHS
from ita.rules.frameworks import Grade

TOLERANCE = 0.005  # figures are written with two decimals


@dataclass(frozen=True)
class Finding:
    claim: str  # total, grade, route, ...
    said: str
    expected: str

    def __str__(self) -> str:
        return f"{self.claim}: the document says {self.said!r}, the data say {self.expected!r}"


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE + 1e-9


# --------------------------------------------------------------------------- the facts, afresh


def _tools(result: AgencyYear) -> dict[str, float]:
    """Tool scores as published and graded: two decimals."""
    return {code: round(float(v), 2) for code, v in result.score.tools.items()}


def _grade_of(result: AgencyYear, total: float) -> Grade:
    """The first grade whose minimum total and tool floor hold (the framework's grades are best first)."""
    tools = [round(t, 2) for t in _tools(result).values()]
    total = round(total, 2)
    for grade in result.framework.grades:
        if total + 1e-9 >= grade.min_total and all(t + 1e-9 >= (grade.min_each_tool or 0) for t in tools):
            return grade
    return result.framework.grades[-1]


def _next_grade(result: AgencyYear, grade: Grade) -> Grade | None:
    grades = list(result.framework.grades)
    k = next(i for i, g in enumerate(grades) if g.code == grade.code)
    return grades[k - 1] if k > 0 else None


# --------------------------------------------------------------------------- O42


def check_o42(result: AgencyYear, texts: Iterable[str]) -> list[Finding]:
    """Every claim of an O42's texts that contradicts ``result``."""
    text = "\n".join(texts)
    found: list[Finding] = []
    total = round(float(result.score.total), 2)
    grade = _grade_of(result, total)
    found += _total_and_grade(result, text, total, grade)
    found += _route(result, text, total, grade)
    found += _tool_scores(result, text)
    found += _indicators(result, text)
    found += _wording(text)
    return found


def _total_and_grade(result: AgencyYear, text: str, total: float, grade: Grade) -> list[Finding]:
    out = []
    for said in re.findall(r"ได้คะแนนรวม (\d+\.\d\d) คะแนน", text):
        if not _near(_number(said), total):
            out.append(Finding("total", said, f"{total:.2f}"))
    for said in re.findall(r"(?:อยู่ในระดับ|คะแนน ระดับ) (\S+)", text):
        if said != grade.label_th:
            out.append(Finding("grade", said, grade.label_th))
    mark = result.framework.pass_mark
    if "ยังไม่ผ่านเกณฑ์" in text and total >= mark:
        out.append(Finding("pass", "ยังไม่ผ่านเกณฑ์", f"{total:.2f} ≥ {mark:g}"))
    if re.search(r"(?<!ยังไม่)(?<!จึงจะ)ผ่านเกณฑ์ \d", text) and total < mark:  # not "…จึงจะผ่านเกณฑ์ 85": what it takes
        out.append(Finding("pass", "ผ่านเกณฑ์", f"{total:.2f} < {mark:g}"))
    return out


def _route(result: AgencyYear, text: str, total: float, grade: Grade) -> list[Finding]:
    """The sentence on the next grade: its points and each tool under its floor, or 'the highest grade'."""
    target = _next_grade(result, grade)
    says_top = "เป็นระดับสูงสุดของเกณฑ์" in text
    if target is None:
        return [] if says_top else [Finding("route", "a route to a higher grade", f"{grade.label_th} is the highest")]
    if says_top:
        return [Finding("route", "the highest grade", f"{target.label_th} is above {grade.label_th}")]
    if not target.min_total_confirmed:  # a cut-off no source confirms (2566's 70): the way to a pass, as drafted
        to_pass = result.framework.pass_mark - total
        said = re.search(r"ต้องเพิ่มคะแนนรวมอีก (\d+\.\d\d) คะแนนจึงจะผ่านเกณฑ์", text)
        return (
            []
            if said and _near(_number(said[1]), to_pass)
            else [Finding("route points", said[1] if said else "-", f"{to_pass:.2f} to the pass mark")]
        )
    out = []
    named = re.search(r"เพื่อให้ได้ระดับ (\S+)", text)
    if not named or named.group(1) != target.label_th:
        out.append(Finding("route", named.group(1) if named else "(no next grade)", target.label_th))
    points = max(0.0, target.min_total - total)
    said_points = re.search(r"ต้องเพิ่มคะแนนรวมอีก (\d+\.\d\d) คะแนน", text)
    if (said_points is None) != (points <= TOLERANCE) or (said_points and not _near(_number(said_points[1]), points)):
        out.append(Finding("route points", said_points[1] if said_points else "-", f"{points:.2f}"))
    floor = target.min_each_tool or 0
    short = {code: floor - v for code, v in _tools(result).items() if v + 1e-9 < floor}
    said_short = {code: _number(p) for code, p in re.findall(r"(IIT|EIT|OIT) \(ขาดอีก (\d+\.\d\d) คะแนน\)", text)}
    if set(said_short) != set(short) or any(not _near(said_short[c], short[c]) for c in short):
        out.append(Finding("route floors", str(said_short), str({c: round(v, 2) for c, v in short.items()})))
    if short and f"ให้ถึง {floor:g} คะแนน" not in text:
        out.append(Finding("route floors", "(no floor named)", f"{floor:g}"))
    return out


def _tool_scores(result: AgencyYear, text: str) -> list[Finding]:
    tools = _tools(result)
    return [
        Finding(f"tools {code}", said, f"{tools[code]:.2f}")
        for code, said in re.findall(r"\b(IIT|EIT|OIT) (\d+\.\d\d) คะแนน", text)
        if code in tools and not _near(_number(said), tools[code])
    ]


def _names_in(fragment: str, names: Sequence[str]) -> set[str]:
    """The indicator names a fragment of text lists (longest first, each taken once)."""
    out = set()
    for name in sorted(names, key=len, reverse=True):
        if name in fragment:
            out.add(name)
            fragment = fragment.replace(name, " ")
    return out


def _indicators(result: AgencyYear, text: str) -> list[Finding]:
    framework = result.framework
    scores = {ind.name_th: float(s) for ind, s in zip(framework.indicators, result.score.indicators, strict=True)}
    names = list(scores)
    mark = framework.pass_mark
    high, low = max(scores.values()), min(scores.values())
    out = []
    top = re.search(r"ตัวชี้วัด(\S+) ได้ (\d+\.\d\d) คะแนน ซึ่งเป็นคะแนนสูงที่สุด", text)
    if top and (not _near(_number(top[2]), high) or scores.get(top[1]) is None or not _near(scores[top[1]], high)):
        out.append(Finding("top", f"{top[1]} {top[2]}", f"{high:.2f}"))
    lowest = re.search(r"ตัวชี้วัดที่ได้คะแนนน้อยที่สุดคือ (.+?) จึงสรุปได้ว่า", text)
    if lowest:
        said = _names_in(lowest[1], names)
        want = {n for n, s in scores.items() if _near(s, low)}
        if said != want:
            out.append(Finding("lowest", ", ".join(sorted(said)), ", ".join(sorted(want))))
    strong = {n for n, s in scores.items() if s + 1e-9 >= mark}
    if len(strong) == len(scores) and high > low:  # every one passes: the highest few, never the lowest
        above = sorted((s for s in scores.values() if not _near(s, low)), reverse=True)
        cutoff = above[min(TOP_STRENGTHS, len(above)) - 1]
        strong = {n for n, s in scores.items() if not _near(s, low) and s + 1e-9 >= cutoff}
        clear = {n for n in strong if scores[n] > cutoff + 1e-9}
        strong = clear if len(strong) > MAX_STRENGTHS and clear else strong
    listed = re.search(
        rf"จุดแข็ง(?:ที่โดดเด่น)?ของ{re.escape(result.agency)}คือ (.+?) ซึ่ง(?:ได้คะแนนตั้งแต่เกณฑ์|ได้คะแนนสูงเป็นลำดับต้น)",
        text,
    )
    none_said = "ยังไม่มีตัวชี้วัดที่ได้คะแนนถึงเกณฑ์" in text
    said_strong = _names_in(listed[1], names) if listed else set()
    if said_strong != strong or (none_said and strong):
        out.append(Finding("strengths", _listed(said_strong), _listed(strong)))
    urgent = re.search(r"จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วนคือ (.+?) (?:ซึ่งเป็นตัวชี้วัดที่|โดยตัวชี้วัด)", text)
    want_urgent = {n for n, s in scores.items() if _near(s, low)} if low < mark else set()
    said_urgent = _names_in(urgent[1], names) if urgent else set()
    if said_urgent != want_urgent:
        out.append(Finding("urgent", _listed(said_urgent), _listed(want_urgent)))
    below = sum(s < mark for s in scores.values())
    for said in re.findall(r"ต่ำกว่าเกณฑ์ \d+ คะแนน จำนวน (\d+) ตัวชี้วัด", text):
        if int(said) != below or below == 0:
            out.append(Finding("below", said, str(below)))
    if below == 0 and "ต่ำกว่าเกณฑ์" in text and "ไม่มีจุดอ่อน" not in text:
        out.append(Finding("below", "some under the pass mark", "none"))
    return out


def _listed(names: set[str]) -> str:
    return ", ".join(sorted(names)) or "none"


def _wording(text: str) -> list[Finding]:
    out = []
    for code in re.findall(r"ITA-25\d\d", text):
        out.append(Finding("wording", code, "the NACC's criteria of the fiscal year, no internal code"))
    for zero in re.findall(r"จำนวน 0 (?:จาก|ตัวชี้วัด)[^\n]{0,20}", text):
        out.append(Finding("wording", zero, "no sentence counting nothing"))
    for a, b in re.findall(r"คะแนน (\d+\.\d\d) – (\d+\.\d\d)", text):
        if a == b:
            out.append(Finding("wording", f"{a} – {b}", "one value, not a range"))
    return out


# --------------------------------------------------------------------------- O43


def _blank(fu: FollowUp) -> bool:
    written = (fu.done, fu.evidence, fu.reason, fu.reporter)
    return fu.status == "not_started" and not fu.progress and not fu.report_date and not any(map(str.strip, written))


def expected_report(item: MeasureWithFollowUps, round_months: int) -> FollowUp | None:
    """The latest report up to the round, written here from the rule, not taken from the drafting code."""
    for r in sorted(ROUNDS, reverse=True):
        fu = item.follow_ups.get(r)
        if r <= round_months and fu is not None and not _blank(fu):
            return fu
    return None


def check_o43(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    round_months: int,
    texts: Iterable[str],
    rows: Sequence[Sequence[str]],
) -> list[Finding]:
    """Every claim of an O43 (its texts, and the rows of its details table) that contradicts the data."""
    from ita.reports.templates import load_templates

    text = "\n".join(texts)
    total = float(result.score.total)
    found = _total_and_grade(result, text, total, _grade_of(result, total)) + _wording(text)
    live = [m for m in measures if not m.measure.deleted]
    tpl = load_templates()

    def progress_said(progress: int) -> str:
        return tpl.text("o43.labels.progress", progress=progress)

    reports = [expected_report(m, round_months) for m in live]
    for k, (item, fu, row) in enumerate(zip(live, reports, rows, strict=False), start=1):
        cell = "\n".join(row)
        where = f"follow_up {k}. {item.measure.title}"
        if fu is None:
            if "ยังไม่ได้รายงานผล" not in cell:
                found.append(Finding(where, cell.replace("\n", " / "), "not reported"))
            continue
        if "ยังไม่ได้รายงานผล" in row[2] or not re.search(re.escape(progress_said(int(fu.progress))) + r"(?![\d.])", cell):
            found.append(Finding(where, row[2].replace("\n", " / "), f"{fu.status} {int(fu.progress)}%"))
        carried = f"(ผลจากรายงานรอบ {fu.round} เดือน)"
        if (fu.round != round_months) != (carried in cell):
            found.append(Finding(where, row[2].replace("\n", " / "), f"reported in the {fu.round}-month round"))
    if len(rows) != len(live):
        found.append(Finding("follow_up rows", str(len(rows)), str(len(live))))
    progress = [float(fu.progress) for fu in reports if fu is not None]
    said = re.search(r"ความคืบหน้าเฉลี่ยร้อยละ (\d+) \(จาก (\d+) มาตรการ", text)
    if progress:
        mean = sum(progress) / len(progress)
        if not said or int(said[2]) != len(progress) or abs(int(said[1]) - mean) > 0.5 + 1e-9:
            found.append(Finding("mean progress", said[0] if said else "-", f"{mean:.0f} of {len(progress)}"))
    elif said:
        found.append(Finding("mean progress", said[0], "no measure reported"))
    return found


# --------------------------------------------------------------------------- a batch


@dataclass(frozen=True)
class Checked:
    agency: str
    year: int
    document: str  # o42, o43-6, o43-12
    findings: tuple[Finding, ...]


def docx_texts(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """Every paragraph of a ``.docx`` and every table as rows of cell texts."""
    import io

    from docx import Document

    from ita.reports.typeset import plain

    doc = Document(io.BytesIO(content))
    paragraphs = [plain(p.text) for p in doc.paragraphs]
    tables = [[[plain(c.text) for c in row.cells] for row in table.rows] for table in doc.tables]
    return paragraphs + [c for t in tables for row in t for c in row], tables


def check_agency(
    result: AgencyYear, measures: Sequence[MeasureWithFollowUps], *, render: bool = False
) -> list[Checked]:
    """The O42 and both O43 rounds of one agency-year, drafted (``render``: also rendered to ``.docx``, charts as
    tables, and read back), each checked."""
    from ita.reports.documents import draft_document, render_document
    from ita.reports.o43 import follow_up_rows
    from ita.reports.templates import load_templates
    from ita.views.images import ChartUnavailable

    def no_charts(*_args: object, **_kwargs: object) -> bytes:
        raise ChartUnavailable("--no-charts", "switched_off")

    tpl = load_templates()
    out = []
    for doc, months in (("o42", None), ("o43", 6), ("o43", 12)):
        draft = draft_document(result, measures, doc, months)
        if render:
            content = render_document(result, measures, doc, months, draft=draft, exporter=no_charts).content
            texts, tables = docx_texts(content)
            head = tpl.list("o43.labels.table")
            rows = next((t[1:] for t in tables if t and t[0] == head), [])
        else:
            texts = list(draft.texts().values())
            rows = follow_up_rows(measures, months, tpl) if months else []
        findings = check_o42(result, texts) if months is None else check_o43(result, measures, months, texts, rows)
        out.append(Checked(result.agency, result.year, doc if months is None else f"o43-{months}", tuple(findings)))
    return out
