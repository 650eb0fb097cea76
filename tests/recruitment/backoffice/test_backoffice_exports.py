"""Exports: the filtered list as CSV or Excel, streamed, safe to open in a spreadsheet."""

import csv
import io
import zipfile

import pytest

from .conftest import make_application

pytestmark = pytest.mark.django_db

EXPORT = "/admin/recruitment/application/export/"


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_csv_export_streams_the_filtered_list(client, recruiter, own, other):
    client.force_login(recruiter)

    response = client.get(f"{EXPORT}csv/", {"organization": "changan-automobile"})

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    header, *rows = csv_rows(response)
    assert header[:3] == ["Reference", "Campaign", "Job"]
    assert [row[0] for row in rows] == [own.reference]
    assert rows[0][4] == "Received" and rows[0][5] == "Wang Fang"


def test_the_csv_export_follows_the_search_too(client, recruiter, own, other):
    client.force_login(recruiter)

    _header, *rows = csv_rows(client.get(f"{EXPORT}csv/", {"q": other.email}))

    assert [row[0] for row in rows] == [other.reference]


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+8613800000000", "'+8613800000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Li Na", "Li Na"),
        ("李娜", "李娜"),
    ],
)
def test_cells_that_would_run_as_formulas_are_neutralised(
    client, recruiter, campaign, jobs, typed, exported
):
    make_application(campaign, jobs["battery-engineer"], full_name=typed, school=typed)
    client.force_login(recruiter)

    _header, row = csv_rows(client.get(f"{EXPORT}csv/"))

    assert row[5] == exported
    assert row[10] == exported


def test_the_excel_export_is_a_workbook_with_neutralised_cells(client, recruiter, campaign, jobs):
    application = make_application(
        campaign, jobs["battery-engineer"], full_name="=cmd|' /C calc'!A0", graduation_year=2020
    )
    client.force_login(recruiter)

    response = client.get(f"{EXPORT}xlsx/")

    body = b"".join(response.streaming_content)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    with zipfile.ZipFile(io.BytesIO(body)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert application.reference in sheet
    assert "'=cmd|' /C calc'!A0" in sheet.replace("&apos;", "'")
    assert "<f>" not in sheet  # no formula cells at all
    assert "<v>2020</v>" in sheet  # numbers stay numbers


def test_export_needs_a_known_format(client, recruiter):
    client.force_login(recruiter)

    assert client.get(f"{EXPORT}pdf/").status_code == 404


def test_anonymous_visitors_cannot_export(client, own):
    response = client.get(f"{EXPORT}csv/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_changelist_links_to_the_export_of_what_it_shows(client, recruiter, own):
    client.force_login(recruiter)

    page = client.get("/admin/recruitment/application/", {"stage": "received"}).content.decode()

    assert f'href="{EXPORT}csv/?stage=received"' in page
    assert f'href="{EXPORT}xlsx/?stage=received"' in page


def test_staff_without_access_to_applications_cannot_export(client, editor, own):
    client.force_login(editor)

    for kind in ("csv", "xlsx"):
        assert client.get(f"{EXPORT}{kind}/").status_code in (403, 404)
