"""Every URL of the project, with every HTTP method it accepts and every role: who may
use it, what the others get, and 405 for the methods it does not accept.

Add a URL, or a method to a view, and this test fails until ACCESS says who may use it.
The data is built once for the module; every test, and every role's request in it,
starts from that same data (each runs in a savepoint that is rolled back).
"""

import copy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from objectives.models import RegionalCommission
from reviews import selectors
from reviews.models import FocalPoint, ReportJob
from reviews.models.network import Consultation, Pledge
from tests.factories import (
    AdministratorFactory,
    AttachmentFactory,
    FocalPointFactory,
    InstitutionFactory,
    InstitutionRequestFactory,
    NationalReviewFactory,
    ProgrammeFactory,
    RegionalReviewerFactory,
    ReportJobFactory,
    ReviewCycleFactory,
    UserFactory,
    country,
)

# "reviewer" reviews the world's cycle; "reviewer_other" a cycle of another region.
ROLES = [
    "anonymous",
    "focal_a1",
    "focal_a2",
    "coord_a",
    "coord_b",
    "reviewer",
    "reviewer_other",
    "admin",
]
METHODS = ["get", "post", "put", "patch", "delete"]

# What each role gets: 200 page (or a form shown again with its errors), 302 redirect
# (anonymous: to the sign-in page), 403 inside but not allowed, 404 outside (as if
# the object did not exist). POSTs carry no data.
EVERYONE_200 = dict.fromkeys(ROLES, 200)
EVERYONE_302 = dict.fromkeys(ROLES, 302)
SIGNED_IN_200 = {**EVERYONE_200, "anonymous": 302}
COORDINATOR_WRITE = {
    "anonymous": 302,
    "focal_a1": 403,
    "focal_a2": 403,
    "coord_a": 200,
    "coord_b": 404,
    "reviewer": 404,
    "reviewer_other": 404,
    "admin": 200,
}
COORDINATOR_POST = {**COORDINATOR_WRITE, "coord_a": 302, "admin": 302}
# Let in, the coordinators find nothing there (no version to restore, no file yet): 404.
COORDINATOR_FINDS_NOTHING = {**COORDINATOR_WRITE, "coord_a": 404, "admin": 404}
# An input: its institution's focal point writes; the review's coordinators read
# (and accept or return); a colleague of another institution does not see it.
INPUT_READ = {
    "anonymous": 302,
    "focal_a1": 200,
    "focal_a2": 404,
    "coord_a": 200,
    "coord_b": 404,
    "reviewer": 404,
    "reviewer_other": 404,
    "admin": 200,
}
INPUT_WRITE = {**INPUT_READ, "coord_a": 403, "admin": 403}
# A cycle's region: its regional reviewer and the administrators; nobody else, not
# even a reviewer of another region (404).
REGION_READ = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "reviewer": 200,
    "admin": 200,
}
REGION_POST = {**REGION_READ, "reviewer": 302, "admin": 302}
INPUT_WRITE_POST = {**INPUT_WRITE, "focal_a1": 302}
INPUT_REVIEW_POST = {**INPUT_READ, "focal_a1": 403, "coord_a": 302, "admin": 302}


def build_world() -> SimpleNamespace:
    """Two countries' reviews in one open cycle, and one person per role."""
    users = {
        role: UserFactory(username=role) for role in ROLES if role not in {"anonymous", "admin"}
    }
    users["admin"] = AdministratorFactory(username="admin")
    cycle = ReviewCycleFactory(slug="current")
    review_a = NationalReviewFactory(
        cycle=cycle, country=country("GTM"), coordinator=users["coord_a"]
    )
    review_b = NationalReviewFactory(
        cycle=cycle, country=country("MEX"), coordinator=users["coord_b"]
    )
    a1 = InstitutionFactory(country=review_a.country, name="Instituto A1", acronym="A1")
    a2 = InstitutionFactory(country=review_a.country, name="Ministerio A2", acronym="A2")
    b1 = InstitutionFactory(country=review_b.country, name="Secretaría B1", acronym="B1")
    FocalPointFactory(institution=a1, user=users["focal_a1"])
    FocalPointFactory(institution=a2, user=users["focal_a2"])
    invited = UserFactory(password=None)  # has not chosen a password yet
    fp_pending = FocalPointFactory(institution=a1, user=invited, kind=FocalPoint.Kind.ALTERNATE)
    fp_b1 = FocalPointFactory(institution=b1, user=invited)
    RegionalReviewerFactory(cycle=cycle, user=users["reviewer"])
    europe = ReviewCycleFactory(
        slug="europe", regional_commission=RegionalCommission.objects.get(code="ECE")
    )
    RegionalReviewerFactory(cycle=europe, user=users["reviewer_other"])
    request_a1 = InstitutionRequestFactory(review=review_a, institution=a1)
    InstitutionRequestFactory(review=review_a, institution=a2)
    input_a1 = next(
        i for i in selectors.request_inputs(request=request_a1) if i.objective.number == 7
    )
    programme_a1 = ProgrammeFactory(request=request_a1, objectives=[input_a1.objective])
    pledge_a, consultation_a = network_rows(review_a, users["coord_a"])
    return SimpleNamespace(
        pledge_a=pledge_a,
        consultation_a=consultation_a,
        users=users,
        cycle=cycle,
        later_cycle=ReviewCycleFactory(slug="later", questionnaire=False),
        review_a=review_a,
        review_b=review_b,
        a1=a1,
        b1=b1,
        fp_pending=fp_pending,
        fp_b1=fp_b1,
        request_a1=request_a1,
        input_a1=input_a1,
        answer_a1=selectors.input_answers(input=input_a1)[0],
        text_a=selectors.review_texts(review=review_a)["objective-7"],
        programme_a1=programme_a1,
        attachment_a1=AttachmentFactory(programme=programme_a1, uploaded_by=users["focal_a1"]),
        report_job=ReportJobFactory(review=review_a, status=ReportJob.Status.FAILED, error="x"),
        synthesis_job=ReportJobFactory(
            review=None,
            cycle=cycle,
            layout=ReportJob.Layout.SYNTHESIS,
            status=ReportJob.Status.FAILED,
            error="x",
        ),
    )


def network_rows(review, user):
    """A pledge with its document and a consultation with its minutes (pages of issue 17)."""
    pledge = Pledge.objects.create(
        review=review,
        title="Compromiso",
        kind=Pledge.Kind.INDIVIDUAL,
        text="x" * 300,
        indicator="Personas atendidas",
        due_on="2030-12-31",
        created_by=user,
    )
    consultation = Consultation.objects.create(
        review=review, held_on="2024-03-12", format="in_person", groups=["migrants"], summary="s"
    )
    for row in (pledge, consultation):
        row.file_name, row.file_type, row.file_size = "acta.pdf", "application/pdf", 9
        row.file.save("acta.pdf", ContentFile(b"%PDF-1.4\n"))
    return pledge, consultation


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker, tmp_path_factory):
    # The attachment's file lives as long as its row: for the whole module.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            world = build_world()
            world.sessions = {role: signed_in(user) for role, user in world.users.items()}
        yield world


@pytest.fixture
def world(built_world, db):
    """The module's data: its rows are restored by each test's rollback, its objects
    by this copy (as ``setUpTestData`` does), should a test change one in memory."""
    return copy.deepcopy(built_world)


def signed_in(user) -> str:
    """The key of a session of ``user``'s: signing in once per module, not per request,
    saves about a third of the matrix's time."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def answer(world, role: str, method: str, url: str) -> int:
    """The status of one request by one role, in a savepoint rolled back after it: a
    POST (a review submitted, an input withdrawn, a sign-out) does not change what the
    next one sees. A new client each time: no cookie (messages, language) carries over."""
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    with transaction.atomic():
        status = getattr(client, method)(url).status_code
        transaction.set_rollback(True)
    return status


def url_kwargs(world):
    a, a1 = world.review_a.pk, world.a1.pk
    return {
        "objective": {"number": 1},
        "review": {"review_id": a},
        "institution_of_review": {"review_id": a, "institution_id": a1},
        "focal_point_of_review": {"review_id": a, "focal_point_id": world.fp_pending.pk},
        "start": {"cycle_id": world.later_cycle.pk, "iso3": "GTM"},
        "institution": {"institution_id": a1},
        "token": {"uidb64": "MQ", "token": "set-password"},
        "input": {"input_id": world.input_a1.pk},
        "request": {"request_id": world.request_a1.pk},
        "objective_of_review": {"review_id": a, "number": 7},
        "group_of_review": {"review_id": a, "number": 2},
        "text": {"review_id": a, "text_id": world.text_a.pk},
        "export": {"review_id": a, "kind": "xlsx"},
        "report_job": {"review_id": a, "job_id": world.report_job.pk},
        "preview": {"review_id": a, "layout": "imrf"},
        "answer": {"input_id": world.input_a1.pk, "answer_id": world.answer_a1.pk},
        "programme": {"input_id": world.input_a1.pk, "programme_id": world.programme_a1.pk},
        "attachment": {"input_id": world.input_a1.pk, "attachment_id": world.attachment_a1.pk},
        "cycle": {"cycle_id": world.cycle.pk},
        "catalogues": {"po_filter": "project"},
        "catalogue": {"po_filter": "project", "lang_id": "es", "idx": 0},
        "objective_of_cycle": {"cycle_id": world.cycle.pk, "number": 7},
        "synthesis_text": {"cycle_id": world.cycle.pk, "key": "group-1"},
        "synthesis_job": {"cycle_id": world.cycle.pk, "job_id": world.synthesis_job.pk},
        "country": {"iso3": "GTM"},
        "public_report": {"review_id": a, "layout": "imrf"},
        "public_pdf": {"review_id": a, "layout": "imrf", "language": "es"},
        "pledge": {"review_id": a, "pledge_id": world.pledge_a.pk},
        "consultation": {"review_id": a, "consultation_id": world.consultation_a.pk},
        "calendar_key": {"token": "not-a-calendar-key"},
    }


# name: (kwargs key or None, {method: expected status per role}). HEAD answers as GET.
# The catalogues (django-rosetta): translators and administrators; anyone else is sent
# to sign in (rosetta's own check, gcm_portal.translators). tests/test_translators.py
# tries the translators' group.
NOT_TRANSLATOR = dict.fromkeys(ROLES, 302)
TRANSLATOR = {**NOT_TRANSLATOR, "admin": 200}
TRANSLATOR_ONLY_GETS = {
    "get": TRANSLATOR,
    **{m: {**NOT_TRANSLATOR, "admin": 405} for m in ["post", "put", "patch", "delete"]},
}

ACCESS = {
    "objectives:home": (None, {"get": EVERYONE_200}),
    "objectives:objective": ("objective", {"get": EVERYONE_200}),
    "objectives:guiding_principles": (None, {"get": EVERYONE_200}),
    # Django's language switch redirects whatever the method; only a POST changes the language.
    "set_language": (None, dict.fromkeys(METHODS, EVERYONE_302)),
    # Django's form views take PUT as POST.
    "login": (None, dict.fromkeys(["get", "post", "put"], EVERYONE_200)),
    # Rosetta's old addresses redirect to the list of catalogues, which checks.
    "rosetta-old-home-redirect": (None, dict.fromkeys(METHODS, EVERYONE_302)),
    "rosetta-file-list-redirect": (None, dict.fromkeys(METHODS, EVERYONE_302)),
    "rosetta-file-list": ("catalogues", TRANSLATOR_ONLY_GETS),
    # An empty POST changes nothing and goes on to the next block (302 for everyone).
    "rosetta-form": (
        "catalogue",
        {
            "get": TRANSLATOR,
            "post": NOT_TRANSLATOR,
            **{m: {**NOT_TRANSLATOR, "admin": 405} for m in ["put", "patch", "delete"]},
        },
    ),
    "rosetta-download-file": ("catalogue", TRANSLATOR_ONLY_GETS),
    # Machine suggestions are off (ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS): it answers so.
    "rosetta.translate_text": (None, dict.fromkeys(METHODS, TRANSLATOR)),
    "logout": (None, {"post": EVERYONE_302}),
    "password_change": (None, dict.fromkeys(["get", "post", "put"], SIGNED_IN_200)),
    "password_change_done": (None, {"get": SIGNED_IN_200}),
    "password_reset": (None, dict.fromkeys(["get", "post", "put"], EVERYONE_200)),
    "password_reset_done": (None, {"get": EVERYONE_200}),
    # Django checks the link before the method: a link that is not valid shows its
    # page (200) to any method.
    "password_reset_confirm": ("token", dict.fromkeys(METHODS, EVERYONE_200)),
    "password_reset_complete": (None, {"get": EVERYONE_200}),
    "invitation_accept": ("token", dict.fromkeys(METHODS, EVERYONE_200)),
    "invitation_done": (None, {"get": EVERYONE_302}),
    "reviews:home": (
        None,
        # Someone with a single place of work is taken straight to it.
        {
            "get": {
                **SIGNED_IN_200,
                "focal_a1": 302,
                "focal_a2": 302,
                "coord_a": 302,
                "coord_b": 302,
                "reviewer": 302,  # to the countries of the cycle's region
                "reviewer_other": 302,
            }
        },
    ),
    "reviews:review": ("review", {"get": COORDINATOR_WRITE}),
    # Empty POSTs below: a form shown again with its errors (200) unless said otherwise.
    # The review's details are all optional: an empty POST saves (302).
    "reviews:review_edit": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_POST}),
    "reviews:review_start": (
        "start",
        {
            "get": {**COORDINATOR_WRITE, "focal_a1": 404, "focal_a2": 404},
            # Nothing to fill in: the review is started.
            "post": {**COORDINATOR_POST, "focal_a1": 404, "focal_a2": 404},
        },
    ),
    "reviews:institution_add": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE}),
    # An empty POST: nothing ticked, back to the page with a message (302).
    "reviews:ask_matrix": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_POST}),
    "reviews:inputs_accept": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_POST}),
    # A POST without a sheet shows the form again with its error.
    "reviews:institutions_import": (
        "review",
        {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE},
    ),
    "reviews:institutions_template": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:institution_edit": (
        "institution_of_review",
        {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE},
    ),
    # Nothing ticked would stop asking the institution, but it has started answering:
    # refused on the page (200), nothing it wrote is lost.
    "reviews:request_edit": (
        "institution_of_review",
        {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE},
    ),
    "reviews:focal_point_invite": (
        "institution_of_review",
        {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE},
    ),
    "reviews:focal_point_resend": ("focal_point_of_review", {"post": COORDINATOR_POST}),
    # An empty POST shows the form again with its errors: nothing replaced.
    "reviews:focal_point_replace": (
        "focal_point_of_review",
        {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE},
    ),
    "reviews:input": ("input", {"get": INPUT_READ}),
    # An autosave without a version is refused as out of date (400) once access is granted.
    "reviews:answer_save": ("answer", {"post": {**INPUT_WRITE, "focal_a1": 400}}),
    "reviews:answer_versions": ("answer", {"get": INPUT_READ}),
    # Without a version to restore there is nothing to find: 404.
    "reviews:answer_restore": ("answer", {"post": {**INPUT_WRITE, "focal_a1": 404}}),
    # GET: what will be sent, and a confirm button; a POST without the confirmation
    # goes back to that page.
    "reviews:input_submit": ("input", {"get": INPUT_WRITE, "post": INPUT_WRITE_POST}),
    # The input was never submitted: refused with a message, back to the input.
    "reviews:input_withdraw": ("input", {"post": INPUT_WRITE_POST}),
    # Without a reason: refused with a message, back to the input, nothing sent.
    "reviews:input_nothing_to_report": ("input", {"post": INPUT_WRITE_POST}),
    "reviews:input_review": ("input", {"post": INPUT_REVIEW_POST}),
    "reviews:programme_add": ("input", {"get": INPUT_WRITE, "post": INPUT_WRITE}),
    "reviews:programme_edit": ("programme", {"get": INPUT_WRITE, "post": INPUT_WRITE}),
    "reviews:attachment": ("attachment", {"get": INPUT_READ}),
    "reviews:input_changes": ("input", {"get": INPUT_READ}),
    # Only a programme of the institution's last submitted review can be kept: here none.
    "reviews:programme_keep": ("programme", {"post": {**INPUT_WRITE, "focal_a1": 404}}),
    # A good practice: its institution's focal points and the review's coordinators both
    # draft and propose it (it never changes the programme). An empty POST saves a draft.
    "reviews:good_practice": (
        "programme",
        {"get": INPUT_READ, "post": {**INPUT_READ, "focal_a1": 302, "coord_a": 302, "admin": 302}},
    ),
    "reviews:good_practice_docx": ("programme", {"get": INPUT_READ}),
    "reviews:good_practices": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:good_practices_xlsx": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:request_pdf": ("request", {"get": INPUT_READ}),
    "reviews:programme_template": ("request", {"get": INPUT_READ}),
    "reviews:programme_import": ("request", {"get": INPUT_WRITE, "post": INPUT_WRITE}),
    "reviews:progress": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:reminders": ("review", {"post": COORDINATOR_POST}),
    # The deadline plan: an empty POST is a form shown again with its errors; an empty
    # list of due dates changes nothing and goes back to the plan.
    "reviews:plan": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE}),
    "reviews:plan_reset": ("review", {"post": COORDINATOR_POST}),
    "reviews:plan_due": ("review", {"post": COORDINATOR_POST}),
    "reviews:consolidate": ("objective_of_review", {"get": COORDINATOR_WRITE}),
    "reviews:consolidate_group": ("group_of_review", {"get": COORDINATOR_WRITE}),
    # Without a version an autosave is refused as out of date (400) once access is granted.
    "reviews:text_save": ("text", {"post": {**COORDINATOR_WRITE, "coord_a": 400, "admin": 400}}),
    "reviews:text_versions": ("text", {"get": COORDINATOR_WRITE}),
    "reviews:text_restore": ("text", {"post": COORDINATOR_FINDS_NOTHING}),
    "reviews:report_sections": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:methodology_draft": ("review", {"post": COORDINATOR_POST}),
    # GET: what assembling will do; POST: the draft assembled, back to the draft page.
    "reviews:draft_assemble": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_POST}),
    "reviews:analysis": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:review_changes": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:validation_open": ("review", {"post": COORDINATOR_POST}),
    # Before validation the draft is the coordinators' (see test_coordination for during).
    "reviews:draft": ("review", {"get": COORDINATOR_WRITE}),
    # Coordinators answer for no institution: nothing to answer (404).
    "reviews:validation_respond": ("review", {"post": COORDINATOR_FINDS_NOTHING}),
    # The confirmation page; each role's POST meets the review unsubmitted (the regional
    # reviewer gets 404), and without the box ticked it is shown again, nothing locked.
    "reviews:review_submit": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE}),
    "reviews:export": ("export", {"get": COORDINATOR_WRITE}),
    # A POST asks for the report: the job's page.
    "reviews:report_home": ("review", {"get": COORDINATOR_WRITE, "post": COORDINATOR_POST}),
    "reviews:report_job": ("report_job", {"get": COORDINATOR_WRITE}),
    # The job has failed: retrying it queues a new one.
    "reviews:report_retry": ("report_job", {"post": COORDINATOR_POST}),
    # A failed job has no file: 404 even for those who may read it.
    "reviews:report_download": ("report_job", {"get": COORDINATOR_FINDS_NOTHING}),
    "reviews:report_preview": ("preview", {"get": COORDINATOR_WRITE}),
    # Pledges and consultations: the coordinators'; an empty POST shows the form again
    # with its errors (200); a delete goes back to the list (302).
    "reviews:network": ("review", {"get": COORDINATOR_WRITE}),
    "reviews:pledges_export": ("review", {"get": COORDINATOR_WRITE}),
    **{
        name: (key, {"get": COORDINATOR_WRITE, "post": COORDINATOR_WRITE})
        for name, key in [
            ("reviews:pledge_add", "review"),
            ("reviews:pledge_edit", "pledge"),
            ("reviews:consultation_add", "review"),
            ("reviews:consultation_edit", "consultation"),
        ]
    },
    "reviews:pledge_delete": ("pledge", {"post": COORDINATOR_POST}),
    "reviews:consultation_delete": ("consultation", {"post": COORDINATOR_POST}),
    "reviews:pledge_document": ("pledge", {"get": COORDINATOR_WRITE}),
    "reviews:pledge_docx": ("pledge", {"get": COORDINATOR_WRITE}),
    "reviews:consultation_minutes": ("consultation", {"get": COORDINATOR_WRITE}),
    # A person's dates: any signed-in person; a POST makes their calendar key.
    "reviews:calendar": (None, {"get": SIGNED_IN_200, "post": EVERYONE_302}),
    # The feed is read without signing in: a wrong key is 404 for everyone.
    "reviews:calendar_feed": ("calendar_key", {"get": dict.fromkeys(ROLES, 404)}),
    "reviews:institution": (
        "institution",
        {
            "get": {
                "anonymous": 302,
                "focal_a1": 200,
                "focal_a2": 404,
                "coord_a": 200,
                "coord_b": 404,
                "reviewer": 404,
                "reviewer_other": 404,
                "admin": 200,
            }
        },
    ),
    **{
        name: ("cycle", {"get": REGION_READ})
        for name in [
            "reviews:region",
            "reviews:region_coverage",
            "reviews:region_challenges",
            "reviews:region_export",
            "reviews:synthesis_preview",
        ]
    },
    "reviews:region_compare": ("objective_of_cycle", {"get": REGION_READ}),
    # A POST asks for the synthesis's PDF: the job's page.
    "reviews:synthesis": ("cycle", {"get": REGION_READ, "post": REGION_POST}),
    # Without a version an autosave is refused as out of date (400) once access is granted.
    "reviews:synthesis_text_save": (
        "synthesis_text",
        {"post": {**REGION_READ, "reviewer": 400, "admin": 400}},
    ),
    "reviews:synthesis_text_versions": ("synthesis_text", {"get": REGION_READ}),
    # Never saved: no version to restore (404).
    "reviews:synthesis_text_restore": (
        "synthesis_text",
        {"post": {**REGION_READ, "reviewer": 404, "admin": 404}},
    ),
    "reviews:synthesis_job": ("synthesis_job", {"get": REGION_READ}),
    # The job has failed: retrying it queues a new one.
    "reviews:synthesis_retry": ("synthesis_job", {"post": REGION_POST}),
    # A failed job has no file: 404 even for the reviewer.
    "reviews:synthesis_download": (
        "synthesis_job",
        {"get": {**REGION_READ, "reviewer": 404, "admin": 404}},
    ),
    # The review is not submitted: publishing is refused with a message (302), and
    # there is nothing published to take off (302 with a message too).
    "reviews:review_publish": ("review", {"post": COORDINATOR_POST}),
    "reviews:review_unpublish": ("review", {"post": COORDINATOR_POST}),
    # The public pages: anyone, signed in or not. The world's reviews are not
    # published: their reports answer 404 to everyone.
    "public:index": (None, {"get": EVERYONE_200}),
    "public:country": ("country", {"get": EVERYONE_200}),
    "public:objective": ("objective", {"get": EVERYONE_200}),
    "public:report": ("public_report", {"get": dict.fromkeys(ROLES, 404)}),
    "public:report_pdf": ("public_pdf", {"get": dict.fromkeys(ROLES, 404)}),
    # The load balancer's health check: anyone, signed in or not (GET and HEAD only).
    "health": (None, {"get": EVERYONE_200}),
}

# The admin site guards itself (staff only); its pages that need no object id are walked.
ADMIN_PAGES = {**dict.fromkeys(ROLES, 302), "admin": 200}
REFUSED_EVEN_TO_STAFF = {
    "admin:autocomplete",  # refuses a request that names no field
    # django-axes records attempts; nobody adds them by hand.
    "admin:axes_accessattempt_add",
    "admin:axes_accessfailurelog_add",
    "admin:axes_accesslog_add",
    # django-tasks-db records the report jobs' tasks; nobody adds them by hand either.
    "admin:django_tasks_database_dbtaskresult_add",
    # The audit log is read only: nobody writes it by hand.
    "admin:reviews_auditevent_add",
}


def walk(patterns, namespace=""):
    """(namespace, name or None, pattern) for every URL pattern of the project."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            full = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield namespace, full, pattern


def project_urls():
    return list(walk(get_resolver().url_patterns))


def url_of(world, name):
    key, _methods = ACCESS[name]
    return reverse(name, kwargs=url_kwargs(world)[key] if key else {})


def test_every_url_is_declared():
    undeclared = [
        name or str(pattern.pattern)
        for namespace, name, pattern in project_urls()
        if namespace != "admin" and name not in ACCESS
    ]
    assert not undeclared, f"say in ACCESS who may use: {undeclared}"


@pytest.mark.parametrize(
    ("name", "method"),
    [(name, method) for name, (_key, methods) in sorted(ACCESS.items()) for method in methods],
)
def test_url_answers_each_role_as_declared(name, method, world):
    url = url_of(world, name)
    got = {role: answer(world, role, method, url) for role in ROLES}
    assert got == ACCESS[name][1][method]


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_url_refuses_the_methods_it_does_not_accept(name, world):
    url = url_of(world, name)
    declared = ACCESS[name][1]
    got = {method: answer(world, "coord_a", method, url) for method in METHODS}
    got["head"] = answer(world, "coord_a", "head", url)
    expected = {
        method: declared[method]["coord_a"] if method in declared else 405 for method in METHODS
    }
    expected["head"] = expected["get"]
    assert got == expected


def test_admin_pages_are_for_administrators_only(world):
    pages = [
        name
        for namespace, name, pattern in project_urls()
        if namespace == "admin"
        and name
        and not pattern.pattern.regex.groups
        and name not in {"admin:login", "admin:logout"}  # the sign-in pages themselves
    ]
    assert len(pages) > 20
    for name in pages:
        url = reverse(name)
        got = {role: answer(world, role, "get", url) for role in ROLES}
        expected = dict(ADMIN_PAGES)
        if name in REFUSED_EVEN_TO_STAFF:
            expected["admin"] = 403
        elif name.endswith("_process_import"):
            expected["admin"] = 405  # the confirmation step of an import is a POST
        assert got == expected, name


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("reviews:review", args=[world.review_a.pk]))
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("reviews:review", lambda w: {"review_id": w.review_b.pk}),
        ("reviews:review_edit", lambda w: {"review_id": w.review_b.pk}),
        ("reviews:institution", lambda w: {"institution_id": w.b1.pk}),
        (
            "reviews:institution_edit",
            lambda w: {"review_id": w.review_a.pk, "institution_id": w.b1.pk},
        ),
        ("reviews:request_edit", lambda w: {"review_id": w.review_a.pk, "institution_id": w.b1.pk}),
        (
            "reviews:focal_point_invite",
            lambda w: {"review_id": w.review_a.pk, "institution_id": w.b1.pk},
        ),
        ("reviews:review_start", lambda w: {"cycle_id": w.later_cycle.pk, "iso3": "MEX"}),
        ("reviews:review", lambda w: {"review_id": 999999}),
    ],
)
def test_other_countries_objects_cannot_be_reached_by_changing_ids(name, kwargs, world):
    """Guatemala's coordinator changes ids in URLs: Mexico's objects do not exist for them."""
    assert answer(world, "coord_a", "get", reverse(name, kwargs=kwargs(world))) == 404


def test_resending_another_countrys_invitation_is_404(world):
    url = reverse("reviews:focal_point_resend", args=[world.review_a.pk, world.fp_b1.pk])
    assert answer(world, "coord_a", "post", url) == 404


def test_reviewer_reads_a_submitted_review_but_cannot_change_it(world):
    world.review_a.status = "submitted"
    world.review_a.save()
    assert (
        answer(world, "reviewer", "get", reverse("reviews:review", args=[world.review_a.pk])) == 200
    )
    url = reverse("reviews:review_edit", args=[world.review_a.pk])
    assert answer(world, "reviewer", "get", url) == 403
