"""The standard Thai wording and the typesetting settings of the O42/O43 documents, loaded from data.

``ita/data/reports/th.toml`` holds every sentence the generator drafts (preface, rationale, headings,
per-indicator texts, status words, table headers) and the page style (font, sizes, margins). A user
changes the wording without editing code: edit that file, or point ``ITA_REPORT_TEXTS`` at a TOML file
with the same structure. Its tables are merged into the bundled ones; its ``[[indicator]]`` entries
replace the bundled entry with the same ``name_th`` (and add new ones).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita.common.thai import compact, to_be
from ita.rules.frameworks import Indicator

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "reports" / "th.toml"
ENV_TEXTS = "ITA_REPORT_TEXTS"


FULL_MARKS = 100.0  # an indicator's best score


def score_text(value: float) -> str:
    """A score as ITAS prints it: two decimals."""
    return f"{value:.2f}"


class TemplateError(ValueError):
    """The report wording file is invalid. The message names the file and the entry."""


class _Keep(dict):
    """Leaves an unknown placeholder visible instead of raising, so a typo in the wording file shows up
    in the document where it happened rather than breaking the report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class ReportStyle:
    """Page and type settings. Defaults follow Thai official documents: TH Sarabun New 16 pt on A4."""

    font: str = "TH Sarabun New"
    size_pt: float = 16
    table_size_pt: float = 14
    title_size_pt: float = 18
    margin_top_cm: float = 2.5
    margin_bottom_cm: float = 2.0
    margin_left_cm: float = 3.0
    margin_right_cm: float = 2.0
    first_line_indent_cm: float = 2.5
    line_spacing: float = 1.0  # TH Sarabun's own metrics leave room for Thai marks at single spacing
    thai_numerals: bool = False  # Thai digits throughout (๑. ๒., scores, dates), not 1. 2.
    keep_words: tuple[str, ...] = ()  # compounds a line must not split, "|" where (``ita.reports.typeset``)

    @property
    def text_width_cm(self) -> float:
        return 21.0 - self.margin_left_cm - self.margin_right_cm

    def with_options(self, **options: Any) -> ReportStyle:
        """A copy with the given settings; ``None`` values keep the current setting."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


@dataclass(frozen=True)
class IndicatorText:
    assessment: str  # ประเด็นการประเมิน: what the indicator assesses
    improve: str  # ประเด็นที่ควรพัฒนา: what to improve


class Templates:
    """Lookup of the wording by dotted key (``o42.headings.result``), with placeholders filled."""

    def __init__(self, raw: Mapping[str, Any], source: str = "") -> None:
        self.raw = raw
        self.source = source
        self._indicators = {compact(e["name_th"]): e for e in raw.get("indicator", [])}

    def _get(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise TemplateError(f"{self.source}: missing entry '{key}' (see {BUNDLED.name})")
            node = node[part]
        return node

    def text(self, key: str, /, **values: Any) -> str:
        template = self._get(key)
        return str(template).format_map(_Keep(values))

    def list(self, key: str) -> list[str]:
        return [str(x) for x in self._get(key)]

    def status(self, code: str) -> str:
        return str(self.raw.get("status", {}).get(code, code))

    def month(self, number: int) -> str:
        return self.list("months.names")[number - 1]

    def indicator(self, indicator: Indicator, **values: Any) -> IndicatorText:
        """The standard texts of an indicator, matched by its Thai name or a variant; generic wording
        (with the indicator's name) for an indicator the file does not know."""
        fill = _Keep(name=indicator.name_th, **values)
        for name in (indicator.name_th, *indicator.variants):
            entry = self._indicators.get(compact(name))
            if entry:  # an entry may name the year ('กำหนดในปี พ.ศ. {result_year}')
                return IndicatorText(entry["assessment"].format_map(fill), entry["improve"].format_map(fill))
        return IndicatorText(
            self.text("indicator_default.assessment").format_map(fill),
            self.text("indicator_default.improve").format_map(fill),
        )

    def style(self, **options: Any) -> ReportStyle:
        """The page style of the wording file, with ``options`` (None keeps the file's value). A font named
        in ``[style.line_spacing_by_font]`` gets its line spacing (Google's Sarabun needs more than TH Sarabun
        New, whose tall line metrics already make room for marks above and below)."""
        raw = self.raw.get("style", {})
        known = {f.name for f in fields(ReportStyle)}
        given: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in known}
        style = ReportStyle(**given).with_options(**options)
        spacing = raw.get("line_spacing_by_font", {}).get(style.font)
        return style if spacing is None or options.get("line_spacing") else replace(style, line_spacing=float(spacing))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the report wording file ({exc})") from exc


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key == "indicator" and isinstance(value, list):
            by_name = {compact(e.get("name_th", "")): e for e in out.get("indicator", [])}
            for entry in value:
                if not {"name_th", "assessment", "improve"} <= set(entry):
                    raise TemplateError("each [[indicator]] needs name_th, assessment and improve")
                by_name[compact(entry["name_th"])] = entry
            out["indicator"] = list(by_name.values())
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def _load(override: str | None, mtime: float | None) -> Templates:
    raw = _read(BUNDLED)
    source = BUNDLED.name
    if override:
        raw = _merge(raw, _read(Path(override)))
        source = f"{BUNDLED.name} + {override}"
    return Templates(raw, source)


def load_templates(override: str | os.PathLike[str] | None = None) -> Templates:
    """The bundled wording merged with ``override`` (default: the file named by ``ITA_REPORT_TEXTS``)."""
    path = str(override) if override else os.environ.get(ENV_TEXTS) or None
    mtime = Path(path).stat().st_mtime if path and Path(path).exists() else None
    return _load(path, mtime)


def thai_date(day: dt.date, templates: Templates | None = None) -> str:
    """'31 มีนาคม 2564': day, Thai month, B.E. year."""
    tpl = templates or load_templates()
    return f"{day.day} {tpl.month(day.month)} {to_be(day.year)}"
