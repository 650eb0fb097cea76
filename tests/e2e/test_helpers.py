"""The files the intake journeys upload are what they claim to be."""


def test_resume_pdf_is_a_complete_pdf(resume_pdf):
    data = resume_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


def test_png_named_pdf_is_a_png_with_a_pdf_name(png_named_pdf):
    assert png_named_pdf.suffix == ".pdf"
    assert png_named_pdf.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
