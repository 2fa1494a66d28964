"""The national report's PDF on a Mexico-sized review: the portal against WeasyPrint alone.

Builds the review of benchmarks/mexico.py, writes a consolidated national text
for each objective (its institutions' answers, about 2,000 words), then renders
the IMRF report as the report worker does (gather, lay out, write, store) and,
in the same run, WeasyPrint alone on the very same HTML. Prints one JSON line:
pages, total seconds, WeasyPrint seconds, their ratio, SQL queries of the
portal's part, and the peak memory of the process.

    scripts/with-postgres .venv/bin/python benchmarks/report.py

Targets (issue 6): ratio at most 1.10; queries bounded; peak memory under 1 GB
for a 250-page report.
"""

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from mexico import fresh_review  # noqa: E402

from reviews import services
from reviews.rendering import pdf


def consolidate(review) -> None:
    """Every objective's national text: what its institutions answered to question b."""
    from reviews import selectors
    from reviews.models import Answer, NationalText

    services.review_texts_create(review=review)
    texts = selectors.review_texts(review=review)
    answers = Answer.objects.filter(input__request__review=review, question__code="b").values_list(
        "input__objective__number", "text"
    )
    paragraphs = {}
    for number, text in answers:
        paragraphs.setdefault(number, []).append(text)
    for number, found in paragraphs.items():
        NationalText.objects.filter(pk=texts[f"objective-{number}"].pk).update(
            text="\n\n".join(found[:4])
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", default="imrf", choices=["imrf", "regional"])
    parser.add_argument("--lang", default="es", choices=["es", "en"])
    parser.add_argument("--repeat", type=int, default=2, help="rounds of each (best kept)")
    args = parser.parse_args()

    from weasyprint import HTML

    from reviews.models import ReportJob

    request, _focal, coordinator = fresh_review()
    review = request.review
    consolidate(review)
    portal_times, alone_times = [], []
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        # Alternated, and the best of each kept: the machine is shared and noisy.
        for _round in range(args.repeat):
            job = ReportJob.objects.create(
                review=review, layout=args.layout, language=args.lang, requested_by=coordinator
            )
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                job = services.report_render(job.pk)
            portal_times.append(time.perf_counter() - started)
            query_count = len(queries)
            if job.status != ReportJob.Status.DONE:
                raise SystemExit(f"the report failed: {job.error}")

            html = pdf.report_html(review, args.layout, args.lang)
            started = time.perf_counter()
            alone = HTML(
                string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticFilesFetcher()
            ).write_pdf(pdf_variant=pdf.PDF_VARIANT)
            alone_times.append(time.perf_counter() - started)
    total, weasyprint_seconds = min(portal_times), min(alone_times)

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "benchmark": "report",
                "database": connection.vendor,
                "layout": args.layout,
                "language": args.lang,
                "pages": job.pages,
                "pdf_kb": len(alone) // 1024,
                "rounds": args.repeat,
                "total_seconds": round(total, 2),
                "weasyprint_seconds": round(weasyprint_seconds, 2),
                "ratio": round(total / weasyprint_seconds, 3),
                "sql_queries": query_count,
                "peak_memory_mb": round(peak_kb / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
