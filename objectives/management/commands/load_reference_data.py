from django.core.management.base import BaseCommand

from objectives.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the Global Compact reference data (thematic areas, round tables, objectives, "
        "guiding principles, challenge categories, regional commissions, countries) from "
        "fixtures/. Safe to run again: it only writes what differs from the fixtures."
    )

    def handle(self, *args, **options):
        report = load_reference_data()
        for label in report.labels:
            self.stdout.write(
                f"{label}: {report.created[label]} created, {report.updated[label]} updated, "
                f"{report.unchanged[label]} unchanged"
            )
        if not report.changed_anything:
            self.stdout.write(self.style.SUCCESS("Reference data already up to date."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference data loaded."))
