"""Files through Django's storage, on the local disk and on an S3-compatible server
(issue 19): every test below runs on both (``media``, ``tests/s3.py``), through the
portal's own pages, and looks at the disk or the bucket directly."""

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from objectives.models import Objective
from reviews.models import Attachment, Programme, ReportJob
from tests.objectives.test_spreadsheets import csv_bytes, objective_row
from tests.reviews.conftest import as_role, built_world, world  # noqa: F401 (fixtures)
from tests.reviews.test_attachment_types import PDF, programme_with
from tests.reviews.test_coordination import known  # noqa: F401 (fixture)
from tests.s3 import KEYS, REGION, media, s3_client, s3_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SHEET = b"name,objectives\nVentanilla de retorno,7\n"


def nothing_on_disk(media) -> bool:  # noqa: F811
    """On S3 the media folder stays empty: no node keeps a file of its own."""
    return media.kind == "disk" or not media.root.exists() or not any(media.root.rglob("*"))


def programme_with_attachment(client, world) -> Programme:  # noqa: F811
    upload = SimpleUploadedFile("Informe 2026.pdf", PDF, "application/pdf")
    return programme_with(client, world, upload)


def test_an_attachment_is_stored_and_served_only_through_the_access_check(
    media,  # noqa: F811
    world,  # noqa: F811
    as_role,  # noqa: F811
):
    client = as_role("focal_a1")
    attachment = programme_with_attachment(client, world).attachments.get()
    name = attachment.file.name
    assert PurePosixPath(name).parts[:2] == ("attachments", str(world.review_a.pk))
    assert media.names() == {name} and media.read(name) == PDF
    assert nothing_on_disk(media)

    url = reverse("reviews:attachment", args=[world.input_a1.pk, attachment.pk])
    for role in ("focal_a1", "coord_a"):
        download = as_role(role).get(url)
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"] == 'attachment; filename="Informe 2026.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
    # Another country's coordinator and focal point never learn the file exists.
    assert as_role("coord_b").get(url).status_code == 404
    assert as_role("anonymous").get(url).status_code == 302  # to the sign-in page


def test_a_stored_object_is_private_and_a_signed_url_short_lived(media, world, as_role):  # noqa: F811
    attachment = programme_with_attachment(as_role("focal_a1"), world).attachments.get()
    if media.kind == "disk":
        # MEDIA_URL is not served: the only way to a file is the access-checked view.
        assert as_role("anonymous").get(f"/media/{attachment.file.name}").status_code == 404
        return
    grants = media.client.get_object_acl(Bucket=media.bucket, Key=attachment.file.name)
    assert {grant["Permission"] for grant in grants["Grants"]} == {"FULL_CONTROL"}
    assert all("URI" not in grant["Grantee"] for grant in grants["Grants"])  # no AllUsers
    url = media.storage.url(attachment.file.name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60&" in url


def test_an_import_preview_waits_in_the_storage_until_confirmed(media, world, as_role):  # noqa: F811
    client = as_role("focal_a1")
    url = reverse("reviews:programme_import", args=[world.request_a1.pk])
    sheet = SimpleUploadedFile("programas.csv", SHEET, "text/csv")

    preview = client.post(url, {"sheet": sheet})

    assert preview.status_code == 200 and "Ventanilla de retorno" in preview.content.decode()
    assert not Programme.objects.exists()
    (waiting,) = media.names()
    assert waiting.startswith("django-import-export/") and media.read(waiting) == SHEET
    assert nothing_on_disk(media)

    confirmed = client.post(url, {"confirm": "1"})

    assert confirmed.status_code == 302
    assert Programme.objects.get().name == "Ventanilla de retorno"
    assert media.names() == set()
    # A second confirmation finds nothing waiting, and imports nothing again.
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Programme.objects.count() == 1


def test_the_admins_import_preview_waits_in_the_storage_too(
    media,  # noqa: F811
    client,
    administrator,
):
    """django-import-export's own preview (the reference data's admin) keeps its file
    in the default storage, not in one node's /tmp, until the confirmation."""
    client.force_login(administrator)
    sheet = csv_bytes([objective_row(1, title_en="Collect data (edited)")])
    preview = client.post(
        reverse("admin:objectives_objective_import"),
        {"resource": "0", "import_file": SimpleUploadedFile("objectives.csv", sheet)},
    )
    assert preview.status_code == 200 and "confirm_form" in preview.context
    (waiting,) = media.names()
    assert waiting.startswith("django-import-export/") and media.read(waiting) == sheet
    assert nothing_on_disk(media)

    confirm = preview.context["confirm_form"].initial
    done = client.post(reverse("admin:objectives_objective_process_import"), confirm)

    assert done.status_code == 302
    assert Objective.objects.get(number=1).title_en == "Collect data (edited)"
    assert media.names() == set()


def test_a_reports_pdf_is_stored_and_served_to_its_review_only(
    media,  # noqa: F811
    known,  # noqa: F811
    as_role,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = as_role("coord_a")
    ask = reverse("reviews:report_home", args=[known.review_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask, {"layout": "imrf", "language": "es"})
    job = ReportJob.objects.get(review=known.review_a, status=ReportJob.Status.DONE)
    assert media.names() == {job.file.name} and job.file.name.endswith(".pdf")
    stored = media.read(job.file.name)
    assert stored.startswith(b"%PDF-")
    assert nothing_on_disk(media)

    url = reverse("reviews:report_download", args=[known.review_a.pk, job.pk])
    download = client.get(url)
    assert b"".join(download.streaming_content) == stored
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert as_role("coord_b").get(url).status_code == 404


def test_deleting_a_programme_removes_its_attachments_object(
    media,  # noqa: F811
    world,  # noqa: F811
    as_role,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    programme = programme_with_attachment(as_role("focal_a1"), world)
    (name,) = media.names()

    # A deletion rolled back keeps the file with its row.
    with pytest.raises(RuntimeError), transaction.atomic():
        Programme.objects.get(pk=programme.pk).delete()
        raise RuntimeError
    assert media.names() == {name} and Attachment.objects.filter(file=name).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Programme.objects.get(pk=programme.pk).delete()
    assert media.names() == set() and not Attachment.objects.exists()


def test_the_environment_names_the_bucket(s3_server, tmp_path):  # noqa: F811
    """The settings a node starts with: GCM_S3_* and the AWS keys (the secret from a
    file) make the default storage a private bucket that a file really reaches."""
    bucket = "gcm-from-environment"
    client = s3_client(s3_server)
    client.create_bucket(Bucket=bucket)
    secret = tmp_path / "secret"
    secret.write_text(KEYS["secret_key"] + "\n")
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k in keep} | {
        "DJANGO_SETTINGS_MODULE": "gcm_portal.settings",
        "SECRET_KEY": "tests-only-not-a-secret-but-long-enough-for-check-deploy-0123",
        "GCM_S3_BUCKET": bucket,
        "GCM_S3_ENDPOINT_URL": s3_server,
        "GCM_S3_REGION": REGION,
        "AWS_ACCESS_KEY_ID": KEYS["access_key"],
        "AWS_SECRET_ACCESS_KEY_FILE": str(secret),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    code = (
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.default_acl, s.querystring_auth, s.querystring_expire)\n"
        "print(s.save('probe/hello.txt', ContentFile(b'hello')))\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["S3Storage private True 60", "probe/hello.txt"]
    body = client.get_object(Bucket=bucket, Key="probe/hello.txt")["Body"].read()
    assert body == b"hello"
    assert not (tmp_path / "media").exists()
