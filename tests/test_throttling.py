"""Throttling that protects without locking people out (issue 14, items 4 and 5).

Behind the TLS proxy every request reaches the portal from the proxy's address;
these tests send what the proxy sends (its own REMOTE_ADDR, the client's address
appended to X-Forwarded-For) with ``TRUSTED_PROXY_COUNT`` at 1, as deployed.
"""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from gcm_portal.throttle import client_address
from reviews.models import FocalPoint
from tests import factories

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ADDRESS_A, ADDRESS_B = "203.0.113.5", "198.51.100.7"


def through_proxy(client_header: str = "", *, address: str) -> dict:
    """What the proxy passes on: the header the client sent, with the client's address appended."""
    forwarded = f"{client_header}, {address}" if client_header else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def sign_in(client, password: str, *, username: str = "coordinator", **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


# Item 4: sign-in lockouts hold the pair user + client address.


def test_five_failures_lock_the_user_from_that_address_only(behind_proxy, client):
    factories.UserFactory(username="coordinator")
    for _attempt in range(behind_proxy.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", **through_proxy(address=ADDRESS_A))
    locked = sign_in(client, "pw", **through_proxy(address=ADDRESS_A))
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The owner, elsewhere, signs in; the proxy's own address was never the one counted.
    assert sign_in(client, "pw", **through_proxy(address=ADDRESS_B)).status_code == 302
    assert "_auth_user_id" in client.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}


def test_a_forged_forwarded_entry_does_not_change_the_address_seen(behind_proxy, client):
    factories.UserFactory(username="coordinator")
    # The attacker at A claims, each time, to be someone else (B among them).
    for number in range(behind_proxy.AXES_FAILURE_LIMIT):
        forged = f"{ADDRESS_B}, 192.0.2.{number}"
        sign_in(client, "wrong", **through_proxy(forged, address=ADDRESS_A))
    assert sign_in(client, "pw", **through_proxy(ADDRESS_B, address=ADDRESS_A)).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    # B (who the attacker claimed to be) is not locked out.
    assert sign_in(client, "pw", **through_proxy(address=ADDRESS_B)).status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(settings, client):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    factories.UserFactory(username="coordinator")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", **through_proxy(address=f"192.0.2.{number}"))
    # Every attempt came from REMOTE_ADDR, whatever the header said.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    assert sign_in(client, "pw", **through_proxy(address=ADDRESS_B)).status_code == 429


def test_choosing_a_new_password_lifts_the_lockout(behind_proxy, client):
    factories.UserFactory(username="coordinator", email="coord@example.org")
    for _attempt in range(behind_proxy.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", **through_proxy(address=ADDRESS_A))
    assert sign_in(client, "pw", **through_proxy(address=ADDRESS_A)).status_code == 429
    reset(client, "coord@example.org")
    path = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    new = {"new_password1": "Migración-2026!", "new_password2": "Migración-2026!"}
    assert client.post(form_url, new, **through_proxy(address=ADDRESS_A)).status_code == 302
    assert (
        sign_in(client, new["new_password1"], **through_proxy(address=ADDRESS_A)).status_code == 302
    )


@pytest.mark.parametrize(
    ("count", "header", "seen"),
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: none is trusted
        (1, "", "10.0.0.2"),
        (1, "1.2.3.4, not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_nth_entry_from_the_right(settings, count, header, seen):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == seen


# Item 5: password reset and invitation resends are rate-limited.


def reset(client, email: str, *, address: str = ADDRESS_A):
    return client.post(
        reverse("password_reset"), {"email": email}, **through_proxy(address=address)
    )


def test_twenty_password_resets_send_at_most_the_limit_per_account(behind_proxy, client):
    factories.UserFactory(username="coordinator", email="coord@example.org")
    answers = [reset(client, "coord@example.org") for _request in range(20)]
    assert len(mail.outbox) == behind_proxy.RATE_LIMIT_PER_ACCOUNT == 3
    # A refused request reads exactly as a sent one: nothing tells whether the account exists.
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password_reset_done"))
    }


def test_password_resets_are_limited_per_address(behind_proxy, client):
    emails = [factories.UserFactory().email for _person in range(8)]
    for email in emails:
        reset(client, email)
    assert len(mail.outbox) == behind_proxy.RATE_LIMIT_PER_ADDRESS == 5
    # Someone at another address is not held back by them.
    reset(client, emails[-1], address=ADDRESS_B)
    assert len(mail.outbox) == 6


@pytest.fixture
def pending(db):
    """A review's coordinator, and a focal point who has not chosen a password yet."""
    review = factories.NationalReviewFactory(coordinator=factories.UserFactory())
    institution = factories.InstitutionFactory(country=review.country)
    focal_point = factories.FocalPointFactory(
        institution=institution, user=factories.UserFactory(password=None)
    )
    return review, focal_point


def resend(client, review, focal_point, *, address: str = ADDRESS_A):
    url = reverse("reviews:focal_point_resend", args=[review.pk, focal_point.pk])
    return client.post(url, follow=True, **through_proxy(address=address))


def link_path(message) -> str:
    return re.search(r"https?://testserver(/accounts/invitation/\S+/)", message.body).group(1)


def test_a_new_invitation_voids_the_earlier_link(behind_proxy, client, pending):
    review, focal_point = pending
    client.force_login(review.coordinators.get().user)
    resend(client, review, focal_point)
    resend(client, review, focal_point)
    first, second = (link_path(message) for message in mail.outbox)
    client.logout()
    assert client.get(first, follow=True).context["validlink"] is False
    response = client.get(second, follow=True)
    assert response.context["validlink"] is True
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Migración-2026!", "new_password2": "Migración-2026!"},
    )
    assert response.status_code == 302
    focal_point.user.refresh_from_db()
    assert focal_point.user.check_password("Migración-2026!")


def test_invitation_resends_are_limited_per_person_and_say_when_to_retry(
    behind_proxy, client, pending
):
    review, focal_point = pending
    client.force_login(review.coordinators.get().user)
    client.cookies[behind_proxy.LANGUAGE_COOKIE_NAME] = "en"
    for _resend in range(behind_proxy.RATE_LIMIT_PER_ACCOUNT):
        resend(client, review, focal_point)
    refused = resend(client, review, focal_point)
    assert len(mail.outbox) == 3
    assert FocalPoint.objects.get(pk=focal_point.pk).invitations_sent == 3
    text = refused.content.decode()
    assert "was not sent again" in text and re.search(r"Try again after \d\d:\d\d", text)
    # The last link sent still works.
    client.logout()
    assert client.get(link_path(mail.outbox[-1]), follow=True).context["validlink"] is True


def test_invitation_resends_are_limited_per_address(behind_proxy, client, pending):
    review, _focal_point = pending
    client.force_login(review.coordinators.get().user)
    focal_points = [
        factories.FocalPointFactory(
            institution=_focal_point.institution, user=factories.UserFactory(password=None)
        )
        for _person in range(6)
    ]
    for focal_point in focal_points:
        resend(client, review, focal_point)
    assert len(mail.outbox) == behind_proxy.RATE_LIMIT_PER_ADDRESS == 5
    resend(client, review, focal_points[-1], address=ADDRESS_B)
    assert len(mail.outbox) == 6
