"""Recognising headers and labels: what a person reads above a column or beside a score.

All aliases are data (``ita/data/headers.toml`` and the indicator names in the framework files); this
module looks them up, comparing labels as ``ita.common.thai.compact``/``normalize`` make them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ita.common.text import DECORATION
from ita.common.thai import arabic_digits, compact, normalize
from ita.io.values import years_in_text
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import FrameworkSet

_FILL_IN = re.compile(r"\.{4,}|_{4,}|…{2,}")  # a blank left to fill in a template's example
_BRACKETED_END = re.compile(r"\s*\([^()]*\)$")  # a word in brackets after a label: "คะแนนเฉลี่ย (Mean)"
HEADERS_FILE = Path(__file__).resolve().parents[1] / "data" / "headers.toml"

SUMMARY_MEMO = 100_000  # names whose summary test is remembered (a national workbook has about 8,300)

# "ตัวชี้วัดที่ 1" as people type it: a line break or a space anywhere in the words ("ตัวชี้วัด\nที่ 1", "ตัวชี้วัด ที่5").
MIN_SHORT_NAME = 6  # an indicator's name without its optional first word is matched only when this long
ABBREVIATION = "ฯ"  # ไปยาลน้อย: a name cut short ('ใช้ทรัพย์สินฯ' for การใช้ทรัพย์สินของราชการ)
MIN_ABBREVIATION = 4  # characters before it, at least, for a cut-short name to be matched
# 'ตัวชี้วัด' as typed, with the slips of one key a header shows: 'ตัวชีวัด' (no tone mark), 'ตัวขี้วัด' (ข for ช),
# 'ตัวชิ้วัด' (ิ for ี); and 'ที' for 'ที่' after it.
_INDICATOR_WORD = r"ตัว\s*[ชข]\s*[ีิ]\s*้?\s*วัด"
_NUMBERED = re.compile(
    rf"^(?:{_INDICATOR_WORD}\s*(?:ที่?)?|ตชว?\s*(?:ที่)?|indicator|ind|i)?\s*(?:no\.?\s*|#\s*)?(\d{{1,2}})(?:\s+(.*))?$"
)  # "ตัวชี้วัดที่ 1", "ตชว.1", "ตช.1" (the abbreviations; normalised text has no dots), "Indicator no. 1", "i1"
_TOOL_CODE = re.compile(r"(?<![A-Za-z])(?:IIT|EIT|OIT)(?![A-Za-z])", re.IGNORECASE)
_TOOL_NUMBERED = re.compile(r"^(iit|eit|oit)(\d{1,2})$")  # 'IIT_1', 'EIT 6' as compacted: an indicator by its tool
# A sub-indicator: "9.1 ข้อมูลพื้นฐาน", "ตัวชี้วัดย่อยที่ 10.2": an item of the OIT checklist, never the indicator it
# belongs to. Read on the text as written (Thai digits as Arabic): the dot between the numbers is what says so, as
# "ตัวชี้วัดที่ 1 (6 คะแนน)" or "ตัวชี้วัดที่ 9⏎20" is indicator 1 or 9 with its weight.
_SUB_NUMBERED = re.compile(
    r"^\s*(?:ตัว\s*ชี้\s*วัด\s*(?:ย่อย)?\s*(?:ที่)?|ตชว?\.?\s*(?:ที่)?|indicator|ind\.?|i)?\s*(\d{1,2})\.(\d{1,2})(?!\d)",
    re.IGNORECASE,
)


def _sub_indicator(text: object) -> int | None:
    """The indicator a sub-indicator header or label belongs to ('9.1 ข้อมูลพื้นฐาน' → 9), else None."""
    found = _SUB_NUMBERED.match(arabic_digits(str(text))) if isinstance(text, str) else None
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class HeaderMatch:
    """What a header means: a plain field, an indicator (by number) or a tool (with a scale hint)."""

    field: str  # agency, province, ..., "indicator_column", "tool", or "" if unknown
    indicator: int | None = None
    tool: str | None = None
    scale: str | None = None  # "points" or "mean" when the header says so
    also: tuple[str, ...] = ()  # other fields the same words can mean (คะแนน: total or score)


UNKNOWN = HeaderMatch("")
_FORM_MARK = re.compile(r"\s+(?:\d{1,2}|[ก-ฮ])/$")
MIN_NAMED_BESIDE = 5  # indicator columns beside a tool's column for it to be read as the indicator the row lacks


class HeaderCatalog:
    def __init__(self, frameworks: FrameworkSet) -> None:
        with HEADERS_FILE.open("rb") as fh:
            data = tomllib.load(fh)
        self.field_aliases: dict[str, list[str]] = {}
        for name, spec in data["fields"].items():
            for alias in spec["aliases"]:
                fields = self.field_aliases.setdefault(compact(alias), [])
                if name not in fields:
                    fields.append(name)
        self.tool_phrases = {code: [compact(p) for p in phrases] for code, phrases in data["tools"].items()}
        self.scale_words = {scale: [normalize(w) for w in words] for scale, words in data["tool_scale"].items()}
        self.province_agency_prefix = data["province_tables"]["agency_prefix"]
        self.province_agency_type = data["province_tables"]["agency_type"]
        self._summary_memo: dict[str, tuple[bool, bool]] = {}  # label → (a summary's, a type's alone)
        self.rank_labels = {compact(x) for x in data["rank_rows"]["labels"]}
        self.superseded = {compact(x) for x in data["superseded"]["words"]}
        self.change_labels = {compact(x) for x in data["change_columns"]["labels"]}
        self.count_words = tuple(compact(x) for x in data["count_columns"]["words"])
        self.not_score_exact = {compact(x) for x in data["sub_columns"]["exact"]}
        self.not_score_words = tuple(compact(x) for x in data["sub_columns"]["words"])
        self.filter_words = {compact(x) for x in data["filter_rows"]["words"]}
        self.ditto_marks = frozenset(data["ditto"]["marks"])
        self.level_words = {compact(x) for x in data["level_rows"]["words"]}
        self.corrected_to = tuple(" ".join(x.casefold().split()) for x in data["remarks"]["corrected_to"])
        self.correction_doubts = tuple(" ".join(x.casefold().split()) for x in data["remarks"]["doubts"])
        self.cover_title_words = tuple(compact(x) for x in data["covers"]["title"])
        self.cover_other_lines = tuple(compact(x) for x in data["covers"]["not_title"])
        self.measure_heads = {compact(x) for x in data["measure_tables"]["measure"]}
        self.measure_beside = {compact(x) for x in data["measure_tables"]["beside"]}
        summary = data["summary_rows"]
        self.summary_labels = {compact(x) for x in summary["labels"]}
        self.summary_prefixes = sorted({compact(x) for x in summary["prefixes"]}, key=len, reverse=True)
        self.summary_scopes = tuple(compact(x) for x in summary["scopes"])
        self.summary_starts = tuple(compact(x) for x in summary["starts"])
        self.summary_ends = tuple(compact(x) for x in summary["ends"])
        self.subtotal_words = {compact(x) for x in summary["subtotals"]}
        self.example_words = tuple(compact(x) for x in summary["examples"])
        optional = [compact(p) for p in data["indicator_names"]["optional_prefixes"]]
        self.misspelt = {compact(k): compact(v) for k, v in data["indicator_names"]["misspelt"].items()}
        self.when_lacking = {compact(k): int(v) for k, v in data["indicator_names"]["when_lacking"].items()}
        # Indicator names of every known year (and without a word people leave off), by number, longest first so
        # substrings lose.
        names: dict[str, int] = {}
        self.tool_weights: dict[str, float] = {}
        self.tool_indicators: dict[str, list[int]] = {}  # tool code → its indicators' numbers, in order
        self.indicator_weights: dict[int, float] = {}  # by number, as a framework gives them (the first that does)
        self.indicator_count = 0
        for fw in frameworks.by_year.values():
            self.indicator_count = max(self.indicator_count, len(fw.indicators))
            for ind in fw.indicators:
                self.indicator_weights.setdefault(ind.number, ind.weight)
                for name in map(compact, ind.names()):
                    names.setdefault(name, ind.number)
                    for prefix in optional:
                        if name.startswith(prefix) and len(name) - len(prefix) >= MIN_SHORT_NAME:
                            names.setdefault(name[len(prefix) :], ind.number)
                        bare = name.replace(prefix, "")  # 'ป้องกันทุจริต': the word left out inside it too
                        if bare != name and len(bare) >= MIN_SHORT_NAME:
                            names.setdefault(bare, ind.number)
            for tool in fw.tools:
                self.tool_weights.setdefault(tool.code, tool.weight)
                numbers = [ind.number for ind in fw.indicators if ind.tool == tool.code]
                self.tool_indicators.setdefault(tool.code, numbers)
        self.indicator_names = sorted(names.items(), key=lambda kv: -len(kv[0]))
        self.tool_codes = sorted(self.tool_weights)

    # -- indicators -------------------------------------------------------------------------------

    def indicator_number(self, text: object) -> int | None:
        """The indicator a header or label names ('ตัวชี้วัดที่ 3', 'i3', '3. การใช้อำนาจ', 'การใช้อำนาจ', 3)."""
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        norm = normalize(text)
        if not norm:
            return None
        if _sub_indicator(text) is not None:
            return None  # "9.1 ข้อมูลพื้นฐาน" is an item of indicator 9, not indicator 9
        numbered = self._number_and_name(norm)
        if numbered is not None:
            # A name beside the number wins: in "ตัวชี้วัดที่ 1 การป้องกันการทุจริต" the number is a rank.
            number, named = numbered
            return named if named is not None else number
        return self._by_name(norm.replace(" ", ""))

    def misnumbered(self, text: object) -> int | None:
        """The number typed in a label whose indicator's name is another's ('ตัวชี้วัดที่ 6 การปรับปรุงการทำงาน': 6,
        the name being indicator 8's), which ``indicator_number`` reads past; None when they agree or one is missing."""
        if not isinstance(text, str) or _sub_indicator(text) is not None:
            return None
        numbered = self._number_and_name(normalize(text))
        if numbered is None or numbered[1] is None or numbered[1] == numbered[0]:
            return None
        return numbered[0]

    def _number_and_name(self, norm: str) -> tuple[int, int | None] | None:
        """A normalised label that numbers an indicator: its number and the indicator the words after it name (None
        when they name none); None when the label numbers no indicator."""
        m = _NUMBERED.match(norm)
        if m is None or not 1 <= int(m.group(1)) <= self.indicator_count:
            return None
        rest = (m.group(2) or "").replace(" ", "")
        named = self._by_name(rest) if rest else None
        if named is None and rest and agency_types().from_name(rest) is not None:
            return None  # a list's number before an agency's name ('1. องค์การบริหารส่วนตำบลไร่'): not an indicator
        return int(m.group(1)), named

    def numbered(self, text: object) -> bool:
        """Whether a label names an indicator by its number ('ตัวชี้วัดที่ 9 …', '9. …'), not by its name alone."""
        m = _NUMBERED.match(normalize(text))
        return m is not None and _sub_indicator(text) is None and 1 <= int(m.group(1)) <= self.indicator_count

    def _by_name(self, text: str) -> int | None:
        for wrong, right in self.misspelt.items():
            if wrong in text:
                text = text.replace(wrong, right)
        for name, number in self.indicator_names:
            if text == name:
                return number
        if text.endswith(ABBREVIATION) and len(text) > MIN_ABBREVIATION:  # 'ใช้ทรัพย์สินฯ', 'คุณภาพฯ': a name cut short
            start = text.rstrip(ABBREVIATION)
            found = {number for name, number in self.indicator_names if name.startswith(start)}
        else:
            found = {number for name, number in self.indicator_names if name in text}
        return found.pop() if len(found) == 1 else None

    # -- headers ----------------------------------------------------------------------------------

    def classify(self, header: object) -> HeaderMatch:
        if isinstance(header, str) and DECORATION.search(header):  # '📊 ตัวชี้วัดที่ 1', '🏛️ ชื่อหน่วยงาน'
            header = DECORATION.sub(" ", header)
        if isinstance(header, str) and (pivot := _PIVOT.match(header)):  # 'ผลรวม ของ ตัวชี้วัดที่ 1': a pivot's column
            header = header[pivot.end() :]
        if isinstance(header, str) and header.endswith("/"):  # a Thai form's footnote mark: 'คะแนนรวม 3/'
            header = _FORM_MARK.sub("", header)
        key = compact(header)
        if not key:
            return UNKNOWN
        fields = self.field_aliases.get(key) or self._bracketed_field(header)
        if fields:
            return HeaderMatch(fields[0], also=tuple(fields[1:]))
        if self._counts(header):  # 'จำนวนผู้ตอบ IIT': a count, not the tool's score
            return UNKNOWN
        by_tool = self._tool_numbered(key)
        if by_tool is not None:
            return HeaderMatch("indicator_column", indicator=by_tool)
        tool = self._tool(header)
        if tool and any(p and p in key for p in self.tool_phrases.get(tool.tool, [])):
            numbered = self._number_and_name(normalize(header))
            if numbered is not None and numbered[0] == numbered[1]:  # '9. การเปิดเผยข้อมูลสาธารณะ': indicator 9
                return HeaderMatch("indicator_column", indicator=numbered[0])
            return tool  # a tool's full name contains an indicator's ("...การเปิดเผยข้อมูลสาธารณะ")
        sub = _sub_indicator(header)
        if sub is not None and 1 <= sub <= self.indicator_count:
            return HeaderMatch("sub_indicator", indicator=sub)
        number = self.indicator_number(header)
        if number is not None:
            return HeaderMatch("indicator_column", indicator=number)
        return tool or UNKNOWN

    def _counts(self, header: object) -> bool:
        """A heading that counts something: it starts with a count's word, or ends with one in English ('IIT
        respondents'); words in brackets after a heading ('(จำนวน 33 ข้อ)') say nothing of what it is."""
        key = compact(_BRACKETED_END.sub("", str(header)))
        return key.startswith(self.count_words) or (key.isascii() and key.endswith(self.count_words))

    def tools_as_indicators(self, row: list[Any], matches: list[HeaderMatch]) -> list[HeaderMatch]:
        """A header row's one tool column named like an indicator the row lacks ('การเปิดเผยข้อมูลสาธารณะ' beside
        indicators 1–8 and 10, no other tool's column) is that indicator's column."""
        tools = [c for c, m in enumerate(matches) if m.field == "tool"]
        have = {m.indicator for m in matches if m.field == "indicator_column"}
        if len(tools) != 1 or len(have) < MIN_NAMED_BESIDE:
            return matches
        cell = row[tools[0]] if isinstance(row[tools[0]], str) else ""
        named = self._by_name(compact(cell)) if cell and not _TOOL_CODE.search(cell) else None  # '(OIT)': the tool's
        if named is None or named in have:
            return matches
        return [HeaderMatch("indicator_column", indicator=named) if c == tools[0] else m for c, m in enumerate(matches)]

    def lacking_by_word(self, row: list[Any], matches: list[HeaderMatch]) -> list[HeaderMatch]:
        """A heading of one word of an indicator's name (``when_lacking``: 'งบประมาณ') in a header row that names at
        least ``MIN_NAMED_BESIDE`` others and not that one, in its place among them (the indicator before it on its
        left, the one after it on its right), is that indicator's column: a summary table's short names. Elsewhere
        such a word heads another column (a budget in baht, before the indicators)."""
        have = {m.indicator for m in matches if m.field == "indicator_column"}
        if len(have) < MIN_NAMED_BESIDE:
            return matches
        words = {c: self.when_lacking.get(compact(cell)) for c, cell in enumerate(row) if isinstance(cell, str)}
        found = {
            c: n
            for c, n in words.items()
            if n is not None and n not in have and not matches[c].field and self._in_its_place(matches, c, n)
        }
        if not found or len(set(found.values())) < len(found):  # one column each, else none
            return matches
        return [HeaderMatch("indicator_column", indicator=found[c]) if c in found else m for c, m in enumerate(matches)]

    def _in_its_place(self, matches: list[HeaderMatch], c: int, n: int) -> bool:
        """Column ``c`` lies where indicator ``n`` would: right of indicator n−1's column (or of none, for the first)
        and left of indicator n+1's (or of none, for the last)."""
        numbers = [(k, m.indicator) for k, m in enumerate(matches) if m.field == "indicator_column" and m.indicator]
        left = next((i for k, i in reversed(numbers) if k < c), None)
        right = next((i for k, i in numbers if k > c), None)
        return left == (n - 1 if n > 1 else None) and right == (n + 1 if n < self.indicator_count else None)

    def _tool_numbered(self, key: str) -> int | None:
        """An indicator numbered within its tool, as exports head them: 'IIT_1' … 'IIT_5', 'EIT_1' (indicator 6) or
        'EIT_6', 'OIT_2' (indicator 10) or 'OIT_10'. A number that is one of the tool's own indicators is that
        indicator; else the tool's n-th."""
        m = _TOOL_NUMBERED.match(key)
        own = self.tool_indicators.get(m.group(1).upper(), []) if m else []
        if m is None or not own:
            return None
        n = int(m.group(2))
        return n if n in own else own[n - 1] if 1 <= n <= len(own) else None

    def _bracketed_field(self, header: object) -> list[str] | None:
        """The field a heading names before a word in brackets: 'หน่วยงาน (Agency)', 'คะแนนรวม (เต็ม 100)',
        'ชื่อหน่วยงาน⏎(อปท.)'; not when the brackets name a tool ('ระดับ (IIT)' is that tool's grade)."""
        found = _BRACKETED_END.search(header.strip()) if isinstance(header, str) else None
        if found is None or self._tool(header) is not None or compact(found.group(0).strip(" ()")) in self.superseded:
            return None  # 'คะแนน ITA (ก่อนอุทธรณ์)': replaced by the column after the appeal
        return self.field_aliases.get(compact(_BRACKETED_END.sub("", str(header).strip())))

    def _tool(self, header: object) -> HeaderMatch | None:
        norm = normalize(header)
        words = norm.split()
        key = norm.replace(" ", "")
        for code in self.tool_codes:
            if code.casefold() in words or any(p and p in key for p in self.tool_phrases.get(code, [])):
                return HeaderMatch("tool", tool=code, scale=self._scale(norm, code))
        # "iit_points" normalises to "iit points"; "คะแนนiit" has no space: look for the code glued on.
        for code in self.tool_codes:
            if re.search(rf"(?<![a-z]){code.casefold()}(?![a-z])", key):
                return HeaderMatch("tool", tool=code, scale=self._scale(norm, code))
        return None

    def _scale(self, norm: str, code: str) -> str | None:
        numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", norm)}
        if self.tool_weights.get(code) in numbers or any(w in norm for w in self.scale_words["points"]):
            return "points"
        if 100.0 in numbers or any(w in norm for w in self.scale_words["mean"]):
            return "mean"
        return None

    def under_tool(self, above: object, header: object, match: HeaderMatch) -> HeaderMatch:
        """What a column means when the cell above its header names a tool (a two-row header: 'IIT' merged over
        'คะแนน | ระดับ'). A score, or a word of a scale ('ร้อยละ', 'คะแนนถ่วงน้ำหนัก'), under a tool is that
        tool's score, on the scale the words say; the tool's grade or its full marks ('คะแนนเต็ม') is none of
        the table's fields. ``match``: what the header says on its own, kept when no tool is above it or when it
        names an indicator, a tool or a field of its own."""
        group = self._tool(above) if isinstance(above, str) and compact(above) != compact(header) else None
        if group is not None and group.tool is not None and match.field == "indicator_column" and match.indicator:
            # Indicators numbered within their tool ('EIT' over 'ตัวชี้วัดที่ 1 | 2 | 3'): the tool's first, second…
            own = self.tool_indicators.get(group.tool, [])
            n = match.indicator
            return (
                match if n in own or not 1 <= n <= len(own) else HeaderMatch("indicator_column", indicator=own[n - 1])
            )
        if group is None or group.tool is None or match.field not in ("total", "score", "grade", ""):
            return match
        words = normalize(above).split()
        if sum(code.casefold() in words for code in self.tool_codes) > 1:
            return match  # a title naming the three tools ('ผลการประเมิน (IIT EIT OIT)') is over no one tool
        norm = normalize(header)
        if match.field in ("total", "score") or any(w in norm for words in self.scale_words.values() for w in words):
            return HeaderMatch("tool", tool=group.tool, scale=self._scale(norm, group.tool) or group.scale)
        return UNKNOWN

    def starts_with_score_word(self, text: object) -> bool:
        """Whether a heading starts with a word of a score, total or grade ('ผลคะแนนของหน่วยงาน', 'คะแนนเฉลี่ย')."""
        key = compact(text)
        return any(key.startswith(word) for word in self._score_words)

    @cached_property
    def _score_words(self) -> list[str]:
        return [
            k for k, fields in self.field_aliases.items() if {"total", "score", "grade"} & set(fields) and len(k) > 3
        ]

    def is_agency_label(self, text: object) -> bool:
        """A label that says an agency's name follows ('หน่วยงาน', 'ชื่อหน่วยงาน')."""
        return self.classify(text).field == "agency"

    def is_rank_label(self, text: object) -> bool:
        """A row of ranks ('ลำดับที่', 'อันดับ'), which orders agencies and holds no score."""
        return compact(str(text)) in self.rank_labels

    def is_summary_label(self, text: object, scored: bool = True) -> bool:
        """A total, average or statistic row ('ค่าเฉลี่ย', 'คะแนนเฉลี่ยทั้งจังหวัด', 'เฉลี่ย 4 หน่วยงาน', 'S.D.',
        'จำนวนหน่วยงานที่ผ่านเกณฑ์'), not an agency; a row of ``scored`` figures named by a local body type alone ('ทต.':
        a pivot's average of the type; without figures it heads the type's agencies). Remembered per name: a workbook
        names its agencies again on every year's sheet (up to ``SUMMARY_MEMO`` names)."""
        key = str(text)
        known = self._summary_memo.get(key)
        if known is None:
            known = (self._is_summary_label(key), agency_types().is_type_alone(key))
            if len(self._summary_memo) < SUMMARY_MEMO:
                self._summary_memo[key] = known
        return known[0] or (scored and known[1])

    def is_example_label(self, text: object) -> bool:
        """A template's example row ('เทศบาลตำบลตัวอย่าง', 'เทศบาลตำบล..........', 'Example'), not an agency. A Thai word
        anywhere in the name; an English one as the whole name or its words in brackets ('evil.example' is a host)."""
        key, text = compact(text), str(text)
        bracketed = _BRACKETED_END.search(text)
        whole = {key, compact(bracketed.group(0))} if bracketed else {key}
        return any(w in whole if w.isascii() else w in key for w in self.example_words) or bool(_FILL_IN.search(text))

    def _is_summary_label(self, text: str) -> bool:
        text = text.strip()
        if self.is_example_label(text):
            return True
        bracketed = _BRACKETED_END.search(text)
        if bracketed and compact(bracketed.group(0)) in self.summary_labels:  # 'จังหวัดสกลนคร (ภาพรวม)'
            return True
        label = compact(_BRACKETED_END.sub("", text) or text)
        if label in self.summary_labels or label.startswith(self.summary_starts) or is_year_label(text):
            return True
        if label.endswith(self.summary_ends) and label.isascii():  # 'National average'; a Thai name is an agency's
            return True
        words = text.split()
        if len(words) > 1 and compact(words[-1]) in self.subtotal_words:  # 'พรรณานิคม ค่าเฉลี่ย': Data > Subtotal
            return True
        for prefix in self.summary_prefixes:
            rest = label[len(prefix) :] if label.startswith(prefix) else None
            if rest and (rest[0].isdigit() or rest.startswith(self.summary_scopes)):
                return True
        return False


# A pivot table's value column: its summary and the field it sums ('ผลรวม ของ ตัวชี้วัดที่ 1', 'Average of i1').
_PIVOT = re.compile(r"^\s*(?:ผลรวม|ค่าเฉลี่ย|เฉลี่ย|sum|average|mean)\s*(?:ของ|of)\s+", re.IGNORECASE)
# A row named by a year only ('ปี 2565', 'ปีงบประมาณ 2565', '2565'): last year's line under an agency, not one.
_YEAR_ONLY = re.compile(r"^(?:ปีงบประมาณ|ปีงบ|ปี|fy|year)?\s*(?:พ\.?\s*ศ\.?)?\s*[\d๐-๙]{2,4}$", re.IGNORECASE)


def is_year_label(text: object) -> bool:
    """Whether a name cell says only a year (a plausible fiscal year: 'ปี 65' is, '12' is not)."""
    label = str(text).strip()
    return bool(_YEAR_ONLY.match(label)) and bool(years_in_text(label))


@lru_cache(maxsize=1)
def title_year_words() -> dict[str, tuple[str, ...]]:
    """The words that say a title's year is the results' (``results``) or a plan's (``plans``), or that a table holds
    the year before the one above it (``previous``): headers.toml ``[title_years]``, compacted."""
    with HEADERS_FILE.open("rb") as fh:
        data = tomllib.load(fh)["title_years"]
    return {kind: tuple(compact(w) for w in data[kind]) for kind in ("results", "plans", "previous", "current")}


@lru_cache(maxsize=1)
def file_words() -> tuple[str, ...]:
    """Words a file's or sheet's name uses for what it holds, never for whose results: headers.toml
    ``[file_words]``, compacted."""
    with HEADERS_FILE.open("rb") as fh:
        return tuple(compact(w) for w in tomllib.load(fh)["file_words"]["words"])


@lru_cache(maxsize=4)
def catalog_for(frameworks: FrameworkSet) -> HeaderCatalog:
    return HeaderCatalog(frameworks)
