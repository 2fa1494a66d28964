"""Prune old report jobs, their PDFs and abandoned import previews: once a day from
cron (docs/deployment.md), or through ``tasks.prune_reports_task``. What is kept is
said in ``reviews/services/retention.py``. Harmless when run twice, or twice at once."""

import argparse

from django.core.management.base import BaseCommand, no_translations

from reviews.services.retention import reports_prune


def at_least_one(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Delete old report jobs and their PDFs (keeping submitted reviews' final reports, "
        "published ones and the last few of each draft) and import previews abandoned "
        "for a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Delete nothing; list what would be deleted.",
        )
        parser.add_argument(
            "--keep",
            type=at_least_one,
            help="Done reports kept of each draft's layout and language "
            "(default: the REPORTS_KEPT_PER_DRAFT setting).",
        )

    @no_translations  # its lines are for the logs, in English
    def handle(self, *args, **options):
        summary = reports_prune(keep=options["keep"], dry_run=options["dry_run"])
        if options["dry_run"] or options["verbosity"] > 1:
            for line in summary.deleted:
                self.stdout.write(line)
        self.stdout.write(str(summary))
