"""Write the .xls, .ods and flat .fods fixtures (committed) through LibreOffice (each .ods also as the .fods
LibreOffice saves, the same sheet in one XML file): formats-2564 from one small workbook,
hidden-sheet-2562 from the corpus file hidden_sheet.xlsx, and formula-errors-2565 (.xlsx, .xls and .ods as
LibreOffice saves them, each formula's error value with it) from a workbook with two formulas that cannot be
computed, percent-2563.ods and .xls from a workbook whose first score is a cell formatted as a percentage, and
styled-2567.xls from a workbook with old rows struck through or formatted to show nothing (STYLED_ROWS), and
struck-2567.ods (and .fods) from its first four rows and its last.

    python tests/data/make_format_fixtures.py      # needs soffice (Debian: libreoffice-calc)

The workbook: sheet "ITA 2564", a title row, then a wide table of three agencies with Thai headers,
one score typed with Thai digits as text and one stored as text.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
ROWS = [
    ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564"],
    [],
    ["ชื่อหน่วยงาน", "จังหวัด", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)], "คะแนนรวม", "ระดับ"],
    ["หน่วยงาน ก", "สกลนคร", 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, "A"],
    ["หน่วยงาน ข", "สกลนคร", "๘๐.๕๐", 80, 80, 80, 80, 80, 80, 80, 80, 80, None, "B"],
    ["หน่วยงาน ค", "นครพนม", 70, 70, 70, 70, 70, 70, 70, 70, "95.5", 96, None, None],
]
ERROR_ROWS = [  # =1/0 is #DIV/0! in indicator 1 of row 2, =NA() is #N/A in indicator 10 of row 3
    ["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]],
    ["เทศบาลตำบลเอ", "=1/0", *[80] * 9],
    ["เทศบาลตำบลบี", *[80] * 9, "=NA()"],
    ["เทศบาลตำบลซี", *[80] * 10],
]


# Three agencies, each with an old copy of other scores beside it: struck through (row 3), shown as nothing with the
# number format ';;;' (row 5) and in white text on no fill (row 7). A person reads the three visible rows.
STYLED_ROWS = [
    ["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]],
    ["เทศบาลตำบลพอกน้อย", *[90] * 10],
    ["เทศบาลตำบลนาหัวบ่อ", *[70] * 10],
    ["เทศบาลตำบลนาหัวบ่อ", *[85] * 10],
    ["องค์การบริหารส่วนตำบลไร่", *[60] * 10],
    ["องค์การบริหารส่วนตำบลไร่", *[88] * 10],
    ["องค์การบริหารส่วนตำบลสว่าง", *[50] * 10],
    ["องค์การบริหารส่วนตำบลสว่าง", *[92] * 10],
]


def convert(source: Path, targets: tuple[tuple[str, str], ...], tmp: str) -> None:
    """``source`` converted by LibreOffice to each (extension, filter), copied here under its own name."""
    for target, filt in targets:
        out = Path(tmp) / "out"
        subprocess.run(
            ["soffice", "--headless", "--convert-to", filt, "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(out / f"{source.stem}.{target}", HERE / f"{source.stem}.{target}")


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2564"
    for row in ROWS:
        ws.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "formats-2564.xlsx"
        wb.save(source)
        convert(source, (("xls", "xls:MS Excel 97"), ("ods", "ods"), ("fods", "fods")), tmp)
        # hidden-sheet-2562.xls/.ods/.fods: the corpus's hidden_sheet.xlsx ('ITA 2562' hidden), converted, so the
        # hidden-sheet warning is checked on every format calamine reports visibility for
        hidden = Path(tmp) / "hidden-sheet-2562.xlsx"
        shutil.copy(HERE.parent / "corpus" / "files" / "hidden_sheet.xlsx", hidden)
        convert(hidden, (("xls", "xls:MS Excel 97"), ("ods", "ods"), ("fods", "fods")), tmp)
        errors = Workbook()
        for row in ERROR_ROWS:
            errors.active.append(row)
        errors.active.title = "ITA 2565"
        source = Path(tmp) / "formula-errors-2565.xlsx"
        errors.save(source)  # formulas without results: LibreOffice computes them as it converts
        convert(
            source,
            (("xlsx", "xlsx:Calc MS Excel 2007 XML"), ("xls", "xls:MS Excel 97"), ("ods", "ods"), ("fods", "fods")),
            tmp,
        )
        percent = Workbook()
        percent.active.title = "ITA 2563"
        percent.active.append(["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]])
        percent.active.append(["เทศบาลตำบลเอ", 0.8365, 78.00, 79.71, 77.18, 77.32, 77.51, 78.03, 71.85, 80.06, 87.50])
        percent.active["B2"].number_format = "0.00%"
        source = Path(tmp) / "percent-2563.xlsx"
        percent.save(source)
        convert(source, (("ods", "ods"), ("xls", "xls:MS Excel 97"), ("fods", "fods")), tmp)
        styled = Workbook()
        sheet = styled.active
        sheet.title = "ITA 2567"
        for row in STYLED_ROWS:
            sheet.append(row)
        for cell in sheet[3]:
            cell.font = Font(strike=True, color="808080")  # the old row, struck through, the corrected one under it
        for cell in sheet[5]:
            cell.number_format = ";;;"  # an old copy shown as nothing
        for cell in sheet[7]:
            cell.font = Font(color="FFFFFF")  # an old copy in white text on no fill
        source = Path(tmp) / "styled-2567.xlsx"
        styled.save(source)
        convert(source, (("xls", "xls:MS Excel 97"),), tmp)
        for row in (7, 6, 5):  # struck-2567.ods: the struck row only (an .ods says no ';;;' or white text we read)
            sheet.delete_rows(row)
        source = Path(tmp) / "struck-2567.xlsx"
        styled.save(source)
        convert(source, (("ods", "ods"), ("fods", "fods")), tmp)
    print("wrote", *sorted(p.name for p in HERE.glob("*-256[234567].*")))


if __name__ == "__main__":
    main()
