"""A programme proposed as a good practice for the UN Network's repository: drafted,
refused while a criterion of the Hub's checklist is missing (each one named, nothing
saved), proposed, withdrawn, exported as the Hub's Word template and as XLSX."""

import datetime
import io
import re

import docx
import openpyxl
import pytest
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from objectives.models import GuidingPrinciple
from reviews import documents, selectors
from reviews.models import AuditEvent, GoodPractice, NationalReview, Programme

COMPLETE = {
    "implementing_entity": "Instituto Nacional de Migración",
    "focal_point_name": "Ana Pérez",
    "focal_point_email": "ana.perez@example.org",
    "completion": "mostly",
    "innovation": "Ventanilla única móvil",
    "replicability": "Manual publicado para otras fronteras",
    "results": "4.000 personas atendidas",
    "lessons": "Coordinar con los municipios desde el inicio",
    **{f"principle_{n}": f"Cómo refleja el principio {n}" for n in range(1, 11)},
}


@pytest.fixture
def programme(world):
    programme = Programme.objects.create(
        request=world.request_a1,
        name="Programa Frontera Segura",
        description="Atención en la frontera sur",
        period_start=datetime.date(2019, 3, 1),
        period_end=datetime.date(2023, 6, 30),
    )
    programme.objectives.add(world.input_a1.objective)
    return programme


def page(world, programme, name="reviews:good_practice"):
    return reverse(name, args=[world.input_a1.pk, programme.pk])


def saved(programme):
    practice = GoodPractice.objects.filter(programme=programme).first()
    return practice and model_to_dict(practice)


def test_a_programme_becomes_a_good_practice(world, english, programme):
    client = english("focal_a1")
    shown = client.get(page(world, programme))
    assert shown.status_code == 200
    for text in ["Programa Frontera Segura", "Atención en la frontera sur", "Instituto A1"]:
        assert text in shown.content.decode()

    draft = client.post(page(world, programme), {"implementing_entity": "INM", "action": "save"})
    assert draft.status_code == 302
    practice = GoodPractice.objects.get(programme=programme)
    assert (practice.status, practice.implementing_entity) == ("draft", "INM")
    assert practice.proposed_at is None

    proposed = client.post(page(world, programme), {**COMPLETE, "action": "propose"}, follow=True)
    assert "It was proposed as a good practice." in proposed.content.decode()
    practice.refresh_from_db()
    assert practice.status == GoodPractice.Status.PROPOSED
    assert practice.proposed_by == world.users["focal_a1"]
    assert practice.proposed_at is not None
    assert practice.principles == {str(n): f"Cómo refleja el principio {n}" for n in range(1, 11)}
    assert practice.focal_point_email == "ana.perez@example.org"


def test_the_input_page_links_each_programme_to_its_good_practice(world, english, programme):
    content = english("focal_a1").get(world.input_a1.get_absolute_url()).content.decode()
    assert page(world, programme) in content
    assert "Propose as a good practice" in content


def test_the_coordinator_proposes_too(world, english, programme):
    client = english("coord_a")
    assert client.post(page(world, programme), {**COMPLETE, "action": "propose"}).status_code == 302
    practice = GoodPractice.objects.get(programme=programme)
    assert (practice.status, practice.proposed_by) == ("proposed", world.users["coord_a"])


def test_a_proposal_missing_every_criterion_names_each_and_saves_nothing(world, english, programme):
    client = english("focal_a1")
    client.post(page(world, programme), {"implementing_entity": "INM", "lessons": "Algo"})
    before = saved(programme)
    programme.objectives.clear()
    Programme.objects.filter(pk=programme.pk).update(
        period_start=datetime.date(2015, 1, 1), period_end=None
    )

    refused = client.post(page(world, programme), {"action": "propose"})

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Not proposed: it does not meet every criterion yet" in content
    for message in [
        "It must relate to at least one GCM objective: the programme names none.",
        "It must be implemented after December 2018: the programme&#x27;s period starts in 2015.",
        "Name the implementing entity (the main implementer).",
        "It needs a focal point of the implementing entity: give their name and e-mail.",
        "It must reflect the 10 guiding principles: say how it reflects 1.",
        "It must be fully or mostly completed: say how far it is completed.",
        "It must be innovative: say what is new in it.",
        "It must be replicable: say how others could apply it.",
        "It must have been applied successfully: describe its results.",
        "Say what lessons were learned.",
    ]:
        assert message in content, message
    # The refused click changed nothing: the draft is as it was, lessons and all.
    assert saved(programme) == before
    assert before["implementing_entity"] == "INM" and before["status"] == "draft"


def _without(name):
    return {key: value for key, value in COMPLETE.items() if key != name}


@pytest.mark.parametrize(
    ("data", "change", "message"),
    [
        (COMPLETE, "no objective", "It must relate to at least one GCM objective"),
        (COMPLETE, "no period", "the programme gives no period"),
        (COMPLETE, "ended 2017", "the programme&#x27;s period ends in 2017."),
        (COMPLETE, "started 2015", "the programme&#x27;s period starts in 2015."),
        (_without("implementing_entity"), None, "Name the implementing entity"),
        (_without("focal_point_name"), None, "give their name and e-mail"),
        (_without("focal_point_email"), None, "give their name and e-mail"),
        (
            {**COMPLETE, "principle_3": "  ", "principle_9": ""},
            None,
            "say how it reflects 3. ",
        ),
        ({**COMPLETE, "completion": "ongoing"}, None, "fully or mostly completed: it is still"),
        (_without("completion"), None, "say how far it is completed"),
        (_without("innovation"), None, "It must be innovative"),
        (_without("replicability"), None, "It must be replicable"),
        ({**COMPLETE, "results": " \n "}, None, "It must have been applied successfully"),
        (_without("lessons"), None, "Say what lessons were learned."),
    ],
)
def test_a_proposal_is_refused_while_one_criterion_is_missing(
    world, english, programme, data, change, message
):
    if change == "no objective":
        programme.objectives.clear()
    dates = {
        "no period": (None, None),
        "ended 2017": (datetime.date(2015, 1, 1), datetime.date(2017, 12, 31)),
        "started 2015": (datetime.date(2015, 1, 1), None),
    }
    if change in dates:
        start, end = dates[change]
        Programme.objects.filter(pk=programme.pk).update(period_start=start, period_end=end)

    refused = english("focal_a1").post(page(world, programme), {**data, "action": "propose"})

    assert refused.status_code == 200
    assert message in refused.content.decode()
    assert refused.content.decode().count('<li><a href="#') == 1  # that one criterion only
    assert saved(programme) is None  # not even a draft: the click saved nothing


def test_a_refused_proposal_keeps_what_was_typed_in_the_boxes(world, english, programme):
    refused = english("focal_a1").post(
        page(world, programme), {**_without("lessons"), "action": "propose"}
    )
    content = refused.content.decode()
    assert COMPLETE["innovation"] in content and COMPLETE["principle_7"] in content
    assert 'value="ana.perez@example.org"' in content


def test_a_principle_missing_names_every_principle_missing(world, programme):
    practice = GoodPractice(programme=programme, principles={"1": "x"})
    with translation.override("en"):
        problems = selectors.good_practice_problems(practice)
    names = [str(p) for p in GuidingPrinciple.objects.filter(number__gte=2).order_by("number")]
    assert "; ".join(names) in problems["principle_2"][0]


def test_a_programme_running_past_december_2018_qualifies_from_its_end(world, programme):
    Programme.objects.filter(pk=programme.pk).update(
        period_start=datetime.date(2015, 1, 1), period_end=datetime.date(2018, 12, 10)
    )
    programme.refresh_from_db()
    problems = selectors.good_practice_problems(GoodPractice(programme=programme))
    assert "__all__" not in problems


def test_a_proposed_practice_is_withdrawn_before_it_changes(world, english, programme):
    client = english("focal_a1")
    client.post(page(world, programme), {**COMPLETE, "action": "propose"})
    proposed = saved(programme)

    refused = client.post(page(world, programme), {**COMPLETE, "lessons": "Otra"}, follow=True)
    assert "It was already proposed: withdraw the proposal to change it." in (
        refused.content.decode()
    )
    assert saved(programme) == proposed

    english("coord_a").post(page(world, programme), {"action": "withdraw"})
    practice = GoodPractice.objects.get(programme=programme)
    assert (practice.status, practice.proposed_at, practice.proposed_by) == ("draft", None, None)
    assert practice.lessons == COMPLETE["lessons"]  # withdrawn, not emptied


def test_nothing_to_withdraw_is_said(world, english, programme):
    answer = english("focal_a1").post(page(world, programme), {"action": "withdraw"}, follow=True)
    assert "It was not proposed: there is nothing to withdraw." in answer.content.decode()
    assert saved(programme) is None


def test_a_submitted_review_refuses_a_practice(world, english, programme):
    NationalReview.objects.filter(pk=world.review_a.pk).update(
        status=NationalReview.Status.SUBMITTED
    )
    client = english("focal_a1")
    answer = client.post(page(world, programme), {**COMPLETE, "action": "propose"}, follow=True)
    assert "This review was submitted" in answer.content.decode()
    assert saved(programme) is None
    assert (
        "Propose as a good practice</button>"
        not in client.get(page(world, programme)).content.decode()
    )


def test_a_text_too_long_is_refused_with_nothing_saved(world, english, programme):
    answer = english("focal_a1").post(
        page(world, programme), {**COMPLETE, "principle_4": "x" * 20_001, "action": "save"}
    )
    assert answer.status_code == 200
    assert "more than 20,000" in answer.content.decode()
    assert "There is a problem" in answer.content.decode()
    assert saved(programme) is None


def test_a_focal_point_email_that_is_not_one_is_refused(world, english, programme):
    answer = english("focal_a1").post(
        page(world, programme), {**COMPLETE, "focal_point_email": "ana", "action": "propose"}
    )
    assert answer.status_code == 200
    assert "Enter a valid email address." in answer.content.decode()
    assert saved(programme) is None


@pytest.mark.parametrize("role", ["focal_a2", "coord_b", "reviewer"])
@pytest.mark.parametrize("name", ["reviews:good_practice", "reviews:good_practice_docx"])
def test_outsiders_find_no_practice(world, as_role, programme, role, name):
    client = as_role(role)
    assert client.get(page(world, programme, name)).status_code == 404
    if name == "reviews:good_practice":
        assert client.post(page(world, programme), COMPLETE).status_code == 404
    assert saved(programme) is None


def test_a_programme_of_another_institution_is_not_found_through_ones_input(
    world, as_role, programme
):
    other = Programme.objects.create(
        request=world.review_a.requests.get(institution=world.a2), name="Otro"
    )
    url = reverse("reviews:good_practice", args=[world.input_a1.pk, other.pk])
    assert as_role("focal_a1").get(url).status_code == 404


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_docx_read_back_holds_every_field(world, english, programme):
    client = english("focal_a1")
    client.post(page(world, programme), {**COMPLETE, "action": "propose"})

    answer = client.get(page(world, programme, "reviews:good_practice_docx"))

    assert answer.status_code == 200
    assert answer["Content-Type"] == documents.DOCX_TYPE
    assert answer["Content-Disposition"].startswith("attachment;")
    text = _docx_text(answer.content)
    with translation.override("en"):
        objective = str(world.input_a1.objective)
        principles = [str(p) for p in GuidingPrinciple.objects.order_by("number")]
        start, end = (
            formats.date_format(d, "DATE_FORMAT")
            for d in [programme.period_start, programme.period_end]
        )
    expected = [
        "Programa Frontera Segura",
        "Institution",
        "Instituto A1",
        "Implementing entity",
        "Focal point",
        "Focal point's e-mail",
        "GCM objectives",
        objective,
        "Guiding principles",
        *principles,
        "From",
        start,
        "Until",
        end,
        "Completion",
        "Mostly completed",
        "Description",
        "Atención en la frontera sur",
        "What is innovative",
        "How it can be replicated",
        "Results",
        "Lessons learned",
        *(value for key, value in COMPLETE.items() if key != "completion"),
    ]
    lines = text.split("\n")
    for value in expected:
        assert value in lines, value
    assert objective.startswith("7. ") and start == "1 March 2019"
    assert AuditEvent.objects.filter(action="exported", detail="good practice").exists()


def test_the_docx_is_in_the_readers_language(world, as_role, programme):
    answer = as_role("focal_a1").get(page(world, programme, "reviews:good_practice_docx"))
    with translation.override("es"):
        objective = str(world.input_a1.objective)
    assert objective in _docx_text(answer.content).split("\n")


def test_a_programme_not_drafted_yet_gives_the_template_with_the_programmes_fields(
    world, english, programme
):
    answer = english("coord_a").get(page(world, programme, "reviews:good_practice_docx"))
    text = _docx_text(answer.content)
    assert "Programa Frontera Segura" in text and "Implementing entity" in text
    assert saved(programme) is None  # a read never creates it


def test_the_review_xlsx_has_a_row_per_practice(world, english, programme):
    english("focal_a1").post(
        page(world, programme),
        {**COMPLETE, "results": '=HYPERLINK("http://x")', "action": "save"},
    )
    second = Programme.objects.create(request=world.request_a1, name="Programa B")
    english("focal_a1").post(page(world, second), {"implementing_entity": "Otra entidad"})
    client = english("coord_a")

    answer = client.get(reverse("reviews:good_practices_xlsx", args=[world.review_a.pk]))

    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert len(rows) == 3
    first = dict(zip(headers, rows[2], strict=True))  # ordered by name: "Programa B" first
    assert first["Title"] == "Programa Frontera Segura"
    assert first["Implementing entity"] == COMPLETE["implementing_entity"]
    assert first["From"] == datetime.datetime(2019, 3, 1)  # a date, not the reader's text
    assert first["Completion"] == "Mostly completed"
    assert first["Status"] == "Draft"
    assert first["Results"] == '=HYPERLINK("http://x")'
    assert sheet.cell(3, headers.index("Results") + 1).data_type == "s"  # never a formula
    principle_columns = [h for h in headers if h.startswith("Guiding principles: ")]
    assert len(principle_columns) == 10
    assert first[principle_columns[0]] == COMPLETE["principle_1"]
    assert dict(zip(headers, rows[1], strict=True))["Implementing entity"] == "Otra entidad"


def test_the_review_lists_its_practices_for_its_coordinators(world, english, programme):
    english("focal_a1").post(page(world, programme), {"implementing_entity": "INM"})
    client = english("coord_a")
    review_page = client.get(reverse("reviews:review", args=[world.review_a.pk]))
    listing = reverse("reviews:good_practices", args=[world.review_a.pk])
    assert listing in review_page.content.decode()
    content = client.get(listing).content.decode()
    assert "Programa Frontera Segura" in content
    # Through one of the institution's inputs, whichever: the link opens the .docx.
    link = re.search(rf'href="([^"]*/good-practices/{programme.pk}\.docx)"', content)
    assert client.get(link.group(1)).status_code == 200


def test_the_list_and_the_xlsx_take_a_fixed_number_of_queries(
    world, english, programme, django_assert_max_num_queries
):
    for number in range(5):
        other = Programme.objects.create(request=world.request_a1, name=f"Extra {number}")
        other.objectives.add(world.input_a1.objective)
        GoodPractice.objects.create(programme=other)
    client = english("coord_a")
    with django_assert_max_num_queries(20):
        client.get(reverse("reviews:good_practices", args=[world.review_a.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("reviews:good_practices_xlsx", args=[world.review_a.pk]))


def test_the_report_annex_lists_name_institution_and_objectives(world, programme):
    GoodPractice.objects.create(programme=programme, status="proposed")
    with translation.override("en"):
        html = render_to_string(
            "reviews/good_practices/annex.html",
            {"good_practices": selectors.review_good_practices(world.review_a)},
        )
        assert str(world.input_a1.objective) in html
    assert "Programa Frontera Segura" in html and "<td>A1</td>" in html
    GoodPractice.objects.filter(programme=programme).update(status="draft")
    drafts = render_to_string(
        "reviews/good_practices/annex.html",
        {"good_practices": selectors.review_good_practices(world.review_a)},
    )
    assert "Programa Frontera Segura" not in drafts  # only what was proposed


def test_a_control_byte_typed_somewhere_does_not_break_the_docx():
    # XML 1.0 has no place for it: python-docx would refuse the whole document.
    content = documents.titled_document(
        "Programa\x01", [("Results", "uno\x0bdos\nтри"), ("Group", [("1. x", "\x1f")])]
    )
    text = _docx_text(content)
    assert "Programa" in text and "unodos" in text and "три" in text


def test_the_national_report_lists_the_proposed_practices(world, programme):
    from reviews.rendering import pdf

    html = pdf.report_html(world.review_a, "imrf", "en", for_pdf=False)
    assert "annex-good-practices" not in html  # none proposed: no annex
    GoodPractice.objects.create(programme=programme, status="proposed")
    html = pdf.report_html(world.review_a, "imrf", "en", for_pdf=False)
    annex = html[html.index('id="annex-good-practices"') :]
    assert "Programa Frontera Segura" in annex and "<td>A1</td>" in annex
