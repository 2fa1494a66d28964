"""Make every kept page be made afresh at its next reading, on every web node.

The portal sees every write it makes itself, whoever asked for it (a page, a
command, the admin, a script through Django). A change made around it, in psql
or by restoring a database dump with PostgreSQL's own tools, moves no stamp:
run this after one (docs/deployment.md)."""

from django.core.management.base import BaseCommand, no_translations

from reviews import stamps


class Command(BaseCommand):
    help = (
        "Make every kept page be made afresh at its next reading "
        "(after editing the database by hand)."
    )

    @no_translations
    def handle(self, *args, **options):
        stamps.forget()
        self.stdout.write("Every kept page will be made afresh at its next reading.")
