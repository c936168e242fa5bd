"""Build the bundled sample files. Deterministic (fixed seed): run it again and the files are the same data.

    python sample_data/build_samples.py

Files written next to this script:

- ``phok-noi-2563.xlsx``: the seed O42 report's municipality, เทศบาลตำบลพอกน้อย, as a single-agency
  results sheet (title, agency details, then one row per indicator): its real 2563 scores, 80.00, B.
- ``sakon-nakhon-2562-2568.xlsx``: a province's agencies of mixed types, one sheet per fiscal year
  2562-2568 (letter grades to 2565, rating labels from 2566), with a title row above each header.
  เทศบาลตำบลพอกน้อย carries its real 2563 scores; every other score is synthetic (seeded), shaped
  like the national picture: means rising from the 70s toward the 90s, OIT weakest early on.
- ``up-ita-2563.xlsx``: the 39 real University of Phayao units of ``tests/data/up-ita-2563.csv`` as a
  wide workbook with tool points (out of 30/30/40), totals and grades as published.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ita.rules.frameworks import default_frameworks  # noqa: E402
from ita.rules.scoring import score_one  # noqa: E402

SEED = 2563
PHOK_NOI = "เทศบาลตำบลพอกน้อย"
PHOK_NOI_2563 = [83.65, 78.00, 79.71, 77.18, 77.32, 77.51, 78.03, 71.85, 80.06, 87.50]
YEARS = list(range(2562, 2569))
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# (name, type, district). Districts of Sakon Nakhon; names are plausible, scores synthetic.
AGENCIES = [
    ("จังหวัดสกลนคร", "จังหวัด", "เมืองสกลนคร"),
    ("องค์การบริหารส่วนจังหวัดสกลนคร", "องค์การบริหารส่วนจังหวัด", "เมืองสกลนคร"),
    ("เทศบาลนครสกลนคร", "เทศบาลนคร", "เมืองสกลนคร"),
    ("มหาวิทยาลัยราชภัฏสกลนคร", "สถาบันอุดมศึกษา", "เมืองสกลนคร"),
    ("เทศบาลเมืองสว่างแดนดิน", "เทศบาลเมือง", "สว่างแดนดิน"),
    ("เทศบาลเมืองพังโคน", "เทศบาลเมือง", "พังโคน"),
    ("เทศบาลเมืองวานรนิวาส", "เทศบาลเมือง", "วานรนิวาส"),
    (PHOK_NOI, "เทศบาลตำบล", "พรรณานิคม"),
    ("เทศบาลตำบลพรรณา", "เทศบาลตำบล", "พรรณานิคม"),
    ("เทศบาลตำบลไร่", "เทศบาลตำบล", "พรรณานิคม"),
    ("เทศบาลตำบลวาริชภูมิ", "เทศบาลตำบล", "วาริชภูมิ"),
    ("เทศบาลตำบลม่วงไข่", "เทศบาลตำบล", "พังโคน"),
    ("เทศบาลตำบลกุสุมาลย์", "เทศบาลตำบล", "กุสุมาลย์"),
    ("เทศบาลตำบลนาแก้ว", "เทศบาลตำบล", "โพนนาแก้ว"),
    ("เทศบาลตำบลบ้านม่วง", "เทศบาลตำบล", "บ้านม่วง"),
    ("เทศบาลตำบลคำตากล้า", "เทศบาลตำบล", "คำตากล้า"),
    ("เทศบาลตำบลเต่างอย", "เทศบาลตำบล", "เต่างอย"),
    ("เทศบาลตำบลท่าแร่", "เทศบาลตำบล", "เมืองสกลนคร"),
    ("เทศบาลตำบลธาตุเชิงชุม", "เทศบาลตำบล", "เมืองสกลนคร"),
    ("เทศบาลตำบลอากาศอำนวย", "เทศบาลตำบล", "อากาศอำนวย"),
    ("เทศบาลตำบลส่องดาว", "เทศบาลตำบล", "ส่องดาว"),
    ("เทศบาลตำบลกุดบาก", "เทศบาลตำบล", "กุดบาก"),
    ("องค์การบริหารส่วนตำบลนาหัวบ่อ", "องค์การบริหารส่วนตำบล", "พรรณานิคม"),
    ("องค์การบริหารส่วนตำบลวังยาง", "องค์การบริหารส่วนตำบล", "พรรณานิคม"),
    ("องค์การบริหารส่วนตำบลสว่าง", "องค์การบริหารส่วนตำบล", "พรรณานิคม"),
    ("องค์การบริหารส่วนตำบลเชิงชุม", "องค์การบริหารส่วนตำบล", "พรรณานิคม"),
    ("องค์การบริหารส่วนตำบลขมิ้น", "องค์การบริหารส่วนตำบล", "เมืองสกลนคร"),
    ("องค์การบริหารส่วนตำบลดงมะไฟ", "องค์การบริหารส่วนตำบล", "เมืองสกลนคร"),
    ("องค์การบริหารส่วนตำบลฮางโฮง", "องค์การบริหารส่วนตำบล", "เมืองสกลนคร"),
    ("องค์การบริหารส่วนตำบลโคกก่อง", "องค์การบริหารส่วนตำบล", "เมืองสกลนคร"),
    ("องค์การบริหารส่วนตำบลต้นผึ้ง", "องค์การบริหารส่วนตำบล", "พังโคน"),
    ("องค์การบริหารส่วนตำบลแร่", "องค์การบริหารส่วนตำบล", "พังโคน"),
    ("องค์การบริหารส่วนตำบลอุ่มจาน", "องค์การบริหารส่วนตำบล", "กุสุมาลย์"),
    ("องค์การบริหารส่วนตำบลโพธิไพศาล", "องค์การบริหารส่วนตำบล", "กุสุมาลย์"),
    ("องค์การบริหารส่วนตำบลแพด", "องค์การบริหารส่วนตำบล", "คำตากล้า"),
    ("องค์การบริหารส่วนตำบลจันทร์เพ็ญ", "องค์การบริหารส่วนตำบล", "เต่างอย"),
    ("องค์การบริหารส่วนตำบลสร้างค้อ", "องค์การบริหารส่วนตำบล", "ภูพาน"),
    ("องค์การบริหารส่วนตำบลเหล่าโพนค้อ", "องค์การบริหารส่วนตำบล", "โคกศรีสุพรรณ"),
    ("องค์การบริหารส่วนตำบลบ้านเหล่า", "องค์การบริหารส่วนตำบล", "เจริญศิลป์"),
    ("องค์การบริหารส่วนตำบลคำบ่อ", "องค์การบริหารส่วนตำบล", "วานรนิวาส"),
    ("องค์การบริหารส่วนตำบลกุดเรือคำ", "องค์การบริหารส่วนตำบล", "วานรนิวาส"),
    ("องค์การบริหารส่วนตำบลบะฮี", "องค์การบริหารส่วนตำบล", "พรรณานิคม"),
    ("องค์การบริหารส่วนตำบลโคกภู", "องค์การบริหารส่วนตำบล", "ภูพาน"),
    ("องค์การบริหารส่วนตำบลนิคมน้ำอูน", "องค์การบริหารส่วนตำบล", "นิคมน้ำอูน"),
    ("องค์การบริหารส่วนตำบลคำสะอาด", "องค์การบริหารส่วนตำบล", "สว่างแดนดิน"),
    ("องค์การบริหารส่วนตำบลบ้านถ่อน", "องค์การบริหารส่วนตำบล", "สว่างแดนดิน"),
    ("องค์การบริหารส่วนตำบลหนองหลวง", "องค์การบริหารส่วนตำบล", "สว่างแดนดิน"),
    ("องค์การบริหารส่วนตำบลโคกสี", "องค์การบริหารส่วนตำบล", "สว่างแดนดิน"),
]

# Mean level by year (the national picture: 2564 mean 81.25, 2568 mean 93.82) and how much each tool
# lags it early on (OIT, the website checklist, improved fastest once agencies learnt it).
YEAR_LEVEL = {2562: 75.0, 2563: 78.5, 2564: 83.0, 2565: 86.0, 2566: 89.0, 2567: 91.5, 2568: 93.5}
OIT_LAG = {2562: -14.0, 2563: -9.0, 2564: -5.0, 2565: -2.0, 2566: 0.0, 2567: 1.0, 2568: 1.5}
INDICATOR_BIAS = np.array([3.0, -1.0, 0.5, -0.5, -1.5, 0.0, 0.5, -3.0, 0.0, 0.0])
TYPE_BIAS = {
    "จังหวัด": 4.0,
    "สถาบันอุดมศึกษา": 3.0,
    "เทศบาลนคร": 3.0,
    "องค์การบริหารส่วนจังหวัด": 2.0,
    "เทศบาลเมือง": 1.5,
    "เทศบาลตำบล": 0.0,
    "องค์การบริหารส่วนตำบล": -1.5,
}


def synthetic_scores(rng: np.random.Generator) -> dict[tuple[str, int], list[float]]:
    scores: dict[tuple[str, int], list[float]] = {}
    for name, kind, _ in AGENCIES:
        agency_level = rng.normal(0, 5.0) + TYPE_BIAS[kind]
        momentum = rng.normal(0, 0.8)
        if name == PHOK_NOI:  # keep its synthetic years close to its real 2563 (80.00)
            agency_level, momentum = 4.0, 0.0
        for k, year in enumerate(YEARS):
            base = YEAR_LEVEL[year] + agency_level + momentum * (k - 3)
            values = base + INDICATOR_BIAS + rng.normal(0, 4.0, 10)
            values[8:] += OIT_LAG[year] + rng.normal(0, 6.0, 2)
            scores[(name, year)] = [round(float(v), 2) for v in np.clip(values, 20.0, 100.0)]
    scores[(PHOK_NOI, 2563)] = PHOK_NOI_2563
    return scores


def _header_row(ws, row: int, values: list[str]) -> None:
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c, value=value)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def build_province(path: Path, scores: dict[tuple[str, int], list[float]]) -> None:
    frameworks = default_frameworks()
    names = [f"{i.number}. {i.name_th}" for i in frameworks.by_year[2563].indicators]
    wb = Workbook()
    wb.remove(wb.active)
    for year in YEARS:
        framework, _ = frameworks.for_year(year)
        ws = wb.create_sheet(f"ITA {year}")
        ws.cell(
            row=1,
            column=1,
            value=f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. {year} จังหวัดสกลนคร",
        ).font = Font(bold=True, size=14)
        ws.cell(row=2, column=1, value="ข้อมูลตัวอย่างสำหรับสาธิต (คะแนนสังเคราะห์ ยกเว้นเทศบาลตำบลพอกน้อย พ.ศ. 2563)")
        # Early years publish tools as weighted points, later ones as means: the importer reads both.
        tool_heads = ["IIT (30)", "EIT (30)", "OIT (40)"] if year <= 2564 else ["IIT", "EIT", "OIT"]
        _header_row(
            ws,
            4,
            ["ลำดับ", "ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "อำเภอ", "จังหวัด", *names, *tool_heads, "คะแนนรวม", "ผลการประเมิน"],
        )
        for k, (name, kind, district) in enumerate(AGENCIES, start=1):
            values = scores[(name, year)]
            result = score_one(values, framework)
            tools = [result.tools[t.code] * (t.weight / 100 if year <= 2564 else 1) for t in framework.tools]
            ws.append(
                [
                    k,
                    name,
                    kind,
                    district,
                    "สกลนคร",
                    *values,
                    *[round(v, 2) for v in tools],
                    result.total,
                    result.grade.label_th,
                ]
            )
        ws.column_dimensions["B"].width = 36
        ws.column_dimensions["C"].width = 22
        for c in range(6, 6 + 10 + 5):
            ws.column_dimensions[get_column_letter(c)].width = 12
            for row in ws.iter_rows(min_row=5, min_col=c, max_col=c):
                row[0].number_format = "0.00"
        ws.freeze_panes = "C5"
    wb.save(path)


def build_phok_noi(path: Path) -> None:
    framework = default_frameworks().by_year[2563]
    result = score_one(PHOK_NOI_2563, framework)
    wb = Workbook()
    ws = wb.active
    ws.title = "ผลการประเมิน"
    ws.append(["ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๓"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["หน่วยงาน", PHOK_NOI])
    ws.append(["ประเภทหน่วยงาน", "เทศบาลตำบล"])
    ws.append(["อำเภอ", "พรรณานิคม"])
    ws.append(["จังหวัด", "สกลนคร"])
    ws.append([])
    _header_row(ws, 8, ["ตัวชี้วัด", "เครื่องมือ", "คะแนน"])
    for ind, value in zip(framework.indicators, PHOK_NOI_2563, strict=False):
        ws.append([f"ตัวชี้วัดที่ {ind.number} {ind.name_th}", ind.tool, value])
    ws.append([])
    for tool in framework.tools:
        ws.append([f"คะแนน {tool.code}", tool.code, result.tools[tool.code]])
    ws.append(["คะแนนรวม", "", result.total])
    ws.append(["ระดับผลการประเมิน", "", result.grade.label_th])
    ws.column_dimensions["A"].width = 44
    wb.save(path)


def build_up(path: Path, reference: Path) -> None:
    with reference.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = [i.name_th for i in default_frameworks().by_year[2563].indicators]
    wb = Workbook()
    ws = wb.active
    ws.title = "ITA 2563"
    ws.append(["ผลการประเมิน ITA ภายในมหาวิทยาลัยพะเยา ปีงบประมาณ พ.ศ. 2563 (ข้อมูลจริงจาก pongvarid/upoit)"])
    _header_row(
        ws, 2, ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ปีงบประมาณ", *names, "IIT (30)", "EIT (30)", "OIT (40)", "คะแนน ITA", "ระดับ"]
    )
    for r in rows:
        ws.append(
            [
                int(r["agency_id"]),
                r["agency_name"],
                int(r["fiscal_year"]),
                *[float(r[f"i{k}"]) for k in range(1, 11)],
                *[float(r[c]) if r[c] else None for c in ("iit_points", "eit_points", "oit_points")],
                float(r["total"]),
                r["grade"],
            ]
        )
    ws.column_dimensions["B"].width = 40
    wb.save(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the bundled sample files.")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: sample_data/)")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    build_phok_noi(out / "phok-noi-2563.xlsx")
    build_province(out / "sakon-nakhon-2562-2568.xlsx", synthetic_scores(rng))
    build_up(out / "up-ita-2563.xlsx", ROOT / "tests" / "data" / "up-ita-2563.csv")
    for path in sorted(out.glob("*.xlsx")):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
