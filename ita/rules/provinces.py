"""The 77 provinces of Thailand (``ita/data/provinces.toml``): a province however a file writes it ('จ.สกลนคร',
'Sakon Nakhon', 'กทม.'), and whether a written province is one of them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ita.common.thai import compact

PROVINCES_FILE = Path(__file__).resolve().parents[1] / "data" / "provinces.toml"
_PREFIX = re.compile(r"^\s*(?:จังหวัด|จ\.|province\s+of)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+province\s*$", re.IGNORECASE)


def _key(text: object) -> str:
    """A province compared without 'จังหวัด'/'จ.'/'province', spaces, dots or case ('Chon Buri' = 'chonburi')."""
    plain = _SUFFIX.sub("", _PREFIX.sub("", str(text)))
    return compact(plain).replace(".", "").casefold()


@dataclass(frozen=True)
class Provinces:
    names: frozenset[str]  # the Thai names, as the dashboard writes them
    by_key: dict[str, str]  # every way of writing one (``_key``) → its Thai name
    written: frozenset[str] = frozenset()  # every way of writing one, as written (casefolded): a fast first test
    english: dict[str, str] = field(default_factory=dict)  # Thai name → English name

    def is_written(self, text: str) -> bool:
        """Whether ``text`` is a province written as the list writes it ('สกลนคร', 'sakon nakhon'), without the
        normalising ``find`` does: for scanning every row's name."""
        return text.strip().casefold() in self.written

    def word(self, name: str, lang: str) -> str:
        """A province for a page in ``lang``: its English name on an English page, else as given ('สกลนคร')."""
        return self.english.get(name, name) if lang == "en" else name

    def find(self, text: object) -> str | None:
        """The Thai name of the province ``text`` writes, or None when it is none of the 77."""
        return self.by_key.get(_key(text)) if text is not None else None


@lru_cache(maxsize=1)
def provinces() -> Provinces:
    with PROVINCES_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    by_key: dict[str, str] = {}
    forms: set[str] = set()
    for entry in data["provinces"]:
        for written in (entry["th"], entry["en"], *entry.get("aliases", [])):
            by_key[_key(written)] = entry["th"]
            forms.add(written.strip().casefold())
    english = {e["th"]: e["en"] for e in data["provinces"]}
    return Provinces(frozenset(e["th"] for e in data["provinces"]), by_key, frozenset(forms), english)
