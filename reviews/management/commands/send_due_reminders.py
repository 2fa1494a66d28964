"""Send the reminders of the deadline plans that are due today: once a day from
cron (README, "Reminders"), or through ``tasks.send_due_reminders_task``.
Harmless when run twice, or twice at once: each step goes once."""

import argparse
import datetime

from django.core.management.base import BaseCommand, no_translations

from reviews.services.schedule import due_reminders_send


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Send the deadline plans' reminders and escalations that are due today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=iso_date,
            help="The day to act as, YYYY-MM-DD (default: today, in the portal's time zone).",
        )

    @no_translations  # its line is for the logs, in English; each e-mail is in its reader's
    def handle(self, *args, **options):
        summary = due_reminders_send(today=options["today"])
        self.stdout.write(str(summary))
