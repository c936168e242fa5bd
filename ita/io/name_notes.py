"""Notes written after an agency's name that are not part of it (``[name_notes]`` in ``ita/data/headers.toml``): a
note of its former name or status in brackets ("เทศบาลตำบลนาหัวบ่อ (ยกฐานะจาก อบต.นาหัวบ่อ)") and its name in
English after the Thai one ("เทศบาลตำบลพอกน้อย (Phok Noi Subdistrict Municipality)", "… / Sawang SAO") or before it
("Nakhon Phanom Town Municipality / ทม.นครพนม"). Kept in the
name, each made an agency of its own that never joined its other rows, without a word; taken off here, before the
marks of a corrected or replaced row are read ("(เดิม อบต.พอกน้อย)" is a former name, not a replaced row), each
with a note."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ita.common.problems import Problems
from ita.io.revisions import note_at_row, revision_words

HEADERS_TOML = Path(__file__).resolve().parents[1] / "data" / "headers.toml"
_THAI = re.compile("[\u0e01-\u0e4f]")
_LATIN_WORDS = r"[A-Za-z][A-Za-z.'&]*(?:[ \-][A-Za-z][A-Za-z.'&]*)*"
# English after the Thai name: in brackets, after a slash or a spaced dash, or three words or more after a space
# (an English name: "Phang Khon Subdistrict Municipality"; "ศูนย์ IT", "… ICT Center" keep theirs).
_ENGLISH_AFTER = re.compile(
    rf"(?<=[\u0e01-\u0e4f.)])\s*(?:[(\[]\s*{_LATIN_WORDS}\s*[)\]]|(?:/|\s-)\s*{_LATIN_WORDS}|"
    rf"\s+[A-Za-z]{{2,}}[.']?(?:\s+[A-Za-z][A-Za-z.'&]*){{2,}})\s*$"
)
# ... or before it, with a slash or a spaced dash between ("Nakhon Phanom Town Municipality / ทม.นครพนม").
_ENGLISH_BEFORE = re.compile(rf"^\s*{_LATIN_WORDS}\s*(?:/|\s-)\s*(?=[\u0e01-\u0e4f])")
_BRACKET_AT_END = re.compile(r"\s*[(\[]([^()\[\]]+)[)\]]\s*$")
NOTE_CHARS = 120  # a note is looked for in a name's last characters only: linear whatever a cell holds


@lru_cache(maxsize=1)
def former_words() -> tuple[str, ...]:
    with HEADERS_TOML.open("rb") as fh:
        words = tomllib.load(fh)["name_notes"]["former"]
    return tuple(sorted((w.casefold() for w in words), key=len, reverse=True))


def split_note(name: str) -> tuple[str, str]:
    """(the name without a note after it, the note) — the name unchanged and '' when it carries none. Only a name
    with Thai letters before the note loses anything: an English name is its own."""
    start = max(0, len(name) - NOTE_CHARS)
    bracket = _BRACKET_AT_END.search(name, start)
    if bracket is not None and _THAI.search(name[: bracket.start()]):
        inner = bracket.group(1).strip().casefold()
        # A word that opens a former name, with the name after it: "(เดิม)" alone, or "(เดิม ก่อนอุทธรณ์)", marks a
        # replaced row instead ([revision_rows]).
        rest = next((inner[len(w) :].strip(" :.-") for w in former_words() if inner.startswith(w)), "")
        if rest and _THAI.search(rest) and not revision_words().mark(rest):
            return name[: bracket.start()].strip(), bracket.group(0).strip()
    before = _ENGLISH_BEFORE.match(name[:NOTE_CHARS])
    if before is not None and " " in before.group(0).strip(" /-"):  # two words or more: a name, not a code ('IT/')
        return name[before.end() :].strip(), before.group(0).strip(" /-")
    english = _ENGLISH_AFTER.search(name, start)
    # "(revised)", "- original": a mark of a corrected or replaced row ([revision_rows]), read as such after this
    if english is not None and _THAI.search(name[: english.start()]) and not revision_words().mark(english.group(0)):
        return name[: english.start()].strip(), english.group(0).strip(" /-")
    return name, ""


def without_notes(table: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """The table with each agency's name as a person reads it (``split_note``), and a note at each row changed."""
    names = table["agency"].fillna("").astype(str)
    found = {n: split for n in names.unique() if n and (split := split_note(n))[1]}
    if not found:
        return table
    out = table.assign(agency=names.map(lambda n: found[n][0] if n in found else n).where(names != "", table["agency"]))
    for i in names[names.isin(list(found))].index:
        bare, note = found[names[i]]
        note_at_row(problems, table, i, "name_note", agency=bare, note=note)
    return out
