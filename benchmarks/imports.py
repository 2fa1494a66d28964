"""Time and peak memory of the programme import at its limits (issue 14, hole 3).

On a Mexico-sized review (benchmarks/mexico.py, in a throwaway database), a
focal point uploads through Django's whole stack (the import page, its
preview, then its confirmation) each of these files:

- ``largest_accepted``: the largest programme workbook the limits let through
  (objectives.sheets): 200 rows, every column of the template, its six long
  texts as long as the cell limit, the uncompressed size and the 5 MB upload
  allow, and a challenges sheet of 200 challenges (one per programme);
- ``largest_accepted_csv``: the same as a CSV, as long as 5 MB allows;
- ``rows_10000``: the 25 KiB-like XLSX of 10,000 short rows that kept a
  request busy 44 s before the limits (refused at its 202nd row);
- ``zip_bomb``: a small XLSX whose sheet declares 200 MB once uncompressed;
- ``empty_cell_flood``: an XLSX within the uncompressed limit whose sheet
  holds 950,000 empty formatted cells (refused at the cell limit).

Each file is imported in its own Python process, so that its peak resident
memory is its own; ``peak_rss_mb`` is that process's peak (``VmHWM``),
``growth_mb`` how much the preview and the confirmation added to what it
held before them (Linux: the peak is reset before the upload). Prints one JSON line.

    scripts/with-postgres .venv/bin/python benchmarks/imports.py

Target: the largest accepted file previews and imports well inside
gunicorn's default timeout of 30 seconds.
"""

import contextlib
import html
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mexico import SAMPLE, fresh_review  # noqa: E402

from reviews.models import PROGRAMME_FIELDS  # noqa: E402

COLUMNS = list(PROGRAMME_FIELDS)  # the programme sheet's columns, as the template has them
TEXTS = [
    "commitment",
    "description",
    "background",
    "general_objective",
    "specific_objectives",
    "achievements",
]


def words(rng: random.Random, characters: int) -> str:
    vocabulary = SAMPLE.split()
    out, size = [], 0
    while size < characters:
        word = rng.choice(vocabulary)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:characters]


def programme_rows(rng: random.Random, rows: int, characters: int):
    for n in range(rows):
        values = {
            "name": f"Programa importado {n}",
            "kind": "Programa",
            "objectives": f"{n % 23 + 1}; {(n + 7) % 23 + 1}",
            "institutions_involved": "S1; S2",
            "partners": "OIM, UNICEF, ACNUR",
            "period_start": "15/03/2020",
            "period_end": "",
            "principles": "1; 4",
            "links": "https://www.gob.mx/programa",
        }
        for column in TEXTS:
            values[column] = words(rng, characters)
        yield [values[column] for column in COLUMNS]


def xlsx(rows, challenges: bool = False) -> bytes:
    """The programme sheet; with ``challenges``, a challenges sheet too: one
    challenge per programme, as long as its texts, in three categories."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("programas")
    sheet.append(COLUMNS)
    rows = list(rows)
    for row in rows:
        sheet.append(row)
    if challenges:
        sheet = book.create_sheet("retos")
        sheet.append(["programme", "challenge", "1. a", "2. b", "3. c"])
        for row in rows:
            text = (row[COLUMNS.index("description")] or "Reto")[:5000]
            sheet.append([row[0], text, "x", "", "x"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_file(rows) -> bytes:
    import csv

    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return output.getvalue().encode()


def uncompressed(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(member.file_size for member in archive.infolist())


def largest(make, fits) -> tuple[bytes, int]:
    """The file of ``MAX_ROWS`` rows with the longest texts that still ``fits``."""
    from objectives import sheets

    low, high, best = 0, sheets.MAX_CELL, None
    while low <= high:  # characters per text cell
        middle = (low + high) // 2
        rows = programme_rows(random.Random(2026), sheets.MAX_ROWS, middle)  # noqa: S311
        content = make(rows)
        if fits(content):
            best, low = (content, middle), middle + 1
        else:
            high = middle - 1
    return best


def with_sheet_xml(sheet_xml_chunks) -> bytes:
    """A one-sheet XLSX whose sheet XML is written from ``sheet_xml_chunks``."""
    template = xlsx([["Programa", "Programa", "7"] + [""] * 12])
    source = zipfile.ZipFile(io.BytesIO(template))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                with target.open(member.filename, "w", force_zip64=True) as sheet:
                    for chunk in sheet_xml_chunks():
                        sheet.write(chunk)
            else:
                target.writestr(member, source.read(member.filename))
    return output.getvalue()


SHEET_START = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>objectives</t></is></c></row>'
)
SHEET_END = b"</sheetData></worksheet>"


def zip_bomb() -> bytes:
    def chunks():
        yield SHEET_START
        row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
        block = row * 1000
        for _ in range(200 * 1024 * 1024 // len(block)):
            yield block
        yield SHEET_END

    return with_sheet_xml(chunks)


def empty_cell_flood() -> bytes:
    def chunks():
        yield SHEET_START
        row = b"<row>" + b'<c s="0"/>' * 10_000 + b"</row>"
        for _ in range(95):  # 950,000 cells, 9.5 MB: within the uncompressed limit
            yield row
        yield SHEET_END

    return with_sheet_xml(chunks)


def files() -> dict[str, bytes]:
    from objectives import sheets

    def xlsx_fits(content):
        return len(content) <= sheets.MAX_BYTES and uncompressed(content) <= sheets.MAX_UNCOMPRESSED

    accepted, characters = largest(lambda rows: xlsx(rows, challenges=True), xlsx_fits)
    accepted_csv, csv_characters = largest(csv_file, lambda c: len(c) <= sheets.MAX_BYTES)
    rows_10000 = xlsx([f"Programa {n}", "Programa", str(n % 23 + 1)] for n in range(10_000))
    return {
        "largest_accepted": (accepted, "xlsx", {"characters_per_text_cell": characters}),
        "largest_accepted_csv": (
            accepted_csv,
            "csv",
            {"characters_per_text_cell": csv_characters},
        ),
        "rows_10000": (rows_10000, "xlsx", {}),
        "zip_bomb": (zip_bomb(), "xlsx", {}),
        "empty_cell_flood": (empty_cell_flood(), "xlsx", {}),
    }


def rss_mb(field: str = "VmHWM") -> float:
    """This process's peak (``VmHWM``) or current (``VmRSS``) resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reset_peak() -> None:
    """Start the peak again from the current memory (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):  # if not, the peak includes the start-up
        Path("/proc/self/clear_refs").write_text("5")


def run_case(path: str, request_id: int, user_id: int) -> dict:
    """In its own process: upload the file, confirm it if it is accepted."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from reviews.models import Programme

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    url = reverse("reviews:programme_import", args=[request_id])
    content = Path(path).read_bytes()
    client.get(url)  # warm the page and the translations
    reset_peak()
    before_mb = rss_mb("VmRSS")
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    started = time.perf_counter()
    response = client.post(url, {"sheet": SimpleUploadedFile(Path(path).name, content)})
    preview_s = time.perf_counter() - started
    if profile:
        import pstats

        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    page = response.content.decode()
    problems = re.search(r'id="import-problems">.*?<li>(.*?)</li>', page, re.DOTALL)
    result = {
        "preview_status": response.status_code,
        "preview_s": round(preview_s, 2),
        "refused_with": html.unescape(problems.group(1)) if problems else None,
    }
    if response.status_code == 200 and not problems:
        count = Programme.objects.filter(request_id=request_id).count()
        if profile:
            profile = cProfile.Profile()
            profile.enable()
        started = time.perf_counter()
        response = client.post(url, {"confirm": "1"})
        result["confirm_status"] = response.status_code
        result["confirm_s"] = round(time.perf_counter() - started, 2)
        if profile:
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(25)
        result["programmes_added"] = Programme.objects.filter(request_id=request_id).count() - count
    result["peak_rss_mb"] = rss_mb()
    result["growth_mb"] = round(result["peak_rss_mb"] - before_mb, 1)
    return result


def main():
    request, focal_point, _coordinator = fresh_review()
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, (content, extension, shape) in files().items():
            path = Path(folder) / f"{name}.{extension}"
            path.write_bytes(content)
            size = {"file_kib": round(len(content) / 1024, 1)}
            if extension == "xlsx":
                size["uncompressed_mib"] = round(uncompressed(content) / 1024 / 1024, 1)
            done = subprocess.run(  # noqa: S603 (this script, with its own arguments)
                [
                    sys.executable,
                    __file__,
                    "--case",
                    str(path),
                    str(request.pk),
                    str(focal_point.pk),
                ],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ,
            )
            figures[name] = {**size, **shape, **json.loads(done.stdout.strip().splitlines()[-1])}
            print(name, figures[name], file=sys.stderr)
    print(json.dumps({"benchmark": "imports", "gunicorn_timeout_s": 30, **figures}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        path, request_id, user_id = sys.argv[2:5]
        print(json.dumps(run_case(path, int(request_id), int(user_id))))
    else:
        main()
