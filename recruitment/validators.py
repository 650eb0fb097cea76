"""Résumé checks by content, not by name.

What runs here is cheap and synchronous, inside the request: size, magic
bytes, the PDF header and trailer, a keyword triage of active content in the
PDF's uncompressed syntax, and for a DOCX its zip unpacked as a stream with a
cap on the bytes it really produces, a DTD-free prolog in every XML part and
every relationship parsed. Deeper parsing (pypdf over every object, every XML
part whole) runs in the background task, which quarantines a file that fails
it (see tasks.py).
"""

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_RESUME_BYTES = 10 * 1024 * 1024
# A DOCX may hold at most this much once unzipped, its XML parts at most
# MAX_DOCX_XML_BYTES of it, and no part may declare that it expands more than
# MAX_ZIP_RATIO times: enough for any real résumé, not for a bomb. The caps
# count the bytes the zip really produces, whatever its directory declares.
MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_DOCX_XML_BYTES = 10 * 1024 * 1024
# The content types and the .rels parts are parsed whole in the request; in a
# résumé they are a few kilobytes.
MAX_DOCX_PACKAGE_PART_BYTES = 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 1000
UNZIP_CHUNK = 64 * 1024

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
MSG_DOCX_EXTERNAL = _(
    "This Word file loads content from outside itself (a linked template, picture or object), "
    "which we do not accept. Please save it as a PDF, or as a DOCX without such links."
)
MSG_DOC_DAMAGED = _("This file is not a Word document. Please upload a PDF, DOC or DOCX file.")


@dataclass(frozen=True)
class ResumeCheck:
    content_type: str
    extension: str
    size: int


def sanitize_filename(name: str) -> str:
    """The original name, kept only as metadata: no path, no control characters, bounded."""
    name = unicodedata.normalize("NFC", PurePath(str(name).replace("\\", "/")).name)
    # Category C is the control and format characters, among them the bidirectional
    # ones (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) that show
    # `cv\u202efdp.exe` as "cvexe.pdf".
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".") or "resume"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 190 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def download_filename(original: str, content_type: str, default: str) -> str:
    """The name a résumé is served under: the extension of the type its content has.

    The candidate's name is kept without its own extension (`cv.html` holding a
    PDF is served as `cv.pdf`); `default` stands in when there is no name.
    """
    name = sanitize_filename(original) if original else default
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.isalnum() and len(extension) <= 10:
        name = stem
    return name + EXTENSIONS.get(content_type, "")


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


# --- DOCX --------------------------------------------------------------------------


class ZipTooLarge(Exception):
    """The zip produced more bytes than a résumé may hold."""


class UnzipBudget:
    """Unzips members as streams, counting the bytes they really produce.

    A zip's directory declares each member's sizes, and a hostile one declares
    whatever passes a check; so nothing here trusts them. Every byte read goes
    through chunks(), which stops with ZipTooLarge as soon as the archive as a
    whole, or its XML parts together, have produced more than their cap.
    """

    def __init__(self) -> None:
        self.total = MAX_DOCX_UNCOMPRESSED_BYTES
        self.xml = MAX_DOCX_XML_BYTES

    def chunks(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        xml = is_xml_part(info.filename)
        with archive.open(info) as part:
            # read(n) inflates at most n bytes, so memory stays at one chunk.
            while chunk := part.read(UNZIP_CHUNK):
                self.total -= len(chunk)
                if xml:
                    self.xml -= len(chunk)
                if self.total < 0 or self.xml < 0:
                    raise ZipTooLarge(info.filename)
                yield chunk

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
        """A whole member, refused past `limit` bytes as well as past the caps."""
        data = bytearray()
        for chunk in self.chunks(archive, info):
            data += chunk
            if len(data) > limit:
                raise ZipTooLarge(info.filename)
        return bytes(data)


def is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def safe_xml_parser(target=None) -> DefusedXMLParser:
    """An XML parser that refuses any DTD, entity declaration or external reference."""
    return DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )


class _RootStarted(Exception):
    pass


class _StopAtRoot:
    """A parser target that stops at the root element's start tag.

    A DTD (and with it any entity) can only stand in the prolog, before the
    root element; the parser raises on one there however long the prolog is.
    The rest of the part is parsed whole in the background.
    """

    def start(self, tag, attrib):
        raise _RootStarted

    def close(self):
        return None


def _check_prolog(chunks: Iterator[bytes]) -> None:
    parser = safe_xml_parser(_StopAtRoot())
    started = False
    for chunk in chunks:  # every chunk is read, so that the caps count all of them
        if started:
            continue
        try:
            parser.feed(chunk)
        except _RootStarted:
            started = True


RELATIONSHIP_TYPE_HYPERLINK = "/hyperlink"
# A scheme (`mhtml:`, `file:`, `C:`) or a network path: a target outside the package.
EXTERNAL_TARGET = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|[\\/]{2})", re.IGNORECASE)
WEB_LINK = re.compile(r"^\s*(https?|mailto|tel):", re.IGNORECASE)


def _external_relationship(rels: bytes) -> bool:
    """Whether a .rels part reaches outside the package other than by a hyperlink.

    Word fetches an external template, picture, OLE object or frame as it opens
    the file (the "Follina" `mhtml:` object, a picture on a `file://` share that
    hands the reader's Windows credentials over). A hyperlink is followed only
    when someone clicks it, so it stays if it leads to a web, mail or phone address.
    """
    root = SafeElementTree.fromstring(
        rels, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    for element in root.iter():
        if element.tag.rpartition("}")[2] != "Relationship":
            continue
        target = element.get("Target", "")
        outside = EXTERNAL_TARGET.match(target)
        if not outside and element.get("TargetMode", "").strip().lower() != "external":
            continue  # a part of this package
        hyperlink = element.get("Type", "").strip().endswith(RELATIONSHIP_TYPE_HYPERLINK)
        if hyperlink and (not outside or WEB_LINK.match(target)):
            continue
        return True
    return False


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
            # What the directory declares refuses an honest bomb before anything is
            # unzipped; the budget below holds whatever it declares.
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
            budget = UnzipBudget()
            for info in members:
                lower = info.filename.lower()
                if lower == "[content_types].xml":
                    content_types = budget.read(archive, info, MAX_DOCX_PACKAGE_PART_BYTES)
                    root = SafeElementTree.fromstring(
                        content_types, forbid_dtd=True, forbid_entities=True, forbid_external=True
                    )
                    for element in root.iter():
                        if "macroenabled" in element.get("ContentType", "").lower():
                            raise ValidationError(MSG_ACTIVE, code="active_content")
                elif lower.endswith(".rels"):
                    rels = budget.read(archive, info, MAX_DOCX_PACKAGE_PART_BYTES)
                    if _external_relationship(rels):
                        raise ValidationError(MSG_DOCX_EXTERNAL, code="external_content")
                elif is_xml_part(lower):
                    _check_prolog(budget.chunks(archive, info))
                else:
                    # Unzipped all the same: the caps count it, zipfile checks its CRC.
                    for _chunk in budget.chunks(archive, info):
                        pass
    except ValidationError:
        raise
    except ZipTooLarge as exc:
        raise ValidationError(MSG_DOCX_TOO_LARGE, code="zip_bomb") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, DefusedXmlException, SyntaxError) as exc:
        raise ValidationError(MSG_DOCX_DAMAGED, code="docx_damaged") from exc
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ValidationError(MSG_DOCX_DAMAGED, code="docx_damaged") from exc
    finally:
        upload.seek(0)
