"""A workbook with a sheet per province and no province column: the sheet's name is the province of its agencies.
Agencies of the same name in two provinces were one agency with two sets of scores, refused as a conflict with advice
to add districts."""

from __future__ import annotations

from helpers import INDICATOR_HEADERS, SEED_SCORES, xlsx_bytes

from ita.io.importer import load_files

HEADER = ["ชื่อ อปท.", *INDICATOR_HEADERS]
NONG_BUA = "องค์การบริหารส่วนตำบลหนองบัว"


def test_a_sheet_named_for_its_province_gives_its_agencies_that_province():
    sheets = {
        "สกลนคร": [HEADER, [NONG_BUA, *SEED_SCORES]],
        "นครพนม 2567": [HEADER, [NONG_BUA, *[90.0] * 10]],
        "ผลรวม": [HEADER, ["เทศบาลตำบลพอกน้อย", *[88.0] * 10]],  # no province named: none given
    }
    result = load_files([("ita-2567.xlsx", xlsx_bytes(sheets))])
    assert result.problems[result.problems["severity"] == "error"].empty
    provinces = result.valid.set_index("source_sheet")["province"].fillna("").to_dict()
    assert provinces == {"สกลนคร": "สกลนคร", "นครพนม 2567": "นครพนม", "ผลรวม": ""}
