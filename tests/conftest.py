"""Shared test helpers. Paths are built from ROOT so tests run from any working directory."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Iterable

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
DATA = Path(__file__).resolve().parent / "data"
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


def problems_of(result, code: str):
    return result.problems.loc[result.problems["code"] == code]


@pytest.fixture(autouse=True)
def _no_user_frameworks(monkeypatch):
    """Tests see the bundled frameworks only, whatever the developer's environment says."""
    monkeypatch.delenv("ITA_FRAMEWORKS_DIR", raising=False)
    monkeypatch.setenv("ITA_DEBUG", "1")  # a fault of ours raises in tests instead of becoming a problem row
