"""One entry point per document kind: draft, render and name an O42 or O43 (used by the page and CLI)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from ita.analysis.agency import AgencyYear
from ita.common.plaintext import file_name as safe_file_name
from ita.common.text import t
from ita.common.thai import natural_list
from ita.measures.library import urgent_unanswered
from ita.measures.model import MeasureWithFollowUps
from ita.measures.rounds import follow_up_of, latest_follow_up, live_measures
from ita.reports.draft import O42Draft, Signers, draft_o42
from ita.reports.o42 import Rendered, render_o42
from ita.reports.o43 import render_o43
from ita.reports.o43_draft import O43Draft, draft_o43
from ita.reports.templates import ReportStyle, Templates

DOCS = ("o42", "o43")
UNSURE = "unknown"  # a framework's confidence whose scores and grades are to be checked before a document is published


# A name that is letters and dots only ('สตง.', 'สป.อว.'): a short name the document would print as the agency's.
_SHORT_NAME = re.compile(r"^(?:[ก-ฮ]{1,5}\.\s*){1,4}$")


def name_written_short(result: AgencyYear, lang: str = "th") -> str | None:
    """To whoever prepares a document (never in it): the agency is named by a short name ('สตง.') the importer
    does not know, which the cover, foreword and signatures would print; None for a name written in full."""
    if not _SHORT_NAME.match(result.name.strip()):
        return None
    return t("report_name_short", lang, name=result.name.strip())


def framework_doubt(result: AgencyYear, lang: str = "th") -> str | None:
    """What to check before publishing a document whose figures rest on criteria no published source confirms, or
    None: a year without criteria of its own (the newest year's are used), a year whose weights or cut-offs are
    unconfirmed (``confidence = "unknown"`` in its framework file), or a grade on either side of a cut-off no source
    confirms (2566's 70) that the file did not publish."""
    framework = result.framework
    doubts = []
    if framework.year != result.year:
        doubts.append(t("report_framework_borrowed", lang, year=result.year, framework=framework.id))
    elif framework.confidence == UNSURE:
        doubts.append(t("report_framework_unconfirmed", lang, year=result.year, framework=framework.id))
    if (cut := _unconfirmed_cut(result)) is not None:
        doubts.append(t("report_grade_unconfirmed", lang, grade=result.score.grade.label(lang), cut=f"{cut:g}"))
    return " ".join(doubts) or None


def _unconfirmed_cut(result: AgencyYear) -> float | None:
    """The unconfirmed cut-off the agency's grade depends on (its own lower bound, or the bound of the grade above
    it), unless the file published that grade; else None."""
    framework, grade = result.framework, result.score.grade
    reported = "" if result.row is None else result.row.get("reported_grade")
    published = framework.find_grade(str(reported)) if isinstance(reported, str) and reported else None
    if published is not None and published.code == grade.code:
        return None
    grades = list(framework.grades)
    index = grades.index(grade)
    if not grade.min_total_confirmed:
        return grade.min_total
    above = grades[index - 1] if index > 0 else None
    return above.min_total if above is not None and not above.min_total_confirmed else None


def weakness_unanswered(result: AgencyYear, measures: Sequence[MeasureWithFollowUps], lang: str = "th") -> str | None:
    """To whoever prepares an O42 (never in it: advice to the preparer is no text to publish): no measure answers an
    urgent weakness (by the indicators each measure names); None when one does, or when there are no measures yet
    (said on its own)."""
    score = result.score
    missing = urgent_unanswered(score.indicators, score.framework, [item.measure for item in measures])
    if not measures or not missing:
        return None
    names = natural_list(
        [f"{r.indicator.number} {r.indicator.name_th if lang == 'th' else r.indicator.name_en}" for r in missing], lang
    )
    return t("report_weakness_unanswered", lang, indicators=names, year=result.measure_year)


# A measure's fields the O42's measures table prints (empty: an empty cell in the published document), and the
# indicators it answers (empty: the document cannot say which weakness the measure is for). Monitoring has a
# default line.
O42_MEASURE_FIELDS = ("indicators", "guideline", "steps", "responsible")
SHOWN_INCOMPLETE = 5


def measures_incomplete(measures: Sequence[MeasureWithFollowUps], lang: str = "th") -> str | None:
    """To whoever prepares an O42 (never in it): the measures with a field its table prints left empty, each with
    what it lacks; None when every one is whole."""
    lacking = []
    for item in measures:
        empty = [name for name in O42_MEASURE_FIELDS if not getattr(item.measure, name)]
        if empty:
            fields = natural_list([t(f"mf_{name}", lang) for name in empty], lang)
            lacking.append(f"{item.measure.title} ({fields})")
    return _said_of("report_measures_incomplete", lacking, lang)


def _said_of(key: str, measures: list[str], lang: str, **values: object) -> str | None:
    """Text ``key`` naming ``measures`` (the first ``SHOWN_INCOMPLETE``, then how many more); None when none."""
    if not measures:
        return None
    shown = "; ".join(measures[:SHOWN_INCOMPLETE]) + (
        f"; … (+{len(measures) - SHOWN_INCOMPLETE})" if len(measures) > SHOWN_INCOMPLETE else ""
    )
    return t(key, lang, count=len(measures), measures=shown, **values)


def went_back(measures: Sequence[MeasureWithFollowUps], lang: str = "th") -> str | None:
    """To whoever prepares a 12-month O43 (never in it): the measures whose 12-month report stands behind their
    6-month one (done, then not started; 80 %, then 40 %), which the O43 would publish as they are; None when none."""
    back = []
    for item in measures:
        six, twelve = follow_up_of(item, 6), follow_up_of(item, 12)
        if six is None or twelve is None:
            continue
        if twelve.status == "cannot":  # found not to be doable, with its reason: an outcome, not a report gone back
            continue
        if twelve.progress < six.progress or (six.status == "done" and twelve.status != "done"):
            before, after = (f"{t(f'status_{fu.status}', lang)} {fu.progress}%" for fu in (six, twelve))
            back.append(f"{item.measure.title} ({before} → {after})")
    return _said_of("report_went_back", back, lang)


def unreported(measures: Sequence[MeasureWithFollowUps], round_months: int, lang: str = "th") -> str | None:
    """To whoever prepares an O43 (never in it): the measures nobody reported on by the round, which the O43 would
    publish as "result unknown", evidence an assessor does not accept; None when every one has a report."""
    lacking = [item.measure.title for item in live_measures(measures) if latest_follow_up(item, round_months) is None]
    return _said_of("report_unreported", lacking, lang, round=round_months)


def draft_document(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    doc: str,
    round_months: int | None = None,
    *,
    signers: Signers | None = None,
    templates: Templates | None = None,
) -> O42Draft | O43Draft:
    if doc == "o42":
        return draft_o42(result, measures, signers=signers, templates=templates)
    if doc == "o43":
        return draft_o43(result, measures, round_months or 12, signers=signers, templates=templates)
    raise ValueError(f"unknown document {doc!r}; expected one of {DOCS}")


def render_document(
    result: AgencyYear,
    measures: Sequence[MeasureWithFollowUps],
    doc: str,
    round_months: int | None = None,
    *,
    draft: O42Draft | O43Draft | None = None,
    style: ReportStyle | None = None,
    templates: Templates | None = None,
    exporter=None,
) -> Rendered:
    if doc == "o42":
        # The caller passes the draft of the document it names (draft_document(..., doc) made it).
        return render_o42(
            result, measures, cast("O42Draft | None", draft), style=style, templates=templates, exporter=exporter
        )
    if doc == "o43":
        return render_o43(
            result,
            measures,
            round_months or 12,
            cast("O43Draft | None", draft),
            style=style,
            templates=templates,
            exporter=exporter,
        )
    raise ValueError(f"unknown document {doc!r}; expected one of {DOCS}")


def file_name(
    result: AgencyYear, doc: str, round_months: int | None = None, ext: str = "docx", *, tail: str = ""
) -> str:
    """'O42-2563-เทศบาลตำบลพอกน้อย.docx', 'O43-2564-r6-….docx', 'ITA-2563-….xlsx': safe on every system,
    Thai kept, at most ``ITA_FILE_NAME_BYTES`` bytes (``ita.common.plaintext.file_name``: a long name is cut
    between Thai syllables). O43 files carry the measure year (the year they report on). ``tail`` tells two
    agencies of the same name apart (their province, a number)."""
    if doc == "o43":
        prefix = f"O43-{result.measure_year}-r{round_months or 12}"
    elif doc == "o42":
        prefix = f"O42-{result.year}"
    else:
        prefix = f"ITA-{result.year}"
    return safe_file_name(result.agency, ext, prefix=prefix, tail=tail, fallback="agency")
