"""The Thai/English text catalogue: every user-facing label and message, Thai first.

Entries live in ``ita/data/text/*.toml`` as ``[key] th = "..." en = "..."`` with ``{name}``
placeholders. Code refers to keys only, so a translator edits one data file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "data" / "text"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every ``*.toml`` of ``ita/data/text`` merged (one file per area: core, dashboard, measures, ...).
    A key defined twice is a mistake and raises."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            entries = tomllib.load(fh)
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path.name}: text keys defined twice: {sorted(clash)}")
        merged.update(entries)
    return merged


class _Keep(dict):
    """Leaves unknown placeholders visible instead of raising, so a typo never breaks a page."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Localized(NamedTuple):
    """A placeholder value that differs by language (a word from the catalogue inside a message)."""

    th: str
    en: str


def word(key: str, **values: Any) -> Localized:
    """A catalogue entry (its placeholders filled with ``values``) as a placeholder value for ``t``/``both``."""
    return Localized(t(key, "th", **values), t(key, "en", **values))


# A user's text quoted inside a message ('Saved the changes to "…"'): a measure's title of 4,800 characters filled the
# screen and pushed the reason after it out of sight. Longer ones end in '…'; the whole text stays where it was typed.
QUOTED_FIELDS = ("title",)
QUOTED_CHARS = 120


def t(key: str, lang: str = "th", /, **values: Any) -> str:
    """The text for ``key`` in ``lang`` with placeholders filled; the key itself if unknown. With ``count`` 1, a
    language's ``<lang>_one`` wording is used where the entry has one (English: "1 measure", "3 measures"; Thai
    has no plural)."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    one = entry.get(f"{lang}_one") if values.get("count") in (1, "1") else None
    template = one or entry.get(lang) or entry.get("th") or key
    filled = {k: (getattr(v, lang, v.th) if isinstance(v, Localized) else v) for k, v in values.items()}
    for name in QUOTED_FIELDS:
        if isinstance(filled.get(name), str) and len(filled[name]) > QUOTED_CHARS:
            filled[name] = cut_utf8(filled[name], len(filled[name][:QUOTED_CHARS].encode("utf-8"))).rstrip() + "…"
    return template.format_map(_Keep(filled))


# Thai vowels written before the consonant they follow in speech: a cut text must not end on one.
_PREPOSED = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _is_mark(ch: str) -> bool:
    """A character drawn on the one before it (Thai vowels above and below, tone marks, sara am)."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in ("\u0e33", "\u200d")


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` within ``max_bytes`` UTF-8 bytes that does not part a consonant from its
    vowel or tone marks, nor end on a leading Thai vowel (เ แ โ ใ ไ)."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    end, used = 0, 0
    for ch in text:
        size = len(ch.encode("utf-8"))
        if used + size > max_bytes:
            break
        used += size
        end += 1
    while end > 0 and (_is_mark(text[end]) or text[end - 1] in _PREPOSED):
        end -= 1
    return text[:end]


def both(key: str, /, **values: Any) -> tuple[str, str]:
    """The Thai and English texts for ``key``."""
    return t(key, "th", **values), t(key, "en", **values)


# --------------------------------------------------------------------------- characters a text must not carry

# C0 and C1 control characters (tab, line feed and carriage return are kept: they mean something in a
# measure's text; a name collapses them to spaces), DEL, the bidirectional overrides and isolates (they make
# a name read in another order than it is stored), and what XML 1.0 cannot hold (U+FFFE, U+FFFF, lone
# surrogates), which the .docx and .xlsx writers refuse.
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)


def unsafe_characters(text: str) -> list[str]:
    """The distinct unsafe characters of ``text`` as code points ('U+0007', 'U+202E'), first seen first."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in UNSAFE_CHARACTERS.findall(text)))


def without_unsafe_characters(text: str) -> str:
    """``text`` without control, direction-override and XML-forbidden characters (see ``UNSAFE_CHARACTERS``)."""
    return UNSAFE_CHARACTERS.sub("", text) if UNSAFE_CHARACTERS.search(text) else text


# Pictographs a dashboard or a decorated sheet puts before a heading or a grade ('📊 ตัวชี้วัดที่ 1', '🏛️ ชื่อหน่วยงาน',
# '✅ ผ่าน'): emoji, dingbats and the joiners and selectors that build them; no letter, digit or Thai mark among them.
DECORATION = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0e\ufe0f\u200d\u20e3]")
