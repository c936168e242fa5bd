"""A web system's "Export to Excel": an HTML table named .xls, or Excel 2003's XML spreadsheet named .xls or .xml.
Excel opens both as sheets; both were refused as "a web page (HTML)" (false for the XML), with every agency lost."""

from __future__ import annotations

import pytest
from helpers import DATA, INDICATOR_HEADERS, SEED_SCORES, problems_of

from ita.io.importer import load_files

PHOK_NOI, NA_HUA_BO = "เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ"


def _td(values, tag="td", extra=""):
    return "".join(f"<{tag}{extra}>{v}</{tag}>" for v in values)


def test_an_html_table_named_xls_is_read_as_excel_shows_it():
    """A title row spanning the table, the province merged down its agencies (rowspan), a name broken with <br>, an
    entity and Windows-874 bytes declared in the page: read as Excel shows the sheet, with a note on the format."""
    head = _td(["ลำดับ", "ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS], "th")
    rows = (
        f'<tr><td colspan="13">ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567</td></tr><tr>{head}</tr>'
        f'<tr><td>1</td><td>เทศบาลตำบล<br>พอกน้อย</td><td rowspan="2">สกลนคร</td>{_td(SEED_SCORES)}</tr>'
        f"<tr><td>2</td><td>{NA_HUA_BO}&nbsp;</td>{_td([s + 1 for s in SEED_SCORES])}</tr>"
    )
    page = f'<html><head><meta charset="windows-874"></head><body><table border="1">{rows}</table></body></html>'
    result = load_files([("ita-export.xls", page.encode("cp874"))])
    assert not result.has_errors, result.problems
    got = result.valid.set_index("agency")
    assert sorted(got.index) == sorted(["เทศบาลตำบล พอกน้อย", NA_HUA_BO])
    assert set(got["province"]) == {"สกลนคร"} and set(got["year"]) == {2567}
    assert got.loc[NA_HUA_BO, "i1"] == SEED_SCORES[0] + 1
    assert problems_of(result, "extension_mismatch")["severity"].tolist() == ["info"]


def test_excel_2003_xml_is_read_with_its_merges_hidden_rows_and_percentages():
    ns = 'xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'

    def cells(values):
        return "".join(
            f'<Cell ss:StyleID="pct"><Data ss:Type="Number">{v}</Data></Cell>'
            if isinstance(v, float) and v < 1
            else f'<Cell><Data ss:Type="{"Number" if isinstance(v, float) else "String"}">{v}</Data></Cell>'
            for v in values
        )

    scores = [SEED_SCORES[0] / 100, *SEED_SCORES[1:]]  # indicator 1 held as a fraction, shown as a percentage
    body = (
        f'<Row><Cell ss:MergeAcross="10"><Data ss:Type="String">ผลการประเมิน ITA ปี 2567</Data></Cell></Row>'
        f"<Row>{cells(['ชื่อหน่วยงาน', *INDICATOR_HEADERS])}</Row>"
        f"<Row>{cells([PHOK_NOI, *scores])}</Row>"
        f'<Row ss:Hidden="1">{cells([PHOK_NOI, *[50.0] * 10])}</Row>'  # an old copy, hidden
        f'<Row ss:Index="6">{cells([NA_HUA_BO, *SEED_SCORES])}</Row>'  # a blank row 5 left out, as Excel writes it
    )
    styles = '<Styles><Style ss:ID="pct"><NumberFormat ss:Format="Percent"/></Style></Styles>'
    sheet = f'<Worksheet ss:Name="ผลคะแนน"><Table>{body}</Table></Worksheet>'
    xml = f'<?xml version="1.0"?><Workbook {ns}>{styles}{sheet}</Workbook>'
    result = load_files([("ita.xml", xml.encode())])
    assert not result.has_errors, result.problems
    got = result.valid.set_index("agency")
    assert sorted(got.index) == sorted([PHOK_NOI, NA_HUA_BO]) and set(got["year"]) == {2567}
    assert round(got.loc[PHOK_NOI, "i1"], 6) == SEED_SCORES[0] and got.loc[PHOK_NOI, "i2"] == SEED_SCORES[1]
    assert got.loc[NA_HUA_BO, "source_row"] == 6
    assert problems_of(result, "hidden_rows")["row"].tolist() == [4]
    assert len(problems_of(result, "percent_as_shown")) == 1


def test_json_from_a_web_system_says_what_it_is():
    json_data = b'{"status": "ok", "data": [{"agency_name": "\\u0e01", "i1": 91.4}]}'
    said = load_files([("export.json", json_data)]).problems
    assert said["code"].tolist() == ["unknown_format"] and "JSON" in said["message_en"].iloc[0]


def test_a_flat_ods_is_read_as_the_ods_it_stands_for_whatever_its_name():
    """LibreOffice's one-file XML spreadsheet (.fods) was refused with "save it as .ods"; it holds the same sheet. A
    .fods named .xls is read too, with the name's mismatch said as for any file."""
    data = (DATA / "formats-2564.fods").read_bytes()
    for name, said in (("ita.fods", []), ("ita.xls", ["extension_mismatch"])):
        result = load_files([(name, data)])
        assert sorted(result.valid["agency"]) == ["หน่วยงาน ก", "หน่วยงาน ข", "หน่วยงาน ค"]
        assert set(result.valid["year"]) == {2564} and not result.has_errors
        assert [c for c in result.problems["code"] if c != "year_from"] == said


def test_a_flat_ods_cut_short_or_too_large_is_refused_as_an_ods_would_be():
    data = (DATA / "formats-2564.fods").read_bytes()
    cut = load_files([("ita.fods", data[: len(data) // 2])]).problems
    assert cut["code"].tolist() == ["corrupt"] and "office:document" in cut["message_en"].iat[0]
    bomb = (  # one cell repeated 1,000 columns × 100,000 rows: 100 million cells in 200 bytes
        b'<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000"'
        b' office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    huge = data.replace(b"</table:table>", bomb + b"</table:table>", 1)
    said = load_files([("ita.fods", huge)]).problems
    assert "too_many_cells_ods" in said["code"].tolist()


def test_a_web_archive_is_read_as_the_page_it_holds():
    """Found by a reviewer: Excel's "Single File Web Page" (MHTML, quoted-printable) named .xls was read as HTML as it
    stood, every cell its encoded bytes ('"=E0=B9=80…" is not a number')."""
    import quopri

    rows = "".join(
        f"<tr><td>{name}</td>{''.join(f'<td>{s:.2f}</td>' for s in SEED_SCORES)}</tr>"
        for name in ("เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ")
    )
    page = f"<html><body><table><tr><th>ชื่อหน่วยงาน</th>{''.join(f'<th>{h}</th>' for h in INDICATOR_HEADERS)}</tr>"
    page += f"{rows}</table></body></html>"
    archive = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"This document is a Single File Web Page.\r\n\r\n------=_NextPart_01\r\n"
        b"Content-Location: file:///C:/ita2567.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b'Content-Type: text/html; charset="utf-8"\r\n\r\n'
        + quopri.encodestring(page.encode())
        + b"\r\n------=_NextPart_01--\r\n"
    )
    result = load_files([("ita_2567.xls", archive)])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลนาหัวบ่อ"] and not result.has_errors
    assert result.valid["total"].tolist() == [80.0, 80.0]
    assert problems_of(result, "extension_mismatch")["severity"].tolist() == ["info"]


def test_a_browsers_web_archive_is_one_too_and_a_hostile_one_is_refused_at_once():
    """From the review of the web-archive reader: Chrome's "Save as MHTML" starts with 'From: <Saved by Blink>'
    (read as raw HTML, its cells quoted-printable again); a Content-Type of endless parameters took the email
    package quadratic time; parts nested past the interpreter's depth raised RecursionError."""
    from ita.io.markup import markup_kind, mhtml_page

    page = b"<html><body><table><tr><td>x</td></tr></table></body></html>"
    blink = (
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://itas.nacc.go.th/\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="----b"\r\n\r\n------b\r\n'
        b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + page + b"\r\n------b--\r\n"
    )
    assert markup_kind(blink) == "mhtml" and mhtml_page(blink) == page
    bomb = blink.replace(b"Content-Type: text/html\r\n", b"Content-Type: text/html" + b"; a=b" * 200_000 + b"\r\n")
    with pytest.raises(ValueError, match="Content-Type header"):
        mhtml_page(bomb)
    nested = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b0"\r\n\r\n'
    nested += b"".join(
        f'--b{k}\r\nContent-Type: multipart/related; boundary="b{k + 1}"\r\n\r\n'.encode() for k in range(3000)
    )
    with pytest.raises(ValueError, match="nested"):
        mhtml_page(nested)


def test_another_name_of_a_format_is_no_mismatch():
    """.htm is .html, .mhtml is .mht and .xlsm is .xlsx: the uploader takes them, and said each was misnamed."""
    page = b"<html><body><table><tr><td>x</td></tr></table></body></html>"
    for name in ("ita.htm", "ita.html"):
        assert problems_of(load_files([(name, page)]), "extension_mismatch").empty


def test_a_workbook_of_several_sheets_saved_as_a_web_archive_gives_each_sheets_table():
    """From the last review: Excel saves such a workbook as a frameset page and a page per sheet; the frameset (no
    table) was read, and the file refused as "a web page"."""
    from ita.io.markup import mhtml_page

    header = "<tr><th>ชื่อหน่วยงาน</th><th>ปี</th>" + "".join(f"<th>{h}</th>" for h in INDICATOR_HEADERS) + "</tr>"

    def sheet(year: int) -> bytes:
        row = f"<tr><td>เทศบาลตำบลพอกน้อย</td><td>{year}</td>" + "".join(f"<td>{s}</td>" for s in SEED_SCORES) + "</tr>"
        return f"<html><body><table>{header}{row}</table></body></html>".encode()

    parts = [b"<html><frameset><frame src='sheet001.htm'></frameset></html>", sheet(2562), sheet(2563)]
    archive = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
    archive += (
        b"".join(b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + p + b"\r\n" for p in parts) + b"--b--\r\n"
    )
    assert b"frameset" not in mhtml_page(archive)
    result = load_files([("ita.mht", archive)])
    assert sorted(result.valid["year"]) == [2562, 2563] and not result.has_errors
