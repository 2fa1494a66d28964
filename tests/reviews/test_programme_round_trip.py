"""The programme workbook's round trip: template out, edited (or not), back in (issue 15)."""

import io

import openpyxl
import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objectives.models import ChallengeCategory, GuidingPrinciple, Objective
from reviews.models import Challenge, Input, Programme
from reviews.spreadsheets.resources import column_of
from tests.factories import ChallengeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world, settings, tmp_path):
    """Two programmes of A1, one under objective 7 and one under objective 3, with
    principles, an institution involved and challenges."""
    settings.MEDIA_ROOT = tmp_path
    seven, three = Objective.objects.get(number=7), Objective.objects.get(number=3)
    categories = list(ChallengeCategory.objects.order_by("number"))
    first = ProgrammeFactory(
        request=world.request_a1, name="Retorno digno", objectives=[seven], challenges=0
    )
    Programme.objects.filter(pk=first.pk).update(
        description="=1+1 looks like a formula",
        kind=Programme.Kind.PROJECT,
        period_start="2020-03-15",
        links="https://a.example\nhttps://b.example",
        partners="OIM, UNICEF",
    )
    first.principles.set(GuidingPrinciple.objects.filter(number__in=[1, 4]))
    first.institutions_involved.set([world.a2])
    ChallengeFactory(programme=first, description="Pocos datos", categories=categories[:2])
    ChallengeFactory(programme=first, description="Poco presupuesto", categories=categories[2:3])
    second = ProgrammeFactory(
        request=world.request_a1, name="Ventanilla", objectives=[three], challenges=0
    )
    ChallengeFactory(programme=second, description="Falta personal", categories=categories[:1])
    return first, second


def template(client, world) -> openpyxl.Workbook:
    response = client.get(reverse("reviews:programme_template", args=[world.request_a1.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def xlsx(book: openpyxl.Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, world, content, name="programas.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    return client.post(url, {"sheet": SimpleUploadedFile(name, content)})


def confirm(client, world):
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    return client.post(url, {"confirm": "1"})


def state():
    """Everything the import could change, to compare before and after."""
    return [
        (
            p.name,
            p.description,
            p.version,
            sorted(o.number for o in p.objectives.all()),
            sorted(x.number for x in p.principles.all()),
            sorted(i.acronym for i in p.institutions_involved.all()),
            sorted(
                (c.pk, c.description, tuple(sorted(k.number for k in c.categories.all())))
                for c in p.challenges.all()
            ),
        )
        for p in Programme.objects.order_by("name")
    ]


def rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def columns(sheet) -> list[str]:
    """The sheet's columns by the template's names, whatever language titles them."""
    return [column_of(title) for title in rows(sheet)[0]]


def test_the_template_carries_every_field_and_the_challenges(filled, world, english):
    book = template(english("focal_a1"), world)
    assert book.sheetnames == ["programmes", "challenges", "submitted (read-only)", "instructions"]
    programmes = rows(book["programmes"])
    header = [column_of(title) for title in programmes[0]]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in programmes[1:]}
    assert by_name["Retorno digno"]["principles"] == "1; 4"
    assert by_name["Retorno digno"]["institutions_involved"] == "A2"
    assert by_name["Retorno digno"]["objectives"] == "7"
    challenges = rows(book["challenges"])
    assert challenges[0][:2] == ("programme", "challenge")
    assert len(challenges) == 4
    poco = next(row for row in challenges if row[1] == "Pocos datos")
    assert poco[2:5] == ("x", "x", None)
    help_text = " ".join(str(cell) for row in rows(book["instructions"]) for cell in row if cell)
    assert "complete set of challenges of every programme" in help_text


def test_unchanged_round_trip_changes_nothing(filled, world, english):
    client = english("focal_a1")
    before = state()
    page = upload(client, world, xlsx(template(client, world))).content.decode()
    assert "Nothing to change" in page
    assert 'name="confirm"' not in page
    assert state() == before


def test_editing_two_cells_changes_exactly_them(filled, world, english):
    client = english("focal_a1")
    book = template(client, world)
    header = columns(book["programmes"])
    sheet = book["programmes"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Ventanilla":
            row[header.index("principles")].value = "2; 5"
    for row in book["challenges"].iter_rows(min_row=2):
        if row[1].value == "Poco presupuesto":
            row[2].value, row[4].value = "x", None
    before = state()

    page = upload(client, world, xlsx(book)).content.decode()
    assert "0 new programmes, 1 updated, 1 unchanged, 1 challenge changed." in page
    assert state() == before  # the preview writes nothing
    confirm(client, world)

    after = state()
    first, second = before
    categories = ChallengeCategory.objects.order_by("number")
    first_challenges = [
        (pk, text, (categories[0].number,) if text == "Poco presupuesto" else numbers)
        for pk, text, numbers in first[6]
    ]
    assert after == [
        (*first[:6], first_challenges),
        (*second[:2], second[2] + 1, second[3], [2, 5], *second[5:]),
    ]


def test_a_challenge_left_out_is_removed_and_a_new_row_adds_one(filled, world, english):
    client = english("focal_a1")
    book = template(client, world)
    sheet = book["challenges"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Falta personal":
            row[1].value = "Falta de intérpretes"
    upload(client, world, xlsx(book))
    confirm(client, world)
    texts = set(Challenge.objects.values_list("description", flat=True))
    assert texts == {"Pocos datos", "Poco presupuesto", "Falta de intérpretes"}


def test_a_template_after_a_submission_imports_cleanly(filled, world, english):
    client = english("focal_a1")
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    book = template(client, world)
    editable = [row[0] for row in rows(book["programmes"])[1:]]
    assert editable == ["Ventanilla"]
    locked = book["submitted (read-only)"]
    assert locked.protection.sheet
    assert [row[1] for row in rows(locked)[1:]] == ["Retorno digno"]
    assert rows(locked)[1][0] == "Objective 7"
    assert [row[0] for row in rows(book["challenges"])[1:]] == ["Ventanilla"]
    before = state()

    page = upload(client, world, xlsx(book)).content.decode()

    assert "Nothing to change" in page
    assert state() == before


def test_a_locked_programme_copied_back_is_refused_with_its_row(filled, world, english):
    client = english("focal_a1")
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    book = template(client, world)
    locked_row = rows(book["submitted (read-only)"])[1][1:]
    book["programmes"].append(list(locked_row))
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Row 3: Objective 7 was already submitted" in page
    assert state() == before


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("objectives", "24", "Row 2, column objectives: There is no objective 24"),
        ("objectives", "1;3;30", "Row 2, column objectives: There is no objective 30"),
        ("objectives", "siete", "Row 2, column objectives: “siete” is not a number"),
        ("principles", "11", "Row 2, column guiding principles: There is no guiding principle 11"),
        (
            "institutions_involved",
            "ZZ",
            "Row 2, column institutions involved: No institution of this country has the "
            "acronym or name ZZ: separate institutions with semicolons.",
        ),
        ("kind", "otra cosa", "Row 2, column kind:"),
    ],
)
def test_a_bad_value_is_named_with_row_and_column(filled, world, english, cell, value, message):
    client = english("focal_a1")
    book = template(client, world)
    header = columns(book["programmes"])
    book["programmes"].cell(row=2, column=header.index(cell) + 1).value = value
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert message in page
    assert "[&#x27;" not in page and "['" not in page and " number " not in page
    assert state() == before


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (1, "Otro programa", "Challenges sheet, row 2, column programme: “Otro programa”"),
        (2, None, "Challenges sheet, row 2, column challenge: write the challenge"),
        (3, "sí", "Challenges sheet, row 2, column C: write x"),
    ],
)
def test_a_bad_challenge_row_is_named_and_nothing_saved(
    filled, world, english, column, value, message
):
    client = english("focal_a1")
    book = template(client, world)
    book["challenges"].cell(row=2, column=column).value = value
    book["programmes"].cell(row=2, column=4).value = "Changed commitment"
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert message in page
    assert state() == before


def test_a_challenge_without_a_category_is_refused(filled, world, english):
    client = english("focal_a1")
    book = template(client, world)
    for cell in book["challenges"][2][2:]:
        cell.value = None
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Challenges sheet, row 2: mark at least one category" in page


def test_counts_are_in_words(filled, world, english):
    client = english("focal_a1")
    page = upload(client, world, b"name,objectives\nNuevo,7\n", name="p.csv").content.decode()
    assert "1 new programme, 0 updated, 0 unchanged." in page


def test_the_coordinators_exports_carry_every_field_and_the_challenges(filled, world, english):
    import csv

    ChallengeCategory.objects.filter(number=2).update(
        name_en="Legal, institutional and policy", name_es="Jurídico, institucional"
    )
    client = english("coord_a")
    url = reverse("reviews:export", args=[world.review_a.pk, "programmes"])
    programmes = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    first = next(row for row in programmes if row["name"] == "Retorno digno")
    assert first["institution"] == "Instituto A1"
    assert first["guiding principles"] == "1; 4"
    assert first["institutions involved"] == "A2"
    assert first["objectives"] == "7"

    url = reverse("reviews:export", args=[world.review_a.pk, "challenges"])
    text = client.get(url).content.decode("utf-8-sig")
    challenges = list(csv.reader(io.StringIO(text)))
    header = challenges[0]
    assert header[:3] == ["institution", "programme", "challenge"]
    assert "2. Legal, institutional and policy" in header  # one column, name intact
    assert len(header) == 3 + ChallengeCategory.objects.count()
    row = next(r for r in challenges if r[2] == "Pocos datos")
    assert row[3:6] == ["x", "x", ""]

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reviews:export", args=[world.review_a.pk, "xlsx"])).content)
    )
    assert rows(book["challenges"])[0] == tuple(header)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (b"name,objectives\nA,7\nA,8\n", "Rows 2, 3 have the same name"),
        (b"name,objectives\nA,7\n a ,8\n", "Rows 2, 3 have the same name"),
        (b"name,objectives\nA,1;3;30\n", "Row 2, column objectives: There is no objective 30"),
        (b"name,objectives\nA,\n", "Row 2, column objectives: Write at least one number"),
    ],
)
def test_plain_messages_for_a_csv(filled, world, english, sheet, message):
    before = state()
    page = upload(english("focal_a1"), world, sheet, name="p.csv").content.decode()
    assert message in page
    assert "[&#x27;" not in page and "&#x27;]" not in page and " number " not in page
    assert state() == before


def test_a_new_programme_comes_with_its_challenges(filled, world, english):
    client = english("focal_a1")
    book = template(client, world)
    header = columns(book["programmes"])
    new = dict.fromkeys(header, "")
    new.update(name="Nuevo", objectives="7; 3")
    book["programmes"].append([new[column] for column in header])
    book["challenges"].append(["Nuevo", "Sin intérpretes", "x"])
    page = upload(client, world, xlsx(book)).content.decode()
    assert "1 new programme, 0 updated, 2 unchanged, 1 challenge added." in page
    confirm(client, world)
    made = Programme.objects.get(name="Nuevo")
    assert [c.description for c in made.challenges.all()] == ["Sin intérpretes"]
    assert [c.number for c in made.challenges.get().categories.all()] == [1]


def test_a_workbook_without_a_challenges_sheet_leaves_them_alone(filled, world, english):
    client = english("focal_a1")
    book = template(client, world)
    del book["challenges"]
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Nothing to change" in page
    assert state() == before


def test_the_template_runs_a_fixed_number_of_queries(filled, world, english):
    client = english("focal_a1")
    url = reverse("reviews:programme_template", args=[world.request_a1.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        ProgrammeFactory(request=world.request_a1, name=f"Más {n}", challenges=2)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.fixture
def spanish(as_role):
    """A client signed in as a role, reading the pages in Spanish (the default)."""
    from django.conf import settings

    def sign_in(role):
        client = as_role(role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        return client

    return sign_in


def test_counts_and_messages_in_spanish(filled, world, spanish):
    client = spanish("focal_a1")
    page = upload(client, world, b"name,objectives\nNuevo,7\n", name="p.csv").content.decode()
    assert "1 programa nuevo, 0 actualizados, 0 sin cambios." in page

    before = state()
    page = upload(client, world, b"name,objectives\nA,1;3;30\nA,7\n", name="p.csv").content
    text = page.decode()
    assert "30" in text and "2, 3" in text
    assert "[&#x27;" not in text and "['" not in text and "number" not in text
    assert state() == before

    page = upload(client, world, xlsx(template(client, world))).content.decode()
    assert "Nada que cambiar: la hoja dice lo que el portal ya tiene." in page
    assert state() == before


def test_challenges_are_replaced_only_for_programmes_on_the_programmes_sheet(
    filled, world, english
):
    """Rule of the instructions sheet: no challenge rows for a programme on the
    programmes sheet means no challenges; a programme left off the programmes
    sheet keeps its challenges (and itself)."""
    client = english("focal_a1")
    book = template(client, world)
    challenges = book["challenges"]
    for index in range(challenges.max_row, 1, -1):
        challenges.delete_rows(index)  # no challenge row for either programme
    programmes = book["programmes"]
    for index, row in enumerate(programmes.iter_rows(min_row=2), 2):
        if row[0].value == "Retorno digno":
            programmes.delete_rows(index)  # off the programmes sheet: kept as it is
            break
    page = upload(client, world, xlsx(book)).content.decode()
    assert "0 new programmes, 0 updated, 1 unchanged, 1 challenge removed." in page
    confirm(client, world)
    left = dict(
        Programme.objects.values_list("name").annotate(n=models.Count("challenges")).order_by()
    )
    assert left == {"Retorno digno": 2, "Ventanilla": 0}


def test_institutions_without_an_acronym_or_with_a_comma_in_their_name_read_back(
    filled, world, english
):
    """Institutions involved are named by acronym, or by name when they have none;
    a name holding a comma stays one institution, and the round trip changes nothing."""
    from tests.factories import InstitutionFactory

    plain = InstitutionFactory(
        country=world.a2.country, name="Consejo Nacional, de Población", acronym=""
    )
    first, _second = filled
    first.institutions_involved.add(plain)
    client = english("focal_a1")
    book = template(client, world)
    header = columns(book["programmes"])
    cells = {row[0]: row[header.index("institutions_involved")] for row in rows(book["programmes"])}
    assert cells["Retorno digno"] == "A2; Consejo Nacional, de Población"
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Nothing to change" in page
    assert state() == before

    csv = b'name,objectives,institutions_involved\nNuevo,7,"a2, Z9"\n'
    page = upload(client, world, csv, name="p.csv").content.decode()
    assert "acronym or name Z9" in page  # an older template's commas are still read


def coordinators_rows(client, world, kind):
    url = reverse("reviews:export", args=[world.review_a.pk, "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    return rows(book[kind])


def test_an_institutions_rows_of_the_coordinators_export_import_back(filled, world, english):
    """The export has the template's columns after the institution: an institution's
    rows, copied into a workbook, change nothing; another institution's row is refused."""
    other = world.review_a.requests.get(institution=world.a2)
    ProgrammeFactory(request=other, name="De otra institución", challenges=1)
    coordinator = english("coord_a")
    programmes = coordinators_rows(coordinator, world, "programmes")
    challenges = coordinators_rows(coordinator, world, "challenges")
    assert programmes[0][0] == "institution" and challenges[0][:3] == (
        "institution",
        "programme",
        "challenge",
    )

    def workbook_of(keep):
        book = openpyxl.Workbook()
        book.active.title = "programmes"
        for row in [programmes[0], *(r for r in programmes[1:] if keep(r))]:
            book.active.append(list(row))
        sheet = book.create_sheet("challenges")
        for row in [challenges[0], *(r for r in challenges[1:] if keep(r))]:
            sheet.append(list(row))
        for cell in book["programmes"]["F"]:  # text, as the export wrote it, not a formula
            cell.data_type = "s"
        return xlsx(book)

    client = english("focal_a1")
    before = state()
    page = upload(client, world, workbook_of(lambda r: r[0] == "Instituto A1")).content.decode()
    assert "Nothing to change" in page

    page = upload(client, world, workbook_of(lambda r: True)).content.decode()
    assert "Row 4 is of another institution" in page
    assert "Challenges sheet: Row 5 is of another institution" in page
    assert state() == before


def test_the_coordinators_export_in_spanish_imports_back(filled, world, spanish):
    """The export's titles are in the reader's language; the import reads them."""
    coordinator = spanish("coord_a")
    url = reverse("reviews:export", args=[world.review_a.pk, "xlsx"])
    export = openpyxl.load_workbook(io.BytesIO(coordinator.get(url).content))
    assert rows(export["programas"])[0][:3] == ("institución", "nombre", "tipo")
    book = openpyxl.Workbook()
    book.active.title = "programas"
    for row in rows(export["programas"]):
        book.active.append(list(row))
    for cell in book.active["F"]:  # text, as the export wrote it, not a formula
        cell.data_type = "s"
    retos = book.create_sheet("retos")
    for row in rows(export["retos"]):
        retos.append(list(row))
    before = state()
    page = upload(spanish("focal_a1"), world, xlsx(book)).content.decode()
    assert "Nada que cambiar" in page
    assert state() == before


def test_the_challenge_counts_are_in_spanish():
    """Found by walking the import in Spanish: "1 programa nuevo, …, 1 challenge added"."""
    from django.utils import translation

    from reviews.spreadsheets.imports import summary

    with translation.override("es"):
        said = summary({"new": 1, "update": 0, "skip": 0, "added": 1, "changed": 2, "removed": 3})
    assert said == (
        "1 programa nuevo, 0 actualizados, 0 sin cambios, 1 reto añadido, "
        "2 retos cambiados, 3 retos eliminados."
    )


def test_the_spanish_template_speaks_spanish_and_imports_back(filled, world, spanish):
    """Found by walking: the template's columns were the fields' code names (name, kind,
    period_start), and the errors named them so."""
    client = spanish("focal_a1")
    book = template(client, world)
    programmes = book["programas"]
    header = [cell.value for cell in programmes[1]]
    assert header[:3] == ["nombre", "tipo", "objetivos"]
    assert "principios rectores" in header and "period_start" not in header
    assert [cell.value for cell in book["retos"][1]][:2] == ["programa", "reto"]
    instructions = [row[0] for row in book["instrucciones"].iter_rows(values_only=True)]
    assert "instituciones involucradas" in instructions
    before = state()
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Nada que cambiar" in page and state() == before

    programmes.cell(row=2, column=header.index("tipo") + 1).value = "Campaña"
    page = upload(client, world, xlsx(book)).content.decode()
    assert "Fila 2, columna tipo:" in page
