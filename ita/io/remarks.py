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
    """``frame`` with each score its row's remark corrects; ``say(i, field, **values)`` for each."""
    if "extra" not in frame or not catalog.corrected_to:
        return frame
    out = None
    for i, extra in enumerate(frame["extra"].tolist()):
        for text in (v for v in (extra or {}).values() if isinstance(v, str) and len(v) > 8):
            found = _correction(text, catalog)
            if found is None or f"i{found[0]}" not in frame:
                continue
            number, score = found
            key = f"i{number}"
            old = frame[key].iat[i]
            if not (isinstance(old, float) and np.isnan(old)) and abs(float(old) - score) < 1e-9:
                continue
            out = frame.copy() if out is None else out
            out.iat[i, out.columns.get_loc(key)] = score
            say(i, key, number=number, score=f"{score:.2f}", old=display(old), remark=display(text, limit=120))
    return frame if out is None else out


def _correction(text: str, catalog: HeaderCatalog) -> tuple[int, float] | None:
    """(indicator, score) a remark's words give, or None."""
    said = " ".join(text.casefold().split())
    for verb in catalog.corrected_to:
        at = said.find(verb)
        if at <= 0:
            continue
        number = catalog.indicator_number(said[:at].strip())
        after = _FIRST_NUMBER.match(said[at + len(verb) :])
        score = parse_number(after.group(1)) if after else None
        if number is not None and isinstance(score, float) and 0 <= score <= 100:
            return number, score
    return None


_FIRST_NUMBER = re.compile(r"\s*(?:คะแนน\s*)?([0-9๐-๙]+(?:\.[0-9๐-๙]+)?)")
