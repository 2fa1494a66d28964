"""Restore an archive of `manage.py backup` into an empty, migrated database."""

import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reviews import services, stamps
from reviews.management.commands.backup import DATA_NAME, MEDIA_DIR
from reviews.models import NationalReview


class Command(BaseCommand):
    help = "Load an archive of `manage.py backup`: the database, then the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file written by backup")

    def handle(self, *args, archive, **options):
        if NationalReview.objects.exists():
            raise CommandError("The database is not empty: restore into a new, migrated one.")
        with tempfile.TemporaryDirectory() as folder, tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")  # no paths outside the folder
            root = Path(folder)
            # The archive holds the history already: loading rows must not add to it.
            history = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
            settings.SIMPLE_HISTORY_ENABLED = False
            try:
                with transaction.atomic():
                    call_command("loaddata", str(root / DATA_NAME), verbosity=0)
                    # An archive of a portal that made rows on first sight may lack some.
                    for review in NationalReview.objects.select_related("cycle"):
                        services.review_rows_sync(review=review)
            finally:
                settings.SIMPLE_HISTORY_ENABLED = history
            # An archive made before stamps were left out holds old ones: new salts.
            stamps.forget()
            media = root / MEDIA_DIR
            if media.exists():
                target = Path(settings.MEDIA_ROOT)
                for path in sorted(media.rglob("*")):
                    destination = target / path.relative_to(media)
                    if path.is_dir():
                        destination.mkdir(parents=True, exist_ok=True)
                    else:
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        destination.write_bytes(path.read_bytes())
        self.stdout.write(f"Restored {archive}.")
