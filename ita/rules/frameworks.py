"""ITA frameworks: indicators, tools, weights and grading rules, keyed by fiscal year.

Frameworks are data. Each fiscal year is one TOML file (bundled ones in ``ita/data/frameworks``); a
user adds or corrects a year by dropping a file into a directory named by ``ITA_FRAMEWORKS_DIR``
(or the CLI's ``--frameworks``). A user file for a year replaces the bundled one. A file may say
``based_on = <year>`` and give only what differs; top-level tables and arrays replace the base's.

Both grading systems are one mechanism: an ordered list of grades, best first, each with a minimum
total and an optional floor every tool mean must reach. The first grade whose conditions hold wins.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita.common.text import DECORATION
from ita.common.thai import compact

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "data" / "frameworks"
ENV_DIRS = "ITA_FRAMEWORKS_DIR"
CONFIDENCE_LEVELS = ("confirmed", "likely", "unknown")
_WEIGHT_TOLERANCE = 1e-6


# Around a grade as people type it: a word saying it is a grade before it ("ระดับ B", "เกรด C", "Grade: A") and a
# note after it in brackets ("D (ต่ำ)"). Spaces inside are dropped too ("ผ่าน ดี").
_GRADE_WORD = re.compile(r"^(?:ระดับ(?:ผลการประเมิน)?|ผลการประเมิน|เกรด|grade)\s*[:：]?\s*", re.IGNORECASE)
_GRADE_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_LETTER_AND_WORD = re.compile(r"^([A-Fa-f]{1,2})\s+(?:ผ่าน|ไม่ผ่าน|pass(?:ed)?|fail(?:ed)?)$")  # 'A ผ่าน', 'D ไม่ผ่าน'


class FrameworkError(ValueError):
    """A framework file is invalid. The message names the file, the field and what to do."""


@dataclass(frozen=True)
class Tool:
    code: str
    name_th: str
    name_en: str
    weight: float


@dataclass(frozen=True)
class Indicator:
    number: int
    name_th: str
    name_en: str
    tool: str
    weight: float
    variants: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Column name in tidy tables: ``i1`` .. ``i10``."""
        return f"i{self.number}"

    def names(self) -> tuple[str, ...]:
        return (self.name_th, *self.variants, self.name_en)


@dataclass(frozen=True)
class Grade:
    code: str
    label_th: str
    label_en: str
    min_total: float
    passed: bool
    color: str
    min_each_tool: float | None = None
    variants: tuple[str, ...] = ()  # other ways files write the label ('ต้องปรับปรุงอย่างเร่งด่วน')
    # False when no source confirms ``min_total`` (2566's 70 between ต้องปรับปรุง and ต้องปรับปรุงโดยด่วน): a label a
    # file publishes on the other side of it is taken as published (``ita.io.crosscheck``).
    min_total_confirmed: bool = True

    def label(self, lang: str = "th") -> str:
        return self.label_th if lang == "th" else self.label_en

    def standing(self) -> tuple[float, float]:
        """Where the band stands among its year's: by its least total, then by its tools' floor (2566 on)."""
        return (self.min_total, self.min_each_tool or 0.0)


def band_move(before: Grade, after: Grade) -> str | None:
    """'up' or 'down' when ``after`` is a higher or a lower band than ``before``; None when it is the same."""
    if after.standing() == before.standing():
        return None
    return "up" if after.standing() > before.standing() else "down"


@dataclass(frozen=True)
class Example:
    note: str
    indicators: tuple[float, ...]
    grade: str
    total: float | None = None


@dataclass(frozen=True)
class Framework:
    year: int
    name_th: str
    name_en: str
    source: str
    confidence: str
    pass_mark: float
    target_share: float
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    grades: tuple[Grade, ...]
    examples: tuple[Example, ...] = ()
    origin: str = "bundled"
    path: str = ""

    @property
    def id(self) -> str:
        """Short identifier recorded with every scored row, e.g. ``ITA-2563`` or ``ITA-2569 (user)``."""
        return f"ITA-{self.year}" + ("" if self.origin == "bundled" else f" ({self.origin})")

    @property
    def indicator_keys(self) -> list[str]:
        return [ind.key for ind in self.indicators]

    @property
    def tool_codes(self) -> list[str]:
        return [tool.code for tool in self.tools]

    @property
    def has_tool_floors(self) -> bool:
        return any(g.min_each_tool is not None for g in self.grades)

    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    def find_grade(self, text: str) -> Grade | None:
        """The grade a reported label means, as a person reads it ('B', 'ระดับ B', 'เกรด C', 'D (ต่ำ)', 'ผ่านดี',
        'ผ่าน ดี', 'good pass'), or None."""
        said = _GRADE_WORD.sub("", DECORATION.sub("", str(text)).strip())  # '✅ ผ่านดี', '⚠️ ต้องปรับปรุง' as the words
        bare = _GRADE_NOTE.sub("", said)  # 'D (ต่ำ)', but 'Pass (Good)' is a grade's name whole: looked for first
        lettered = _LETTER_AND_WORD.match(bare)  # 'A ผ่าน': the letter is the grade, the word says it passed
        for wanted in (compact(said), compact(bare), *([compact(lettered.group(1))] if lettered else [])):
            for g in self.grades:
                if wanted in (compact(g.code), compact(g.label_th), compact(g.label_en), *map(compact, g.variants)):
                    return g
        return None

    def unconfirmed_between(self, one: str, other: str) -> bool:
        """Whether grades ``one`` and ``other`` (codes) are neighbours split only by a cut-off no source confirms."""
        if one == other:  # the usual case: a published grade that is ours
            return False
        codes = [g.code for g in self.grades]
        if one not in codes or other not in codes or abs(codes.index(one) - codes.index(other)) != 1:
            return False
        return not self.grades[min(codes.index(one), codes.index(other))].min_total_confirmed

    def grade_word(self, text: str, lang: str = "th") -> str:
        """A grade as the data wrote it ('ผ่านดี', 'B'), said in ``lang``; the text as is when no grade matches."""
        found = self.find_grade(text) if text else None
        return found.label(lang) if found else text


# ---------------------------------------------------------------- parsing and validation


def _require(raw: Mapping[str, Any], key: str, kinds: type | tuple[type, ...], where: str) -> Any:
    if key not in raw:
        raise FrameworkError(f"{where}: missing field '{key}'. Add it (see ita/data/frameworks/2562.toml).")
    value = raw[key]
    if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
        raise FrameworkError(f"{where}: field '{key}' must be {_kind_name(kinds)}, got {value!r}.")
    if not isinstance(value, kinds):
        raise FrameworkError(f"{where}: field '{key}' must be {_kind_name(kinds)}, got {value!r}.")
    return value


def _kind_name(kinds: type | tuple[type, ...]) -> str:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if set(kinds) == {int, float}:
        return "a number"
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list"}
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


_NUMBER = (int, float)


def _parse(raw: Mapping[str, Any], where: str, origin: str) -> Framework:
    """One framework from its TOML table; each step raises ``FrameworkError`` naming what to fix."""
    year = _parse_year(raw, where)
    tools = _parse_tools(raw, where)
    indicators = _parse_indicators(raw, where, [t.code for t in tools])
    _check_weights(tools, indicators, where)
    grades = _parse_grades(raw, where)
    confidence = _parse_confidence(raw, where)
    examples = _parse_examples(raw, where, len(indicators))
    return Framework(
        year=year,
        name_th=_require(raw, "name_th", str, where),
        name_en=_require(raw, "name_en", str, where),
        source=raw.get("source", ""),
        confidence=confidence,
        pass_mark=float(_require(raw, "pass_mark", _NUMBER, where)),
        target_share=float(raw.get("target_share", 0.8)),
        tools=tuple(tools),
        indicators=tuple(sorted(indicators, key=lambda i: i.number)),
        grades=tuple(grades),
        examples=tuple(examples),
        origin=origin,
        path=where,
    )


def _parse_year(raw: Mapping[str, Any], where: str) -> int:
    """The fiscal year, which must be a Buddhist-era year (2500-2700)."""
    year: int = _require(raw, "year", int, where)
    if not 2500 <= year <= 2700:
        raise FrameworkError(f"{where}: year {year} is not a Buddhist-era fiscal year (expected 2500-2700).")
    return year


def _parse_tools(raw: Mapping[str, Any], where: str) -> list[Tool]:
    """The tools; there must be at least one and their codes must be unique."""
    tools = []
    for n, t in enumerate(_require(raw, "tools", list, where), start=1):
        w = f"{where}, tools #{n}"
        tools.append(
            Tool(
                code=_require(t, "code", str, w).strip(),
                name_th=_require(t, "name_th", str, w),
                name_en=_require(t, "name_en", str, w),
                weight=float(_require(t, "weight", _NUMBER, w)),
            )
        )
    tool_codes = [t.code for t in tools]
    if len(set(tool_codes)) != len(tool_codes) or not tools:
        raise FrameworkError(f"{where}: tool codes must be present and unique, got {tool_codes}.")
    return tools


def _parse_indicator(i: Mapping[str, Any], w: str, tool_codes: list[str]) -> Indicator:
    """One indicator; its tool must be a known tool and its variants a list of text."""
    tool = _require(i, "tool", str, w)
    if tool not in tool_codes:
        raise FrameworkError(f"{w}: tool '{tool}' is not one of the tools {tool_codes}.")
    variants = i.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise FrameworkError(f"{w}: 'variants' must be a list of text.")
    return Indicator(
        number=_require(i, "number", int, w),
        name_th=_require(i, "name_th", str, w),
        name_en=_require(i, "name_en", str, w),
        tool=tool,
        weight=float(_require(i, "weight", _NUMBER, w)),
        variants=tuple(variants),
    )


def _parse_indicators(raw: Mapping[str, Any], where: str, tool_codes: list[str]) -> list[Indicator]:
    """The indicators, which must be numbered 1..N without gaps."""
    indicators = [
        _parse_indicator(i, f"{where}, indicators #{n}", tool_codes)
        for n, i in enumerate(_require(raw, "indicators", list, where), start=1)
    ]
    numbers = [i.number for i in indicators]
    if not indicators or sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise FrameworkError(f"{where}: indicators must be numbered 1..N without gaps, got {numbers}.")
    return indicators


def _check_weights(tools: list[Tool], indicators: list[Indicator], where: str) -> None:
    """Indicator weights add up to 100, and within each tool to that tool's weight."""
    total_weight = sum(i.weight for i in indicators)
    if abs(total_weight - 100) > _WEIGHT_TOLERANCE:
        raise FrameworkError(f"{where}: indicator weights add up to {total_weight:g}, not 100. Correct the weights.")
    for t in tools:
        within = sum(i.weight for i in indicators if i.tool == t.code)
        if abs(within - t.weight) > _WEIGHT_TOLERANCE:
            raise FrameworkError(
                f"{where}: tool {t.code} has weight {t.weight:g} but its indicators add up to {within:g}. "
                "Make them agree."
            )


def _parse_grade(g: Mapping[str, Any], w: str) -> Grade:
    """One grade; its optional tool floor (``min_each_tool``) must be a number."""
    floor = g.get("min_each_tool")
    if floor is not None and (isinstance(floor, bool) or not isinstance(floor, _NUMBER)):
        raise FrameworkError(f"{w}: 'min_each_tool' must be a number.")
    return Grade(
        code=_require(g, "code", str, w).strip(),
        label_th=_require(g, "label_th", str, w),
        label_en=_require(g, "label_en", str, w),
        min_total=float(_require(g, "min_total", _NUMBER, w)),
        passed=_require(g, "passed", bool, w),
        color=g.get("color", "#9e9e9e"),
        min_each_tool=None if floor is None else float(floor),
        variants=tuple(str(v) for v in g.get("variants", [])),
        min_total_confirmed=bool(g.get("min_total_confirmed", True)),
    )


def _parse_grades(raw: Mapping[str, Any], where: str) -> list[Grade]:
    """The grades, best first, the last one catching every score (minimum 0, no tool floor)."""
    grades = [
        _parse_grade(g, f"{where}, grades #{n}") for n, g in enumerate(_require(raw, "grades", list, where), start=1)
    ]
    if not grades:
        raise FrameworkError(f"{where}: at least one grade is needed.")
    if grades[-1].min_total != 0 or grades[-1].min_each_tool is not None:
        raise FrameworkError(
            f"{where}: the last grade must have min_total = 0 and no tool floor, so that every score gets a grade."
        )
    for better, worse in zip(grades, grades[1:], strict=False):
        if better.min_total < worse.min_total:
            raise FrameworkError(
                f"{where}: grades must be listed best first; '{better.code}' "
                f"(min_total {better.min_total:g}) comes before '{worse.code}' "
                f"(min_total {worse.min_total:g})."
            )
    return grades


def _parse_confidence(raw: Mapping[str, Any], where: str) -> str:
    """How sure the framework is (one of ``CONFIDENCE_LEVELS``); 'unknown' when not given."""
    confidence = raw.get("confidence", "unknown")
    if confidence not in CONFIDENCE_LEVELS:
        raise FrameworkError(f"{where}: confidence must be one of {CONFIDENCE_LEVELS}, got {confidence!r}.")
    return str(confidence)


def _parse_examples(raw: Mapping[str, Any], where: str, n_indicators: int) -> list[Example]:
    """The worked examples, each with one score per indicator."""
    examples = []
    for n, e in enumerate(raw.get("examples", []), start=1):
        w = f"{where}, examples #{n}"
        values = _require(e, "indicators", list, w)
        if len(values) != n_indicators:
            raise FrameworkError(f"{w}: needs {n_indicators} indicator scores, got {len(values)}.")
        total = e.get("total")
        examples.append(
            Example(
                note=e.get("note", ""),
                indicators=tuple(float(v) for v in values),
                grade=_require(e, "grade", str, w),
                total=None if total is None else float(total),
            )
        )
    return examples


# ---------------------------------------------------------------- the set of frameworks


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it keys caches
class FrameworkSet:
    """All known frameworks, by year. ``for_year`` picks the one that applies."""

    by_year: Mapping[int, Framework]
    errors: tuple[str, ...] = field(default=())

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    def for_year(self, year: int) -> tuple[Framework | None, bool]:
        """The framework for ``year`` and whether it is an exact match.

        A year after the newest known one borrows the newest (the caller warns); a year before the
        oldest has none, since ITA before 2562 used a different model.
        """
        if year in self.by_year:
            return self.by_year[year], True
        earlier = [y for y in self.by_year if y < year]
        if earlier:
            return self.by_year[max(earlier)], False
        return None, False

    def latest(self) -> Framework:
        return self.by_year[max(self.by_year)]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path}: not valid TOML ({exc}). Fix the syntax.") from exc
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot be read ({exc.strerror}).") from exc


def _resolve(raws: Mapping[int, tuple[dict[str, Any], str, str]]) -> tuple[dict[int, Framework], list[str]]:
    """Apply ``based_on`` and parse. Returns the valid frameworks and one message per invalid file."""
    done: dict[int, Framework] = {}
    merged: dict[int, dict[str, Any]] = {}
    errors: list[str] = []

    def merge(year: int, chain: tuple[int, ...]) -> dict[str, Any]:
        if year in merged:
            return merged[year]
        raw, where, _ = raws[year]
        base_year = raw.get("based_on")
        if base_year is None:
            result = dict(raw)
        else:
            if base_year in chain or base_year == year:
                raise FrameworkError(f"{where}: 'based_on = {base_year}' makes a loop.")
            if base_year not in raws:
                raise FrameworkError(f"{where}: 'based_on = {base_year}' but no framework for {base_year} exists.")
            result = {**merge(base_year, chain + (year,)), **raw}
            if "examples" not in raw and {"grades", "indicators", "tools"} & raw.keys():
                result.pop("examples", None)  # the base's worked examples need not hold under new rules
        result.pop("based_on", None)
        merged[year] = result
        return result

    for year, (_raw, where, origin) in sorted(raws.items()):
        try:
            fw = _parse(merge(year, ()), where, origin)
            if fw.year != year:
                raise FrameworkError(f"{where}: says year {fw.year} but is registered as {year}.")
            done[year] = fw
        except FrameworkError as exc:
            errors.append(str(exc))
    return done, errors


def user_dirs() -> list[Path]:
    """Directories named by ``ITA_FRAMEWORKS_DIR`` (separated like PATH)."""
    value = os.environ.get(ENV_DIRS, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_frameworks(extra_dirs: Iterable[str | os.PathLike[str]] = (), *, strict: bool = False) -> FrameworkSet:
    """Load bundled frameworks, then user ones (``ITA_FRAMEWORKS_DIR``, then ``extra_dirs``).

    An invalid user file is refused: its year keeps the bundled framework and the message is kept in
    ``errors`` (or raised when ``strict``). A bundled file that is invalid is a bug and always raises.
    """
    raws: dict[int, tuple[dict[str, Any], str, str]] = {}
    for path in sorted(BUNDLED_DIR.glob("*.toml")):
        raw = _read_toml(path)
        raws[_year_of(raw, path)] = (raw, str(path.relative_to(BUNDLED_DIR.parent.parent.parent)), "bundled")
    bundled, errors = _resolve(raws)
    if errors:
        raise FrameworkError("; ".join(errors))

    user_errors: list[str] = []
    for directory in [*user_dirs(), *map(Path, extra_dirs)]:
        if not directory.is_dir():
            user_errors.append(f"{directory}: framework directory not found. Check {ENV_DIRS} or --frameworks.")
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                raw = _read_toml(path)
                year = _year_of(raw, path)
            except FrameworkError as exc:
                user_errors.append(str(exc))
                continue
            candidate = {**raws, year: (raw, str(path), "user")}
            resolved, errs = _resolve(candidate)
            if year in resolved:
                raws = candidate
            else:
                user_errors.extend(e for e in errs if e.startswith(str(path)))
    frameworks, errs = _resolve(raws)
    user_errors.extend(errs)
    if strict and user_errors:
        raise FrameworkError("; ".join(user_errors))
    return FrameworkSet(by_year=frameworks, errors=tuple(user_errors))


def _year_of(raw: Mapping[str, Any], path: Path) -> int:
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise FrameworkError(f"{path}: missing or invalid 'year' (a Buddhist-era year such as 2569).")
    return year


@lru_cache(maxsize=1)
def default_frameworks() -> FrameworkSet:
    """The frameworks of this process (bundled plus ``ITA_FRAMEWORKS_DIR``), loaded once."""
    return load_frameworks()
