"""Every URL of the project, with every role: who may use it, and what the others get.

Add a URL and this test fails until ACCESS says who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.reviews.conftest import ROLES

pytestmark = pytest.mark.django_db

# What each role gets: 200 page, 302 redirect (anonymous: to the sign-in page),
# 403 inside but not allowed, 404 outside (as if the object did not exist).
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
    "admin": 200,
}
COORDINATOR_POST = {**COORDINATOR_WRITE, "coord_a": 302, "admin": 302}
# An input: its institution's focal point writes; the review's coordinators read
# (and accept or return); a colleague of another institution does not see it.
INPUT_READ = {
    "anonymous": 302,
    "focal_a1": 200,
    "focal_a2": 404,
    "coord_a": 200,
    "coord_b": 404,
    "reviewer": 404,
    "admin": 200,
}
INPUT_WRITE = {**INPUT_READ, "coord_a": 403, "admin": 403}
INPUT_WRITE_POST = {**INPUT_WRITE, "focal_a1": 302}
INPUT_REVIEW_POST = {**INPUT_READ, "focal_a1": 403, "coord_a": 302, "admin": 302}


def url_kwargs(world):
    a, a1 = world.review_a.pk, world.a1.pk
    return {
        "review": {"review_id": a},
        "institution_of_review": {"review_id": a, "institution_id": a1},
        "focal_point_of_review": {"review_id": a, "focal_point_id": world.fp_pending.pk},
        "start": {"cycle_id": world.later_cycle.pk, "iso3": "GTM"},
        "institution": {"institution_id": a1},
        "token": {"uidb64": "MQ", "token": "set-password"},
        "input": {"input_id": world.input_a1.pk},
        "request": {"request_id": world.request_a1.pk},
        "objective_of_review": {"review_id": a, "number": 7},
        "text": {"review_id": a, "text_id": world.text_a.pk},
        "export": {"review_id": a, "kind": "xlsx"},
        "report_job": {"review_id": a, "job_id": world.report_job.pk},
        "preview": {"review_id": a, "layout": "imrf"},
        "answer": {"input_id": world.input_a1.pk, "answer_id": world.answer_a1.pk},
        "programme": {"input_id": world.input_a1.pk, "programme_id": world.programme_a1.pk},
        "attachment": {"input_id": world.input_a1.pk, "attachment_id": world.attachment_a1.pk},
    }


# name: (method, kwargs key or None, expected status per role)
ACCESS = {
    "objectives:home": ("get", None, EVERYONE_200),
    "objectives:objective": ("get", "objective", EVERYONE_200),
    "objectives:guiding_principles": ("get", None, EVERYONE_200),
    "set_language": ("post", None, EVERYONE_302),
    "login": ("get", None, EVERYONE_200),
    "logout": ("post", None, EVERYONE_302),
    "password_change": ("get", None, SIGNED_IN_200),
    "password_change_done": ("get", None, SIGNED_IN_200),
    "password_reset": ("get", None, EVERYONE_200),
    "password_reset_done": ("get", None, EVERYONE_200),
    "password_reset_confirm": ("get", "token", EVERYONE_200),
    "password_reset_complete": ("get", None, EVERYONE_200),
    "invitation_accept": ("get", "token", EVERYONE_200),
    "invitation_done": ("get", None, EVERYONE_302),
    "reviews:home": (
        "get",
        None,
        # Someone with a single place of work is taken straight to it.
        {**SIGNED_IN_200, "focal_a1": 302, "focal_a2": 302, "coord_a": 302, "coord_b": 302},
    ),
    "reviews:review": ("get", "review", COORDINATOR_WRITE),
    "reviews:review_edit": ("get", "review", COORDINATOR_WRITE),
    "reviews:review_start": (
        "get",
        "start",
        {**COORDINATOR_WRITE, "focal_a1": 404, "focal_a2": 404},
    ),
    "reviews:institution_add": ("get", "review", COORDINATOR_WRITE),
    "reviews:institution_edit": ("get", "institution_of_review", COORDINATOR_WRITE),
    "reviews:request_edit": ("get", "institution_of_review", COORDINATOR_WRITE),
    "reviews:focal_point_invite": ("get", "institution_of_review", COORDINATOR_WRITE),
    "reviews:focal_point_resend": ("post", "focal_point_of_review", COORDINATOR_POST),
    "reviews:input": ("get", "input", INPUT_READ),
    # An autosave without a version is refused as out of date (400) once access is granted.
    "reviews:answer_save": ("post", "answer", {**INPUT_WRITE, "focal_a1": 400}),
    "reviews:answer_versions": ("get", "answer", INPUT_READ),
    "reviews:answer_restore": ("post", "answer", {**INPUT_WRITE, "focal_a1": 404}),
    "reviews:input_submit": ("post", "input", INPUT_WRITE_POST),
    "reviews:input_review": ("post", "input", INPUT_REVIEW_POST),
    "reviews:programme_add": ("get", "input", INPUT_WRITE),
    "reviews:programme_edit": ("get", "programme", INPUT_WRITE),
    "reviews:attachment": ("get", "attachment", INPUT_READ),
    "reviews:request_pdf": ("get", "request", INPUT_READ),
    "reviews:programme_template": ("get", "request", INPUT_READ),
    "reviews:programme_import": ("get", "request", INPUT_WRITE),
    "reviews:progress": ("get", "review", COORDINATOR_WRITE),
    "reviews:reminders": ("post", "review", COORDINATOR_POST),
    "reviews:consolidate": ("get", "objective_of_review", COORDINATOR_WRITE),
    # Without a version an autosave is refused as out of date (400) once access is granted.
    "reviews:text_save": ("post", "text", {**COORDINATOR_WRITE, "coord_a": 400, "admin": 400}),
    # Without a version to restore there is nothing to find: 404.
    "reviews:text_versions": ("get", "text", COORDINATOR_WRITE),
    "reviews:text_restore": ("post", "text", {**COORDINATOR_WRITE, "coord_a": 404, "admin": 404}),
    "reviews:report_sections": ("get", "review", COORDINATOR_WRITE),
    "reviews:methodology_draft": ("post", "review", COORDINATOR_POST),
    "reviews:analysis": ("get", "review", COORDINATOR_WRITE),
    "reviews:validation_open": ("post", "review", COORDINATOR_POST),
    # Before validation the draft is the coordinators' (see test_coordination for during).
    "reviews:draft": ("get", "review", COORDINATOR_WRITE),
    "reviews:validation_respond": (
        "post",
        "review",
        {**COORDINATOR_WRITE, "coord_a": 404, "admin": 404},
    ),
    # Once coord_a has submitted it, the regional reviewer may read the review: 403, not 404.
    "reviews:review_submit": ("post", "review", {**COORDINATOR_POST, "reviewer": 403}),
    "reviews:export": ("get", "export", COORDINATOR_WRITE),
    "reviews:report_home": ("get", "review", COORDINATOR_WRITE),
    "reviews:report_job": ("get", "report_job", COORDINATOR_WRITE),
    # The job has failed: retrying it queues a new one.
    "reviews:report_retry": ("post", "report_job", COORDINATOR_POST),
    # A failed job has no file: 404 even for those who may read it.
    "reviews:report_download": (
        "get",
        "report_job",
        {**COORDINATOR_WRITE, "coord_a": 404, "admin": 404},
    ),
    "reviews:report_preview": ("get", "preview", COORDINATOR_WRITE),
    "reviews:institution": (
        "get",
        "institution",
        {
            "anonymous": 302,
            "focal_a1": 200,
            "focal_a2": 404,
            "coord_a": 200,
            "coord_b": 404,
            "reviewer": 404,
            "admin": 200,
        },
    ),
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


def test_every_url_is_declared():
    undeclared = [
        name or str(pattern.pattern)
        for namespace, name, pattern in project_urls()
        if namespace != "admin" and name not in ACCESS
    ]
    assert not undeclared, f"say in ACCESS who may use: {undeclared}"


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_url_answers_each_role_as_declared(name, world_with_programme, as_role):
    world = world_with_programme
    method, key, expected = ACCESS[name]
    kwargs = {**url_kwargs(world), "objective": {"number": 1}}.get(key, {})
    url = reverse(name, kwargs=kwargs)
    got = {}
    for role in ROLES:
        response = getattr(as_role(role), method)(url)
        got[role] = response.status_code
    assert got == expected


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_url_refuses_other_methods(name, world_with_programme, as_role):
    world = world_with_programme
    method, key, _expected = ACCESS[name]
    form_pages = {
        "login", "password_change", "password_reset", "password_reset_confirm", "invitation_accept",
    }  # fmt: skip
    if name in form_pages or name == "set_language":
        pytest.skip(
            "a form page (GET and POST), or Django's language switch (redirects any method)"
        )
    kwargs = {**url_kwargs(world), "objective": {"number": 1}}.get(key, {})
    url = reverse(name, kwargs=kwargs)
    other = as_role("coord_a").delete(url)
    assert other.status_code == 405


def test_admin_pages_are_for_administrators_only(world, as_role):
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
        got = {role: as_role(role).get(url).status_code for role in ROLES}
        expected = dict(ADMIN_PAGES)
        if name in REFUSED_EVEN_TO_STAFF:
            expected["admin"] = 403
        elif name.endswith("_process_import"):
            expected["admin"] = 405  # the confirmation step of an import is a POST
        assert got == expected, name


def test_anonymous_is_sent_to_sign_in(world, as_role):
    url = reverse("reviews:review", args=[world.review_a.pk])
    response = as_role("anonymous").get(url)
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
def test_other_countries_objects_cannot_be_reached_by_changing_ids(name, kwargs, world, as_role):
    """Guatemala's coordinator changes ids in URLs: Mexico's objects do not exist for them."""
    response = as_role("coord_a").get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 404


def test_resending_another_countrys_invitation_is_404(world, as_role):
    url = reverse("reviews:focal_point_resend", args=[world.review_a.pk, world.fp_b1.pk])
    assert as_role("coord_a").post(url).status_code == 404


def test_reviewer_reads_a_submitted_review_but_cannot_change_it(world, as_role):
    world.review_a.status = "submitted"
    world.review_a.save()
    client = as_role("reviewer")
    assert client.get(reverse("reviews:review", args=[world.review_a.pk])).status_code == 200
    assert client.get(reverse("reviews:review_edit", args=[world.review_a.pk])).status_code == 403
