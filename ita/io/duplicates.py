"""One agency's year read more than once, across sheets and files: identical scores merge, with a warning; a row of
a file the user preferred, or a row marked as the correction (``ita.io.revisions``), replaces the others, with a
warning; other differences are errors on every copy, and none is used."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import ERROR, INFO, WARNING, Problems
from ita.common.text import Localized, t
from ita.common.thai import compact
from ita.io import revisions


def resolve(table: pd.DataFrame, problems: Problems, preferred: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Same agency and year twice: identical scores merge (with a warning within a file, a note across two), the one
    copy of a ``preferred`` file (the user's choice) or a marked correction replaces the rest,
    and other differences are errors."""
    keys = table["agency_key"] + "|" + table["year"].astype(str)
    indicator_cols = [c for c in table.columns if c.startswith("i") and c[1:].isdigit()]
    # A row with an error (no name, a score out of range...) is not used: it is nobody's duplicate, and a corrected
    # copy elsewhere stands.
    usable = ~table["has_error"].astype(bool) & table["year"].notna() & (table["agency"].fillna("") != "")
    dup = usable & keys.where(usable).duplicated(keep=False)
    if not dup.any():
        return table
    drop: list[int] = []
    errors = table["has_error"].to_numpy(copy=True)
    for _, group in table[dup].groupby(keys[dup], sort=False):
        values = group[indicator_cols].to_numpy(dtype=float)
        places = np.array([_decimals(v) for v in values])
        alike = _alike(values, places)  # one copy and its rounding: the precise one, whatever marks they carry
        if not alike and (used := _chosen_row(group, indicator_cols, preferred)) is not None:
            drop.extend(_set_aside(table, group, used, indicator_cols, problems, preferred))
            continue
        year = group["year"].iloc[0]
        order = np.argsort(-places, kind="stable")  # the most precise copy first: a rounded one gives way to it
        group, values, places = group.iloc[order], values[order], places[order]
        first = group.index[0]
        here = _place(table.loc[first])
        for idx, row, shown in zip(group.index[1:], values[1:], places[1:], strict=True):
            other = table.loc[idx]
            same = np.allclose(values[0], row, equal_nan=True, atol=1e-9)
            said = dict(agency=other["agency"], year=int(year))
            if same:  # a second file with the same figures (a province's file and an agency's own) is nothing amiss
                across = other["source_file"] != table.at[first, "source_file"]
                problems.add(INFO if across else WARNING, "duplicate_identical", **_at(other), **said, other=here)
                drop.append(idx)
            elif shown >= MIN_SHOWN_DECIMALS and _rounds_to(values[0], row, int(shown)):
                problems.add(
                    WARNING,
                    "duplicate_rounded",
                    **_at(other),
                    **said,
                    other=here,
                    decimals=int(shown),
                    count=int(shown),
                )
                drop.append(idx)
            else:
                diff = _differences(indicator_cols, values[0], row, "≠")
                problems.add(ERROR, "duplicate_conflict", **_at(other), **said, other=here, diff=diff)
                problems.add(
                    ERROR, "duplicate_conflict", **_at(table.loc[first]), **said, other=_place(other), diff=diff
                )
                errors[table.index.get_indexer([first, idx])] = True
    table = table.assign(has_error=errors)
    return table.drop(index=drop).reset_index(drop=True)


# A copy rounded to at least this many decimals is the same scores as shown: ITAS prints 2, a summary for a meeting
# often 1 (every one of the ten indicators has to round alike; whole numbers are too coarse to tell).
MIN_SHOWN_DECIMALS = 1


def _alike(values: np.ndarray, places: np.ndarray) -> bool:
    """Whether every copy (``places``: the decimals each is written to) is the most precise one, or it rounded to
    ``MIN_SHOWN_DECIMALS`` decimals or more (so no mark need choose)."""
    precise = values[int(np.argmax(places))]
    return all(
        np.allclose(precise, row, equal_nan=True, atol=1e-9)
        or (shown >= MIN_SHOWN_DECIMALS and _rounds_to(precise, row, int(shown)))
        for row, shown in zip(values, places, strict=True)
    )


def _decimals(values: np.ndarray) -> int:
    """The decimals a row's scores are written to (at most 6): 2 for 97.65, 4 for 97.6533."""
    written = values[~np.isnan(values)]
    return next((d for d in range(7) if np.allclose(np.round(written, d), written, rtol=0, atol=1e-9)), 6)


def _rounds_to(precise: np.ndarray, shown: np.ndarray, decimals: int) -> bool:
    """Whether ``shown`` is ``precise`` rounded to ``decimals`` (half up or half even: 93.905 shows as 93.91)."""
    blank = np.isnan(precise)
    if not np.array_equal(blank, np.isnan(shown)):
        return False
    return bool(np.all(np.abs(precise[~blank] - shown[~blank]) <= 0.5 * 10.0**-decimals + 1e-9))


def _chosen_row(group: pd.DataFrame, indicator_cols: list[str], preferred: frozenset[str]) -> int | None:
    """The one row of an agency's year written more than once that is used, when the rows' scores differ: the row
    of a preferred file (among its rows, as their marks settle it), else the row marked as the correction; None
    when neither settles it."""
    if len({tuple(v) for v in group[indicator_cols].to_numpy(dtype=float)}) == 1:
        return None
    chosen = group["source_file"].isin(list(preferred)).to_numpy()
    if chosen.any() and not chosen.all() and (used := _corrected_row(group[chosen])) is not None:
        return used
    corrected = _corrected_row(group)
    return corrected if corrected is not None else _latest_answer(group)


def _latest_answer(group: pd.DataFrame) -> int | None:
    """The latest of a form's answers for one agency's year (a column headed as a submission's time: 'ประทับเวลา',
    'Timestamp'), when every copy is an answer of one sheet with its time; else None."""
    if "extra" not in group or group["source_sheet"].nunique() != 1 or group["source_file"].nunique() != 1:
        return None
    found = [_answered_at(extra) for extra in group["extra"]]
    times = [when for when in found if when is not None]
    if len(times) != len(found) or len(set(times)) != len(times):
        return None
    return int(group.index[times.index(max(times))])


_ISO = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def _time_of(text: str) -> pd.Timestamp | None:
    """A time stamp as forms write it: ISO ('2024-01-05 10:00'), else day first as Thai forms do ('5/1/2024 10:00')."""
    if _ISO.match(text):
        return pd.to_datetime(text, errors="coerce", format="ISO8601")
    return pd.to_datetime(text, errors="coerce", dayfirst=True)


def _answered_at(extra: object) -> pd.Timestamp | None:
    """The time a form's answer was sent, from its row's extra cells; None when it has none or it is no time."""
    if not isinstance(extra, dict):
        return None
    words = revisions.revision_words().timestamp_headings
    found = [value for heading, value in extra.items() if compact(str(heading)) in words]
    if len(found) != 1:
        return None
    when = _time_of(found[0]) if isinstance(found[0], str) else found[0]
    return pd.Timestamp(when) if isinstance(when, (dt.datetime, pd.Timestamp)) and not pd.isna(when) else None


def _corrected_row(group: pd.DataFrame) -> int | None:
    """The one row of ``group`` marked as the correction (or the one not marked as replaced); None when no mark
    settles it."""
    marks = group[revisions.REVISION].fillna("") if revisions.REVISION in group else pd.Series("", group.index)
    corrected = marks.index[marks == revisions.CORRECTED]
    if len(corrected) == 1:
        return int(corrected[0])
    standing = marks.index[~marks.isin(revisions.SET_ASIDE)]
    return int(standing[0]) if len(standing) == 1 and len(corrected) == 0 else None


def _set_aside(
    table: pd.DataFrame,
    group: pd.DataFrame,
    used: int,
    indicator_cols: list[str],
    problems: Problems,
    preferred: frozenset[str],
) -> list[int]:
    """The rows the row ``used`` replaces, each with a warning that names both, what differs and why."""
    kept = table.loc[used]
    aside = [int(i) for i in group.index if i != used]
    for idx in aside:
        other = table.loc[idx]
        diff = _differences(
            indicator_cols, other[indicator_cols].astype(float), kept[indicator_cols].astype(float), "→"
        )
        shown = other[revisions.REVISION] if kept[revisions.REVISION] != revisions.CORRECTED else ""
        if (
            shown not in _SET_ASIDE_BECAUSE
            and kept["source_file"] in preferred
            and other["source_file"] not in preferred
        ):
            shown = PREFERRED  # a sample's, hidden or struck row gave way for that already
        elif shown not in _SET_ASIDE_BECAUSE and not kept[revisions.REVISION] and not other[revisions.REVISION]:
            shown = LATER  # neither marked: the later of a form's answers
        problems.add(
            WARNING,
            _SET_ASIDE_BECAUSE.get(shown, "duplicate_corrected"),
            **_at(other),
            agency=kept["agency"],
            year=int(kept["year"]),
            used=_place(kept),
            other=_place(other),
            diff=diff,
        )
    return aside


PREFERRED = "preferred"  # a row gave way to the copy of a file the user preferred
LATER = "later"  # a form's answer gave way to a later answer
# Why a row gave way, when no correction says so: the message that says it.
_SET_ASIDE_BECAUSE = {
    PREFERRED: "duplicate_preferred",
    LATER: "duplicate_later_answer",
    revisions.HIDDEN: "duplicate_hidden",
    revisions.STRUCK: "duplicate_struck",
    revisions.SAMPLE: "duplicate_sample",
}


GAVE_WAY = frozenset({"duplicate_corrected", *_SET_ASIDE_BECAUSE.values()})  # a row set aside for another copy


def _differences(columns: list[str], before: Sequence[float], after: Sequence[float], sign: str) -> str:
    """'i1: 83.65≠90, …': the scores two copies of a row disagree on."""
    return ", ".join(
        f"{c}: {a:g}{sign}{b:g}"
        for c, a, b in zip(columns, before, after, strict=True)
        if not (np.isnan(a) and np.isnan(b)) and a != b
    )


def _at(row: pd.Series) -> dict[str, Any]:
    """A row's place, as ``Problems.add`` takes it."""
    return {"file": row["source_file"], "sheet": row["source_sheet"], "row": int(row["source_row"])}


def _place(row: pd.Series) -> Localized:
    where = f"{row['source_file']} / {row['source_sheet']} / "
    return Localized(*(f"{where}{t('word_row', lang)} {int(row['source_row'])}" for lang in ("th", "en")))
