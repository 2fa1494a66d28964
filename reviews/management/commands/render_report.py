"""Render a national report to a PDF file, for operators: no queue, no browser.

It makes the PDF as the report worker does (``rendering.pdf.report_pdf``), so
what an operator writes here is what a coordinator downloads.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.models import NationalReview, ReportJob
from reviews.rendering.pdf import report_pdf


class Command(BaseCommand):
    help = "Write the national report of a country in a cycle to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("country", help="ISO 3166 alpha-3 code, e.g. GTM")
        parser.add_argument("cycle", help="the cycle's short name (slug)")
        parser.add_argument("--layout", choices=ReportJob.NATIONAL_LAYOUTS, default="imrf")
        parser.add_argument(
            "--lang", choices=[code for code, _ in settings.LANGUAGES], default="es"
        )
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, country, cycle, layout, lang, out, **options):
        review = (
            NationalReview.objects.select_related("cycle", "country")
            .filter(country__iso3=country.upper(), cycle__slug=cycle)
            .first()
        )
        if review is None:
            raise CommandError(f"No national review of {country} in the cycle {cycle}.")
        report = report_pdf(review, layout, lang)
        path = Path(out)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(report.content)
        partial.replace(path)  # never a half-written file under the asked name
        self.stdout.write(f"{path} ({len(report.content) // 1024} KB)")
