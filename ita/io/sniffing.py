"""What a file's bytes are, whatever its name says: a zip (and which workbook inside it), an .xls, an
encrypted workbook, CSV text, HTML, or something else (a PDF, a picture, a program)."""

from __future__ import annotations

import zipfile

from ita.io.csvtext import utf16_without_bom

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
FORMAT_NAMES = {
    "xlsx": ".xlsx",
    "xlsb": ".xlsb",
    "xls": ".xls",
    "ods": ".ods",
    "csv": ".csv",
    "html": ".html",  # a web page's table (ita.io.markup)
    "xml2003": ".xml",  # Excel 2003's XML spreadsheet
    "fods": ".fods",  # a flat OpenDocument spreadsheet, read as an .ods
    "mhtml": ".mht",  # a web archive (Excel's "Single File Web Page"), its page read as "html"
}
# The file names a person may give what is read, whatever the content turns out to be: the uploader's and the
# command line's list (.htm and .html a web page's table, .mht a web archive, .xml Excel 2003's, .fods LibreOffice's
# flat XML).
READ_EXTENSIONS = ("xlsx", "xlsb", "xls", "ods", "fods", "csv", "html", "htm", "mht", "mhtml", "xml")
# The BOF record that opens a BIFF stream without an OLE container: BIFF5/8, BIFF4, BIFF3, BIFF2.
_BARE_BIFF = (b"\x09\x08\x08\x00", b"\x09\x08\x10\x00", b"\x09\x04\x06\x00", b"\x09\x02\x06\x00", b"\x09\x00\x04\x00")
# The part that opens each workbook calamine reads, in the order it tries them.
_OPENING_PARTS = (("xlsx", "xl/workbook.xml"), ("xlsb", "xl/workbook.bin"), ("ods", "content.xml"))
_OFFICE_DOCUMENTS = (("word/document.xml", "docx"), ("ppt/presentation.xml", "pptx"))


def sniff(data: bytes) -> str:
    """What the bytes are: zip (xlsx, xlsb or ods: see ``zip_kind``), xls, encrypted, csv, html, or a
    description of something else."""
    head = data[:4096]
    if head.startswith(_OLE):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo; a real .xls holds a Workbook.
        return (
            "encrypted" if _ENCRYPTION_STREAM in data[: 1 << 20] or _ENCRYPTION_STREAM in data[-(1 << 20) :] else "xls"
        )
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_BARE_BIFF):
        return "xls"  # a BIFF2-5 stream without an OLE container
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in stripped[:512]:
        return "html"
    if stripped[:1] == b"{" or (stripped[:1] == b"[" and stripped[1:].lstrip()[:1] in (b"{", b"[", b'"')):
        return "json"  # a web system's data, not a table: '{"data": [{"agency_name": …}]}'
    for magic, kind in (
        (b"%PDF", "pdf"),
        (b"\x89PNG", "png"),
        (b"\xff\xd8\xff", "jpeg"),
        (b"GIF8", "gif"),
        (b"\x1f\x8b", "gzip"),
        (b"Rar!", "rar"),
        (b"7z\xbc\xaf", "7z"),
        (b"{\\rtf", "rtf"),
        (b"MZ", "program"),
    ):
        if head.startswith(magic):
            return kind
    if (
        b"\x00" in head
        and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"))
        and utf16_without_bom(head) is None
    ):  # UTF-16 text without a byte-order mark is a CSV
        return "binary"
    return "csv"


def zip_kind(zf: zipfile.ZipFile) -> str:
    """What a zip is, from its parts. calamine tries .xlsx, then .xlsb, then .ods, and reads the first
    that opens (looking parts up regardless of case), so a zip holding the opening parts of two of them
    could be checked as one and parsed as the other: it is none of them ("mixed")."""
    names = set(zf.namelist())
    folded = {n.replace("\\", "/").lower() for n in names}
    if sum(part in folded for _, part in _OPENING_PARTS) > 1:
        return "mixed"
    if "xl/workbook.bin" in names:
        return "xlsb"  # checked first: an .xlsb also has [Content_Types].xml and xl/ parts
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "content.xml" in names:
        return _opendocument_kind(zf, names)
    return next((kind for part, kind in _OFFICE_DOCUMENTS if part in names), "zip")


def _opendocument_kind(zf: zipfile.ZipFile, names: set[str]) -> str:
    """An OpenDocument zip is a spreadsheet (ods) when its mimetype says so or it has none, else another
    OpenDocument (odf)."""
    try:
        mime = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        mime = b""
    return "ods" if b"spreadsheet" in mime or not mime else "odf"
