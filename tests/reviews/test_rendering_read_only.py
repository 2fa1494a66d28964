"""Reports run against a read replica: the national report and the report pages are
rendered on a connection that refuses every write, and send none."""

import contextlib
import datetime

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import ReportJob
from reviews.rendering import pdf

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")


@contextlib.contextmanager
def read_only():
    """The test's connection refuses writes while inside, as a read replica would."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
    elif connection.vendor == "postgresql":
        # The test already runs in a transaction, which SET SESSION CHARACTERISTICS or
        # default_transaction_read_only would not change. SET TRANSACTION READ ONLY
        # does, inside a savepoint whose rollback makes the transaction writable again.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
            yield
            transaction.set_rollback(True)
    else:
        pytest.skip(f"no read-only switch for {connection.vendor}")


def writes_in(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


def test_the_switch_really_refuses_writes(world):
    """Without this, the tests below could pass on a connection that still writes."""
    with read_only(), pytest.raises(DatabaseError), transaction.atomic():
        ReportJob.objects.filter(pk=world.report_job.pk).update(error="written")
    world.report_job.refresh_from_db()
    assert world.report_job.error == "x"
    # ... and writes again once outside.
    ReportJob.objects.filter(pk=world.report_job.pk).update(error="written")


@pytest.mark.parametrize("layout", ReportJob.NATIONAL_LAYOUTS)
def test_the_national_report_renders_from_a_read_only_connection(world, layout):
    review = world.review_a
    with read_only(), CaptureQueriesContext(connection) as queries:
        html = pdf.report_html(review, layout, "es", for_pdf=False)
        report = pdf.report_pdf(review, layout, "en")
    assert writes_in(queries) == []
    assert len(queries) > 0  # it did read the review
    assert "Guatemala" in html
    assert report.pages > 1 and report.content.startswith(b"%PDF")


def test_the_report_pages_only_read(world, as_role):
    """The coordinator's report pages, a stalled job among them, on a read-only connection."""
    stuck = ReportJob.objects.create(  # its worker stopped on its last attempt
        review=world.review_a,
        layout="imrf",
        language="es",
        status=ReportJob.Status.RUNNING,
        attempts=settings.REPORT_ATTEMPTS,
    )
    ReportJob.objects.filter(pk=stuck.pk).update(
        updated_at=stuck.updated_at - datetime.timedelta(minutes=30)
    )
    client = as_role("coord_a")
    # A fresh session is renewed (written) on its first request, once every few minutes
    # after that: session upkeep, not the pages' doing.
    client.get(reverse("reviews:report_home", args=[world.review_a.pk]))
    pages = [
        reverse("reviews:report_home", args=[world.review_a.pk]),
        reverse("reviews:report_job", args=[world.review_a.pk, stuck.pk]),
        reverse("reviews:report_download", args=[world.review_a.pk, stuck.pk]),
        reverse("reviews:report_preview", args=[world.review_a.pk, "regional"]),
    ]
    with read_only(), CaptureQueriesContext(connection) as queries:
        responses = [client.get(page) for page in pages]
    assert [response.status_code for response in responses] == [200, 200, 404, 200]
    assert "Intentar de nuevo" in responses[1].content.decode()  # shown failed, with a retry
    assert writes_in(queries) == []
