"""Write the .xls and .ods fixtures (committed) through LibreOffice: formats-2564 from one small workbook,
hidden-sheet-2562 from the corpus file hidden_sheet.xlsx.

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

HERE = Path(__file__).resolve().parent
ROWS = [
    ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564"],
    [],
    ["ชื่อหน่วยงาน", "จังหวัด", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)], "คะแนนรวม", "ระดับ"],
    ["หน่วยงาน ก", "สกลนคร", 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, "A"],
    ["หน่วยงาน ข", "สกลนคร", "๘๐.๕๐", 80, 80, 80, 80, 80, 80, 80, 80, 80, None, "B"],
    ["หน่วยงาน ค", "นครพนม", 70, 70, 70, 70, 70, 70, 70, 70, "95.5", 96, None, None],
]


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2564"
    for row in ROWS:
        ws.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "formats-2564.xlsx"
        wb.save(source)
        for target, filt in (("xls", "xls:MS Excel 97"), ("ods", "ods")):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", filt, "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            shutil.copy(Path(tmp) / f"formats-2564.{target}", HERE / f"formats-2564.{target}")
        # hidden-sheet-2562.xls/.ods: the corpus's hidden_sheet.xlsx ('ITA 2562' hidden), converted, so the
        # hidden-sheet warning is checked on every format calamine reports visibility for
        hidden = Path(tmp) / "hidden-sheet-2562.xlsx"
        shutil.copy(HERE.parent / "corpus" / "files" / "hidden_sheet.xlsx", hidden)
        for target, filt in (("xls", "xls:MS Excel 97"), ("ods", "ods")):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", filt, "--outdir", tmp, str(hidden)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            shutil.copy(Path(tmp) / f"hidden-sheet-2562.{target}", HERE / f"hidden-sheet-2562.{target}")
    print("wrote", *sorted(p.name for p in HERE.glob("*-256[24].*")))


if __name__ == "__main__":
    main()
