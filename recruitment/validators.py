"""Résumé checks by content, not by name.

What runs here is cheap and synchronous, inside the request: size, magic
bytes, the PDF header and trailer, the OOXML zip directory with its declared
sizes, a DTD-free prolog in every XML part, and a keyword triage of active
content. Deeper parsing (pypdf, the full document XML) runs in the background
task, which quarantines a file that fails it (see tasks.py).
"""

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_RESUME_BYTES = 10 * 1024 * 1024
# A DOCX may hold at most this much once unzipped, and no part may expand
# more than MAX_ZIP_RATIO times: enough for any real résumé, not for a bomb.
MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 1000

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOC: ".doc", DOCX: ".docx"}

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# PDF names that make a document act rather than be read.
PDF_ACTIVE_NAMES = {b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"/EmbeddedFile"}
# White-space and the delimiters end a name. To a PDF reader NUL is white-space
# too (`/JavaScript\x00` is /JavaScript), which \s does not know.
PDF_NAME = re.compile(rb"/[^\s\x00/<>\[\]()%{}]+")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_WHITESPACE = b"\x00\t\n\x0c\r "

MSG_EMPTY = _("The file is empty. Please choose your résumé file.")
MSG_TOO_BIG = _("The file is larger than 10 MB. Please upload a smaller file.")
MSG_TYPE = _("Only PDF, DOC or DOCX files are accepted, and the file must really be one.")
MSG_PDF_DAMAGED = _("This PDF is incomplete or damaged. Please save it again and upload it.")
MSG_PDF_TRAILING = _(
    "This PDF has extra data after its end. Please save it again as a plain PDF and upload it."
)
MSG_ACTIVE = _(
    "This file contains scripts, macros, embedded files or automatic actions, which we do not "
    "accept. Please save it as a plain PDF or DOCX without them."
)
MSG_DOCX_DAMAGED = _("This Word file is damaged or not a DOCX document. Please save it again.")
MSG_DOCX_TOO_LARGE = _("This Word file expands to far more data than a résumé needs.")
MSG_DOC_DAMAGED = _("This file is not a Word document. Please upload a PDF, DOC or DOCX file.")


@dataclass(frozen=True)
class ResumeCheck:
    content_type: str
    extension: str
    size: int


def sanitize_filename(name: str) -> str:
    """The original name, kept only as metadata: no path, no control characters, bounded."""
    name = unicodedata.normalize("NFC", PurePath(str(name).replace("\\", "/")).name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".") or "resume"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 190 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def validate_resume(upload) -> ResumeCheck:
    """Raise ValidationError with a message a candidate can act on, or describe the file."""
    size = upload.size
    if not size:
        raise ValidationError(MSG_EMPTY, code="empty")
    if size > MAX_RESUME_BYTES:
        raise ValidationError(MSG_TOO_BIG, code="too_big")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        _check_pdf(_read_all(upload))
        content_type = PDF
    elif head.startswith(OLE_MAGIC):
        _check_doc(_read_all(upload))
        content_type = DOC
    elif head.startswith(ZIP_MAGIC):
        _check_docx(upload)
        content_type = DOCX
    else:
        raise ValidationError(MSG_TYPE, code="type")
    upload.seek(0)
    return ResumeCheck(content_type=content_type, extension=EXTENSIONS[content_type], size=size)


def pdf_names(data: bytes) -> Iterator[tuple[bytes, int]]:
    """Each name in raw PDF syntax as a reader decodes it, with the offset where it ends."""
    for match in PDF_NAME.finditer(data):
        name = match.group()
        if b"#" in name:
            name = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        yield name, match.end()


def _check_pdf(data: bytes) -> None:
    end = data.rfind(b"%%EOF")
    if end == -1 or b"obj" not in data[:end]:
        raise ValidationError(MSG_PDF_DAMAGED, code="pdf_damaged")
    # An incremental update may append another body after an %%EOF, so only the last
    # one counts; after it nothing but line ends and padding is allowed.
    if data[end + 5 :].strip(b"\r\n\t \x00\x0c"):
        raise ValidationError(MSG_PDF_TRAILING, code="pdf_trailing")
    for name, name_end in pdf_names(data):
        if name not in PDF_ACTIVE_NAMES:
            continue
        # Word and LibreOffice exports open at page 1 with `/OpenAction [3 0 R /XYZ ...]`:
        # a destination array, harmless. Only an action (a dictionary, or a reference
        # to one) is refused.
        following = data[name_end : name_end + 32].lstrip(PDF_WHITESPACE)
        if name == b"/OpenAction" and following[:1] == b"[":
            continue
        raise ValidationError(MSG_ACTIVE, code="active_content")


def _check_doc(data: bytes) -> None:
    # Directory entries of the OLE container are UTF-16LE names.
    if "WordDocument".encode("utf-16-le") not in data:
        raise ValidationError(MSG_DOC_DAMAGED, code="doc_damaged")
    for storage in ("Macros", "_VBA_PROJECT", "VBA"):
        if storage.encode("utf-16-le") in data:
            raise ValidationError(MSG_ACTIVE, code="active_content")


def _has_dtd(prolog: bytes) -> bool:
    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
        prolog = prolog.decode("utf-16", errors="ignore").encode()
    return b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper()


def _check_docx(upload) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ValidationError(MSG_DOCX_TOO_LARGE, code="zip_bomb")
            names = {info.filename for info in members}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(MSG_DOCX_DAMAGED, code="docx_damaged")
            total = 0
            for info in members:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_DOCX_UNCOMPRESSED_BYTES or (
                    info.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO
                ):
                    raise ValidationError(MSG_DOCX_TOO_LARGE, code="zip_bomb")
                lower = info.filename.lower()
                if lower.endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in lower:
                    raise ValidationError(MSG_ACTIVE, code="active_content")
            for info in members:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as part:
                    # A DTD can only stand in the prolog, before the root element.
                    if _has_dtd(part.read(4096)):
                        raise ValidationError(MSG_DOCX_DAMAGED, code="xml_dtd")
            content_types = archive.read("[Content_Types].xml")
            root = SafeElementTree.fromstring(
                content_types, forbid_dtd=True, forbid_entities=True, forbid_external=True
            )
            for element in root.iter():
                if "macroenabled" in element.get("ContentType", "").lower():
                    raise ValidationError(MSG_ACTIVE, code="active_content")
            for name in names:
                if name.endswith(".rels"):
                    rels = archive.read(name)
                    if b"attachedTemplate" in rels and b'TargetMode="External"' in rels:
                        raise ValidationError(MSG_ACTIVE, code="active_content")
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, DefusedXmlException, SyntaxError) as exc:
        raise ValidationError(MSG_DOCX_DAMAGED, code="docx_damaged") from exc
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ValidationError(MSG_DOCX_DAMAGED, code="docx_damaged") from exc
    finally:
        upload.seek(0)
