"""Generate the seed municipality's O42 and O43 and render their pages to PNG, to look at and for the docs.

    python scripts/render_report_images.py            # → artifacts/reports/*.docx, *.pdf, *-NN.png
                                                       #   and docs/images/o42-page1.png and friends

The O42 is the one the seed report (ITA-DOMAIN.md section 4) would be: Phok Noi municipality, results of
2563, its three measures for 2564 with the seed's own wording, signed by its preparer. The O43 reports a
6-month round with example follow-ups. Also rendered: the O42 without a browser (table instead of chart)
and the .xlsx workbook. Needs LibreOffice (``soffice``) and poppler (``pdftoppm``); Thai glyphs come from
the fonts installed on this machine ("TH Sarabun New" is drawn with its metric twin Laksaman from
fonts-thai-tlwg when the original is not installed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ita.analysis.agency import agency_year  # noqa: E402
from ita.io.importer import load_paths  # noqa: E402
from ita.measures.library import suggestions_for  # noqa: E402
from ita.measures.model import FollowUp, Measure, MeasureWithFollowUps  # noqa: E402
from ita.reports import Signers, agency_workbook, draft_o42, draft_o43, render_o42, render_o43  # noqa: E402

AGENCY = "เทศบาลตำบลพอกน้อย"
# O42s of other agency types, from the bundled samples: their place line, unit and head follow their type.
OTHERS = {"o42-province": ("จังหวัดสกลนคร", 2567), "o42-university": ("มหาวิทยาลัยราชภัฏสกลนคร", 2566)}
MONITORING = "รายงานผลการดำเนินงานตามมาตรการ\n- รอบ 6 เดือน\n- รอบ 12 เดือน"

# The seed report's three measures (section 5 of reference/seed-report-ita-2563.txt), its typos corrected.
SEED_MEASURES = [
    dict(
        title="มาตรการตรวจสอบการใช้ดุลพินิจ",
        indicators=(3,),
        guideline="- จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ\n- จัดทำคู่มือการปฏิบัติงานหรือหลักเกณฑ์มาตรฐานการปฏิบัติงาน\n"
        "- กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับ ให้ครอบคลุมถึงการตรวจสอบ กำกับดูแล ติดตามการปฏิบัติงาน "
        "และการใช้ดุลพินิจของผู้ใต้บังคับบัญชา ให้เป็นไปตามกฎหมาย กฎ ระเบียบ ข้อบังคับ ประกาศ หลักเกณฑ์ "
        "มาตรฐาน คู่มือการปฏิบัติงาน อย่างเคร่งครัด\n"
        "- วิเคราะห์และบริหารความเสี่ยงเกี่ยวกับการใช้ดุลพินิจของผู้ปฏิบัติงาน และกำหนดระบบ แนวทางป้องกัน",
        steps="1. ผู้รับผิดชอบดำเนินการจัดทำมาตรการตรวจสอบการใช้ดุลพินิจ\n"
        "2. ผู้บริหารประกาศหลักเกณฑ์ หรือมาตรการ เพื่อให้เจ้าหน้าที่ และบุคคลภายนอกรับทราบ\n"
        "3. ผู้รับผิดชอบดำเนินการเผยแพร่มาตรการตรวจสอบการใช้ดุลพินิจ บนเว็บไซต์หลักของหน่วยงาน",
    ),
    dict(
        title="มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        indicators=(7, 9),
        guideline="จัดให้มีช่องทางในการบริการข้อมูลข่าวสารตามมาตรา ๙ ของพระราชบัญญัติข้อมูลข่าวสารของราชการ "
        "พ.ศ. ๒๕๔๐ และข้อมูลที่ต้องเปิดเผยต่อสาธารณะตามแนวทางที่สำนักงาน ป.ป.ช. กำหนด ทางเว็บไซต์หลักของ"
        "หน่วยงาน และช่องทางอื่นตามความเหมาะสม เพื่อให้ประชาชนสามารถตรวจสอบและสืบค้นข้อมูลที่ครบถ้วน "
        "ถูกต้อง ทันสมัย ได้อย่างสะดวกและรวดเร็ว",
        steps="1. ผู้รับผิดชอบจัดให้มีข้อมูลเผยแพร่ต่อสาธารณชนบนเว็บไซต์หลักของหน่วยงานตามแนวทางที่สำนักงาน ป.ป.ช. "
        "กำหนด และช่องทางที่หลากหลาย เช่น Website, Facebook ฯลฯ รวมทั้งช่องทางแจ้งเบาะแสการทุจริต เช่น สายด่วน\n"
        "2. ติดตามและตรวจสอบสถานะของข้อมูลข่าวสารให้เป็นปัจจุบัน",
    ),
    dict(
        title="ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส",
        indicators=(10,),
        guideline="ผู้บริหารแสดงเจตจำนงหรือคำมั่นสัญญาว่า จะปฏิบัติงานด้วยความซื่อสัตย์สุจริต โปร่งใส และเป็นไปตาม"
        "หลักธรรมาภิบาล มีการจัดทำแผนปฏิบัติการป้องกันการทุจริตประจำปีให้ชัดเจน",
        steps="ผู้บริหารประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส ประจำปี พ.ศ. 2564",
    ),
]

FOLLOW_UPS_6 = [
    dict(
        status="done",
        progress=100,
        done="จัดทำและประกาศมาตรการตรวจสอบการใช้ดุลพินิจแล้ว เผยแพร่บนเว็บไซต์ของเทศบาล",
        evidence="https://www.phoknoi.go.th/news/o42-2564",
        report_date=dt.date(2021, 3, 31),
        reporter="นางสาวยุวดี อุเทนสุต",
    ),
    dict(
        status="in_progress",
        progress=60,
        done="ปรับปรุงเว็บไซต์และเปิดเพจ Facebook ของเทศบาล อยู่ระหว่างเพิ่มข้อมูลให้ครบตามรายการ OIT",
        evidence="https://www.facebook.com/phoknoi",
    ),
    None,
]


# The 12-month round: the first measure was finished at 6 months and not reported again (carried forward), the
# second is finished now, the third was never reported.
FOLLOW_UPS_12 = [
    None,
    dict(
        status="done",
        progress=100,
        done="เผยแพร่ข้อมูลครบทุกรายการตามแนวทางของสำนักงาน ป.ป.ช. และปรับปรุงข้อมูลให้เป็นปัจจุบันทุกเดือน",
        evidence="https://www.phoknoi.go.th/oit/2564",
        report_date=dt.date(2021, 9, 30),
        reporter="นางสาวยุวดี อุเทนสุต",
    ),
    None,
]


def seed_items() -> list[MeasureWithFollowUps]:
    items = []
    rounds_given = zip(SEED_MEASURES, FOLLOW_UPS_6, FOLLOW_UPS_12, strict=False)
    for k, (fields, follow, follow_12) in enumerate(rounds_given, start=1):
        measure = Measure(
            agency_key=AGENCY,
            agency=AGENCY,
            year=2564,
            responsible="สำนักปลัดเทศบาล",
            monitoring=MONITORING,
            id=k,
            version=1,
            **fields,
        )
        rounds = {6: FollowUp(k, 6, version=2, **follow)} if follow else {}
        if follow_12:
            rounds[12] = FollowUp(k, 12, version=2, **follow_12)
        items.append(MeasureWithFollowUps(measure, rounds))
    return items


def library_items(table, result) -> list[MeasureWithFollowUps]:
    """Three library measures for another agency's O42, each run by the unit its type names."""
    entries = suggestions_for(table, result.agency_key, result.year, limit=3)
    made = (
        s.entry.to_measure(result.agency_key, result.agency, result.measure_year, result.agency_type) for s in entries
    )
    return [MeasureWithFollowUps(replace(m, id=k, version=1)) for k, m in enumerate(made, start=1)]


def no_browser(*_args) -> bytes:
    raise RuntimeError("no Chromium/Chrome browser found for Plotly's image export")


def to_pngs(docx: Path, out: Path, dpi: int) -> list[Path]:
    """docx (or xlsx) → PDF with LibreOffice (its own profile, so a running office does not interfere) →
    one PNG per page with pdftoppm."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = out / (docx.stem + ".pdf")
    for old in out.glob(f"{docx.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / docx.stem)], check=True, timeout=180)
    return sorted(out.glob(f"{docx.stem}-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "reports"), help="working folder")
    parser.add_argument("--docs", default=str(ROOT / "docs" / "images"), help="where the README images go")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)} (apt-get install libreoffice-writer poppler-utils)", file=sys.stderr)
        return 2
    out, docs = Path(args.out), Path(args.docs)
    out.mkdir(parents=True, exist_ok=True)
    docs.mkdir(parents=True, exist_ok=True)

    result = agency_year(load_paths([ROOT / "sample_data" / "phok-noi-2563.xlsx"]).valid, AGENCY, 2563)
    items = seed_items()
    signers = Signers("นางสาวยุวดี อุเทนสุต", "นักบริหารงานทั่วไป (หัวหน้าฝ่ายอำนวยการ)")
    samples = load_paths(sorted((ROOT / "sample_data").glob("*.xlsx"))).valid
    others = {name: agency_year(samples, agency, year) for name, (agency, year) in OTHERS.items()}
    built = {
        "o42": render_o42(result, items, draft_o42(result, items, signers=signers)),
        "o42-no-browser": render_o42(result, items, draft_o42(result, items, signers=signers), exporter=no_browser),
        "o43-r6": render_o43(result, items, 6, draft_o43(result, items, 6, signers=signers)),
        "o43-r12": render_o43(result, items, 12, draft_o43(result, items, 12, signers=signers)),
    }
    for name, other in others.items():
        assert other is not None, name
        measures = library_items(samples, other)
        built[name] = render_o42(other, measures, draft_o42(other, measures))
    pages: dict[str, list[Path]] = {}
    for name, rendered in built.items():
        path = out / f"{name}.docx"
        path.write_bytes(rendered.content)
        pages[name] = to_pngs(path, out, args.dpi)
        chart = "chart" if rendered.chart_included else f"table instead of chart ({'; '.join(rendered.notes)})"
        print(f"{path}: {len(pages[name])} pages, {chart}")
    workbook = out / "ita-workbook.xlsx"
    workbook.write_bytes(agency_workbook(result, items))
    pages["xlsx"] = to_pngs(workbook, out, args.dpi)
    print(f"{workbook}: {len(pages['xlsx'])} pages")

    def page_with(pngs: list[Path], pdf: Path, words: str, fallback: int) -> Path:
        """The first page whose text holds ``words`` (pdftotext), else page ``fallback``."""
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
            for k, page in enumerate(text.split("\f")):
                if words in " ".join(page.split()):
                    return pngs[k]
        return pngs[min(fallback, len(pngs) - 1)]

    keep = {
        "o42-page1.png": pages["o42"][0],
        "o42-chart.png": page_with(pages["o42"], out / "o42.pdf", "แผนภูมิ คะแนนรายตัวชี้วัด", 4),
        "o42-practice.png": page_with(pages["o42"], out / "o42.pdf", "1. เสนอผลการวิเคราะห์ต่อ", -4),
        "o42-measures.png": page_with(pages["o42"], out / "o42.pdf", "6. ข้อเสนอแนะ", -3),
        "o42-signatures.png": pages["o42"][-1],
        "o43-page2.png": pages["o43-r6"][min(1, len(pages["o43-r6"]) - 1)],
        "o43-12-details.png": page_with(pages["o43-r12"], out / "o43-r12.pdf", "(ผลจากรายงานรอบ 6 เดือน)", 1),
        "o42-province-page1.png": pages["o42-province"][0],
        "o42-province-result.png": page_with(pages["o42-province"], out / "o42-province.pdf", "ให้ถึง 95 คะแนน", 3),
        "o42-university-page1.png": pages["o42-university"][0],
    }
    for name, source in keep.items():
        shutil.copyfile(source, docs / name)
        print(f"{docs / name} ← {source.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
