"""The scans made before parsing are linear on any input: crafted XML (runs of unclosed tags, where a
``[^>]*`` pattern backtracks quadratically) is read in well under the time limit, in the caller's worker."""

from __future__ import annotations

import sys
import time

import pytest
from helpers import CORPUS_DIR

from ita.common.problems import Problems
from ita.io.reading import Limits, open_book, read_sheet

sys.path.insert(0, str(CORPUS_DIR))
import build_corpus as corpus  # noqa: E402  (the corpus builders live beside the corpus)

RUN = 120_000  # about 400 KB of unclosed tags: minutes with a backtracking pattern, milliseconds without
SECONDS = 2.0
HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>หมายเหตุ</t></is></c></row>'


def _xlsx(part: str, text: str) -> bytes:
    sheet = corpus._XML + f'<worksheet xmlns="{corpus._MAIN}"><sheetData>{HEAD}</sheetData></worksheet>'
    parts = dict(corpus.xlsx_parts([("หมายเหตุ", sheet)]))
    parts[part] = (
        parts[part].replace("</", text + "</", 1)
        if part != "xl/worksheets/sheet1.xml"
        else parts[part].replace("</sheetData>", text + "</sheetData>")
    )
    return corpus.zip_bytes(parts.items())


CRAFTED = {
    "cells": ("xl/worksheets/sheet1.xml", "<c " * RUN),
    "rows": ("xl/worksheets/sheet1.xml", "<row " * RUN),
    "relationships": ("xl/_rels/workbook.xml.rels", "<Relationship " * RUN),
    "sheets": ("xl/workbook.xml", "<sheet " * RUN),
}


@pytest.mark.parametrize("part, text", CRAFTED.values(), ids=CRAFTED.keys())
def test_unclosed_tags_are_scanned_in_linear_time(part, text):
    data = _xlsx(part, text)
    started = time.process_time()  # this process's CPU: a busy machine slows no bound
    problems = Problems()
    book = open_book("crafted.xlsx", data, problems, Limits())
    for sheet in book.sheet_names if book is not None else []:
        read_sheet(book, sheet, problems, Limits())
    assert time.process_time() - started < SECONDS


def test_unclosed_ods_cells_are_scanned_in_linear_time():
    table = (
        '<table:table table:name="t"><table:table-row>'
        + "<table:table-cell " * RUN
        + "</table:table-row></table:table>"
    )
    data = corpus._ods(table)
    started = time.process_time()  # this process's CPU: a busy machine slows no bound
    open_book("crafted.ods", data, Problems(), Limits())
    assert time.process_time() - started < SECONDS
