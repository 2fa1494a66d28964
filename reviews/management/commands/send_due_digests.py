"""Send the coordinators' digests that are due, for cron or beside the worker.

The worker sends each digest when it is due (a deferred task); this command
sends any that a queue could not defer or a stopped worker left behind.
Harmless when run twice, or beside the worker: each digest goes once.
"""

from django.core.management.base import BaseCommand

from reviews.services.notifications import digests_send_due


class Command(BaseCommand):
    help = "Send the coordinators' digests of submitted inputs that are due."

    def handle(self, *args, **options):
        sent = digests_send_due()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
