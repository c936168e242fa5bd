"""A remark beside a row that corrects one of its scores ('ตัวชี้วัดที่ 9 แก้ไขเป็น 95.00 ตามผลการพิจารณาอุทธรณ์ (เดิม
99.22)'): a person reads the corrected score. It was ignored, and the old score used without a word. The words that
say "corrected to" are data (headers.toml ``[remarks] corrected_to``); the indicator is what the words before them name
(``HeaderCatalog.indicator_number``), the score the first number after them. Each correction is said with a warning
at its cell; a remark naming no indicator or no score of 0-100 changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ita.io.headers import HeaderCatalog
from ita.io.values import display, parse_number


def corrected_scores(frame: pd.DataFrame, catalog: HeaderCatalog, say: Callable[..., Any]) -> pd.DataFrame:
    """``frame`` with each score its row's remark corrects; ``say(code, i, field, **values)`` for each, and for a
    correction the remark only asks for or denies ('ขอแก้ไขเป็น 95.00', 'ไม่แก้ไขเป็น …': the cell's score stays)."""
    if "extra" not in frame or not catalog.corrected_to:
        return frame
    out = None
    for i, extra in enumerate(frame["extra"].tolist()):
        for text in (v for v in (extra or {}).values() if isinstance(v, str) and len(v) > 8):
            for number, score, sure in _corrections(text, catalog):
                key = f"i{number}"
                if key not in frame:
                    continue
                old = frame[key].iat[i] if out is None else out[key].iat[i]
                if not (isinstance(old, float) and np.isnan(old)) and abs(float(old) - score) < 1e-9:
                    continue
                said = {"number": number, "score": f"{score:.2f}", "old": display(old), "remark": display(text, 120)}
                if not sure:
                    say("remark_correction_unsure", i, key, **said)
                    continue
                out = frame.copy() if out is None else out
                out.iat[i, out.columns.get_loc(key)] = score
                say("remark_correction", i, key, **said)
    return frame if out is None else out


# The parts of a remark that may each correct one score ('ตัวชี้วัดที่ 8 แก้ไขเป็น 90.00, ตัวชี้วัดที่ 9 แก้ไขเป็น 95.00').
_PARTS = re.compile(r"[,;\n/]|\s+และ\s*|\s+and\s+")


def _corrections(text: str, catalog: HeaderCatalog) -> list[tuple[int, float, bool]]:
    """(indicator, score, whether the words say it was made) of each correction a remark's parts give."""
    out = []
    for part in _PARTS.split(" ".join(text.casefold().split())):
        for verb in catalog.corrected_to:
            at = part.find(verb)
            if at <= 0:
                continue
            before = part[:at].strip()
            number = catalog.indicator_number(before)
            after = _FIRST_NUMBER.match(part[at + len(verb) :])
            score = parse_number(after.group(1)) if after else None
            if number is not None and isinstance(score, float) and 0 <= score <= 100:
                unsure = any(word in part for word in catalog.correction_doubts)
                out.append((number, score, not unsure))
                break
    return out


# The score right after the words, a unit word or two before it allowed ('แก้ไขเป็น 95.00', 'แก้ไขเป็นคะแนน 95.00').
_FIRST_NUMBER = re.compile(r"[^0-9๐-๙,;]{0,12}?([0-9๐-๙]+(?:\.[0-9๐-๙]+)?)")
