"""Fixtures for recruitment: a campaign with jobs, and résumé files built in memory."""

import io
import random
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Organization
from recruitment.models import Campaign, Job

API_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def pdf_bytes(
    text="Zhang Wei - mechanical engineer",
    extra_catalog=b"",
    extra_objects=(),
    extra_page=b"",
    object_stream=False,
):
    """A small, well-formed PDF with one page of text and a correct xref table.

    The catalog is object 1, the page 3, its text 5; `extra_objects` are 6 and on.
    With `object_stream`, every object that is not a stream goes compressed into
    an object stream (PDF 1.5), listed by a compressed cross-reference stream:
    none of their names is left in the file's bytes.
    """
    stream = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1", "replace") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R " + extra_page + b">>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        *extra_objects,
    ]
    if object_stream:
        return _pdf_with_object_stream(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _pdf_with_object_stream(objects):
    packed = [n for n, body in enumerate(objects, start=1) if b"stream\n" not in body]
    objstm_number, xref_number = len(objects) + 1, len(objects) + 2
    index, bodies = [], b""
    for number in packed:
        index.append(f"{number} {len(bodies)}")
        bodies += objects[number - 1] + b"\n"
    header = " ".join(index).encode() + b"\n"
    compressed = zlib.compress(header + bodies)
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries = {0: (0, 0, 65535)}
    for number, body in enumerate(objects, start=1):
        if number in packed:
            entries[number] = (2, objstm_number, packed.index(number))
        else:
            entries[number] = (1, out.tell(), 0)
            out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    entries[objstm_number] = (1, out.tell(), 0)
    out.write(
        f"{objstm_number} 0 obj\n<< /Type /ObjStm /N {len(packed)} /First {len(header)} "
        f"/Filter /FlateDecode /Length {len(compressed)} >>\nstream\n".encode()
        + compressed
        + b"\nendstream\nendobj\n"
    )
    xref = out.tell()
    entries[xref_number] = (1, xref, 0)
    rows = b"".join(struct.pack(">BIH", *entries[number]) for number in range(xref_number + 1))
    rows = zlib.compress(rows)
    out.write(
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R "
        f"/Filter /FlateDecode /Length {len(rows)} >>\nstream\n".encode()
        + rows
        + f"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def pdf_stream(data, compress=True):
    """The body of a stream object holding `data`, deflated unless told otherwise."""
    if compress:
        data = zlib.compress(data)
    dictionary = f"<< /Length {len(data)}{' /Filter /FlateDecode' if compress else ''} >>"
    return dictionary.encode() + b"\nstream\n" + data + b"\nendstream"


CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(text="李娜 软件工程师 Li Na software engineer", prolog=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog + "<w:document "
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )


def docx_bytes(document=None, extra=None, main=DOCX_MAIN):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML.replace("{main}", main))
        archive.writestr("_rels/.rels", RELS_XML)
        archive.writestr("word/document.xml", document or document_xml())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def relationships_xml(*attributes):
    """A .rels part; each argument is one Relationship's attributes, quoted as given."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f"<Relationship {row}/>" for row in attributes)
        + "</Relationships>"
    )


def lie_about_size(data, member, *, file_size=None, compress_size=None):
    """The zip `data` with `member`'s sizes rewritten in its directory and local header.

    Nothing else changes: the compressed bytes and the CRC are those of the
    real content, so only a reader that trusts the declared sizes is misled.
    """
    out = bytearray(data)
    name = member.encode()
    headers = ((b"PK\x01\x02", 20, 28, 46), (b"PK\x03\x04", 18, 26, 30))
    for signature, sizes_at, length_at, name_at in headers:
        at = out.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", out, at + length_at)[0]
            if out[at + name_at : at + name_at + length] == name:
                if compress_size is not None:
                    struct.pack_into("<I", out, at + sizes_at, compress_size)
                if file_size is not None:
                    struct.pack_into("<I", out, at + sizes_at + 4, file_size)
            at = out.find(signature, at + 4)
    return bytes(out)


def docx_with_a_lying_directory():
    """A 160 KB DOCX whose document unzips to 12 MB; its directory says 150 KB packed.

    The 150 KB picture stored after the document makes the claimed ratio look
    plausible to a check that believes the directory.
    """
    return lie_about_size(
        docx_bytes(
            document=document_xml(text=" " * (12 * 1024 * 1024)),
            extra={"word/media/image1.jpeg": random.Random(1).randbytes(150_000)},
        ),
        "word/document.xml",
        compress_size=150_000,
    )


def doc_bytes(extra=b""):
    """The start of an OLE compound file holding a WordDocument stream."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    directory = "WordDocument".encode("utf-16-le") + b"\x00" * 50 + extra
    return header + directory + b"\x00" * 2048


def upload(name, data, content_type=None):
    content_type = content_type or API_CONTENT_TYPES.get(Path(name).suffix, "application/pdf")
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def employers(db):
    return [
        Organization.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": Organization.Kind.ENTERPRISE}
        )[0]
        for slug, name in [("changan-automobile", "Chang'an Automobile"), ("boe", "BOE")]
    ]


@pytest.fixture
def campaign(employers):
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Liangjiang talent livestream",
        slug="liangjiang-live",
        host="Liangjiang New Area",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        stream_starts_at=now - timedelta(minutes=30),
        stream_ends_at=now + timedelta(hours=2),
    )
    jobs = [
        Job.objects.create(
            organization=employers[0], title="Battery engineer", slug="battery-engineer"
        ),
        Job.objects.create(
            organization=employers[1], title="Display engineer", slug="display-engineer"
        ),
    ]
    campaign.jobs.set(jobs)
    return campaign


@pytest.fixture
def closed_campaign(employers):
    now = timezone.now()
    return Campaign.objects.create(
        title="June 5 talent livestream",
        slug="june-5",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )


def application_data(**overrides):
    data = {
        "full_name": "Li Na",
        "email": "li.na@example.com",
        "phone": "13812345678",
        "consent": "true",
        "share_consent": "true",
        "resume": upload("resume.pdf", pdf_bytes()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_files(tmp_path):
    root = tmp_path / "private"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
