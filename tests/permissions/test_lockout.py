"""Password guessing: failures per account and per client IP lock password sign-in (django-axes)
on every password form, with a clear message, until the cool-off passes or an admin unlocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.factories import AgentFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories' password
AGENT_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PORTAL_PASSWORD = "/my/sign-in/password/"


@pytest.fixture
def limits(axes_on):
    """Small limits keep the tests short: 3 failures per account, 6 per IP."""
    axes_on.AXES_FAILURE_LIMIT = 3
    axes_on.HELPDESK_SIGN_IN_FAILURES_PER_IP = 6
    # The portal's own Redis rate limits (per address and IP) must not answer first.
    axes_on.HELPDESK_SIGN_IN_RATE_PER_ADDRESS = "1000/h"
    axes_on.HELPDESK_SIGN_IN_RATE_PER_IP = "1000/h"
    return axes_on


def client_at(ip: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=ip)


def agent_sign_in(client: Client, username: str, password: str, **extra):
    return client.post(AGENT_LOGIN, {"username": username, "password": password}, **extra)


def portal_sign_in(client: Client, email: str, password: str):
    return client.post(PORTAL_PASSWORD, {"email": email, "password": password})


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def agent(db):
    return AgentFactory(username="anna")


@pytest.fixture
def customer(db):
    return CustomerFactory(email="ada@example.org", with_login=True)


def test_an_account_is_locked_after_its_failures_even_with_the_right_password(limits, agent):
    client = client_at()
    for _ in range(2):
        assert agent_sign_in(client, "anna", "wrong").status_code == 200  # the form's error

    locked = agent_sign_in(client, "anna", "wrong")
    right_password = agent_sign_in(client, "anna", PASSWORD)

    for response in (locked, right_password):
        assert response.status_code == 429
        page = response.content.decode()
        assert "Too many failed sign-in attempts" in page
        assert "paused for 15 minutes" in page
        assert "ask an administrator to unlock" in page
        assert response["Retry-After"] == str(15 * 60)
    assert not signed_in(client)


def test_the_account_lock_holds_from_another_ip_and_another_case(limits, agent):
    for _ in range(3):
        agent_sign_in(client_at("198.51.100.1"), "Anna ", "wrong")

    elsewhere = client_at("198.51.100.2")
    response = agent_sign_in(elsewhere, "anna", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(elsewhere)


def test_other_accounts_are_not_locked_by_one_accounts_failures(limits, agent):
    AgentFactory(username="boris")
    client = client_at()
    for _ in range(3):
        agent_sign_in(client, "anna", "wrong")

    response = agent_sign_in(client, "boris", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_an_ip_is_locked_after_failures_on_many_accounts(limits, agent):
    """Password spraying: one guess per account from one address."""
    client = client_at()
    for n in range(5):
        assert agent_sign_in(client, f"user-{n}", "wrong").status_code == 200

    sixth = agent_sign_in(client, "user-5", "wrong")
    right_password = agent_sign_in(client, "anna", PASSWORD)
    other_ip = client_at("192.0.2.99")
    from_elsewhere = agent_sign_in(other_ip, "anna", PASSWORD)

    assert sixth.status_code == 429
    assert right_password.status_code == 429
    assert from_elsewhere.status_code == 302 and signed_in(other_ip)


def test_a_forged_forwarded_for_header_does_not_escape_the_ip_lock(limits, agent):
    """Without trusted proxies (HELPDESK_TRUSTED_PROXY_HOPS=0) X-Forwarded-For is ignored."""
    client = client_at()
    for n in range(6):
        agent_sign_in(client, f"user-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    response = agent_sign_in(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(limits, agent):
    limits.HELPDESK_TRUSTED_PROXY_HOPS = 1
    proxy = client_at("10.0.0.1")
    for n in range(6):
        agent_sign_in(proxy, f"user-{n}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.50")

    locked = agent_sign_in(proxy, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50")
    other_client = agent_sign_in(proxy, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.51")

    assert locked.status_code == 429
    assert other_client.status_code == 302


def test_a_successful_sign_in_does_not_wipe_the_ips_failures(limits, agent):
    """Else a guesser with one valid account of their own could sign in between guesses."""
    AgentFactory(username="mallory")
    client = client_at()
    for n in range(5):
        agent_sign_in(client, f"user-{n}", "wrong")
    assert agent_sign_in(client, "mallory", PASSWORD).status_code == 302
    client.logout()

    assert agent_sign_in(client, "user-9", "wrong").status_code == 429


def test_the_lock_ends_after_the_cool_off(limits, agent):
    client = client_at()
    for _ in range(3):
        agent_sign_in(client, "anna", "wrong")
    assert agent_sign_in(client, "anna", PASSWORD).status_code == 429

    for attempt in AccessAttempt.objects.all():  # 15 minutes and a second later
        attempt.attempt_time -= timedelta(minutes=15, seconds=1)
        attempt.save(update_fields=["attempt_time"])

    assert agent_sign_in(client, "anna", PASSWORD).status_code == 302


def test_the_customer_portal_password_sign_in_is_locked_with_a_way_out(limits, customer):
    client = client_at()
    for _ in range(2):
        assert portal_sign_in(client, "ada@example.org", "wrong").status_code == 400
    assert portal_sign_in(client, "Ada@Example.org", "wrong").status_code == 429

    locked = portal_sign_in(client, "ADA@example.org", PASSWORD)

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed sign-in attempts" in page
    # The e-mailed link still works: it proves the address, not a guessed password.
    assert 'href="/my/sign-in/"' in page
    assert not signed_in(client)


def test_portal_and_agent_sign_in_share_the_ips_count(limits, agent, customer):
    client = client_at()
    for n in range(3):
        portal_sign_in(client, f"nobody{n}@example.org", "wrong")
    for n in range(3):
        agent_sign_in(client, f"user-{n}", "wrong")

    assert portal_sign_in(client, "ada@example.org", PASSWORD).status_code == 429


def test_the_admin_sign_in_is_locked_too(limits):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = client_at()
    for _ in range(3):
        client.post(ADMIN_LOGIN, {"username": "root", "password": "wrong"})

    response = client.post(ADMIN_LOGIN, {"username": "root", "password": PASSWORD})

    assert response.status_code == 429
    assert not signed_in(client)


def test_an_admin_unlocks_an_account_in_the_admin(limits, agent):
    for _ in range(3):
        agent_sign_in(client_at(), "anna", "wrong")
    assert agent_sign_in(client_at(), "anna", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = admin.get("/admin/axes/accessattempt/", {"q": "anna"})
    ids = [
        str(pk) for pk in AccessAttempt.objects.filter(username="anna").values_list("pk", flat=True)
    ]
    deleted = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert listing.status_code == 200 and "anna" in listing.content.decode()
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.filter(username="anna").exists()
    client = client_at()
    assert agent_sign_in(client, "anna", PASSWORD).status_code == 302 and signed_in(client)


def test_an_agent_cannot_open_the_lockout_records(axes_on):
    agent = AgentFactory()
    client = Client()
    client.force_login(agent)

    assert client.get("/admin/axes/accessattempt/").status_code == 302  # to the admin sign-in
