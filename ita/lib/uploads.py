"""The one policy for every uploaded file: a size limit from one setting (ITA_UPLOAD_MAX_MB,
settings.UPLOAD_MAX_BYTES) and, per kind of field, a list of file types recognised by their
content, not by the name the user gave them.

Why content: a page served from our domain could run script if a browser took an uploaded
.html or .svg for a page, and a name is whatever the uploader typed ("report.pdf" may be HTML).
So a file is a PDF if it starts with %PDF-, a Word file if it is a zip whose [Content_Types].xml
declares a Word document, text only if it decodes and is not markup. The stored name carries the
detected extension, so the download's Content-Type (guessed from it, with nosniff) is what the
content is.

A short table rather than a library: the zip formats need [Content_Types].xml read anyway and
text needs the markup check, which is most of the work; the magic numbers left are four.

Size is enforced while the request streams (LimitedUploadHandler, first in
FILE_UPLOAD_HANDLERS): past the limit the rest of the file is read and dropped, never kept, and
the field receives a RefusedUpload that the form field turns into a message on the form (in
the reader's language; Thai for the command line)."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

HEAD_BYTES = 8192  # what the markup and text checks read
# An archive whose entries declare more than this, or that many entries, is not opened.
MAX_ZIP_ENTRIES = 1000
# Deflate packs at most about 1:1030; XML of real workbooks and documents packs 1:5 to 1:50.
MAX_ZIP_RATIO = 150


@dataclass(frozen=True)
class FileType:
    code: str
    extension: str  # the stored name's extension
    content_type: str
    label: str  # as the user knows it (a msgid: shown through gettext)


TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "pdf", "application/pdf", "PDF"),
        FileType(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (.docx)",
        ),
        FileType(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (.xlsx)",
        ),
        FileType(
            "pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint (.pptx)",
        ),
        FileType("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument (.odt)"),
        FileType(
            "ods", "ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument (.ods)"
        ),
        FileType("png", "png", "image/png", gettext_noop("รูปภาพ PNG")),
        FileType("jpeg", "jpg", "image/jpeg", gettext_noop("รูปภาพ JPEG")),
        FileType("txt", "txt", "text/plain", gettext_noop("ข้อความ (.txt)")),
        FileType("csv", "csv", "text/csv", "CSV (.csv)"),
        FileType("yaml", "yaml", "application/yaml", "YAML (.yaml)"),
    )
}

# What each kind of field accepts.
KINDS: dict[str, tuple[str, ...]] = {
    "evidence": ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "png", "jpeg", "txt", "csv"),
    "import": ("xlsx", "csv"),
    "framework": ("xlsx", "yaml"),
    "image": ("png", "jpeg"),
}

MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Text is these, by the name's extension (content cannot tell a CSV from a YAML file).
TEXT_EXTENSIONS = {"txt": "txt", "csv": "csv", "yaml": "yaml", "yml": "yaml"}
# Anything a browser could render as a page or run as script.
MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)", re.I)


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def allowed_labels(kind: str) -> str:
    return ", ".join(dict.fromkeys(_(TYPES[code].label) for code in KINDS[kind]))


def policy_text(kind: str) -> str:
    return _("ไฟล์ละไม่เกิน {size} MB ชนิด {types}").format(
        size=megabytes(max_bytes()), types=allowed_labels(kind)
    )


def accept_attribute(kind: str) -> str:
    extensions = {TYPES[code].extension for code in KINDS[kind]}
    extensions |= {e for e, code in TEXT_EXTENSIONS.items() if code in KINDS[kind]}
    if "jpeg" in KINDS[kind]:
        extensions.add("jpeg")
    return ",".join(f".{e}" for e in sorted(extensions))


def size_message(name: str, size: int) -> str:
    limit = megabytes(max_bytes())
    return _(
        "ไฟล์ {name} มีขนาด {size} MB เกินขนาดที่รับได้ (ไม่เกิน {limit} MB) "
        "ระบบจึงไม่รับไฟล์นี้ กรุณาลดขนาดหรือแบ่งเป็นหลายไฟล์"
    ).format(name=name, size=megabytes(size), limit=limit)


def type_message(name: str, kind: str, why: str = "") -> str:
    return _("ไฟล์ {name} {why} (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากนามสกุล) รับเฉพาะไฟล์ {types}").format(
        name=name, why=why or _("ไม่ใช่ชนิดที่รับ"), types=allowed_labels(kind)
    )


# --- recognising a file by its content ----------------------------------------------------


class Unrecognised(ValueError):
    """The content is none of the known types; the message says what it looks like, if known."""


def detect(file, name: str = "") -> FileType:
    """The type of an open binary file (read from the start, left at the start)."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    for magic, code in MAGIC:
        if head.startswith(magic):
            return TYPES[code]
    if head.startswith(b"PK\x03\x04"):
        try:
            return TYPES[_zip_type(file)]
        finally:
            file.seek(0)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unrecognised(_("ไม่ใช่ชนิดที่รับ"))
    return TYPES[_text_type(head, name)]


def _zip_type(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            problem = zip_problem(archive, max_unpacked=None)
            if problem:
                raise Unrecognised(problem)
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
                if mimetype in ODF_MIMETYPES:
                    return ODF_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= 1024 * 1024:
                    declared = archive.read(info).decode("utf-8", "replace")
                    for content_type, code in OOXML_MAIN.items():
                        if f'"{content_type}"' in declared:
                            return code
    except Unrecognised:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as exc:
        raise Unrecognised(_("เสียหายหรือไม่ใช่ไฟล์ที่รับ")) from exc
    raise Unrecognised(_("เป็นไฟล์ zip ที่ไม่ใช่เอกสาร Office"))


def _text_type(head: bytes, name: str) -> str:
    if not _decodes(head):
        raise Unrecognised(_("ไม่ใช่ชนิดที่รับ"))
    if MARKUP.search(_ascii_view(head)) or _ascii_view(head).lstrip().startswith(b"<"):
        raise Unrecognised(_("เป็นหน้าเว็บหรือเอกสาร HTML/SVG/XML ซึ่งไม่รับ"))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TEXT_EXTENSIONS.get(extension, "txt")


def _decodes(head: bytes) -> bool:
    """UTF-8 (a character cut at the end of the head is fine), UTF-16 with a BOM, or TIS-620."""
    encodings = ("utf-16",) if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ()
    for encoding in (*encodings, "utf-8", "cp874"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _ascii_view(head: bytes) -> bytes:
    # UTF-16 markup is still markup to a browser: drop the NULs and BOMs before looking.
    return head.replace(b"\x00", b"").removeprefix(codecs.BOM_UTF8).lstrip(b"\xff\xfe")


def zip_problem(
    archive: zipfile.ZipFile, *, max_unpacked: int | None, max_entries: int = MAX_ZIP_ENTRIES
) -> str:
    """Why an archive is not opened (a zip bomb), from the sizes its directory declares: zipfile
    never unpacks an entry past its declared size, so these bound what reading can cost."""
    entries = archive.infolist()
    if len(entries) > max_entries:
        return _("มีไฟล์ย่อยเกิน {count} ไฟล์ จึงไม่รับ").format(count=f"{max_entries:,}")
    unpacked = sum(e.file_size for e in entries)
    if max_unpacked is not None and unpacked > max_unpacked:
        return _("ขยายออกแล้วใหญ่เกิน {limit} MB (ได้ {size} MB) จึงไม่รับ").format(
            limit=megabytes(max_unpacked), size=megabytes(unpacked)
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_ZIP_RATIO * max(
            entry.compress_size, 1
        ):
            return _("ถูกบีบอัดผิดปกติ (ขยายออกแล้วใหญ่กว่าไฟล์หลายร้อยเท่า) จึงไม่รับ")
    return ""


def check(file, name: str, kind: str) -> FileType:
    """The file's type if the kind accepts it and its size is within the limit; else raises
    ValidationError with the Thai message."""
    size = getattr(file, "size", None)
    if getattr(file, "refused", False) or (size is not None and size > max_bytes()):
        raise forms.ValidationError(size_message(name, size or 0), code="too_large")
    try:
        found = detect(file, name)
    except Unrecognised as exc:
        raise forms.ValidationError(type_message(name, kind, str(exc)), code="type") from None
    if found.code not in KINDS[kind]:
        raise forms.ValidationError(type_message(name, kind), code="type")
    return found


def safe_name(name: str, found: FileType) -> str:
    """The user's name without anything but letters, marks, digits, - and _, and with the
    detected extension (a PDF named report.html is stored as report.pdf)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" or ch in "-_" else "_" for ch in stem)
    stem = re.sub(r"_+", "_", kept).strip("_-")[:80] or "file"
    return f"{stem}.{found.extension}"


# --- the form field --------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PolicyFileField(forms.FileField):
    """Every file field of every form: the size limit and the kind's types, checked by content.
    A clean file comes back renamed to its safe name, its content type the detected one."""

    def __init__(self, *, kind: str, multiple: bool = False, **kwargs):
        self.kind, self.multiple = kind, multiple
        widget = MultipleFileInput if multiple else forms.ClearableFileInput
        kwargs.setdefault("widget", widget(attrs={"accept": accept_attribute(kind)}))
        kwargs.setdefault("help_text", lazy(policy_text, str)(kind))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not self.multiple:
            return self._accept(super().clean(data, initial))
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [self._accept(super(PolicyFileField, self).clean(f, initial)) for f in files]

    def _accept(self, upload):
        if not upload or not hasattr(upload, "seek"):
            return upload  # no file, or the stored one kept (initial)
        found = check(upload, upload.name, self.kind)
        upload.name = safe_name(upload.name, found)
        upload.content_type = found.content_type
        upload.detected = found
        return upload


# --- while the request streams ---------------------------------------------------------------


class RefusedUpload(UploadedFile):
    """What the field receives for a file past the limit: its name and size, no content."""

    refused = True

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes a file's chunks on to Django's handlers until the
    file passes the limit, then drops the rest (read from the client, never kept in memory or on
    disk) and hands the form a RefusedUpload, so the page says why instead of a 400."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.limit = max_bytes()
        self.seen = 0

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        return raw_data if self.seen <= self.limit else None

    def file_complete(self, file_size):
        if self.seen <= self.limit:
            return None  # the next handler (memory or temporary file) has it
        # What came before the limit went on to the next handler: close (delete) it now.
        for other in getattr(self.request, "upload_handlers", ()):
            if other is not self and getattr(other, "file", None) is not None:
                other.file.close()
        return RefusedUpload(self.file_name, self.seen, self.content_type)


# --- reading a workbook as a stream ----------------------------------------------------------


class StreamedWorkbook:
    """An XLSX read one row at a time. openpyxl's read_only mode streams rows too, but opening a
    sheet without a <dimension> walks the whole sheet first to size it (8 s and 56 MB for
    500,000 rows before the first row); this uses openpyxl's own parts (manifest, shared
    strings, styles for dates, its row parser) and never sizes a sheet."""

    def __init__(self, content: bytes):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        try:
            self.reader.read_manifest()
            self.reader.read_strings()
            self.reader.read_workbook()
            apply_stylesheet(self.reader.archive, self.reader.wb)
            self.sheets = [
                (sheet.name, rel.target)
                for sheet, rel in self.reader.parser.find_sheets()
                if rel.target in self.reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.close()
            raise

    def rows(self, target: str, *, max_col: int):
        """(row number, values up to max_col) of one sheet, blank rows left out."""
        from openpyxl.worksheet._reader import WorkSheetParser

        wb = self.reader.wb
        with self.reader.archive.open(target) as source:
            parser = WorkSheetParser(
                source, self.reader.shared_strings, data_only=True, epoch=wb.epoch,
                date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,
            )  # fmt: skip
            for number, cells in parser.parse():
                values: list = []
                for cell in cells:
                    column = cell["column"]
                    if column <= max_col:
                        values.extend([None] * (column - len(values)))
                        values[column - 1] = cell["value"]
                yield number, values

    def close(self) -> None:
        self.reader.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
