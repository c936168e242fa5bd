"""Build the bad-input corpus: files a user might upload that the importer must refuse, or read only in part,
always with a problem row (file, sheet, row, column, what is wrong, what to do) and never a traceback.

    python tests/corpus/build_corpus.py

Deterministic: fixed content, zip entries dated 1980-01-01, random bytes from a seeded generator, so a
rebuild gives the same bytes (the encrypted workbook needs ``msoffcrypto-tool``; without it the committed
file is kept). ``tests/test_corpus.py`` holds what each file must produce; a file written here but missing
from that table fails the tests.

Wide sheets use the headers of ITA-DOMAIN.md section 6: ``ชื่อหน่วยงาน`` (column A), ``จังหวัด`` (B),
``ตัวชี้วัดที่ 1`` … ``ตัวชี้วัดที่ 10`` (C … L), one header row (row 1), agencies from row 2, and a sheet
named ``ITA 2563`` so the fiscal year comes from the sheet name. Agency names are real municipalities of
Sakon Nakhon; their scores are synthetic (seeded).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterable
from unittest import mock
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
SEED = 2563
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SHEET = "ITA 2563"
INDICATORS = [f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]
HEADER = ["ชื่อหน่วยงาน", "จังหวัด", *INDICATORS]
PROVINCE = "สกลนคร"
AGENCIES = [
    "เทศบาลตำบลพอกน้อย", "เทศบาลตำบลพรรณา", "เทศบาลตำบลไร่", "องค์การบริหารส่วนตำบลนาหัวบ่อ",
    "องค์การบริหารส่วนตำบลวังยาง", "เทศบาลเมืองพังโคน", "เทศบาลตำบลท่าแร่", "เทศบาลตำบลกุสุมาลย์",
    "องค์การบริหารส่วนตำบลขมิ้น", "องค์การบริหารส่วนตำบลฮางโฮง", "เทศบาลตำบลนาแก้ว", "เทศบาลตำบลเต่างอย",
]
BOMB_BYTES = (1 << 30) + (1 << 20)  # the bomb's worksheet XML inflates to just over 1 GiB


def scores(rng: random.Random) -> list[float]:
    return [round(rng.uniform(62, 98), 2) for _ in INDICATORS]


def agency_rows(count: int, seed: int = SEED) -> list[list[Any]]:
    """``count`` well-formed wide rows: agency, province, ten scores."""
    rng = random.Random(seed)
    return [[AGENCIES[k % len(AGENCIES)], PROVINCE, *scores(rng)] for k in range(count)]


# --------------------------------------------------------------------------- containers


def zip_bytes(members: Iterable[tuple[str, bytes | str]], level: int = 6) -> bytes:
    """A zip with fixed dates and attributes, so the same members give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members:
            zf.writestr(_info(name), content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return buffer.getvalue()


def _info(name: str, level: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # what ZipFile.open(info, "w") compresses with (3.13 also calls it compress_level)
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (_XML + f'<styleSheet xmlns="{_MAIN}">'
           '<fonts count="1"><font><sz val="11"/><name val="Tahoma"/></font></fonts>'
           '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
           '<borders count="1"><border/></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
           '</styleSheet>')  # style 1 is a date (number format 14), as Excel stores one


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[Any]], dimension: str | None = None, far: tuple[str, Any] | None = None) -> str:
    """A worksheet; ``dimension`` is what the sheet claims its used range is, ``far`` one extra cell."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    if far:
        ref, value = far
        body.append(f'<row r="{"".join(ch for ch in ref if ch.isdigit())}">{_cell(ref, value)}</row>')
    width = max((len(row) for row in rows), default=1)
    dim = dimension or f"A1:{column_letter(width - 1)}{max(len(rows), 1)}"
    return (_XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dim}"/>'
            f'<sheetData>{"".join(body)}</sheetData></worksheet>')


def xlsx_parts(sheets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts of an .xlsx around the given (sheet name, worksheet XML) pairs."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(sheets) + 1))
    types = (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/styles.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             f'{overrides}</Types>')
    root_rels = (_XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                 f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    entries = "".join(f'<sheet name={quoteattr(name)} sheetId="{k}" r:id="rId{k}"/>'
                      for k, (name, _) in enumerate(sheets, start=1))
    workbook = _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'
    rels = "".join(f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                   for k in range(1, len(sheets) + 1))
    wb_rels = (_XML + f'<Relationships xmlns="{_PKG_REL}">{rels}<Relationship Id="rId{len(sheets) + 1}" '
               f'Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    return [("[Content_Types].xml", types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", wb_rels), ("xl/styles.xml", _STYLES),
            *[(f"xl/worksheets/sheet{k}.xml", xml) for k, (_, xml) in enumerate(sheets, start=1)]]


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    return zip_bytes(xlsx_parts([(name, sheet_xml(rows)) for name, rows in sheets.items()]))


def wide(rows: list[list[Any]], header: list[str] = HEADER, sheet: str = SHEET) -> bytes:
    return xlsx({sheet: [header, *rows]})


# --------------------------------------------------------------------------- the files


def empty() -> bytes:
    return b""


def png() -> bytes:
    """A real 1×1 PNG (a screenshot of the results saved under a spreadsheet's name)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


PROSE = """มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
แสดงการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ
ประจำปีงบประมาณ พ.ศ. 2563

คำนำ
การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐมีเจตนารมณ์ให้หน่วยงานยกระดับคุณธรรมและความโปร่งใส
ผลการประเมินของเทศบาลได้คะแนน 80.00 คะแนน อยู่ในระดับ B
"""


def prose() -> bytes:
    """The O42 report's text saved with a spreadsheet's name."""
    return PROSE.encode("utf-8")


def truncated() -> bytes:
    """The first half of a good workbook, as an interrupted download leaves it."""
    data = wide(agency_rows(12))
    return data[: len(data) // 2]


def encrypted(previous: bytes | None) -> bytes | None:
    """A good workbook protected with the password ``ita2563`` (Excel: File > Info > Protect Workbook)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
        from msoffcrypto.method import ecma376_agile
        from msoffcrypto.method.container import ecma376_encrypted
    except ImportError:
        return previous  # keep the committed file; see the module docstring

    class FixedClock(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> "FixedClock":
            return cls(2020, 10, 1)

    # Salts and keys from the seed, and a fixed timestamp in the OLE directory, so rebuilds match.
    with mock.patch.object(ecma376_agile, "_random_buffer", random.Random(SEED).randbytes), \
            mock.patch.object(ecma376_encrypted, "datetime", FixedClock):
        out = io.BytesIO()
        # 60 rows: msoffcrypto-tool 6.1 writes a package under 4 KB into the wrong OLE stream, unreadable.
        OOXMLFile(io.BytesIO(wide(agency_rows(60)))).encrypt("ita2563", out)
    return out.getvalue()


def bomb(path: Path) -> None:
    """A valid-looking workbook of about 1 MB whose worksheet XML inflates to over 1 GiB.

    Streamed through zipfile at level 9 so neither building nor refusing it holds the XML in memory.
    """
    head = (_XML + f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
            + "".join(_cell(f"{column_letter(c)}1", h) for c, h in enumerate(HEADER)) + "</row>").encode()
    tail = b"</sheetData></worksheet>"
    row = ("<row>" + "".join(f"<c><v>{v}</v></c>" for v in ["100"] * 12) + "</row>").encode()
    block = row + b" " * ((1 << 20) - len(row))  # whitespace between rows: valid XML, and deflate's best case
    parts = xlsx_parts([(SHEET, "")])
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in parts[:-1]:
            zf.writestr(_info(name), content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        with zf.open(_info(parts[-1][0], level=9), "w") as fh:
            written = fh.write(head)
            while written < BOMB_BYTES - len(tail):
                written += fh.write(block[: BOMB_BYTES - len(tail) - written])
            fh.write(tail)


def random_zip() -> bytes:
    """A zip of unrelated files (notes, a photo, binary data) named .xlsx."""
    rng = random.Random(SEED)
    return zip_bytes([("notes.txt", "บันทึกการประชุม ITA\n".encode()),
                      ("photo.jpg", b"\xff\xd8\xff\xe0" + rng.randbytes(600)),
                      ("data.bin", rng.randbytes(400))])


def docx() -> bytes:
    """A Word document (the O42 report) named .xlsx."""
    types = (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (_XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in PROSE.splitlines() if line)
    document = (_XML + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{paragraphs}</w:body></w:document>")
    return zip_bytes([("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)])


def html_table() -> bytes:
    """A web page's results table saved as .xls (what 'Export to Excel' on many sites produces)."""
    cells = lambda row, tag: "".join(f"<{tag}>{escape(str(v))}</{tag}>" for v in row)  # noqa: E731
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in agency_rows(3))
    return ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
            f'<table border="1"><tr>{cells(HEADER, "th")}</tr>{rows}</table></body></html>').encode()


def notes_only() -> bytes:
    """A workbook of notes: text on every sheet, no scores anywhere."""
    return xlsx({
        "หมายเหตุ": [["หมายเหตุ"], ["ข้อมูลคะแนนจะส่งให้ภายหลัง"], ["ติดต่อ กองยุทธศาสตร์และงบประมาณ"]],
        "คำชี้แจง": [["คำชี้แจงการกรอกข้อมูล"], ["กรอกคะแนนตัวชี้วัดทั้ง 10 ตัว"], [], ["ผู้จัดทำ", "นางสาวตัวอย่าง"]],
    })


def out_of_range() -> bytes:
    """Row 3: indicator 3 (E) is 120; row 5: indicator 7 (I) is -5. Rows 2, 4 and 6 are good."""
    rows = agency_rows(5)
    rows[1][2 + 2] = 120
    rows[3][2 + 6] = -5
    return wide(rows)


def not_numbers() -> bytes:
    """Row 2: indicator 2 (D) is 'ดี' ('good'); row 4: indicator 10 (L) is 'n.a.x'. Rows 3, 5, 6 are good."""
    rows = agency_rows(5)
    rows[0][2 + 1] = "ดี"
    rows[2][2 + 9] = "n.a.x"
    return wide(rows)


def missing_indicator_column() -> bytes:
    """No column for indicator 7: nine indicator columns, so no total can be computed for any row."""
    keep = [c for c, h in enumerate(HEADER) if h != "ตัวชี้วัดที่ 7"]
    return wide([[row[c] for c in keep] for row in agency_rows(3)], header=[HEADER[c] for c in keep])


def no_year() -> bytes:
    """Good rows, but no year anywhere: no year column, sheet 'ผลการประเมิน', no title, no digits in the name."""
    return wide(agency_rows(3), sheet="ผลการประเมิน")


def duplicate_conflict() -> bytes:
    """Row 5 repeats row 2's agency and year with other scores (conflict: both are errors); row 7 repeats
    row 3 exactly (merged, a warning). Rows 3, 4 and 6 are good."""
    rows = agency_rows(5)
    rows[3] = [rows[0][0], PROVINCE, *scores(random.Random(SEED + 1))]
    rows.append(list(rows[1]))
    return wide(rows)


def date_in_score() -> bytes:
    """Row 3: indicator 5 (G) holds a date (15 March 2020, formatted as a date). Rows 2, 4, 5 are good."""
    rows = agency_rows(4)
    rows[1][2 + 4] = dt.date(2020, 3, 15)
    return wide(rows)


def blank_agency() -> bytes:
    """Rows 3 and 5 have scores but no agency name (empty, and only spaces). Rows 2, 4, 6 are good."""
    rows = agency_rows(5)
    rows[1][0] = None
    rows[3][0] = "   "
    return wide(rows)


def bad_year() -> bytes:
    """A ปีงบประมาณ column (B); row 4 says 'ปีที่แล้ว' ('last year'). Rows 2, 3, 5 are good (2563)."""
    rows = [[r[0], 2563, *r[2:]] for r in agency_rows(4)]
    rows[2][1] = "ปีที่แล้ว"
    return wide(rows, header=["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATORS], sheet="ผลการประเมิน")


def too_many_cells() -> bytes:
    """Twelve good rows (156 cells) in a sheet that claims the whole grid, A1:XFD1048576, as its dimension.
    The claim alone must not matter; a limit below 156 cells (Limits(max_cells=100)) refuses the sheet."""
    return zip_bytes(xlsx_parts([(SHEET, sheet_xml([HEADER, *agency_rows(12)], dimension="A1:XFD1048576"))]))


def far_cell() -> bytes:
    """Three good rows on 'ITA 2563'; a second sheet 'หมายเหตุ' whose only value is at XFD1048576, the last
    cell of the grid (a 1 KB file describing 17 billion cells). Only the second sheet is refused."""
    return zip_bytes(xlsx_parts([(SHEET, sheet_xml([HEADER, *agency_rows(3)])),
                                 ("หมายเหตุ", sheet_xml([["หมายเหตุ"]], far=("XFD1048576", "ท้ายตาราง")))]))


def ods_repeat_bomb() -> bytes:
    """An .ods: 'ITA 2563' holds three good rows; 'ข้อมูล' is one cell repeated 1,000 columns × 100,000 rows
    (number-columns-repeated, number-rows-repeated): 100 million cells from a file under 2 KB."""
    def cell(value: Any) -> str:
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'
    good = "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>"
                   for row in [HEADER, *agency_rows(3)])
    repeated = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell '
                'table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p>'
                "</table:table-cell></table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet>'
               f'<table:table table:name="{SHEET}">{good}</table:table>'
               f'<table:table table:name="ข้อมูล">{repeated}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        mimetype = _info("mimetype")
        mimetype.compress_type = zipfile.ZIP_STORED  # ODF: first, uncompressed
        zf.writestr(mimetype, "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(_info("content.xml"), content)
        zf.writestr(_info("META-INF/manifest.xml"), manifest)
    return buffer.getvalue()


def lying_sizes() -> bytes:
    """A workbook whose zip directory says the worksheet unpacks to 1,000 bytes when it unpacks to ~150 KB:
    a directory-only size check would be fooled."""
    rows = [HEADER, *agency_rows(1000)]
    data = bytearray(zip_bytes(xlsx_parts([(SHEET, sheet_xml(rows))])))
    real = len(sheet_xml(rows).encode())
    packed = struct.pack("<I", real)
    assert data.count(packed) == 2, "the size should appear once in the local header and once in the directory"
    return bytes(data.replace(packed, struct.pack("<I", 1000)))


def binary_garbage() -> bytes:
    """Random bytes named .csv."""
    return random.Random(SEED).randbytes(4096)


def undecodable_bytes() -> bytes:
    """A UTF-8 CSV (Thai headers) with two stray bytes (FF FE) inside row 3's indicator 4 (F): '8\\xff\\xfe5.10'.
    Columns: ชื่อหน่วยงาน (A), ปีงบประมาณ (B), ตัวชี้วัดที่ 1..10 (C..L). Rows 2, 4, 5 are good."""
    lines = [",".join(["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATORS]).encode()]
    for k, row in enumerate(agency_rows(4)):
        values = [f"{v:.2f}".encode() for v in row[2:]]
        if k == 1:
            values[3] = b"8\xff\xfe5.10"
        lines.append(b",".join([row[0].encode(), b"2563", *values]))
    return b"\r\n".join(lines) + b"\r\n"


BUILDERS = {
    "empty.xlsx": empty,
    "empty.csv": empty,
    "png_renamed.xlsx": png,
    "prose_renamed.xlsx": prose,
    "truncated.xlsx": truncated,
    "random_zip.xlsx": random_zip,
    "word_document.xlsx": docx,
    "html_table.xls": html_table,
    "notes_only.xlsx": notes_only,
    "out_of_range.xlsx": out_of_range,
    "not_numbers.xlsx": not_numbers,
    "missing_indicator_column.xlsx": missing_indicator_column,
    "no_year.xlsx": no_year,
    "duplicate_conflict.xlsx": duplicate_conflict,
    "date_in_score.xlsx": date_in_score,
    "blank_agency.xlsx": blank_agency,
    "bad_year.xlsx": bad_year,
    "too_many_cells.xlsx": too_many_cells,
    "far_cell.xlsx": far_cell,
    "ods_repeat_bomb.ods": ods_repeat_bomb,
    "lying_sizes.xlsx": lying_sizes,
    "binary_garbage.csv": binary_garbage,
    "undecodable_bytes.csv": undecodable_bytes,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        (OUT / name).write_bytes(build())
    enc = OUT / "encrypted.xlsx"
    data = encrypted(enc.read_bytes() if enc.exists() else None)
    if data is None:
        print("encrypted.xlsx not built: pip install msoffcrypto-tool")
    else:
        enc.write_bytes(data)
    bomb(OUT / "bomb.xlsx")
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>10,}  {path.name}")


if __name__ == "__main__":
    main()
