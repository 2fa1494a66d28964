"""The institutions sheet (issue 15): a review's institutions, the objectives each is
asked about and their focal points, downloaded, filled, previewed and confirmed."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objectives.models import ThematicArea
from reviews.models import FocalPoint, Institution, InstitutionRequest, NationalReview

HEADERS = [
    "Institution",
    "Acronym",
    "Kind",
    "Objectives asked about",
    "Thematic areas asked about",
    "First name",
    "Last name",
    "E-mail",
    "Role",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


def upload(client, review, content, name="institutions.xlsx"):
    return client.post(
        reverse("reviews:institutions_import", args=[review.pk]),
        {"sheet": SimpleUploadedFile(name, content)},
    )


def confirm(client, review, mark_sent=True):
    data = {"confirm": "1", **({"mark_sent": "1"} if mark_sent else {})}
    return client.post(reverse("reviews:institutions_import", args=[review.pk]), data)


def snapshot():
    return (
        sorted(Institution.objects.values_list("pk", "name", "acronym", "kind", "is_active")),
        sorted(InstitutionRequest.objects.values_list("pk", "institution_id", "sent_at")),
        sorted(InstitutionRequest.objects.values_list("pk", "objectives__number")),
        sorted(FocalPoint.objects.values_list("pk", "institution_id", "user_id", "kind")),
    )


def filled_sheet(client, world) -> bytes:
    """The downloaded template, with A2 renamed and 10 institutions added: 12
    institutions and 15 focal points, 3 of whom are already focal points."""
    response = client.get(reverse("reviews:institutions_template", args=[world.review_a.pk]))
    assert response.status_code == 200
    rows = read(response.content)
    assert rows[0] == HEADERS
    body = rows[1:]
    assert sorted(r[7] for r in body) == [
        "focal_a1@example.org",
        "focal_a2@example.org",
        "pending@example.org",
    ]
    assert {r[1]: r[3] for r in body} == {"A1": "all", "A2": "all"}
    for row in body:
        if row[1] == "A2":
            row[0], row[3] = "Ministerio A2 renombrado", "1;2"
    new = []
    for n in range(1, 11):
        objectives = {1: "1-5", 2: "7;8", 3: "", 4: "todos", 10: ""}.get(n, "1")
        areas = "1" if n == 3 else ""
        new.append([f"Nueva {n}", f"N{n}", "Agency", objectives, areas, "", "", "", ""])
    people = [
        ("N1", "Ana", "Uno", "ana@example.org", "main"),
        ("N1", "Beto", "Dos", "beto@example.org", "alterno"),
        ("N1", "", "", "COORD_B@example.org", "Alternate"),  # has an account
        *[(f"N{n}", f"P{n}", "Apellido", f"p{n}@example.org", "principal") for n in range(2, 10)],
    ]
    rows_of = {r[1]: r for r in new}
    filled = [*body]
    for acronym, first, last, email, role in people:
        filled.append(rows_of[acronym][:5] + [first, last, email, role])
    filled.append(rows_of["N10"])  # an institution without focal point
    a2 = next(r for r in body if r[1] == "A2")
    filled.append(a2[:5] + ["Nuevo", "Colega", "colega@example.org", "alternate"])
    assert len({r[1] for r in filled}) == 12
    assert sum(1 for r in filled if r[7]) == 15
    return xlsx(HEADERS, filled)


def test_a_filled_sheet_is_previewed_then_imported_once(
    english, world, django_capture_on_commit_callbacks
):
    client = english("coord_a")
    review = world.review_a
    content = filled_sheet(client, world)
    before = snapshot()

    response = upload(client, review, content)
    assert response.status_code == 200
    assert response.context["totals"] == {
        "institutions_create": 10,
        "institutions_update": 1,
        "institutions_unchanged": 1,
        "requests_create": 9,
        "requests_change": 2,  # A2's objectives; A1's recorded as sent
        "requests_unchanged": 0,
        "focal_points_invite": 12,
        "focal_points_already": 3,
    }
    checkbox = re.search(r'<input[^>]*name="mark_sent"[^>]*>', response.content.decode())
    assert checkbox is not None and " checked" in checkbox.group()  # ticked by default
    assert snapshot() == before  # the preview saves nothing
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, review)
    assert response.status_code == 302

    country = review.country
    institutions = Institution.objects.filter(country=country)
    assert institutions.count() == 12
    assert institutions.get(acronym="A2").name == "Ministerio A2 renombrado"
    assert institutions.get(acronym="N1").kind == Institution.Kind.AGENCY
    requests = {r.institution.acronym: r for r in review.requests.select_related("institution")}
    assert set(requests) == {"A1", "A2", *(f"N{n}" for n in range(1, 10))}
    assert all(r.sent_at is not None for r in requests.values())

    def asked(acronym):
        return sorted(requests[acronym].objectives.values_list("number", flat=True))

    assert asked("N1") == [1, 2, 3, 4, 5]
    assert asked("N2") == [7, 8]
    area_1 = ThematicArea.objects.get(number=1).objectives.values_list("number", flat=True)
    assert asked("N3") == sorted(area_1)
    assert asked("N4") == list(range(1, 24))
    assert asked("A2") == [1, 2]
    assert asked("A1") == list(range(1, 24))
    assert requests["N2"].inputs.count() > 0  # the rules of institution_request_save
    assert NationalReview.objects.get(pk=review.pk).status == NationalReview.Status.COLLECTING

    n1 = FocalPoint.objects.filter(institution__acronym="N1", institution__country=country)
    assert sorted(n1.values_list("user__email", "kind")) == [
        ("ana@example.org", "main"),
        ("beto@example.org", "alternate"),
        ("coord_b@example.org", "alternate"),
    ]
    assert FocalPoint.objects.filter(institution__country=country).count() == 15
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["ana@example.org", "beto@example.org", "coord_b@example.org", "colega@example.org"]
        + [f"p{n}@example.org" for n in range(2, 10)]
    )

    # The same file again: nothing changes, nobody is written to.
    mail.outbox.clear()
    after = snapshot()
    response = upload(client, review, content)
    assert response.context["totals"] == {
        "institutions_create": 0,
        "institutions_update": 0,
        "institutions_unchanged": 12,
        "requests_create": 0,
        "requests_change": 0,
        "requests_unchanged": 11,
        "focal_points_invite": 0,
        "focal_points_already": 15,
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert confirm(client, review).status_code == 302
    assert callbacks == []
    assert snapshot() == after
    assert mail.outbox == []


GOOD = ["Instituto Bueno", "IB", "Ministry", "1", "", "Ana", "Buena", "ana@example.org", "main"]


def bad(column: int, value) -> list:
    row = list(GOOD)
    row[0], row[1] = "Instituto Malo", "IM"
    row[7] = "otra@example.org"
    row[column] = value
    return row


@pytest.mark.parametrize(
    "row, column, says",
    [
        (bad(2, "Embajada"), "Kind", "“Embajada” is not one of: Ministry, Agency"),
        (bad(3, "1;24"), "Objectives asked about", "24 is not one of the numbers"),
        (bad(3, "1-30"), "Objectives asked about", "24 is not one of the numbers"),
        (bad(4, "9"), "Thematic areas asked about", "9 is not one of the numbers"),
        (bad(3, datetime.datetime(2026, 5, 1)), "Objectives asked about", "made it a date"),
        (bad(7, "ana.example.org"), "E-mail", "is not an e-mail address"),
        (bad(8, "jefe"), "Role", "“jefe” is not one of: Main, Alternate"),
        (bad(0, ""), "Institution", "the institution's name is missing"),
        (bad(0, "x" * 301), "Institution", "at most 300 fit"),
        (bad(1, "IB"), "Institution", "row 2 gives the acronym IB"),
        (["Instituto Bueno", "IB", "Agency", "", "", "", "", "", ""], "Kind", "another kind"),
        (bad(7, ""), "E-mail", "needs an e-mail address"),
    ],
)
def test_one_bad_row_imports_nothing_and_is_named(english, world, row, column, says):
    client = english("coord_a")
    before = snapshot()
    response = upload(client, world.review_a, xlsx(HEADERS, [GOOD, row]))
    problems = response.context["problems"]
    assert any(p.startswith(f"Row 3, column “{column}”") and says in p for p in problems), problems
    assert "Nothing was imported" in response.content.decode()
    assert snapshot() == before
    assert confirm(client, world.review_a).status_code == 302  # nothing waits
    assert snapshot() == before
    assert mail.outbox == []


def test_a_new_person_without_a_name_is_refused(english, world):
    row = ["Instituto Bueno", "IB", "Ministry", "", "", "", "", "nueva@example.org", ""]
    response = upload(english("coord_a"), world.review_a, xlsx(HEADERS, [row]))
    problem = response.context["problems"][0]
    assert problem.startswith("Row 2, column “First name”: nueva@example.org has no account yet")
    assert not Institution.objects.filter(acronym="IB").exists()


@pytest.mark.parametrize(
    "row, column, says",
    [
        # A1's acronym given to A2's name: two institutions cannot share a name.
        (["Ministerio A2", "a1", "", "", "", "", "", "", ""], "Institution", "acronym A2"),
        # A1's name under a new acronym: the sheet must use A1's acronym.
        (["Instituto A1", "NUEVO", "", "", "", "", "", "", ""], "Acronym", "acronym A1"),
        # Two rows, one name, two acronyms.
        (["Instituto Bueno", "OTRO", "", "", "", "", "", "", ""], "Institution", "row 2 names"),
    ],
)
def test_an_acronym_or_name_of_another_institution_imports_nothing(
    english, world, row, column, says
):
    client = english("coord_a")
    before = snapshot()
    response = upload(client, world.review_a, xlsx(HEADERS, [GOOD, row]))
    problems = response.context["problems"]
    assert any(p.startswith(f"Row 3, column “{column}”") and says in p for p in problems), problems
    assert snapshot() == before
    assert mail.outbox == []


def test_a_focal_point_or_another_countrys_coordinator_cannot_import(english, world):
    content = xlsx(HEADERS, [GOOD])
    before = snapshot()
    assert upload(english("focal_a1"), world.review_a, content).status_code == 403
    assert upload(english("coord_b"), world.review_a, content).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("institutions.csv", b"Institution\nA\n", "Upload the sheet as an XLSX file"),
        ("institutions.xlsx", b"not a zip", "could not be read as XLSX"),
        ("institutions.xlsx", xlsx(HEADERS, [GOOD] * 201), "more than 200 rows"),
        ("institutions.xlsx", xlsx(HEADERS[:3], [GOOD[:3]]), "has no column “E-mail”"),
        ("institutions.xlsx", xlsx([*HEADERS, "Salario"], [GOOD]), "“Salario” is not a column"),
    ],
)
def test_a_file_that_is_not_the_sheet_imports_nothing(english, world, name, content, says):
    before = snapshot()
    response = upload(english("coord_a"), world.review_a, content, name=name)
    assert any(says in p for p in response.context["problems"]), response.context["problems"]
    assert snapshot() == before


def test_the_sheet_reads_in_spanish_and_matches_by_acronym_whatever_its_case(as_role, world):
    client = as_role("coord_a")  # Spanish
    response = client.get(reverse("reviews:institutions_template", args=[world.review_a.pk]))
    headers = read(response.content)[0]
    assert headers[0] != "Institution"  # in the user's language
    row = ["Instituto A1", "a1", "Ministerio", "todos", "", "", "", "", ""]
    response = upload(client, world.review_a, xlsx(headers, [row]))
    assert response.context["totals"]["institutions_create"] == 0


def test_a_submitted_review_refuses_the_import(english, world):
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    before = snapshot()
    response = upload(english("coord_a"), world.review_a, xlsx(HEADERS, [GOOD]))
    assert response.status_code == 302
    assert snapshot() == before


def test_an_administrator_imports_a_regions_institutions_without_requests(
    english, world, django_capture_on_commit_callbacks
):
    client = english("admin")
    url = reverse("admin:reviews_institution_import")
    changelist = client.get(reverse("admin:reviews_institution_changelist"))
    assert url in changelist.content.decode()
    template = client.get(reverse("admin:reviews_institution_import_template"))
    assert read(template.content)[0] == ["Country (ISO3)", *HEADERS]
    requests = sorted(InstitutionRequest.objects.values_list("pk", flat=True))
    rows = [
        ["GTM", "Instituto A1", "A1", "Ministry", "", "", "", "", "focal_a1@example.org", "main"],
        ["gtm", "Registro", "RENAP", "Agency", "1-3", "", "Rita", "Rojas", "rita@example.org", ""],
        ["MEX", "Registro", "RENAPO", "Agency", "", "", "Ramón", "Ruiz", "ramon@example.org", ""],
    ]  # fmt: skip
    content = xlsx(["Country (ISO3)", *HEADERS], rows)
    response = client.post(url, {"sheet": SimpleUploadedFile("region.xlsx", content)})
    assert response.context["totals"]["institutions_create"] == 2
    assert response.context["totals"]["focal_points_already"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert Institution.objects.get(acronym="RENAP").country == world.guatemala
    assert Institution.objects.get(acronym="RENAPO").country == world.mexico
    assert FocalPoint.objects.get(user__email="ramon@example.org").institution.acronym == "RENAPO"
    assert sorted(m.to[0] for m in mail.outbox) == ["ramon@example.org", "rita@example.org"]
    assert sorted(InstitutionRequest.objects.values_list("pk", flat=True)) == requests

    before = snapshot()
    rows[2][0] = "XYZ"
    response = client.post(
        url, {"sheet": SimpleUploadedFile("region.xlsx", xlsx(["Country (ISO3)", *HEADERS], rows))}
    )
    assert response.context["problems"] == [
        "Row 4, column “Country (ISO3)”: there is no country with the code XYZ."
    ]
    assert snapshot() == before
    assert client.get(url).status_code == 200
    assert english("coord_a").get(url).status_code == 302  # not staff: to the admin's sign-in


def test_the_preview_reads_the_same_number_of_times_for_2_or_30_institutions(english, world):
    client = english("coord_a")

    def queries(count):
        rows = [
            [f"Nueva {n}", f"N{n}", "Agency", "1-3", "2", "P", "Q", f"p{n}@example.org", ""]
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            response = upload(client, world.review_a, xlsx(HEADERS, rows))
        assert response.context["totals"]["institutions_create"] == count
        return len(captured)

    assert queries(2) == queries(30)


def test_requests_not_recorded_as_sent_leave_the_review_in_preparation(english, world):
    client = english("coord_a")
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.PREPARING
    )
    row = ["Instituto A1", "A1", "", "", "", "", "", "", ""]  # A1's request stays
    rows = [row, ["Nueva", "NU", "", "4;5", "", "", "", "", ""]]
    response = upload(client, world.review_a, xlsx(HEADERS, rows))
    assert response.context["totals"]["requests_create"] == 1
    assert "Kept as it is" in response.content.decode()
    assert confirm(client, world.review_a, mark_sent=False).status_code == 302
    request = InstitutionRequest.objects.get(institution__acronym="NU")
    assert request.sent_at is None
    assert sorted(request.objectives.values_list("number", flat=True)) == [4, 5]
    assert world.review_a.requests.filter(institution=world.a1).exists()
    review = NationalReview.objects.get(pk=world.review_a.pk)
    assert review.status == NationalReview.Status.PREPARING
