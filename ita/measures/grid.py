"""Tables for the measures and follow-up pages, and the saving of what a user edited in them.

The pages show ``measures_frame`` / ``follow_up_frame`` in ``st.data_editor`` and never feed the editor's
output back as its input. On save they pass the editor's own record of the edit (``st.session_state[key]``:
``edited_rows``, ``added_rows``, ``deleted_rows``, by row position in the frame shown) to ``save_measures`` /
``save_follow_ups``, which check every row first and save nothing if any row breaks a rule; otherwise each
row is written on the version it was shown at, so a row someone else saved meanwhile is refused (both
values kept in the report) while the others are saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from ita.access.roles import Actor, as_actor
from ita.common.text import t
from ita.common.thai import be_date, be_datetime, local_today
from ita.io.identity import aliases
from ita.measures.edits import readable
from ita.measures.model import (
    FOLLOW_UP_FIELDS,
    MEASURE_FIELDS,
    PROGRESS_OF_STATUS,
    FieldProblem,
    FollowUp,
    Measure,
    MeasureWithFollowUps,
    clean_follow_up,
    clean_measure,
    fiscal_year_bounds,
    is_blank,
    last_report_date,
    status_for_progress,
)
from ita.measures.rounds import follow_up_of, latest_follow_up
from ita.measures.store import Change, InvalidEdit, NotFound, StaleEdit, Store

MEASURE_COLUMNS = ["id", "version", *MEASURE_FIELDS]
# carried_status, carried_progress, carried_reason (hidden): the earlier report standing for an unreported round
FOLLOW_UP_COLUMNS = [
    "measure_id",
    "version",
    "title",
    "carried",
    *FOLLOW_UP_FIELDS,
    "carried_status",
    "carried_progress",
    "carried_reason",
]


# --------------------------------------------------------------------------- frames shown in the editors


def measures_frame(measures: Sequence[Measure]) -> pd.DataFrame:
    """One row per measure: id and version (hidden), then the editable fields. Indicators as a list of
    strings (``["1", "9"]``) for a multiselect column; dates as B.E. text ('2569-11-29', blank for none), which
    the editor shows and takes as typed (``ita.common.thai.parse_date``)."""
    rows = [{"id": m.id, "version": m.version, **{name: getattr(m, name) for name in MEASURE_FIELDS}} for m in measures]
    for row in rows:
        row["indicators"] = [str(n) for n in row["indicators"]]
        row.update({name: be_date(row[name]) for name in ("start_date", "due_date")})
    frame = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    return frame.astype(
        {"id": "Int64", "version": "Int64", "start_date": "object", "due_date": "object", "indicators": "object"}
    )


def follow_up_frame(items: Sequence[MeasureWithFollowUps], round_months: int, lang: str = "th") -> pd.DataFrame:
    """One row per measure for one round: measure id and the follow-up's version (hidden), the measure's title
    and, when the round has no report of its own yet, the earlier one that stands for it (both read-only: a
    measure finished at 6 months shows as finished in the 12-month round, as in its O43), then the follow-up's
    fields. A round nobody reported on shows a blank status and progress, not "not started, 0 %": not reported
    is not the same (``ita.measures.rounds``); typing a progress alone reports it (``save_follow_ups``)."""
    rows = []
    for item in items:
        fu = item.follow_ups.get(round_months) or FollowUp(item.measure.id or 0, round_months)
        reported = follow_up_of(item, round_months) is not None
        earlier = None if reported else latest_follow_up(item, round_months)
        rows.append(
            {
                "measure_id": item.measure.id,
                "version": fu.version,
                "title": item.measure.title,
                "carried": _carried(item, round_months, lang),
                **{name: getattr(fu, name) for name in FOLLOW_UP_FIELDS},
                "report_date": be_date(fu.report_date),  # B.E. text, as in the measures' editor
                # Text, as typed: a number cell of the browser's grid drops what it cannot read ('๕๐' in Thai
                # digits, '50%') and saves nothing; read here, it is taken or refused at its cell.
                "progress": "" if fu.progress is None else str(fu.progress),
                **({} if reported else {"status": "", "progress": ""}),
                "carried_status": earlier.status if earlier else "",
                "carried_progress": earlier.progress if earlier else None,
                "carried_reason": earlier.reason if earlier else "",
            }
        )
    frame = pd.DataFrame(rows, columns=FOLLOW_UP_COLUMNS)
    return frame.astype(
        {
            "measure_id": "Int64",
            "version": "Int64",
            "progress": "object",
            "report_date": "object",
            "carried_progress": "Int64",
        }
    )


def _carried(item: MeasureWithFollowUps, round_months: int, lang: str) -> str:
    """'ดำเนินการแล้วเสร็จ 100% (รอบ 6 เดือน)' when an earlier round's report stands for this one; else ''."""
    if follow_up_of(item, round_months) is not None:
        return ""
    earlier = latest_follow_up(item, round_months)
    if earlier is None:
        return ""
    return f"{t(f'status_{earlier.status}', lang)} {earlier.progress}% ({t(f'round_{earlier.round}', lang)})"


def new_row_defaults(year: int) -> dict[str, dt.date]:
    """A new measure runs the whole fiscal year unless the user says otherwise."""
    start, end = fiscal_year_bounds(year)
    return {"start_date": start, "due_date": end}


# --------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based row of the table as shown (added rows continue after the last)
    title: str
    problem: FieldProblem


@dataclass
class SaveReport:
    created: list[str] = field(default_factory=list)  # titles
    updated: list[str] = field(default_factory=list)
    deleted: list[tuple[int, int, str]] = field(default_factory=list)  # (id, version after delete, title)
    unchanged: int = 0
    stale: list[StaleEdit] = field(default_factory=list)
    invalid: list[RowProblem] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # ids gone from the database

    @property
    def saved_anything(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def messages(self, lang: str = "th") -> list[tuple[str, str]]:
        """(kind, text) lines for the page: kind is success, warning or error."""
        out: list[tuple[str, str]] = []
        for problem in self.invalid:
            out.append(
                (
                    "error",
                    t(
                        "me_row_problem",
                        lang,
                        row=problem.row,
                        title=problem.title or "—",
                        problem=problem.problem.message(lang),
                    ),
                )
            )
        if self.invalid:
            out.insert(0, ("error", t("me_nothing_saved", lang, count=len(self.invalid))))
        for title in self.created:
            out.append(("success", t("me_created", lang, title=title)))
        for title in self.updated:
            out.append(("success", t("me_updated", lang, title=title)))
        for _, _, title in self.deleted:
            out.append(("success", t("me_deleted", lang, title=title)))
        for stale in self.stale:
            out.append(("warning", stale.message(lang)))
        for measure_id in self.missing:
            out.append(("warning", t("store_not_found", lang, id=measure_id)))
        if not out:
            out.append(("success", t("me_no_change", lang)))
        return out


def _editor_parts(state: Mapping[str, Any] | None) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]], list[int]]:
    state = state or {}
    edited = {int(k): dict(v) for k, v in (state.get("edited_rows") or {}).items()}
    added = [dict(row) for row in (state.get("added_rows") or [])]
    deleted = sorted(int(k) for k in (state.get("deleted_rows") or []))
    return edited, added, deleted


def _row_values(frame: pd.DataFrame, pos: int, fields: Iterable[str]) -> dict[str, Any]:
    row = frame.iloc[pos]
    return {
        name: (None if not isinstance(row[name], (list, tuple)) and is_blank(row[name]) else row[name])
        for name in fields
    }


def pending_changes(state: Mapping[str, Any] | None) -> int:
    """How many rows an editor's state would change (to warn before leaving unsaved edits)."""
    edited, added, deleted = _editor_parts(state)
    return len(edited) + len([r for r in added if any(not is_blank(v) for v in r.values())]) + len(deleted)


def _apply_updates(
    report: SaveReport,
    updates: Iterable[tuple[int, int, str, dict[str, Any]]],
    update: Callable[[int, dict[str, Any], int], Any],
    updated_title: Callable[[str, Any], str],
) -> None:
    """Write each checked row ``(measure id, version shown, title shown, changes)`` with
    ``update(measure_id, changes, version)`` into ``report``: a new version is listed under
    ``updated_title(title shown, row after)``; the same version counts as unchanged; a row saved meanwhile by
    someone else, gone, or refused by the store is reported and the other rows are still written."""
    for measure_id, version, title, changes in updates:
        try:
            after = update(measure_id, changes, version)
            if after.version != version:
                report.updated.append(updated_title(title, after))
            else:
                report.unchanged += 1
        except StaleEdit as exc:
            report.stale.append(exc)
        except NotFound:
            report.missing.append(measure_id)
        except InvalidEdit as exc:  # checked before; the saved row may differ from the one shown
            report.invalid += [RowProblem(0, title, p) for p in exc.problems]


def _checked_measure_edits(
    report: SaveReport, frame: pd.DataFrame, edited: Mapping[int, dict[str, Any]], deleted: Sequence[int], year: int
) -> list[tuple[int, int, str, dict[str, Any]]]:
    """The edited rows still shown (not deleted) as ``(id, version, title, changes)``; each row's problems,
    judged on the row as it would be saved, go into ``report``."""
    updates: list[tuple[int, int, str, dict[str, Any]]] = []
    for pos, changes in sorted(edited.items()):
        if pos in deleted or pos >= len(frame):
            continue
        changes = {k: v for k, v in changes.items() if k in MEASURE_FIELDS}
        stored = _row_values(frame, pos, MEASURE_FIELDS)
        merged = {**stored, **changes}
        _, problems = clean_measure(merged, year, kept=stored)
        title = str(merged.get("title") or frame.iloc[pos]["title"] or "")
        report.invalid += [RowProblem(pos + 1, title, p) for p in problems]
        updates.append((int(frame.iloc[pos]["id"]), int(frame.iloc[pos]["version"]), title, changes))
    return updates


def _checked_new_measures(
    report: SaveReport, first_row: int, added: Sequence[dict[str, Any]], *, agency_key: str, agency: str, year: int
) -> list[Measure]:
    """The added rows as new measures: a row left empty is skipped, a blank date takes the fiscal year's
    bound, and each row's problems go into ``report`` (rows numbered from ``first_row``)."""
    creations: list[Measure] = []
    for offset, row in enumerate(added):
        values = {k: v for k, v in row.items() if k in MEASURE_FIELDS}
        if all(is_blank(v) or v == [] for v in values.values()):
            continue  # a row added and left empty
        values = {**new_row_defaults(year), **{k: v for k, v in values.items() if not is_blank(v)}}
        cleaned, problems = clean_measure(values, year)
        title = str(values.get("title") or "")
        report.invalid += [RowProblem(first_row + offset, title, p) for p in problems]
        if not problems:
            creations.append(Measure(agency_key, agency, year, **cleaned))
    return creations


def _delete_rows(
    report: SaveReport, store: Store, frame: pd.DataFrame, deleted: Sequence[int], who: Actor | str
) -> None:
    """Delete the measures of the rows removed in the editor, each on the version shown; a row saved
    meanwhile or gone is reported and the others are still deleted."""
    for pos in deleted:
        if pos >= len(frame):
            continue
        measure_id, version = int(frame.iloc[pos]["id"]), int(frame.iloc[pos]["version"])
        try:
            gone = store.delete_measure(measure_id, version, who)
            report.deleted.append((cast(int, gone.id), gone.version, gone.title))  # a stored measure has an id
        except StaleEdit as exc:
            report.stale.append(exc)
        except NotFound:
            report.missing.append(measure_id)


def save_measures(
    store: Store,
    frame: pd.DataFrame,
    state: Mapping[str, Any] | None,
    *,
    agency_key: str,
    agency: str,
    year: int,
    who: Actor | str,
) -> SaveReport:
    """Apply a measures editor's edits: every row checked first (any problem: nothing saved), then updates,
    new rows and deletions, each on the version it was shown at."""
    edited, added, deleted = _editor_parts(state)
    report = SaveReport()
    updates = _checked_measure_edits(report, frame, edited, deleted, year)
    creations = _checked_new_measures(report, len(frame) + 1, added, agency_key=agency_key, agency=agency, year=year)
    if report.invalid:
        return report
    _apply_updates(
        report,
        updates,
        update=lambda measure_id, changes, version: store.update_measure(measure_id, changes, version, who),
        updated_title=lambda _, after: after.title,
    )
    for measure in creations:
        report.created.append(store.create_measure(measure, who).title)
    _delete_rows(report, store, frame, deleted, who)
    return report


def save_follow_ups(
    store: Store,
    frame: pd.DataFrame,
    state: Mapping[str, Any] | None,
    *,
    round_months: int,
    year: int,
    who: Actor | str,
    today: dt.date | None = None,
) -> SaveReport:
    """Apply a follow-up editor's edits for one round (rows are fixed: one per measure). A changed row
    without a reporter gets the editor's name, and without a report date today's (``today``; when it lies within the
    dates a report of fiscal year ``year`` may carry), as the O43 states who reported and when."""
    today = today or local_today()
    first, last = fiscal_year_bounds(year)
    dated = first <= today <= last_report_date(year)
    edited, _, _ = _editor_parts(state)
    report = SaveReport()
    updates = []
    for pos, changes in sorted(edited.items()):
        if pos >= len(frame):
            continue
        changes = {k: v for k, v in changes.items() if k in FOLLOW_UP_FIELDS}
        base = _row_values(frame, pos, FOLLOW_UP_FIELDS)
        merged = {**base, **changes}
        if changes and is_blank(merged.get("reporter")):
            changes["reporter"] = merged["reporter"] = as_actor(who).name
        if changes and dated and is_blank(merged.get("report_date")):
            changes["report_date"] = merged["report_date"] = today
        if changes and is_blank(merged.get("status")):  # a round reported without choosing a status
            _status_of_unreported(frame.iloc[pos], changes, merged)
        elif merged.get("status") in PROGRESS_OF_STATUS and is_blank(merged.get("progress")):
            changes["progress"] = merged["progress"] = PROGRESS_OF_STATUS[merged["status"]]  # 'done': 100 %
        _, problems = clean_follow_up(merged, year)
        title = str(frame.iloc[pos]["title"])
        report.invalid += [RowProblem(pos + 1, title, p) for p in problems]
        updates.append((int(frame.iloc[pos]["measure_id"]), int(frame.iloc[pos]["version"]), title, changes))
    if report.invalid:
        return report
    _apply_updates(
        report,
        updates,
        update=lambda measure_id, changes, version: store.update_follow_up(
            measure_id, round_months, changes, version, who
        ),
        updated_title=lambda title, _: f"{title} ({t(f'round_{round_months}', 'th')})",
    )
    return report


def _status_of_unreported(row: pd.Series, changes: dict[str, Any], merged: dict[str, Any]) -> None:
    """A round nobody had reported on, reported now without a status: by its progress alone, the status that
    progress says; by text alone (a note, evidence), the status and progress of the earlier report that stood for
    it (a measure finished at 6 months stays finished), else not started."""
    carried = row.get("carried_status")
    if is_blank(merged.get("progress")) and not is_blank(carried):
        changes["status"] = merged["status"] = carried
        changes["progress"] = merged["progress"] = int(row["carried_progress"])
        if is_blank(merged.get("reason")) and not is_blank(row.get("carried_reason")):  # 'cannot' needs its reason
            changes["reason"] = merged["reason"] = row["carried_reason"]
    else:
        changes["status"] = merged["status"] = status_for_progress(merged.get("progress"))


# --------------------------------------------------------------------------- the history, readable


def history_frame(
    changes: Sequence[Change], titles: Mapping[int, str], rounds: Mapping[int, int], lang: str = "th"
) -> pd.DataFrame:
    """The history as people read it, newest first: when (Thai time), who, the action, the field, the old and
    the new value, and what (the measure, or the measure and round of a follow-up).
    ``titles``: measure id → title; ``rounds``: follow-up id → round."""
    rows = []
    for c in sorted(changes, key=lambda c: c.id, reverse=True):
        what = titles.get(c.measure_id or c.entity_id, f"#{c.measure_id}")
        if c.entity == "follow_up" and c.entity_id in rounds:
            what = f"{what} · {t(f'round_{rounds[c.entity_id]}', lang)}"
        rows.append(
            {
                t("hist_when", lang): be_datetime(c.at, seconds=True),
                t("hist_who", lang): c.who or "—",
                t("hist_what", lang): what,
                t("hist_action", lang): t(f"action_{c.action}", lang),
                t("hist_field", lang): t(f"mf_{c.field}", lang) if c.field else "",
                t("hist_old", lang): readable(c.field, c.old, lang),
                t("hist_new", lang): readable(c.field, c.new, lang),
                t("hist_version", lang): c.version,
            }
        )
    # The values first, the (long) measure title after them, so old and new stay in view.
    columns = [
        t(k, lang)
        for k in (
            "hist_when",
            "hist_who",
            "hist_action",
            "hist_field",
            "hist_old",
            "hist_new",
            "hist_what",
            "hist_version",
        )
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- choosing the agency and year


def measure_agencies(
    table: pd.DataFrame, scopes: Iterable[tuple[str, str, int, int]], moved: Mapping[str, str] | None = None
) -> dict[str, str]:
    """agency_key → name of every agency that has results or measures, ordered by name. An agency without
    results may still have measures. ``moved``: older key → key (``ita.io.identity.aliases``, computed when not
    given)."""
    names: dict[str, str] = {}
    if not table.empty:
        names.update(table.drop_duplicates("agency_key").set_index("agency_key")["agency"].astype(str).to_dict())
    moved = aliases(table) if moved is None else moved  # measures under an older key are its agency's now
    for key, name, _, _ in scopes:
        names.setdefault(moved.get(key, key), name)
    return dict(sorted(names.items(), key=lambda kv: kv[1].casefold()))


def result_years(table: pd.DataFrame, agency_key: str) -> list[int]:
    if table.empty:
        return []
    return sorted(int(y) for y in table.loc[table["agency_key"] == agency_key, "year"].dropna().unique())


def editor_keys(prefix: str, scope: str, generation: int) -> tuple[str, str, str]:
    """Session-state keys of one editor generation: the widget, its edits, the snapshot it shows.

    The page copies the widget's record of edits (``edited_rows``/``added_rows``/``deleted_rows``) to the edits
    key on every change and saves from there: Streamlit does not let a data editor's own state be set from
    outside, so a test (AppTest) seeds the edits key instead, exactly as a user's edits would be recorded."""
    return (
        f"{prefix}_editor|{scope}|{generation}",
        f"{prefix}_edits|{scope}|{generation}",
        f"{prefix}_snapshot|{scope}|{generation}",
    )
