"""The programmes bar chart: numbers a browser or WeasyPrint can read, in every language."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from reviews.rendering.charts import DIGIT_EM, bar_chart
from reviews.rendering.pdf import report_html
from tests.factories import (
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    UserFactory,
    objective,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
NUMERIC = {"x", "y", "width", "height", "x1", "x2", "y1", "y2", "font-size"}
# Programmes per objective: several objectives, one tall bar, some of the rest empty.
PROGRAMMES = {1: 7, 2: 3, 5: 1, 12: 2, 23: 4}


@pytest.fixture
def review():
    coordinator = UserFactory()
    review = NationalReviewFactory(coordinator=coordinator)
    request = InstitutionRequestFactory(review=review, objectives=[])
    for number, count in PROGRAMMES.items():
        ProgrammeFactory.create_batch(
            count, request=request, objectives=[objective(number)], statistics=0, challenges=0
        )
    review.coordinator_user = coordinator
    return review


def chart_svg(html: str) -> ET.Element:
    """The programmes chart of a page, parsed as XML (it is standalone SVG)."""
    found = re.search(r'<svg class="bar-chart".*?</svg>', html, re.DOTALL)
    assert found, "no bar chart in the page"
    return ET.fromstring(found.group(0))  # noqa: S314 (the portal's own markup)


def assert_machine_readable(svg: ET.Element) -> None:
    """Every coordinate parses as a float, as SVG requires: "196,0" draws nothing."""
    view_box = svg.get("viewBox").split()
    assert len(view_box) == 4
    for value in view_box:
        float(value)
    for element in svg.iter():
        for name in NUMERIC & set(element.attrib):
            value = element.get(name)
            if name == "width" and value.endswith("%"):
                continue
            try:
                float(value)
            except ValueError:
                pytest.fail(f"<{element.tag.removeprefix(SVG)} {name}={value!r}> is not a number")


def assert_bars_drawn(svg: ET.Element) -> None:
    """A bar per objective, standing on the axis; a programme makes a visible bar, and
    the most programmes a bar up to the highest grid line."""
    grid = [float(line.get("y1")) for line in svg.iter(f"{SVG}line")]
    baseline, top = max(grid), min(grid)
    rects = svg.findall(f".//{SVG}rect[@data-value]")
    assert len(rects) == 23
    heights = {}
    for rect in rects:
        value, height = int(rect.get("data-value")), float(rect.get("height"))
        heights[value] = height
        assert (height > 0) == (value > 0), (value, height)
        assert float(rect.get("y")) + height == pytest.approx(baseline, abs=0.2)
    assert heights[max(PROGRAMMES.values())] == pytest.approx(baseline - top, abs=0.2)


@pytest.mark.parametrize("language", ["es", "en"])
def test_analysis_chart_has_plain_numbers(review, client, language):
    """Spanish, the default, writes "196,0" for 196.0 where nothing says not to."""
    client.force_login(review.coordinator_user)
    if language != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("reviews:analysis", args=[review.pk]))

    assert page.status_code == 200 and page["Content-Language"] == language
    svg = chart_svg(page.content.decode())
    assert_machine_readable(svg)
    assert_bars_drawn(svg)


@pytest.mark.parametrize("language", ["es", "en"])
def test_report_annex_chart_has_plain_numbers(review, language):
    svg = chart_svg(report_html(review, "imrf", language))

    assert_machine_readable(svg)
    assert_bars_drawn(svg)


def test_labels_fit_their_step_with_every_objective():
    """23 bars: no label under a bar, nor value over it, is wider than the bar's step."""
    chart = bar_chart([(str(n), 100 + n) for n in range(1, 24)])

    for bar in chart["bars"]:
        assert len(bar["label"]) * DIGIT_EM * chart["label_font_size"] < chart["step"]
        assert len(str(bar["value"])) * DIGIT_EM * bar["value_font_size"] < chart["step"]
        assert bar["height"] > 0
    # Only a value too long for its step is smaller than the others.
    short = bar_chart([(str(n), n) for n in range(1, 23)] + [("23", 128)])
    sizes = {len(str(bar["value"])): bar["value_font_size"] for bar in short["bars"]}
    assert sizes[3] < sizes[2] == sizes[1] == short["label_font_size"]


def test_a_small_value_beside_a_large_one_still_shows():
    chart = bar_chart([("1", 1), ("2", 0), ("3", 5000)])

    assert [bar["height"] > 0 for bar in chart["bars"]] == [True, False, True]
