"""The disk for uploads full, then freed: the programme is kept, the person is told.

Mounts a 1 MB tmpfs as MEDIA_ROOT (as root; otherwise MEDIA_ROOT is a path
that cannot be written), fills it, starts the portal under gunicorn, and has
a focal point save a programme with a 300 KB attachment over HTTP. Then frees
the disk and attaches the document again. Prints one JSON line.

    scripts/with-postgres .venv/bin/python benchmarks/fault_uploads.py
"""

import http.client
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

MEDIA = Path(tempfile.mkdtemp(prefix="gcm-uploads-"))
MOUNTED = (
    os.geteuid() == 0
    and subprocess.run(  # noqa: S603 (a small tmpfs for this run only)
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(MEDIA)],  # noqa: S607
        check=False,
    ).returncode
    == 0
)
if not MOUNTED:
    MEDIA.rmdir()
    MEDIA.write_text("not a folder: the uploads path cannot be written")
os.environ["MEDIA_ROOT"] = str(MEDIA)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import fresh_people, start_portal  # noqa: E402

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def multipart(fields: dict, file_field: str, file_name: str, content: bytes):
    boundary = "gcm-fault-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(port, path, session, fields, content):
    body, content_type = multipart(fields, "new_attachment", "informe.png", content)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={'x' * 32}",
            "X-CSRFToken": "x" * 32,
            "Content-Type": content_type,
        },
    )
    response = connection.getresponse()
    response.read()
    location = response.getheader("Location", "")
    # The message travels in a cookie, as a browser would carry it.
    cookies = [f"sessionid={session}"] + [
        value.split(";", 1)[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and value.startswith("messages=")
    ]
    connection.request("GET", location, headers={"Cookie": "; ".join(cookies)})
    page = connection.getresponse().read().decode()
    connection.close()
    return response.status, location, page


def main():
    from reviews.models import Attachment, Programme

    person = fresh_people(1)[0]
    answer = person["answer"]
    fields = {
        "name": "Programa Quédate",
        "kind": "programme",
        "description": "Reintegración de niñez retornada.",
        "version": "",
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "statistics-0-indicator": "Niñas y niños atendidos",
        "statistics-0-total": "215",
        "challenges-TOTAL_FORMS": "0",
        "challenges-INITIAL_FORMS": "0",
    }
    document = PNG + b"\x00" * 300_000
    filler = MEDIA / "filler"
    if MOUNTED:
        with open(filler, "wb") as full:  # fill the disk
            try:
                while True:
                    full.write(b"\x00" * 65536)
            except OSError:
                pass
    server, port = start_portal(workers=1, threads=2)
    try:
        status, location, page = post(
            port,
            f"/work/inputs/{answer.input_id}/programmes/add/",
            person["session"],
            fields,
            document,
        )
        programme = Programme.objects.filter(name="Programa Quédate").first()
        full_disk = {
            "status": status,
            "told": "no se pudo almacenar" in page,
            "programme_saved": programme is not None,
            "statistics_saved": bool(programme and programme.statistics.count() == 1),
            "attachment_saved": Attachment.objects.exists(),
        }
        freed = None
        if MOUNTED and programme:
            filler.unlink()
            edit = f"/work/inputs/{answer.input_id}/programmes/{programme.pk}/"
            programme.refresh_from_db()
            again = {**fields, "version": programme.version, "statistics-TOTAL_FORMS": "0"}
            status, _location, _page = post(port, edit, person["session"], again, document)
            freed = {"status": status, "attachment_saved": Attachment.objects.count() == 1}
    finally:
        server.terminate()
        server.wait(timeout=30)
        if MOUNTED:
            subprocess.run(["umount", str(MEDIA)], check=False)  # noqa: S603, S607
            MEDIA.rmdir()
        else:
            MEDIA.unlink()
    print(
        json.dumps(
            {
                "benchmark": "fault_uploads",
                "uploads_disk": "1 MB tmpfs, full" if MOUNTED else "a path that cannot be written",
                "while_full": full_disk,
                "after_freeing_it": freed,
            }
        )
    )


if __name__ == "__main__":
    main()
