"""The regional reviewer's pages: the countries of a region and their states, the
submitted reviews compared, the synthesis texts; and publishing a national report."""

import pytest
from django.test import Client
from django.urls import reverse

from objectives.models import ChallengeCategory, RegionalCommission
from reviews import services
from reviews.models import AuditEvent, NationalReview, RegionalText, ReportJob
from reviews.selectors import region
from tests.factories import (
    ChallengeFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    RegionalReviewerFactory,
    ReviewCycleFactory,
    UserFactory,
    country,
    objective,
)

pytestmark = pytest.mark.django_db

SUBMITTED = NationalReview.Status.SUBMITTED


def _submitted(cycle, iso3, programme_name, *, objectives=(7,), text=""):
    review = NationalReviewFactory(cycle=cycle, country=country(iso3))
    request = InstitutionRequestFactory(review=review)
    programme = ProgrammeFactory(
        request=request, name=programme_name, objectives=[objective(n) for n in objectives]
    )
    if text:
        review.texts.filter(key="objective-7").update(text=text, version=1)
    review.status = SUBMITTED
    review.save(update_fields=["status"])
    return review, programme


@pytest.fixture
def lac():
    """A cycle of Latin America and the Caribbean: Mexico and El Salvador submitted,
    Guatemala still collecting (its programme must not be read), Costa Rica not started."""
    cycle = ReviewCycleFactory()
    mexico, _p = _submitted(cycle, "MEX", "Programa Paisano", text="México protege.")
    salvador, _p = _submitted(
        cycle, "SLV", "126 te orienta", objectives=(7, 14), text="El Salvador orienta."
    )
    guatemala = NationalReviewFactory(cycle=cycle, country=country("GTM"), status="collecting")
    ProgrammeFactory(request=InstitutionRequestFactory(review=guatemala), name="Borrador GT")
    guatemala.texts.filter(key="objective-7").update(text="Borrador guatemalteco.", version=1)
    reviewer = RegionalReviewerFactory(cycle=cycle).user
    return cycle, mexico, salvador, guatemala, reviewer


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reviewer_is_taken_to_every_country_of_the_region_with_its_state(lac):
    cycle, mexico, _salvador, guatemala, reviewer = lac
    client = _client(reviewer)
    response = client.get(reverse("reviews:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:region", args=[cycle.pk])
    rows = {row["country"].iso3: row for row in response.context["rows"]}
    assert len(rows) == cycle.countries().count() == 33
    assert rows["MEX"]["state_label"] == "Enviada" and rows["MEX"]["readable"]
    assert rows["GTM"]["state_label"] == "Recopilando aportes" and not rows["GTM"]["readable"]
    assert rows["CRI"]["state_label"] == "No iniciada" and rows["CRI"]["review"] is None
    page = response.content.decode()
    assert reverse("reviews:analysis", args=[mexico.pk]) in page
    assert reverse("reviews:analysis", args=[guatemala.pk]) not in page
    # ... and what a submitted review's link opens, the reviewer may read.
    assert client.get(reverse("reviews:analysis", args=[mexico.pk])).status_code == 200
    assert client.get(reverse("reviews:analysis", args=[guatemala.pk])).status_code == 404


def test_a_published_review_shows_as_published(lac, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle, mexico, *_rest = lac
    services.review_publish(review=mexico, user=None)
    states = {row["country"].iso3: row["state"] for row in region.region_countries(cycle)}
    assert states["MEX"] == "published" and states["SLV"] == "submitted"


def test_coverage_counts_only_submitted_reviews_and_names_the_gaps(lac):
    cycle, mexico, salvador, *_rest, reviewer = lac
    response = _client(reviewer).get(reverse("reviews:region_coverage", args=[cycle.pk]))
    assert response.status_code == 200
    rows = {row["review"].country.iso3: row for row in response.context["rows"]}
    assert set(rows) == {"MEX", "SLV"}  # not Guatemala, still collecting
    assert [c["programmes"] for c in rows["SLV"]["cells"] if c["programmes"]] == [1, 1]
    totals = {t["objective"].number: t for t in response.context["totals"]}
    assert totals[7] == {"objective": objective(7), "countries": 2, "programmes": 2}
    assert totals[14]["countries"] == 1
    gaps = [o.number for o in response.context["gaps"]]
    assert 7 not in gaps and 14 not in gaps and 1 in gaps and len(gaps) == 21
    assert "objective" in response.content.decode()


def test_one_objective_side_by_side_across_the_submitted_countries(lac):
    cycle, *_rest, reviewer = lac
    response = _client(reviewer).get(reverse("reviews:region_compare", args=[cycle.pk, 7]))
    page = response.content.decode()
    assert "México protege." in page and "El Salvador orienta." in page
    assert "Programa Paisano" in page and "126 te orienta" in page
    assert "Borrador guatemalteco." not in page and "Borrador GT" not in page
    # The choice of objective works without script.
    chosen = _client(reviewer).get(
        reverse("reviews:region_compare", args=[cycle.pk, 7]) + "?objective=14"
    )
    assert chosen["Location"] == reverse("reviews:region_compare", args=[cycle.pk, 14])


def test_challenges_are_summed_over_the_region(lac):
    cycle, mexico, salvador, guatemala, reviewer = lac
    second = ChallengeCategory.objects.order_by("number")[1]
    ChallengeFactory(programme=salvador.requests.get().programmes.get(), categories=[second])
    challenges = region.region_challenges(cycle)
    rows = {row["category"].number: row for row in challenges["rows"]}
    # Each factory programme has one challenge in category 1; Guatemala's is not counted.
    assert rows[1]["total"] == 2 and rows[1]["counts"] == [1, 1]
    assert rows[second.number]["total"] == 1
    assert challenges["challenges"] == 3
    response = _client(reviewer).get(reverse("reviews:region_challenges", args=[cycle.pk]))
    assert response.status_code == 200


def test_the_region_pages_cost_the_same_queries_for_more_countries(
    lac, django_assert_max_num_queries
):
    cycle, *_rest, reviewer = lac
    client = _client(reviewer)
    urls = [
        reverse("reviews:region", args=[cycle.pk]),
        reverse("reviews:region_coverage", args=[cycle.pk]),
        reverse("reviews:region_compare", args=[cycle.pk, 7]),
        reverse("reviews:region_challenges", args=[cycle.pk]),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts.append(len(captured))
    for iso3 in ("PAN", "CRI", "HND"):
        _submitted(cycle, iso3, f"Programa {iso3}")
    for url, before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before) as captured:
            assert client.get(url).status_code == 200


def _save(client, cycle, key, text, version):
    url = reverse("reviews:synthesis_text_save", args=[cycle.pk, key])
    return client.post(url, {"text": text, "version": version})


def test_synthesis_texts_autosave_with_versions_and_conflicts(lac):
    cycle, *_rest, reviewer = lac
    client = _client(reviewer)
    page = client.get(reverse("reviews:synthesis", args=[cycle.pk]))
    keys = [slot.key for slot in page.context["slots"]]
    assert keys == [
        "introduction",
        *(f"group-{n}" for n in range(1, 6)),
        "requests",
        "conclusions",
        "recommendations",
    ]
    assert not RegionalText.objects.exists()  # reading wrote nothing
    assert _save(client, cycle, "group-1", "Panorama del área 1.", 0).status_code == 200
    saved = RegionalText.objects.get(cycle=cycle, key="group-1")
    assert (saved.text, saved.version, saved.updated_by) == ("Panorama del área 1.", 1, reviewer)
    # A save from an older version is refused, shows both texts and writes nothing.
    stale = _save(client, cycle, "group-1", "Mi versión.", 0)
    assert stale.status_code == 409
    assert "Panorama del área 1." in stale.content.decode()
    assert "Mi versión." in stale.content.decode()
    saved.refresh_from_db()
    assert saved.text == "Panorama del área 1."
    assert _save(client, cycle, "group-1", "Panorama revisado.", 1).status_code == 200
    versions = client.get(reverse("reviews:synthesis_text_versions", args=[cycle.pk, "group-1"]))
    assert "Panorama del área 1." in versions.content.decode()
    first = saved.history.order_by("history_date").first()
    restore = reverse("reviews:synthesis_text_restore", args=[cycle.pk, "group-1"])
    # From a list shown before the last save: refused, nothing written over unseen.
    stale = client.post(restore, {"history_id": first.history_id, "version": 1}, follow=True)
    assert "No se pudo restaurar el texto" in stale.content.decode()
    saved.refresh_from_db()
    assert (saved.text, saved.version) == ("Panorama revisado.", 2)
    client.post(restore, {"history_id": first.history_id, "version": 2})
    saved.refresh_from_db()
    assert (saved.text, saved.version) == ("Panorama del área 1.", 3)


def test_synthesis_refuses_unknown_sections_and_too_long_texts(lac):
    cycle, *_rest, reviewer = lac
    client = _client(reviewer)
    assert _save(client, cycle, "group-9", "x", 0).status_code == 404
    assert _save(client, cycle, "introduction", "x", "").status_code == 400
    refused = _save(client, cycle, "introduction", "palabra " * 40_000, 0)
    assert refused.status_code == 422
    assert not RegionalText.objects.exists()


def test_a_reviewer_of_another_region_finds_nothing(lac):
    cycle, mexico, *_rest = lac
    europe = ReviewCycleFactory(
        regional_commission=RegionalCommission.objects.get(code="ECE"), questionnaire=False
    )
    other = RegionalReviewerFactory(cycle=europe).user
    client = _client(other)
    for url in [
        reverse("reviews:region", args=[cycle.pk]),
        reverse("reviews:region_coverage", args=[cycle.pk]),
        reverse("reviews:synthesis", args=[cycle.pk]),
        reverse("reviews:analysis", args=[mexico.pk]),
        reverse("reviews:report_home", args=[mexico.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert _save(client, cycle, "introduction", "x", 0).status_code == 404
    assert not RegionalText.objects.exists()


def test_the_reviewer_makes_the_pdf_of_a_submitted_review_only(lac):
    cycle, mexico, _salvador, guatemala, reviewer = lac
    client = _client(reviewer)
    response = client.post(
        reverse("reviews:report_home", args=[mexico.pk]), {"layout": "regional", "language": "es"}
    )
    job = ReportJob.objects.get(review=mexico)
    assert response["Location"] == job.get_absolute_url()
    assert (job.layout, job.requested_by) == ("regional", reviewer)
    refused = client.post(reverse("reviews:report_home", args=[guatemala.pk]), {"layout": "imrf"})
    assert refused.status_code == 404
    assert not ReportJob.objects.filter(review=guatemala).exists()


def test_the_coordinator_publishes_and_unpublishes_with_a_reason(lac, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cycle, mexico, *_rest, reviewer = lac
    coordinator = mexico.coordinators.get().user
    client = _client(coordinator)
    publish = reverse("reviews:review_publish", args=[mexico.pk])
    unpublish = reverse("reviews:review_unpublish", args=[mexico.pk])
    # The reviewer reads the review but may not publish it.
    assert _client(reviewer).post(publish).status_code == 403
    client.post(publish)
    mexico.refresh_from_db()
    assert mexico.is_published
    # Both layouts in the default language and the publisher's (Spanish here).
    assert sorted(mexico.published_reports) == ["imrf-es", "regional-es"]
    assert set(mexico.published_reports.values()) == set(
        mexico.report_jobs.values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(action="review_published", user=coordinator).count() == 1
    # Without a reason nothing changes.
    response = client.post(unpublish, {"reason": "  "}, follow=True)
    assert "Diga por qué" in response.content.decode()
    mexico.refresh_from_db()
    assert mexico.is_published
    client.post(unpublish, {"reason": "Falta una cifra."})
    mexico.refresh_from_db()
    assert not mexico.is_published and mexico.published_reports == {}
    event = AuditEvent.objects.get(action="review_unpublished")
    assert (event.user, event.detail) == (coordinator, "Falta una cifra.")


def test_a_review_not_submitted_cannot_be_published(lac):
    _cycle, _mexico, _salvador, guatemala, _reviewer = lac
    client = _client(guatemala.coordinators.get().user)
    response = client.post(reverse("reviews:review_publish", args=[guatemala.pk]), follow=True)
    assert "Solo una revisión enviada" in response.content.decode()
    guatemala.refresh_from_db()
    assert guatemala.published_at is None and not ReportJob.objects.filter(review=guatemala)


def test_reopening_a_published_review_takes_it_off_the_public_pages(lac, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _cycle, mexico, *_rest = lac
    services.review_publish(review=mexico, user=None)
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.review_reopen(review=mexico, user=admin, reason="Corregir cifras")
    mexico.refresh_from_db()
    assert mexico.published_at is None and not mexico.is_published
    assert AuditEvent.objects.filter(action="review_unpublished", detail="Corregir cifras").exists()


def test_the_reviewer_never_opens_the_coordinators_draft_pdfs(lac):
    _cycle, mexico, *_rest, reviewer = lac
    draft = ReportJob.objects.create(
        review=mexico, layout="imrf", language="es", requested_by=mexico.coordinators.get().user
    )
    client = _client(reviewer)
    page = client.get(reverse("reviews:report_home", args=[mexico.pk]))
    assert draft.get_absolute_url() not in page.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.download_url).status_code == 404
    # The coordinator still sees it.
    coordinator = _client(mexico.coordinators.get().user)
    assert coordinator.get(draft.get_absolute_url()).status_code == 200


def test_the_pdfs_are_published_in_the_default_language_and_the_publishers(lac, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _cycle, mexico, *_rest = lac
    services.review_publish(review=mexico, user=None, language="en")
    assert sorted(mexico.published_reports) == ["imrf-en", "imrf-es", "regional-en", "regional-es"]
    # Each file is a job of its layout and language.
    for key, job_id in mexico.published_reports.items():
        job = ReportJob.objects.get(pk=job_id)
        assert f"{job.layout}-{job.language}" == key
