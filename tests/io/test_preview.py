"""The cells around a problem, as the data page shows them under the problems table."""

from __future__ import annotations

from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

from ita.io.preview import cell_window


def test_the_window_around_a_cell_shows_whose_row_it_is():
    """A score in column K: the window showed E–K, the agency's name in column B out of sight."""
    rows = [["ลำดับ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    rows += [[k, f"เทศบาลตำบล{k}", *SEED_SCORES] for k in range(1, 9)]
    rows[5][10] = 120
    window = cell_window("x.xlsx", xlsx_bytes({"ITA 2563": rows}), "ITA 2563", 6, "K")
    assert window is not None and list(window.columns) == ["B", "H", "I", "J", "K", "L"]  # L: the last column
    assert window.loc[6, "B"] == "เทศบาลตำบล5" and window.loc[6, "K"] == "120"
    assert list(window.index) == [3, 4, 5, 6, 7, 8, 9]
    near = cell_window("x.xlsx", xlsx_bytes({"ITA 2563": rows}), "ITA 2563", 2, "C")
    assert near is not None and list(near.columns) == ["A", "B", "C", "D", "E", "F"]  # the name in view already
    assert cell_window("x.xlsx", xlsx_bytes({"ITA 2563": rows}), "no such sheet", 2, "C") is None


def test_a_sequence_written_in_thai_digits_is_not_taken_for_the_name():
    """'๓ | อบต.โนนสะอาด | …' in a CSV (a review): the window showed column A, '๓', as whose row it is."""
    rows = [["ลำดับ", "ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    rows += [["๑๒๓๔๕๖๗๘"[k - 1], f"เทศบาลตำบล{k}", *SEED_SCORES] for k in range(1, 9)]
    window = cell_window("x.xlsx", xlsx_bytes({"ITA 2563": rows}), "ITA 2563", 6, "K")
    assert window is not None and window.columns[0] == "B" and window.loc[6, "B"] == "เทศบาลตำบล5"
