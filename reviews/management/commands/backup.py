"""Back up the database and the uploaded files into one archive: `manage.py backup FILE.tar.gz`.

The database goes in as a Django fixture (natural keys), so the archive restores
into any supported database (`manage.py restore`); the uploaded files go in
as they are on disk. Written to a temporary name and renamed when complete.
"""

import io
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` on the restoring side, or not worth keeping.
# Stamps are not data: a restored database starts its own (new salts, reviews.stamps).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "reviews.stamp"]
DATA_NAME = "database.json"
MEDIA_DIR = "media"


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file to write")

    def handle(self, *args, archive, **options):
        data = io.StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            stdout=data,
        )
        content = data.getvalue().encode()
        target = Path(archive)
        partial = target.with_name(target.name + ".partial")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(partial, "w:gz") as tar:
            info = tarfile.TarInfo(DATA_NAME)
            info.size, info.mtime = len(content), int(time.time())
            tar.addfile(info, io.BytesIO(content))
            if media.exists():
                tar.add(media, arcname=MEDIA_DIR)
        partial.replace(target)
        self.stdout.write(f"{target} ({target.stat().st_size // 1024} KB)")
