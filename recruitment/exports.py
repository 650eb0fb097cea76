"""CSV and Excel exports of applications, in constant memory, safe to open in a spreadsheet."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import APPLICATION_EDUCATION, Application

CHUNK_SIZE = 2000
# Cells a spreadsheet would read as a formula (CSV/formula injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

COLUMNS = [
    ("reference", _("Reference")),
    ("campaign__title", _("Campaign")),
    ("job__title", _("Job")),
    ("job__organization__name", _("Organisation")),
    ("stage", _("Stage")),
    ("full_name", _("Full name")),
    ("email", _("Email")),
    ("phone", _("Phone")),
    ("city", _("City")),
    ("education", _("Education")),
    ("school", _("School")),
    ("major", _("Major")),
    ("graduation_year", _("Graduation year")),
    ("years_experience", _("Years of experience")),
    ("source", _("Source")),
    ("created_at", _("Received")),
]
STAGE_LABELS = dict(Application.Stage.choices)
EDUCATION_LABELS = dict(APPLICATION_EDUCATION)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text cell that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rows(queryset):
    """Header, then one list per application: read in chunks, never all at once."""
    fields = [name for name, _label in COLUMNS]
    yield [str(label) for _name, label in COLUMNS]
    # Translated once per export, not once per row.
    stage_labels = {key: str(label) for key, label in STAGE_LABELS.items()}
    education_labels = {key: str(label) for key, label in EDUCATION_LABELS.items()}
    zone = timezone.get_current_timezone()
    values = queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    stage_at = fields.index("stage")
    education_at = fields.index("education")
    created_at = fields.index("created_at")
    prefixes = FORMULA_PREFIXES
    for row in values:
        row = list(row)
        row[stage_at] = stage_labels.get(row[stage_at], row[stage_at])
        row[education_at] = education_labels.get(row[education_at], row[education_at])
        row[created_at] = row[created_at].astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        for index, value in enumerate(row):
            if value is None:
                row[index] = ""
            elif value.__class__ is str and value.startswith(prefixes):
                row[index] = "'" + value
        yield row


class _Echo:
    def write(self, value):
        return value


def filename(extension: str) -> str:
    return f"applications-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # a BOM, so Excel reads the Chinese text as UTF-8
        for row in rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(queryset) -> FileResponse:
    """Write the workbook row by row (constant_memory) to a temporary file, then send it."""
    import xlsxwriter

    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet("Applications")
    bold = workbook.add_format({"bold": True})
    for number, row in enumerate(rows(queryset)):
        for column, value in enumerate(row):
            if number == 0:
                sheet.write_string(number, column, value, bold)
            elif isinstance(value, int):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, str(value))
    workbook.close()
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename("xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
