"""Plain helpers the tests import (``from helpers import ...``): paths built from ROOT, the seed scores and
small builders. Fixtures live in ``tests/conftest.py``; this package holds what a test uses at import time
(parametrize tables, module constants) or calls with arguments."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SAMPLES = ROOT / "sample_data"
DATA = TESTS / "data"
CORPUS_DIR = TESTS / "corpus"
CORPUS_FILES = CORPUS_DIR / "files"
SEED_SCORES = [83.65, 78.00, 79.71, 77.18, 77.32, 77.51, 78.03, 71.85, 80.06, 87.50]
INDICATOR_HEADERS = [f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]


def xlsx_bytes(sheets: dict[str, Iterable[Iterable[Any]]]) -> bytes:
    """An .xlsx with the given sheets (name → rows), built in memory."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def only_row(result):
    """The one usable record of an import (failing with its problems when there is not exactly one)."""
    assert len(result.valid) == 1, result.problems
    return result.valid.iloc[0]


def problems_of(result, code: str):
    return result.problems.loc[result.problems["code"] == code]


def shown(markdown: str) -> str:
    """The text a Markdown value of a page shows: backslash escapes resolved, hard breaks as newlines. Values
    in page text are escaped (``ita.common.plaintext.markdown``), so '(71.85)' is '\\(71.85\\)' in the source."""
    return re.sub(r"\\(.)", r"\1", str(markdown).replace("  \n", "\n"))
