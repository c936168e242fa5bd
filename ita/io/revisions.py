"""Rows marked as a correction of another row, or as the row a correction replaced: 'เทศบาลตำบลพอกน้อย (แก้ไข)',
a remark 'ข้อมูลเดิม'. The mark is read as a mark, not as part of the agency's name, and when one agency's year is
written twice with different scores, the corrected row is used (``ita.io.importer``). The words are data
(``[revision_rows]`` in ``ita/data/headers.toml``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ita.common.problems import INFO, Problems
from ita.common.thai import compact
from ita.io.headers import HEADERS_FILE

CORRECTED, SUPERSEDED = "corrected", "superseded"
HIDDEN = "hidden"  # a row the file hides (ita.io.hidden): a visible copy of it is the one a person reads
STRUCK = "struck"  # a row struck through: replaced, as a person reads it
SAMPLE = "sample"  # a row of a file that gives way (the bundled samples' demo figures)
SET_ASIDE = (SUPERSEDED, HIDDEN, STRUCK, SAMPLE)  # marks of a row that gives way to an unmarked copy
REVISION = "revision"  # the column the marks are kept in while duplicates are resolved
# A mark after a name: in brackets, or after a dash or an asterisk, at the end ('… (แก้ไข)', '… - ข้อมูลเดิม').
_AFTER_NAME = re.compile(r"\s*(?:[(\[]\s*([^()\[\]]{2,40}?)\s*[)\]]|[-–*]\s*([^-–*]{2,40}?))\s*$")
_LAST_WORD = re.compile(r"\s+(\S{2,20})\s*$")


@dataclass(frozen=True)
class RevisionWords:
    corrected: tuple[str, ...]
    superseded: tuple[str, ...]
    neutral: tuple[str, ...]
    remark_headings: frozenset[str]
    corrected_written: tuple[str, ...] = ()  # the correction's words as written (casefolded), for ``may_correct``
    timestamp_headings: frozenset[str] = frozenset()  # a form's column of each answer's time ('ประทับเวลา')
    KINDS = ("corrected", "superseded", "neutral")

    def mark(self, text: object) -> str:
        """CORRECTED, SUPERSEDED or '' for a remark or the words after a name."""
        words = compact(text)
        if not words or any(w in words for w in self.neutral):
            return ""
        if any(w in words for w in self.superseded):
            return SUPERSEDED
        return CORRECTED if any(w in words for w in self.corrected) else ""

    def may_correct(self, name: str) -> bool:
        """Whether a name (or many joined) holds one of the correction's words at all (a fast first test)."""
        folded = name.casefold()
        return any(w in folded for w in self.corrected_written)

    def is_word(self, text: str) -> bool:
        return compact(text) in {*self.corrected, *self.superseded}


@lru_cache(maxsize=1)
def revision_words() -> RevisionWords:
    with HEADERS_FILE.open("rb") as fh:
        data = tomllib.load(fh)["revision_rows"]
    corrected, superseded, neutral = (tuple(compact(w) for w in data[kind]) for kind in RevisionWords.KINDS)
    headings = frozenset(compact(w) for w in data["remark_headings"])
    times = frozenset(compact(w) for w in data["timestamp_headings"])
    return RevisionWords(
        corrected, superseded, neutral, headings, tuple(w.casefold() for w in data["corrected"]), times
    )


def _name_and_mark(name: str, words: RevisionWords) -> tuple[str, str, str]:
    """(the name without a mark after it, the mark, the words that made it) — the name unchanged and '' when none."""
    for pattern in (_AFTER_NAME, _LAST_WORD):
        found = pattern.search(name)
        if found is None:
            continue
        said = next(g for g in found.groups() if g)
        # A last word without brackets marks only when it is a mark's word itself ('… แก้ไข'), not one holding it.
        kind = words.mark(said) if pattern is _AFTER_NAME or words.is_word(said) else ""
        if kind and (bare := name[: found.start()].strip()):
            return bare, kind, found.group(0).strip()
    return name, "", ""


@lru_cache(maxsize=1024)
def _remark_heading(key: str) -> bool:
    """Whether a column no field claimed is headed as remarks ('หมายเหตุ'): asked of every row's cells, so once."""
    return compact(key) in revision_words().remark_headings


def _remark_mark(extra: object, words: RevisionWords) -> str:
    if not isinstance(extra, dict):
        return ""
    marks = {words.mark(v) for k, v in extra.items() if isinstance(v, str) and v and _remark_heading(str(k))}
    marks.discard("")
    return marks.pop() if len(marks) == 1 else ""


def _remark_marks(extras: pd.Series, words: RevisionWords) -> list[str]:
    """Each row's mark from its remarks; every row's '' at once when no row has a remarks column (the usual file)."""
    headed = {k for e in extras if isinstance(e, dict) for k in e}
    if not any(_remark_heading(str(k)) for k in headed):
        return [""] * len(extras)
    return [_remark_mark(e, words) for e in extras]


def _sheet_marks(table: pd.DataFrame, words: RevisionWords) -> list[str]:
    """Each row's mark from its sheet's name: a workbook of the preliminary and the final results ('ผลเบื้องต้น 2567',
    'ผลหลังอุทธรณ์ 2567'; '2567 (ร่าง)' beside '2567') lost every agency the appeal changed, as two copies in conflict."""
    if "source_sheet" not in table:
        return [""] * len(table)
    sheets = table["source_sheet"].fillna("").astype(str)
    marked = {s: words.mark(s) for s in sheets.unique()}
    return sheets.map(marked).tolist() if any(marked.values()) else [""] * len(table)


def with_revisions(table: pd.DataFrame, problems: Problems, give_way: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The table with a ``REVISION`` column (CORRECTED, SUPERSEDED, HIDDEN, STRUCK, SAMPLE for a row of a file in
    ``give_way``, or ''), marks after names taken off the names (with a note where each was)."""
    words = revision_words()
    names = table["agency"].fillna("").astype(str)
    split = {n: found for n in names.unique() if n and (found := _name_and_mark(n, words))[1]}  # the marked only
    marks = names.map(lambda n: split[n][1] if n in split else "").tolist() if split else [""] * len(table)
    remarks = _remark_marks(table["extra"], words) if "extra" in table else [""] * len(table)
    hidden = table[REVISION].fillna("").tolist() if REVISION in table else [""] * len(table)
    if give_way:
        hidden = [h or (SAMPLE if f in give_way else "") for h, f in zip(hidden, table["source_file"], strict=True)]
    sheets = _sheet_marks(table, words)
    out = table.assign(
        **{REVISION: [m or r or h or s for m, r, h, s in zip(marks, remarks, hidden, sheets, strict=True)]}
    )
    marked = names.isin(list(split))
    if marked.any():
        out["agency"] = names.map(lambda n: split[n][0] if n in split else n).where(marked, table["agency"])
        for i in marked[marked].index:
            bare, kind, said = split[names[i]]
            note_at_row(problems, table, i, f"revision_mark_{kind}", agency=bare, said=said)
    return out


def note_at_row(problems: Problems, table: pd.DataFrame, i: Any, code: str, **values: Any) -> None:
    """A note at the sheet row record ``i`` of the table came from."""
    file, sheet, row = (table.at[i, column] for column in ("source_file", "source_sheet", "source_row"))
    problems.add(INFO, code, file=str(file), sheet=None if pd.isna(sheet) else str(sheet), row=int(row), **values)


def partial_corrections(frame: pd.DataFrame) -> list[tuple[int, int, list[str]]]:
    """Rows marked as a correction that give only the scores they correct ('เทศบาลตำบลพอกน้อย | … | 62.50 | … |
    แก้ไข' under the agency's row, the other indicators blank): (the correction's record, the record of the same
    agency and year above it that it corrects, the indicators it leaves blank). A person reads the blanks as
    unchanged."""
    words = revision_words()
    names = frame["agency"].fillna("").astype(str).tolist()
    extras = frame["extra"].tolist() if "extra" in frame else [None] * len(frame)
    remarks = _remark_marks(pd.Series(extras, dtype=object), words)
    distinct = set(names)
    if CORRECTED not in remarks and not words.may_correct("\n".join(distinct)):
        return []  # no name holds a correction's word and no remark says one: one search of all the names at once
    bare = {n: _name_and_mark(n, words) for n in distinct}
    marks = [bare[n][1] or r for n, r in zip(names, remarks, strict=True)]
    if CORRECTED not in marks:
        return []
    keys = [k for k in frame.columns if k[:1] == "i" and k[1:].isdigit()]
    values = frame[keys].to_numpy(dtype=float)
    same = [(compact(bare[n][0]), str(y)) for n, y in zip(names, frame["year"], strict=True)]
    found = []
    for i, mark in enumerate(marks):
        blank = np.isnan(values[i])
        if mark != CORRECTED or not blank.any() or blank.all():
            continue
        above = (j for j in range(i - 1, -1, -1) if same[j] == same[i] and marks[j] != CORRECTED)
        corrected = next((j for j in above if not np.isnan(values[j][blank]).any()), None)
        if corrected is not None:
            found.append((i, corrected, [keys[k] for k in np.flatnonzero(blank)]))
    return found
