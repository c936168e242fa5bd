"""Build the bad-input corpus: files a user might upload that the importer must refuse, or read only in part,
always with a problem row (file, sheet, row, column, what is wrong, what to do) and never a traceback.

    python tests/corpus/build_corpus.py

Deterministic: fixed content, zip entries dated 1980-01-01, random bytes from a seeded generator, so a
rebuild gives the same bytes (the encrypted workbook needs ``msoffcrypto-tool``; without it the committed
file is kept). ``tests/io/test_corpus.py`` holds what each file must produce; a file written here but missing
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
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any
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
    "เทศบาลตำบลพอกน้อย",
    "เทศบาลตำบลพรรณา",
    "เทศบาลตำบลไร่",
    "องค์การบริหารส่วนตำบลนาหัวบ่อ",
    "องค์การบริหารส่วนตำบลวังยาง",
    "เทศบาลเมืองพังโคน",
    "เทศบาลตำบลท่าแร่",
    "เทศบาลตำบลกุสุมาลย์",
    "องค์การบริหารส่วนตำบลขมิ้น",
    "องค์การบริหารส่วนตำบลฮางโฮง",
    "เทศบาลตำบลนาแก้ว",
    "เทศบาลตำบลเต่างอย",
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
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Tahoma"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)  # style 1 is a date (number format 14), as Excel stores one


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
    return (
        _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dim}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def xlsx_parts(sheets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts of an .xlsx around the given (sheet name, worksheet XML) pairs."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{k}" r:id="rId{k}"/>' for k, (name, _) in enumerate(sheets, start=1)
    )
    workbook = _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, len(sheets) + 1)
    )
    wb_rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}">{rels}<Relationship Id="rId{len(sheets) + 1}" '
        f'Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )
    return [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/styles.xml", _STYLES),
        *[(f"xl/worksheets/sheet{k}.xml", xml) for k, (_, xml) in enumerate(sheets, start=1)],
    ]


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

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


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
        def now(cls, tz: Any = None) -> FixedClock:
            return cls(2020, 10, 1)

    # Salts and keys from the seed, and a fixed timestamp in the OLE directory, so rebuilds match.
    with (
        mock.patch.object(ecma376_agile, "_random_buffer", random.Random(SEED).randbytes),
        mock.patch.object(ecma376_encrypted, "datetime", FixedClock),
    ):
        out = io.BytesIO()
        # 60 rows: msoffcrypto-tool 6.1 writes a package under 4 KB into the wrong OLE stream, unreadable.
        OOXMLFile(io.BytesIO(wide(agency_rows(60)))).encrypt("ita2563", out)
    return out.getvalue()


def bomb(path: Path) -> None:
    """A valid-looking workbook of about 1 MB whose worksheet XML inflates to over 1 GiB.

    Streamed through zipfile at level 9 so neither building nor refusing it holds the XML in memory.
    """
    head = (
        _XML
        + f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
        + "".join(_cell(f"{column_letter(c)}1", h) for c, h in enumerate(HEADER))
        + "</row>"
    ).encode()
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
    return zip_bytes(
        [
            ("notes.txt", "บันทึกการประชุม ITA\n".encode()),
            ("photo.jpg", b"\xff\xd8\xff\xe0" + rng.randbytes(600)),
            ("data.bin", rng.randbytes(400)),
        ]
    )


def docx() -> bytes:
    """A Word document (the O42 report) named .xlsx."""
    types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in PROSE.splitlines() if line)
    document = (
        _XML + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    return zip_bytes([("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)])


def html_table() -> bytes:
    """A web page's results table saved as .xls (what 'Export to Excel' on many sites produces)."""
    cells = lambda row, tag: "".join(f"<{tag}>{escape(str(v))}</{tag}>" for v in row)  # noqa: E731
    rows = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in agency_rows(3))
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
        f'<table border="1"><tr>{cells(HEADER, "th")}</tr>{rows}</table></body></html>'
    ).encode()


def web_page_without_table() -> bytes:
    """A web page saved as .xls that holds no table (a login page, an error page from the system)."""
    return '<html><head><meta charset="utf-8"></head><body><p>กรุณาเข้าสู่ระบบ</p></body></html>'.encode()


def html_huge_spans() -> bytes:
    """A table whose cells ask to span a million columns and rows, nested tables five hundred deep, and a thousand
    cells in a row: each span is capped, and the file's cells count against the limit."""
    nested = "<table><tr><td>" * 500 + "x" + "</td></tr></table>" * 500
    wide = "".join(f'<td colspan="1000000" rowspan="1000000">{k}</td>' for k in range(1000))
    return f"<html><body><table><tr>{wide}</tr></table>{nested}</body></html>".encode()


def html_attribute_run() -> bytes:
    """A good table after a tag whose attribute text is 60,000 letters with no '=' (a pattern for attribute names,
    tried at each letter, took quadratic time: half a minute of a parse worker for 120 KB)."""
    return html_table().replace(b"<body>", b"<body><p " + b"a" * 60_000 + b">", 1)


def xlsx_format_bracket_run() -> bytes:
    """A good table whose styles hold a number format of 200,000 '[' (a pattern for the format's brackets took
    quadratic time over it, for the .xlsx, .xls and Excel 2003 XML styles alike)."""
    formats = f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{"[" * 200_000}0.00"/></numFmts>'
    styles = _STYLES.replace("<fonts ", formats + "<fonts ", 1).replace(
        '<cellXfs count="2">', '<cellXfs count="3"><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/>', 1
    )
    parts = xlsx_parts([(SHEET, sheet_xml([HEADER, *agency_rows(3)]))])
    return zip_bytes([(name, styles if name == "xl/styles.xml" else xml) for name, xml in parts])


def xlsx_decimal_comma_numbers() -> bytes:
    """An exporter's .xlsx whose number cells hold a decimal comma ('<c><v>85,2</v></c>'): calamine cannot read the
    sheet ("Parse float error"), which was shown to the user as it was."""
    xml = re.sub(r'<c r="C2"><v>[^<]*', '<c r="C2" t="n"><v>85,2', sheet_xml([HEADER, *agency_rows(2)]), count=1)
    return zip_bytes(xlsx_parts([(SHEET, xml)]))


def xml2003_entity_bomb() -> bytes:
    """Excel 2003 XML whose entities expand a billion times ('billion laughs'): expat refuses it."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{k} "{f"&a{k - 1};" * 10}">' for k in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE Workbook [{entities}]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="ITA 2563"><Table>'
        '<Row><Cell><Data ss:Type="String">&a9;</Data></Cell></Row></Table></Worksheet></Workbook>'
    ).encode()


def html_crafted_runs() -> bytes:
    """A page whose table is followed by 40,000 unclosed '<a' and 40,000 unclosed comments: Python 3.11's html.parser
    is quadratic on such runs (30 s of a worker for 320 KB); read in one pass, the table is what is left."""
    return ("<html><body><table><tr><td>1</td></tr></table>" + "<a" * 40_000 + "<!--" * 40_000).encode()


def html_empty_rows() -> bytes:
    """A row of 1,000 cells each 256 columns wide, then a thousand empty rows of a table: two hundred million cells
    in 81 KB, counted before the grid is laid out."""
    wide = '<td colspan="256">x</td>' * 1000
    return f"<html><body><table><tr>{wide}</tr>{'<tr></tr>' * 1000}</table></body></html>".encode()


def xml2003_far_cell() -> bytes:
    """Excel 2003 XML of 344 bytes: a cell in its last column and a row at its last index, 16.7 million cells; and a
    column at index -3, which made a letter of no column loop."""
    return (
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="ITA 2563"><Table>'
        b'<Column ss:Index="-3" ss:Hidden="1"/><Row><Cell ss:Index="256"><Data ss:Type="String">x</Data></Cell></Row>'
        b'<Row ss:Index="65536"><Cell><Data ss:Type="String">y</Data></Cell></Row></Table></Worksheet></Workbook>'
    )


def notes_only() -> bytes:
    """A workbook of notes: text on every sheet, no scores anywhere."""
    return xlsx(
        {
            "หมายเหตุ": [["หมายเหตุ"], ["ข้อมูลคะแนนจะส่งให้ภายหลัง"], ["ติดต่อ กองยุทธศาสตร์และงบประมาณ"]],
            "คำชี้แจง": [["คำชี้แจงการกรอกข้อมูล"], ["กรอกคะแนนตัวชี้วัดทั้ง 10 ตัว"], [], ["ผู้จัดทำ", "นางสาวตัวอย่าง"]],
        }
    )


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
    return zip_bytes(
        xlsx_parts(
            [
                (SHEET, sheet_xml([HEADER, *agency_rows(3)])),
                ("หมายเหตุ", sheet_xml([["หมายเหตุ"]], far=("XFD1048576", "ท้ายตาราง"))),
            ]
        )
    )


def ods_repeat_bomb() -> bytes:
    """An .ods: 'ITA 2563' holds three good rows; 'ข้อมูล' is one cell repeated 1,000 columns × 100,000 rows
    (number-columns-repeated, number-rows-repeated): 100 million cells from a file under 2 KB."""

    def cell(value: Any) -> str:
        if isinstance(value, (int, float)):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    good = "".join(
        f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in [HEADER, *agency_rows(3)]
    )
    repeated = (
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell '
        'table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row>"
    )
    return _ods(
        f'<table:table table:name="{SHEET}">{good}</table:table><table:table table:name="ข้อมูล">{repeated}</table:table>'
    )


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


# --------------------------------------------------------------------------- CSV and hidden content


def _csv_lines(rows: list[list[Any]], extra: tuple[str, ...] = ()) -> list[str]:
    """Lines of a wide CSV: ชื่อหน่วยงาน (A), ปีงบประมาณ (B, 2563), ตัวชี้วัดที่ 1..10 (C..L), then ``extra``."""
    return [
        ",".join(["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATORS, *extra]),
        *(",".join([r[0], "2563", *(f"{v:.2f}" for v in r[2:])]) for r in rows),
    ]


def csv_slow_sniffer() -> bytes:
    """A UTF-8 CSV of twelve good rows (2-13) and a notes column (M, หมายเหตุ). Row 2's note is one quoted
    field of 64 KB listing items as ',""ข้อ N' (quotes doubled, as CSV writes them): no quote is ever
    followed by a comma, so csv.Sniffer's regular expressions backtrack over the rest of the sample from
    every ',"' (about 4 s here). Read with a bounded delimiter check instead."""
    lines = _csv_lines(agency_rows(12), ("หมายเหตุ",))
    items = ",".join(f'""ข้อ {k}' for k in range(1, 6500))
    lines[1] += f',"ดูเอกสารแนบ {items}"'
    return ("\r\n".join(lines) + "\r\n").encode()


def csv_utf16_no_bom() -> bytes:
    """The four good rows (2-5) of a wide CSV, in UTF-16 little-endian without a byte-order mark (what some
    exports write): every ASCII character is followed by a zero byte."""
    return ("\r\n".join(_csv_lines(agency_rows(4))) + "\r\n").encode("utf-16-le")


def csv_mixed_encodings() -> bytes:
    """Six good rows (2-7) of a wide CSV in UTF-8, except lines 4 and 6, pasted from a Windows-874 (TIS-620)
    export. Each line decodes in its own encoding; the agency names must come out right."""
    lines = _csv_lines(agency_rows(6))
    return (
        b"\r\n".join(
            line.encode("cp874" if number in (4, 6) else "utf-8") for number, line in enumerate(lines, start=1)
        )
        + b"\r\n"
    )


def _with_merged(xml: str, ranges: list[str]) -> str:
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in ranges)
    return xml.replace("</worksheet>", f'<mergeCells count="{len(ranges)}">{cells}</mergeCells></worksheet>')


def _with_state(parts: list[tuple[str, str]], sheet: str, state: str) -> list[tuple[str, str]]:
    """The workbook part with ``sheet`` marked hidden or veryHidden."""
    return [
        (
            name,
            xml.replace(f"<sheet name={quoteattr(sheet)} ", f'<sheet name={quoteattr(sheet)} state="{state}" ')
            if name == "xl/workbook.xml"
            else xml,
        )
        for name, xml in parts
    ]


def formulas_no_values() -> bytes:
    """Four rows (2-5) and a total column คะแนนรวม (M) whose every cell is a formula without a saved result
    (<f>…</f><v></v>, as openpyxl writes it, never calculated). Row 4's indicator 4 (F) is such a formula
    too, so its score is missing: an error there; rows 2, 3 and 5 load."""
    rows = agency_rows(4)
    xml = sheet_xml([[*HEADER, "คะแนนรวม"], *rows])
    body = []
    for r, line in enumerate(xml.split("</row>")):
        row = r + 1
        if 2 <= row <= 5:
            line += f'<c r="M{row}"><f>ROUND(AVERAGE(C{row}:L{row}),2)</f><v></v></c>'
        body.append(line)
    xml = "</row>".join(body)
    value = f"{rows[2][2 + 3]!r}"
    xml = xml.replace(f'<c r="F4"><v>{value}</v></c>', '<c r="F4"><f>AVERAGE(80,90)</f></c>')
    return zip_bytes(xlsx_parts([(SHEET, xml)]))


def merged_header() -> bytes:
    """Two header rows, as agencies often lay them out: ชื่อหน่วยงาน (A1:A2) and จังหวัด (B1:B2) merged down,
    the tools merged across row 1 (IIT C1:G1, EIT H1:J1, OIT K1:L1), the ten indicators in row 2; the
    province merged down the four agency rows (B3:B6). Read as a person reads it: rows 3-6 load with names
    and province."""
    rows = agency_rows(4)
    top = ["ชื่อหน่วยงาน", "จังหวัด", "IIT", None, None, None, None, "EIT", None, None, "OIT", None]
    second = [None, None, *INDICATORS]
    body = [[r[0], PROVINCE if k == 0 else None, *r[2:]] for k, r in enumerate(rows)]
    xml = _with_merged(sheet_xml([top, second, *body]), ["A1:A2", "B1:B2", "C1:G1", "H1:J1", "K1:L1", "B3:B6"])
    return zip_bytes(xlsx_parts([(SHEET, xml)]))


def _hidden_sheet(state: str) -> bytes:
    rows = agency_rows(3)
    old = agency_rows(3, seed=SEED - 1)
    parts = xlsx_parts([(SHEET, sheet_xml([HEADER, *rows])), ("ITA 2562", sheet_xml([HEADER, *old]))])
    return zip_bytes(_with_state(parts, "ITA 2562", state))


def hidden_sheet() -> bytes:
    """'ITA 2563' (visible, rows 2-4) and 'ITA 2562' (hidden, rows 2-4 of the year before). Both are read;
    the hidden one with a warning."""
    return _hidden_sheet("hidden")


def very_hidden_sheet() -> bytes:
    """As hidden_sheet.xlsx, with 'ITA 2562' very hidden (only Visual Basic can show it)."""
    return _hidden_sheet("veryHidden")


def hidden_rows() -> bytes:
    """Six good rows (2-7); rows 4 and 5 hidden (as a filter leaves them), row 9 hidden and empty (nothing to
    say), and column B (จังหวัด) hidden. All rows load, with a warning for rows 4-5 and one for column B."""
    xml = sheet_xml([HEADER, *agency_rows(6), [], [None]])
    for r in (4, 5):
        xml = xml.replace(f'<row r="{r}">', f'<row r="{r}" hidden="1">', 1)
    xml = xml.replace('<row r="9">', '<row r="9" hidden="1">', 1)
    xml = xml.replace(
        "<sheetData>", '<cols><col min="2" max="2" width="0" hidden="1" customWidth="1"/></cols><sheetData>', 1
    )
    return zip_bytes(xlsx_parts([(SHEET, xml)]))


def empty_name_column() -> bytes:
    """A ชื่อหน่วยงาน column (A) that is empty in all four rows with scores: one error for the sheet, not
    four row errors, and no row loads."""
    return wide([[None, *r[1:]] for r in agency_rows(4)])


def no_name_column() -> bytes:
    """No agency name column at all (จังหวัด and the ten indicators): one error for the sheet, no row loads."""
    return wide([r[1:] for r in agency_rows(4)], header=HEADER[1:])


# --------------------------------------------------------------------------- binary workbooks (.xls, .xlsb)
#
# Written by hand with struct, the way Excel lays them out, so each file holds exactly the records a test
# needs (a far cell, a lying DIMENSIONS record, 70 sheets, a looping sector chain) and nothing else.

_SECTOR = 512
_ENDOFCHAIN, _FREESECT, _FATSECT, _DIFSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cfb(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding the given streams in its root storage.
    Streams under 4,096 bytes go to the mini stream, as the format requires."""
    body: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return _ENDOFCHAIN
        start = len(body)
        for k in range(0, len(data), _SECTOR):
            body.append(data[k : k + _SECTOR].ljust(_SECTOR, b"\0"))
            fat.append(len(body))
        fat[-1] = _ENDOFCHAIN
        return start

    mini, minifat, placed = bytearray(), [], []
    for name, data in streams:
        if len(data) >= 4096:
            placed.append((name, place(data), len(data)))
            continue
        start = len(mini) // 64 if data else _ENDOFCHAIN
        for k in range(0, len(data), 64):
            mini += data[k : k + 64].ljust(64, b"\0")
            minifat.append(len(mini) // 64)
        if data:
            minifat[-1] = _ENDOFCHAIN
        placed.append((name, start, len(data)))
    mini_start = place(bytes(mini))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += b"\xff" * (-len(minifat_bytes) % _SECTOR)
    minifat_start = place(minifat_bytes) if minifat else _ENDOFCHAIN

    # Siblings in a right-leaning chain, sorted as the format compares names (length, then upper case).
    order = sorted(range(len(placed)), key=lambda k: (len(placed[k][0]), placed[k][0].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    entries = [_dir_entry("Root Entry", 5, mini_start, len(mini), child=order[0] + 1 if order else _NOSTREAM)]
    entries += [
        _dir_entry(name, 2, start, size, right=right.get(k, _NOSTREAM)) for k, (name, start, size) in enumerate(placed)
    ]
    directory = b"".join(entries)
    directory += _dir_entry("", 0, 0, 0) * (-len(entries) % 4)
    dir_start = place(directory)

    # FAT sectors (128 entries each) cover every sector, themselves and the DIFAT sectors included; the
    # header lists the first 109, each DIFAT sector 127 more and the next DIFAT sector.
    n_fat = n_difat = 1
    while n_fat * 128 < len(body) + n_fat + n_difat:
        n_fat += 1
        n_difat = max(0, -(-(n_fat - 109) // 127))
    fat_ids = list(range(len(body), len(body) + n_fat))
    difat_ids = list(range(len(body) + n_fat, len(body) + n_fat + n_difat))
    fat += [_FATSECT] * n_fat + [_DIFSECT] * n_difat
    fat += [_FREESECT] * (n_fat * 128 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    body += [fat_bytes[k : k + _SECTOR] for k in range(0, len(fat_bytes), _SECTOR)]
    rest = fat_ids[109:]
    for k, _sid in enumerate(difat_ids):
        ids = rest[k * 127 : (k + 1) * 127]
        ids += [_FREESECT] * (127 - len(ids))
        body.append(struct.pack("<128I", *ids, difat_ids[k + 1] if k + 1 < n_difat else _ENDOFCHAIN))
    difat = fat_ids[:109] + [_FREESECT] * (109 - min(n_fat, 109))
    header = (
        _OLE_MAGIC
        + bytes(16)
        + struct.pack(
            "<HHHHH6xIIIIIIIII",
            0x3E,
            3,
            0xFFFE,
            9,
            6,
            0,
            n_fat,
            dir_start,
            0,
            4096,
            minifat_start,
            len(minifat_bytes) // _SECTOR if minifat else 0,
            difat_ids[0] if difat_ids else _ENDOFCHAIN,
            n_difat,
        )
        + struct.pack("<109I", *difat)
    )
    return header + b"".join(body)


def _dir_entry(name: str, kind: int, start: int, size: int, *, child: int = _NOSTREAM, right: int = _NOSTREAM) -> bytes:
    raw = (name.encode("utf-16-le") + b"\0\0") if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(raw), kind, 1, _NOSTREAM, right, child)
        + bytes(36)
        + struct.pack("<IQ", start, size)
    )


def biff(typ: int, body: bytes = b"") -> bytes:
    """One BIFF record: type, length, body."""
    return struct.pack("<HH", typ, len(body)) + body


def _bof(kind: int) -> bytes:
    return biff(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))  # BIFF8


def biff_cell(row: int, col: int, value: Any) -> bytes:
    """A NUMBER or a LABEL record (0-based row and column)."""
    if isinstance(value, (int, float)):
        return biff(0x0203, struct.pack("<HHHd", row, col, 0, float(value)))
    text = str(value)
    return biff(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def biff_sheet(
    rows: list[list[Any]],
    *,
    dimensions: tuple[int, int] | None = None,
    far: tuple[int, int, Any] | None = None,
    layout: bytes = b"",
) -> bytes:
    """A worksheet substream. ``dimensions`` is the (rows, columns) its DIMENSIONS record claims (by
    default the real ones); ``far`` one extra cell (row, column, value), 0-based; ``layout``: ROW and COLINFO
    records, put before the cells as Excel does."""
    cells = [biff_cell(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None]
    if far:
        cells.append(biff_cell(*far))
    height, width = dimensions or (len(rows), max((len(row) for row in rows), default=0))
    head = _bof(0x0010) + biff(0x0200, struct.pack("<IIHHH", 0, height, 0, width, 0)) + layout
    return head + b"".join(cells) + biff(0x000A)


def biff_workbook(sheets: list[tuple[str, bytes]]) -> bytes:
    """A BIFF8 Workbook stream: globals (BOF, CODEPAGE UTF-16, one BOUNDSHEET per sheet, EOF), then each
    sheet's substream; padded to 4,096 bytes as Excel does, so it lives in regular sectors."""

    def bound(name: str, pos: int) -> bytes:
        return biff(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    head = _bof(0x0005) + biff(0x0042, struct.pack("<H", 1200))
    size = len(head) + sum(len(bound(name, 0)) for name, _ in sheets) + 4
    bounds, pos = [], size
    for name, substream in sheets:
        bounds.append(bound(name, pos))
        pos += len(substream)
    stream = head + b"".join(bounds) + biff(0x000A) + b"".join(s for _, s in sheets)
    return stream.ljust(4096, b"\0")


def xls(sheets: list[tuple[str, bytes]]) -> bytes:
    return cfb([("Workbook", biff_workbook(sheets))])


def _xlsb_record(typ: int, body: bytes = b"") -> bytes:
    head = bytes([typ & 0x7F | 0x80, typ >> 7]) if typ >= 0x80 else bytes([typ])
    size, length = len(body), bytearray()
    while True:
        length.append(size & 0x7F | (0x80 if size >= 0x80 else 0))
        size >>= 7
        if not size:
            break
    return head + bytes(length) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_sheet(rows: list[list[Any]], far: tuple[int, int, Any] | None = None) -> bytes:
    """A worksheet part: BrtBeginSheet, BrtWsDim (the real extent), the cells, BrtEndSheet."""
    cells = [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None]
    if far:
        cells.append(far)
    width = max((len(row) for row in rows), default=1)
    out = [
        _xlsb_record(0x0081),
        _xlsb_record(0x0094, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, width - 1)),
        _xlsb_record(0x0091),
    ]
    current = -1
    for r, c, v in cells:
        if r != current:
            out.append(_xlsb_record(0x0000, struct.pack("<II", r, 0) + bytes(9)))
            current = r
        if isinstance(v, (int, float)):
            out.append(_xlsb_record(0x0005, struct.pack("<IId", c, 0, float(v))))
        else:
            out.append(_xlsb_record(0x0006, struct.pack("<II", c, 0) + _wide(str(v))))
    out += [_xlsb_record(0x0092), _xlsb_record(0x0082)]
    return b"".join(out)


def xlsb(sheets: list[tuple[str, bytes]]) -> bytes:
    """An .xlsb package: workbook.bin listing the sheets, its relationships, one .bin part per sheet."""
    bundles = b"".join(
        _xlsb_record(0x009C, struct.pack("<II", 0, k) + _wide(f"rId{k}") + _wide(name))
        for k, (name, _) in enumerate(sheets, start=1)
    )
    workbook = _xlsb_record(0x0083) + _xlsb_record(0x008F) + bundles + _xlsb_record(0x0090) + _xlsb_record(0x0084)
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.bin"/>'
        for k in range(1, len(sheets) + 1)
    )
    types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled'
        '.main"/></Types>'
    )
    root_rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", types),
            ("_rels/.rels", root_rels),
            ("xl/workbook.bin", workbook),
            ("xl/_rels/workbook.bin.rels", _XML + f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'),
            *[(f"xl/worksheets/sheet{k}.bin", part) for k, (_, part) in enumerate(sheets, start=1)],
        ]
    )


# --------------------------------------------------------------------------- text that tries to be markup

# Names a user can type into a results file that must show as plain text everywhere (issue 8, section 4):
# Markdown links and images, HTML, control and direction-override characters, a formula, a very long name.
# ``_x0007_`` is how an .xlsx stores U+0007 (calamine decodes it); U+202E is stored as itself.
MARKUP_SHEET = "ITA 2563 <i>x</i>"
MARKUP_HEADER = ["ชื่อหน่วยงาน", "จังหวัด", "ประเภทหน่วยงาน", *INDICATORS]
LONG_THAI_NAME = "องค์การบริหารส่วนตำบล" + "เกาะแก้วพิสดารศรีสุวรรณเจริญผล" * 8 + "ใหม่"
MARKUP_NAMES = [  # agency, province, type: one spreadsheet row each, rows 2-6
    ("[ตำบลลิงก์](http://evil.example/phish)", "![x](http://evil.example/x.png)", "<img src=http://evil.example/y.png>"),
    (
        "<script>alert(1)</script>เทศบาลตำบลสคริปต์",
        '<a href="http://evil.example">สกลนคร</a>',
        "**ตัวหนา** :red[แดง] $x$ www.evil.example",
    ),
    ("เทศบาลตำบล_x0007_ควบคุม\u202eกลับ_x001B_[31m", "สกล_x0085_นคร\u2066", "เทศบาล_x000B_ตำบล"),
    ('=HYPERLINK("http://evil.example","x")', "+สกลนคร", "@เทศบาล"),
    (LONG_THAI_NAME, "สกลนคร", "องค์การบริหารส่วนตำบล"),
]


def markup_names() -> bytes:
    """Sheet 'ITA 2563 <i>x</i>'; columns ชื่อหน่วยงาน (A), จังหวัด (B), ประเภทหน่วยงาน (C), ตัวชี้วัดที่ 1..10
    (D..M). Rows 2-6: the names of ``MARKUP_NAMES`` with good scores (row 4 carries control and direction
    characters, removed on import with a warning per cell: A4, B4, C4). Row 7: '<b>หนา</b>' with indicator 1
    (D7) written '<b>85</b>', an error, so only rows 2-6 load."""
    rng = random.Random(SEED)
    rows: list[list[Any]] = [[a, p, t, *scores(rng)] for a, p, t in MARKUP_NAMES]
    rows.append(["<b>หนา</b>", PROVINCE, "เทศบาลตำบล", "<b>85</b>", *scores(rng)[1:]])
    return xlsx({MARKUP_SHEET: [MARKUP_HEADER, *rows]})


def control_names() -> bytes:
    """A UTF-8 CSV with raw control characters in names: columns ชื่อหน่วยงาน (A), จังหวัด (B), ตัวชี้วัดที่
    1..10 (C..L), ปีงบประมาณ (M, 2563). Row 2: an agency with ESC [31m and BEL; row 3: a province starting with
    U+202E; row 4: indicator 3 (E) is ESC + '85', an error. Rows 2 and 3 load, each with a warning at its cell
    (A2, B3)."""
    rng = random.Random(SEED + 1)
    head = ",".join([*HEADER, "ปีงบประมาณ"])
    lines = [
        head,
        ",".join(["เทศบาลตำบล\x1b[31mแดง\x07", PROVINCE, *(f"{v:.2f}" for v in scores(rng)), "2563"]),
        ",".join(["เทศบาลตำบลกลับทิศ", "\u202eสกลนคร", *(f"{v:.2f}" for v in scores(rng)), "2563"]),
        ",".join(
            ["เทศบาลตำบลผิด", PROVINCE, "81.00", "82.00", "\x1b85", *(f"{v:.2f}" for v in scores(rng)[3:]), "2563"]
        ),
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _good_rows() -> list[list[Any]]:
    return [HEADER, *agency_rows(3)]


def xls_far_cell() -> bytes:
    """An .xls (6 KB): three good rows on 'ITA 2563'; a sheet 'หมายเหตุ' whose note sits at the last row
    (65,536) of column 16,384, past Excel's own 256 columns: calamine would lay out 1 billion cells
    (34 GB) when it opens the file. Only that sheet is refused."""
    return xls([(SHEET, biff_sheet(_good_rows())), ("หมายเหตุ", biff_sheet([["หมายเหตุ"]], far=(65535, 16383, "ท้าย")))])


def hidden_rows_xls() -> bytes:
    """``hidden_rows`` as Excel saves it in .xls: ROW records with the hidden flag for rows 4-5 and the empty row 9,
    a COLINFO record hiding column B (จังหวัด). All rows load, with a warning for rows 4-5 and one for column B."""

    def row(r: int) -> bytes:  # 0-based row, hidden (flags 0x20 at byte 12, after a zero height)
        return biff(0x0208, struct.pack("<HHHHHHHH", r, 0, 12, 0, 0, 0, 0x0120, 0x0F))

    column_b = biff(0x007D, struct.pack("<HHHHHH", 1, 1, 0, 0x0F, 0x0001, 0))
    rows = [HEADER, *agency_rows(6), [], [None]]
    return xls([(SHEET, biff_sheet(rows, layout=column_b + row(3) + row(4) + row(8)))])


def xls_70_sheets() -> bytes:
    """An .xls of 70 sheets: 'ITA 2563' with three good rows, then 69 sheets 'ข้อมูล 1'... each with one value
    at CV20000 (2 million cells each, under the sheet limit; 120 million for the first 60 together).
    calamine builds all 70 as it opens the file, before any sheet limit applies: the file is refused."""
    notes = [(f"ข้อมูล {k}", biff_sheet([["ข้อมูล"]], far=(19999, 99, k))) for k in range(1, 70)]
    return xls([(SHEET, biff_sheet(_good_rows())), *notes])


def xls_lying_dimensions() -> bytes:
    """An .xls: 'ITA 2563' holds three good rows; 'สรุป' holds two cells but its DIMENSIONS record claims
    2^31 rows × 255 columns, room calamine reserves (22 TB) before reading a cell. Only 'สรุป' is refused."""
    return xls([(SHEET, biff_sheet(_good_rows())), ("สรุป", biff_sheet([["สรุป", 3]], dimensions=(1 << 31, 255)))])


def xls_fat_loop() -> bytes:
    """A good .xls whose allocation table sends the directory's sector back to itself: calamine would read
    the directory forever, growing memory until the process dies."""
    data = bytearray(xls([(SHEET, biff_sheet(_good_rows()))]))
    dir_start = struct.unpack_from("<I", data, 48)[0]
    fat_sector = struct.unpack_from("<I", data, 76)[0]
    struct.pack_into("<I", data, (fat_sector + 1) * _SECTOR + 4 * dir_start, dir_start)
    return bytes(data)


def bare_biff_far_cell() -> bytes:
    """A bare BIFF5 worksheet stream (Excel 5 without its OLE container) named .xls: three numbers, then one
    at the last row and column a BIFF5 sheet can address."""
    number = lambda r, c, v: biff(0x0203, struct.pack("<HHHd", r, c, 0, v))  # noqa: E731
    cells = [number(r, c, 70.0 + c) for r in range(1, 4) for c in range(2, 12)] + [number(65535, 65535, 1.0)]
    head = biff(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC))  # BOF: BIFF5, a worksheet
    dimensions = biff(0x0200, struct.pack("<HHHHH", 0, 4, 0, 12, 0))  # rows 0-3, columns 0-11
    return head + dimensions + b"".join(cells) + biff(0x000A)


def xlsb_named_xlsx_far_cell() -> bytes:
    """An .xlsb saved under an .xlsx name: 'ITA 2563' holds three good rows; 'หมายเหตุ' one value at XFD1048576.
    What it is comes from its bytes (xl/workbook.bin); only the far sheet is refused."""
    return xlsb([(SHEET, xlsb_sheet(_good_rows())), ("หมายเหตุ", xlsb_sheet([["หมายเหตุ"]], far=(1048575, 16383, 1)))])


def xlsb_small() -> bytes:
    """A small, valid .xlsb (Excel binary workbook), read like any workbook: row 3's indicator 3 (E) is 120,
    every other row (2, 4, 5) is good."""
    rows = agency_rows(4)
    rows[1][2 + 2] = 120
    return xlsb([(SHEET, xlsb_sheet([HEADER, *rows]))])


def _ods_cell(value: Any, rows: int = 1, cols: int = 1) -> str:
    """An .ods cell holding ``value`` (a number or text), spanning ``rows`` × ``cols`` when merged."""
    span = (f' table:number-rows-spanned="{rows}"' if rows > 1 else "") + (
        f' table:number-columns-spanned="{cols}"' if cols > 1 else ""
    )
    kind = f'office:value-type="float" office:value="{value!r}"' if isinstance(value, (int, float)) else ""
    kind = kind or 'office:value-type="string"'
    return f"<table:table-cell {kind}{span}><text:p>{escape(str(value))}</text:p></table:table-cell>"


def merged_header_ods() -> bytes:
    """``merged_header`` as LibreOffice saves it in .ods: the same merged ranges, written as
    number-rows-spanned / number-columns-spanned with covered cells (calamine gives no merged ranges for .ods).
    Read as a person reads it: rows 3-6 load with names and province."""

    cell = _ods_cell
    covered = "<table:covered-table-cell/>"
    rows = agency_rows(4)
    top = cell("ชื่อหน่วยงาน", rows=2) + cell("จังหวัด", rows=2) + cell("IIT", cols=5) + covered * 4
    top += cell("EIT", cols=3) + covered * 2 + cell("OIT", cols=2) + covered
    second = covered * 2 + "".join(cell(name) for name in INDICATORS)
    body = [
        cell(r[0]) + (cell(PROVINCE, rows=4) if k == 0 else covered) + "".join(cell(v) for v in r[2:])
        for k, r in enumerate(rows)
    ]
    table_rows = "".join(f"<table:table-row>{row}</table:table-row>" for row in [top, second, *body])
    return _ods(f'<table:table table:name="{SHEET}">{table_rows}</table:table>')


def hidden_rows_ods() -> bytes:
    """``hidden_rows`` as LibreOffice saves it in .ods: rows 4-5 (a run of two repeated rows) and an empty row 9
    collapsed, column B (จังหวัด) collapsed; and a collapsed run of a billion repeated rows after the table, which
    must cost nothing. All rows load, with a warning for rows 4-5 and one for column B."""

    rows = [HEADER, *agency_rows(6)]
    xml = '<table:table-column/><table:table-column table:visibility="collapse"/>'
    xml += '<table:table-column table:number-columns-repeated="10"/>'
    for r, row in enumerate(rows, start=1):
        hidden = ' table:visibility="collapse"' if r in (4, 5) else ""
        xml += f"<table:table-row{hidden}>{''.join(_ods_cell(v) for v in row)}</table:table-row>"
    xml += "<table:table-row><table:table-cell/></table:table-row>"  # row 8
    xml += '<table:table-row table:visibility="collapse"><table:table-cell/></table:table-row>'  # row 9, empty
    xml += (
        '<table:table-row table:number-rows-repeated="1000000000" table:visibility="collapse">'
        "<table:table-cell/></table:table-row>"
    )
    return _ods(f'<table:table table:name="{SHEET}">{xml}</table:table>')


def ods_tables_over_budget() -> bytes:
    """An .ods of 40 tables (under 1 KB), each one cell repeated 100 columns × 25,000 rows: 2.5 million cells,
    under the sheet limit; 100 million together (3.2 GB in calamine, which lays out every table on open)."""
    tables = "".join(
        f'<table:table table:name="ข้อมูล {k}"><table:table-row table:number-rows-repeated="25000"><table:table-cell '
        'table:number-columns-repeated="100" office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row></table:table>"
        for k in range(1, 41)
    )
    return _ods(tables)


def _ods(tables: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        mimetype = _info("mimetype")
        mimetype.compress_type = zipfile.ZIP_STORED  # ODF: first, uncompressed
        zf.writestr(mimetype, "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(_info("content.xml"), content)
        zf.writestr(_info("META-INF/manifest.xml"), _ODS_MANIFEST)
    return buffer.getvalue()


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def xlsx_sheets_over_budget() -> bytes:
    """An .xlsx: 'ITA 2563' with three good rows, and three sheets 'ข้อมูล 1..3' each with one value at CV25000
    (2.5 million cells each, under the sheet limit; 7.5 million together, over the file budget)."""
    notes = [(f"ข้อมูล {k}", sheet_xml([["ข้อมูล"]], far=("CV25000", k))) for k in range(1, 4)]
    return zip_bytes(xlsx_parts([(SHEET, sheet_xml(_good_rows())), *notes]))


def zip_mixed_formats() -> bytes:
    """An .ods of 40 oversized tables (ods_tables_over_budget) with an empty xl/workbook.xml added, named .xlsx.
    calamine tries .xlsx first, fails, and opens it as .ods: checked as an .xlsx, it would reach calamine."""
    with zipfile.ZipFile(io.BytesIO(ods_tables_over_budget())) as zf:
        parts = [(name, zf.read(name)) for name in zf.namelist()]
    return zip_bytes([*parts, ("xl/workbook.xml", _XML + f'<workbook xmlns="{_MAIN}"/>')])


def ole_word_document() -> bytes:
    """An Office 97-2003 file named .xls that holds a Word document (a WordDocument stream), no workbook."""
    return cfb([("WordDocument", PROSE.encode("utf-16-le").ljust(4096, b"\0"))])


def xls_password() -> bytes:
    """An .xls protected with a password: its globals hold a FILEPASS record (RC4), as Excel writes them."""
    globals_ = (
        _bof(0x0005)
        + biff(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
        + biff(0x0042, struct.pack("<H", 1200))
        + biff(0x000A)
    )
    return cfb([("Workbook", globals_.ljust(4096, b"\0"))])


BUILDERS = {
    "empty.xlsx": empty,
    "empty.csv": empty,
    "png_renamed.xlsx": png,
    "prose_renamed.xlsx": prose,
    "truncated.xlsx": truncated,
    "random_zip.xlsx": random_zip,
    "word_document.xlsx": docx,
    "html_table.xls": html_table,
    "html_attribute_run_2563.xls": html_attribute_run,
    "xlsx_format_bracket_run.xlsx": xlsx_format_bracket_run,
    "xlsx_decimal_comma_numbers.xlsx": xlsx_decimal_comma_numbers,
    "web_page_without_table.xls": web_page_without_table,
    "html_huge_spans.xls": html_huge_spans,
    "xml2003_entity_bomb.xml": xml2003_entity_bomb,
    "html_crafted_runs.xls": html_crafted_runs,
    "html_empty_rows.xls": html_empty_rows,
    "xml2003_far_cell.xml": xml2003_far_cell,
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
    # text that tries to be markup (issue 8, section 4)
    "markup_names.xlsx": markup_names,
    "control_names.csv": control_names,
    # CSV and hidden content
    "csv_slow_sniffer.csv": csv_slow_sniffer,
    "csv_utf16_no_bom.csv": csv_utf16_no_bom,
    "csv_mixed_encodings.csv": csv_mixed_encodings,
    "formulas_no_values.xlsx": formulas_no_values,
    "merged_header.xlsx": merged_header,
    "merged_header.ods": merged_header_ods,
    "hidden_rows.ods": hidden_rows_ods,
    "hidden_sheet.xlsx": hidden_sheet,
    "very_hidden_sheet.xlsx": very_hidden_sheet,
    "hidden_rows.xlsx": hidden_rows,
    "hidden_rows.xls": hidden_rows_xls,
    "empty_name_column.xlsx": empty_name_column,
    "no_name_column.xlsx": no_name_column,
    # size checks for every format, before any parser sees the bytes
    "xls_far_cell.xls": xls_far_cell,
    "xls_70_sheets.xls": xls_70_sheets,
    "xls_lying_dimensions.xls": xls_lying_dimensions,
    "xls_fat_loop.xls": xls_fat_loop,
    "bare_biff_far_cell.xls": bare_biff_far_cell,
    "xlsb_named_xlsx_far_cell.xlsx": xlsb_named_xlsx_far_cell,
    "xlsb_small.xlsb": xlsb_small,
    "ods_tables_over_budget.ods": ods_tables_over_budget,
    "xlsx_sheets_over_budget.xlsx": xlsx_sheets_over_budget,
    "ole_word_document.xls": ole_word_document,
    "zip_mixed_formats.xlsx": zip_mixed_formats,
    "xls_password.xls": xls_password,
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
