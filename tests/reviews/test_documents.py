"""The institution's own documents: its input as a PDF, and its programmes as a spreadsheet."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from reviews import services
from reviews.models import Input, Programme, Statistic

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def write(world, index, text="", reason=""):
    services.answer_save(
        answer_id=world.answers_a1[index].pk,
        user=world.users["focal_a1"],
        text=text,
        not_applicable=bool(reason),
        reason=reason,
        base_version=0,
    )


def test_pdf_of_the_input_says_what_the_institution_answered(world_with_programme, as_role):
    world = world_with_programme
    client = as_role("focal_a1")
    write(world, 0, "Ventanilla única de atención al migrante retornado en Ciudad de Guatemala.")
    write(world, 1, reason="El instituto no trabaja en este tema.")
    Statistic.objects.create(
        programme=world.programme_a1,
        indicator="Personas retornadas",
        men=1200,
        women=830,
        total=2030,
    )

    response = client.get(reverse("reviews:request_pdf", args=[world.request_a1.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="GTM-a1-current.pdf"'
    reader, text = pdf_text(response)
    assert "Instituto A1" in text
    assert "Objetivo 7" in text
    assert "Ventanilla única de atención al migrante retornado" in text
    assert "No aplica: El instituto no trabaja en este tema." in text
    assert "Programa de retorno" in text
    assert "Personas retornadas" in text and "2030" in text and "830" in text
    assert "foto.png" in text  # attachments are listed, not embedded
    assert "Borrador" in text  # not submitted yet
    assert f"Página 1 de {len(reader.pages)}" in text
    assert reader.metadata.title.startswith("Instituto A1")
    assert reader.metadata.author == "Instituto A1"
    # Embedded fonts with Spanish glyphs, and a tagged PDF for screen readers.
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert {str(font["/BaseFont"]).split("+")[1] for font in fonts} >= {
        "DejaVu-Sans",
        "DejaVu-Sans-Bold",
    }
    for font in fonts:  # a subset of the font travels inside the file
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "es"


def test_pdf_follows_the_chosen_language(world, as_role):
    client = as_role("coord_a")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reviews:request_pdf", args=[world.request_a1.pk]))
    _reader, text = pdf_text(response)
    assert "Objective 7" in text
    assert "Not answered yet." in text
    assert "Page 1 of" in text


def test_pdf_shows_text_as_text(world, as_role):
    write(world, 0, '<b>negrita</b> <img src="file:///etc/passwd"> & <script>alert(1)</script>')
    response = as_role("focal_a1").get(reverse("reviews:request_pdf", args=[world.request_a1.pk]))
    _reader, text = pdf_text(response)
    assert "<b>negrita</b>" in text
    assert "<script>alert(1)</script>" in text


def test_input_pages_link_to_the_pdf_and_the_import(world, as_role):
    page = as_role("focal_a1").get(world.a1.get_absolute_url()).content.decode()
    assert reverse("reviews:request_pdf", args=[world.request_a1.pk]) in page
    assert reverse("reviews:programme_import", args=[world.request_a1.pk]) in page
    page = as_role("coord_a").get(world.review_a.get_absolute_url()).content.decode()
    assert reverse("reviews:request_pdf", args=[world.request_a1.pk]) in page


def upload(client, world, name, content):
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    return client.post(url, {"sheet": SimpleUploadedFile(name, content)})


def confirm(client, world):
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    return client.post(url, {"confirm": "1"})


GOOD_CSV = (
    "name,kind,objectives,institutions_involved,partners,period_start,principles,description\n"
    'Ventanilla única,Proyecto,"7,21",A2,OIM,15/03/2020,"1,4",Atención a retornados\n'
    'Retorno digno,policy,7,,,2021-01-01,,=HYPERLINK("http://x")\n'
).encode()


def test_import_previews_then_confirms(world, as_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_role("focal_a1")

    preview = upload(client, world, "programas.csv", GOOD_CSV)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2 programas nuevos, 0 actualizados, 0 sin cambios." in page
    assert "Ventanilla única" in page
    assert not Programme.objects.exists()  # a preview saves nothing

    done = confirm(client, world)

    assert done.status_code == 302
    programme = Programme.objects.get(name="Ventanilla única")
    assert programme.request == world.request_a1
    assert programme.kind == Programme.Kind.PROJECT
    assert sorted(programme.objectives.values_list("number", flat=True)) == [7, 21]
    assert list(programme.institutions_involved.values_list("acronym", flat=True)) == ["A2"]
    assert sorted(programme.principles.values_list("number", flat=True)) == [1, 4]
    assert str(programme.period_start) == "2020-03-15"
    assert programme.updated_by == world.users["focal_a1"]
    assert Programme.objects.get(name="Retorno digno").kind == Programme.Kind.POLICY
    world.input_a1.refresh_from_db()
    assert world.input_a1.status == Input.Status.DRAFT  # the objective's input was touched
    assert not list(tmp_path.glob("django-import-export/*"))  # the pending file is gone

    # The same sheet again changes nothing; a changed row updates its programme.
    again = upload(client, world, "programas.csv", GOOD_CSV).content.decode()
    assert "Nada que cambiar: la hoja dice lo que el portal ya tiene." in again
    assert "Confirmar la importación" not in again
    changed = GOOD_CSV.replace(b"Atenci\xc3\xb3n a retornados", b"Otra cosa")
    upload(client, world, "programas.csv", changed)
    confirm(client, world)
    programme.refresh_from_db()
    assert programme.description == "Otra cosa"
    assert programme.version == 1
    assert Programme.objects.count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row(world, as_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = GOOD_CSV + b'Mala,programa,"7,24",ZZ,,31/02/2020,11,\n'

    response = upload(as_role("focal_a1"), world, "programas.csv", sheet)

    page = response.content.decode()
    assert "No se importó nada" in page
    assert (
        "Fila 4, columna objetivos: No existe el objetivo 24: los objetivos van del 1 al 23."
        in page
    )
    assert "Fila 4, columna instituciones involucradas" in page
    assert "Fila 4, columna principios rectores" in page
    assert "Fila 4, columna desde: «31/02/2020» no es una fecha" in page
    assert "Fila 2" not in page and "Fila 3" not in page
    assert not Programme.objects.exists()
    assert not list(tmp_path.glob("django-import-export/*"))
    # Nothing is pending: a confirmation now imports nothing.
    assert confirm(as_role("focal_a1"), world).status_code == 302
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.csv", b"", "El archivo está vacío: la primera fila debe nombrar las columnas"),
        ("p.csv", b"\n\n", "El archivo está vacío: la primera fila debe nombrar las columnas"),
        ("p.csv", b"name,objectives\n", "tiene fila de encabezado pero ningún programa"),
        ("p.csv", "name,objectives\nAcción,7\n".encode("latin-1"), "no está en UTF-8: la línea 2"),
        ("p.csv", b"name,colour\nA,red\n", "Columna desconocida: colour"),
        ("p.xlsx", b"PK\x03\x04 not really a workbook", "no se pudo leer como XLSX"),
        ("p.pdf", b"%PDF-1.4", "Suba la hoja como archivo XLSX o CSV"),
        ("p.csv", b"name,objectives\nA,7\nA,8\n", "Las filas 2, 3 tienen el mismo nombre «A»"),
        ("p.csv", b"name,objectives\nA,\n", "Fila 2, columna objetivos"),
    ],
)
def test_bad_sheets_are_refused_with_a_reason(world, as_role, name, content, message):
    response = upload(as_role("focal_a1"), world, name, content)
    assert message in response.content.decode()
    assert not Programme.objects.exists()


def test_a_submitted_objective_keeps_its_programmes(world_with_programme, as_role):
    world = world_with_programme
    Input.objects.filter(pk=world.input_a1.pk).update(status=Input.Status.SUBMITTED)
    sheet = b"name,objectives,description\nPrograma de retorno,7,Cambiado\nNuevo,21,\n"
    page = upload(as_role("focal_a1"), world, "p.csv", sheet).content.decode()
    assert "Fila 2: El objetivo 7 ya se envió" in page
    assert not Programme.objects.filter(name="Nuevo").exists()


def test_template_lists_the_programmes_and_explains_the_columns(world_with_programme, as_role):
    world = world_with_programme
    response = as_role("focal_a1").get(
        reverse("reviews:programme_template", args=[world.request_a1.pk])
    )
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["programas", "retos", "enviados (solo lectura)", "instrucciones"]
    rows = list(book["programas"].iter_rows(values_only=True))
    assert rows[0][:3] == ("nombre", "tipo", "objetivos")
    assert rows[1][:3] == ("Programa de retorno", "Programa", "7")
    help_rows = {row[0]: row[1] for row in book["instrucciones"].iter_rows(values_only=True)}
    assert "A1, A2" in help_rows["instituciones involucradas"]
    assert help_rows[23]  # the objectives' numbers and labels


def test_template_text_is_never_a_formula(world_with_programme, as_role):
    world = world_with_programme
    Programme.objects.filter(pk=world.programme_a1.pk).update(description='=HYPERLINK("x")')
    response = as_role("focal_a1").get(
        reverse("reviews:programme_template", args=[world.request_a1.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["programas"]
    cell = sheet.cell(row=2, column=5)
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"


def test_the_template_imports_back_unchanged(world_with_programme, as_role, settings, tmp_path):
    world = world_with_programme
    settings.MEDIA_ROOT = tmp_path
    client = as_role("focal_a1")
    template = client.get(reverse("reviews:programme_template", args=[world.request_a1.pk]))
    page = upload(client, world, "programas.xlsx", template.content).content.decode()
    assert "Nada que cambiar: la hoja dice lo que el portal ya tiene." in page


def test_pdf_runs_a_bounded_number_of_queries(world, as_role, django_assert_max_num_queries):
    from objectives.models import ChallengeCategory
    from reviews.models import Challenge

    category = ChallengeCategory.objects.first()
    for n in range(12):
        programme = Programme.objects.create(request=world.request_a1, name=f"Programa {n}")
        programme.objectives.add(world.input_a1.objective)
        Statistic.objects.create(programme=programme, indicator="Personas", total=n)
        Challenge.objects.create(programme=programme, description="Falta de datos").categories.add(
            category
        )
    client = as_role("focal_a1")
    url = reverse("reviews:request_pdf", args=[world.request_a1.pk])
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert "Programa 11" in pdf_text(response)[1]
