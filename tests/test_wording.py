"""What the portal says, checked: one *usted*, one word for a password, no gendered
welcome, English dates as the UN writes them, no English left on a Spanish page.

The catalogue checks read locale/es/LC_MESSAGES/django.po itself; each failure lists
every offending msgid, so a translator can fix them all at once.
"""

import ast
import datetime
import re
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests import factories

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active in this thread; later tests that
    render without a request expect the default language."""
    yield
    translation.deactivate()


def po_entries(text: str) -> list[dict[str, str]]:
    """Each entry of a .po as {"msgid": …, "msgstr": …} (or "msgstr[0]"…), obsolete ones out."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in [*text.splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():
            if "msgid" in entry and entry["msgid"]:
                entries.append(entry)
            entry, key = {}, ""
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if match:
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
    return entries


def translations(entry: dict[str, str]) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr") and value]


def offending(says, *, msgid_pattern: re.Pattern[str] | None = None) -> list[str]:
    """Every entry whose Spanish ``says(text)`` is true, as "msgid → msgstr"."""
    found = []
    for entry in po_entries(CATALOGUE.read_text(encoding="utf-8")):
        if msgid_pattern and not msgid_pattern.search(entry["msgid"]):
            continue
        for text in translations(entry):
            if says(text):
                found.append(f"{entry['msgid']!r} → {text!r}")
                break
    return found


def plain(text: str) -> str:
    """Accents off (the check matches "Súbela" as "subela"), placeholders blanked."""
    text = re.sub(r"%\(\w+\)[sd]|\{\{?[^}]*\}\}?", " ", text)
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# Words only *tú* uses: the pronouns, and the second person of the verbs the portal's
# sentences use ("puedes", "tienes"…), matched with their accents ("estás", not "estas").
TU_WORDS = re.compile(
    r"(?i)\b(?:tú|tu|tus|ti|te|contigo|tuyo|tuya|tuyos|tuyas|puedes|podrás|podrías|tienes|"
    r"tendrás|debes|deberás|deberías|quieres|necesitas|estás|eres|serás|has|hayas|sabes|"
    r"verás|vas|haces|escribes|recibirás|recibes|olvidaste|elegiste|enviaste|guardaste|"
    r"hiciste|ingresa|introduce|haz)\b"
)
# A *tú* imperative starting a sentence ("Escribe…", "Súbela…"); the *usted* forms
# ("Escriba", "Súbala") differ by a vowel. Matched without accents, capitalised, at a
# sentence's start: "confirma el borrador" in the history is the third person.
TU_IMPERATIVES = (
    "haz|di|pon|ve|ten|sal|ven|escribe|revisa|pulsa|elige|sube|descarga|guarda|envia|"
    "completa|marca|desmarca|selecciona|anade|agrega|describe|confirma|lee|vuelve|"
    "intenta|inicia|usa|cambia|elimina|adjunta|busca|consulta|abre|cierra|llena|rellena|"
    "responde|pide|comprueba|corrige|restablece|crea|importa|exporta|espera|recuerda|"
    "edita|acepta|invita|asigna|explica|explicita|combina|acorta|deja|mira|fijate|anota|"
    "copia|pega|imprime|contacta|avisa|dile|olvidaste"
)
CLITICS = "(?:lo|la|los|las|le|les|me|nos|selo|sela|selos|selas)?"
CAPITALISED_IMPERATIVES = "|".join(word.capitalize() for word in TU_IMPERATIVES.split("|"))
TU_IMPERATIVE = re.compile(rf"(?:^|[.!?:;—¿¡(]\s*|\n\s*)(?:{CAPITALISED_IMPERATIVES}){CLITICS}\b")


def says_tu(text: str) -> bool:
    return bool(TU_WORDS.search(text) or TU_IMPERATIVE.search(plain(text)))


def test_the_spanish_catalogue_says_usted_never_tu():
    found = offending(says_tu)
    assert not found, "tú-forms in the Spanish catalogue (use usted):\n" + "\n".join(found)


# Third-party Spanish that never reaches a person here: Django's DEBUG pages, the admin's
# own password-reset page (ours replaces it), and "Indica que…", a third person.
NEVER_SHOWN = re.compile(r"DEBUG=True|release notes|^Forgotten your password\?|^Designates ")


def third_party_entries() -> list[dict[str, str]]:
    """The Spanish catalogues of Django and django-import-export that the portal's
    pages and admin show."""
    import django
    import import_export

    catalogues = [
        Path(django.__file__).parent / app / "locale" / "es" / "LC_MESSAGES" / "django.po"
        for app in ("conf", "contrib/auth", "contrib/admin")
    ] + [Path(import_export.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.po"]
    return [
        entry
        for po in catalogues
        for entry in po_entries(po.read_text(encoding="utf-8"))
        if "msgid_plural" not in entry and "msgctxt" not in entry
    ]


def test_no_tu_reaches_a_spanish_page_not_even_from_django_or_import_export():
    """Django's CSRF page and JSON error and import-export's preview say *tú*; the
    portal's catalogue overrides each with *usted*."""
    with translation.override("es"):
        found = [
            f"{entry['msgid']!r} → {translation.gettext(entry['msgid'])!r}"
            for entry in third_party_entries()
            if not NEVER_SHOWN.search(entry["msgid"])
            and any(says_tu(text) for text in translations(entry))
            and says_tu(translation.gettext(entry["msgid"]))
        ]
    assert not found, "third-party tú, not overridden in our catalogue:\n" + "\n".join(found)


def test_the_spanish_catalogue_says_contrasena_for_a_password():
    found = offending(
        re.compile(r"(?i)\bclaves?\b").search, msgid_pattern=re.compile(r"(?i)password")
    )
    assert not found, "“clave” for a password (say “contraseña”):\n" + "\n".join(found)


# "Bienvenido", "Bienvenida", "Bienvenidos" greet one gender; "le damos la bienvenida" does not.
GENDERED_WELCOME = re.compile(r"(?i)(?<!la )\bbienvenid[oa]s?\b")


def test_the_spanish_catalogue_welcomes_everyone_alike():
    found = offending(GENDERED_WELCOME.search)
    # The admin's greeting comes from Django's catalogue ("Bienvenidos,").
    with translation.override("es"):
        found += [
            f"{entry['msgid']!r} → {translation.gettext(entry['msgid'])!r} (third party)"
            for entry in third_party_entries()
            if GENDERED_WELCOME.search(translation.gettext(entry["msgid"]))
        ]
    assert not found, "a gendered welcome (say “Le damos la bienvenida” or “Hola”):\n" + "\n".join(
        found
    )


def django_password_msgids() -> list[str]:
    """Django's own Spanish strings about a password that say “clave”."""
    return [
        entry["msgid"]
        for entry in third_party_entries()
        if re.search(r"(?i)password", entry["msgid"])
        and any(re.search(r"(?i)\bclave", text) for text in translations(entry))
    ]


def test_no_password_is_called_clave_on_a_spanish_page_not_even_by_django():
    """Django's own Spanish says “clave” in a few messages (the sign-in error among
    them); the portal's catalogue overrides them with “contraseña”."""
    with translation.override("es"):
        found = [
            f"{msgid!r} → {translation.gettext(msgid)!r}"
            for msgid in django_password_msgids()
            if re.search(r"(?i)\bclave", translation.gettext(msgid))
        ]
    assert not found, "Django's “clave”, not overridden in our catalogue:\n" + "\n".join(found)


# Strings of django-import-export, django-axes and django-tasks-db that the admin
# shows and that their own Spanish catalogues lack (or mark fuzzy, so never use).
ADMIN_STRINGS = [
    # django-import-export: untranslated, or fuzzy (so never used), in its own es catalogue
    "Select all",
    "This exporter will export the following fields: ",
    # django-axes: no Spanish catalogue at all
    "access attempt",
    "access attempts",
    "access failure",
    "access failures",
    "access log",
    "access logs",
    "Attempt Time",
    "Logout Time",
    "IP Address",
    "Username",
    "User Agent",
    "Path",
    "Locked Out",
    "Access lock out",
    # django-tasks-db: no catalogue at all
    "Task Result",
    "Task Results",
    "priority",
    "queue name",
]


def test_the_admin_has_no_english_left_in_spanish():
    with translation.override("es"):
        untranslated = [s for s in ADMIN_STRINGS if translation.gettext(s) == s]
        untranslated += [
            f"{status} (context “Task”)"
            for status in ("Ready", "Running", "Failed", "Successful")
            if translation.pgettext("Task", status) == status
        ]
        untranslated += [
            f"app {config.label}: {config.verbose_name!r}"
            for config in apps.get_app_configs()
            if config.label in {"axes", "django_tasks_database"}
            and str(config.verbose_name) in {"Axes", "Tasks Database Backend"}
        ]
    assert not untranslated, "English in the Spanish admin:\n" + "\n".join(untranslated)


def test_english_dates_are_written_the_un_way(settings):
    from django.template import engines

    assert settings.FORMAT_MODULE_PATH
    render = (
        engines["django"]
        .from_string(
            '{{ day|date:"DATE_FORMAT" }} | {{ day|date:"SHORT_DATE_FORMAT" }} | '
            '{{ moment|date:"DATETIME_FORMAT" }}'
        )
        .render
    )
    context = {"day": datetime.date(2027, 1, 25), "moment": datetime.datetime(2027, 1, 25, 14, 30)}
    with translation.override("en"):
        assert render(context) == "25 January 2027 | 25/01/2027 | 25 January 2027, 14:30"
    with translation.override("es"):
        assert render(context).startswith("25 de enero de 2027 | 25/01/2027 | ")


@pytest.mark.django_db
def test_a_page_in_english_shows_its_dates_the_un_way(client):
    review = factories.NationalReviewFactory(
        cycle=factories.ReviewCycleFactory(deadline=datetime.date(2027, 1, 25))
    )
    client.force_login(review.coordinators.get().user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(review.get_absolute_url()).content.decode()
    assert "25 January 2027" in page
    assert "Jan. 25, 2027" not in page and "January 25, 2027" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert "25 de enero de 2027" in client.get(review.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_institutions_pdf_puts_the_forms_not_started_on_one_line(client):
    """An institution asked about every objective that has answered one: the PDF
    it signs off shows that answer in full and lists the rest in one paragraph,
    instead of a section of "not answered yet" per form (15 pages)."""
    import io

    from pypdf import PdfReader

    from reviews import selectors, services

    request = factories.InstitutionRequestFactory()
    focal_point = factories.FocalPointFactory(institution=request.institution)
    inputs = selectors.request_inputs(request=request)
    seventh = next(i for i in inputs if i.objective and i.objective.number == 7)
    services.answer_save(
        answer_id=selectors.input_answers(input=seventh)[0].pk,
        user=focal_point.user,
        text="Ventanilla única de atención al migrante retornado.",
        not_applicable=False,
        reason="",
        base_version=0,
    )
    client.force_login(focal_point.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("reviews:request_pdf", args=[request.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Ventanilla única de atención al migrante retornado." in text
    assert f"These {len(inputs) - 1} forms have not been started:" in text
    assert "Objective 1: Data; Objective 2:" in text
    assert "Objective 7: Address and reduce vulnerabilities" in text  # its section, in full
    assert text.count("Not answered yet.") < 10  # the unanswered questions of form 7, and one
    assert len(reader.pages) <= 3
