"""Both PDFs, and the regional synthesis, in each further language of the portal:
headings from its catalogue, the objectives' official titles from the reference data."""

import pytest
from django.conf import settings
from django.utils import translation

from objectives.models import Objective
from reviews.models import Programme
from reviews.rendering import pdf
from tests.reviews.test_report import pdf_text

pytestmark = pytest.mark.django_db

FURTHER = [code for code, _name in settings.LANGUAGES if code not in ("es", "en")]


@pytest.mark.parametrize("language", FURTHER)
@pytest.mark.parametrize("layout", ["imrf", "regional"])
def test_a_national_report_in_the_language(world, language, layout):
    programme = Programme.objects.create(request=world.request_a1, name="Programa de retorno")
    programme.objectives.add(Objective.objects.get(number=7))
    report = pdf.report_pdf(world.review_a, layout, language)
    reader, text = pdf_text(report.content)
    text = " ".join(text.split())
    with translation.override(language):
        objective = Objective.objects.get(number=7)
        heading = translation.gettext("Annex 3: programmes and actions by objective")
    assert objective.translations[language]["short_label"] in text
    assert heading in text and heading != "Annex 3: programmes and actions by objective"
    assert "Programa de retorno" in text
    assert reader.trailer["/Root"]["/Lang"] == language


@pytest.mark.parametrize("language", FURTHER)
def test_the_regional_synthesis_in_the_language(world, language):
    world.review_a.status = "submitted"
    world.review_a.save()
    report = pdf.synthesis_pdf(world.cycle, language)
    reader, text = pdf_text(report.content)
    text = " ".join(text.split())
    with translation.override(language):
        heading = translation.gettext("Regional synthesis")
        area = world.cycle.regional_commission.name
    assert heading in text and heading != "Regional synthesis"
    assert area in text
    assert reader.trailer["/Root"]["/Lang"] == language
