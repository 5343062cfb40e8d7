"""Signing in to "My requests": one-time links by e-mail, passwords by e-mail address, and
what an outsider can learn from the form (nothing)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from tests.factories import AgentFactory, CustomerFactory, UserFactory, make_ticket
from tickets.models import Customer, OutboundEmail, SignInLink, User
from tickets.services import portal

pytestmark = pytest.mark.django_db

SIGN_IN = "/my/sign-in/"
PASSWORD = "/my/sign-in/password/"
PASSWORD_OF_FACTORY_USERS = "correct horse battery"


def link_of(email: OutboundEmail) -> str:
    """The sign-in path in an e-mail we queued, as the customer would click it."""
    match = re.search(r"http://testserver(/my/sign-in/[\w-]+/)", email.body_text)
    assert match, email.body_text
    assert match.group(0) in email.body_html
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def request_link(client, email: str):
    return client.post(SIGN_IN, {"email": email})


def signed_in_user(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


@pytest.fixture
def known(db):
    return CustomerFactory(email="ada@example.org", name="Ada Lovelace", language="ru")


# --- Asking for a link -----------------------------------------------------------------------


def test_the_sign_in_page_offers_a_link_and_a_password(client, db):
    html = client.get(SIGN_IN).content.decode()

    assert 'action="/my/sign-in/"' in html
    assert 'action="/my/sign-in/password/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="password"' in html
    # Two forms with an e-mail field each, and still one id per element.
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_a_known_address_gets_a_link_in_the_customers_language(client, known, t0, at):
    with at():
        response = request_link(client, "  ADA@Example.org ")

    assert response.status_code == 302
    assert response.url == "/my/sign-in/sent/"
    link = SignInLink.objects.get()
    assert link.customer == known
    assert link.used_at is None
    assert link.created_at == t0
    assert link.expires_at == t0 + timedelta(minutes=30)
    email = OutboundEmail.objects.get()
    assert email.kind == OutboundEmail.Kind.SIGN_IN_LINK
    assert email.recipient == "ada@example.org"
    assert email.recipient_customer == known
    assert email.language == "ru"
    assert email.is_automatic
    # Only the token's hash is stored; the token itself is only in the e-mail.
    token = token_of(link_of(email))
    assert len(token) >= 43
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash


def test_the_link_e_mail_escapes_the_customers_name(client, db):
    CustomerFactory(email="eve@example.org", name="<script>alert(1)</script>")

    request_link(client, "eve@example.org")

    email = OutboundEmail.objects.get()
    assert "<script>" not in email.body_html
    assert "&lt;script&gt;" in email.body_html
    assert "<script>alert(1)</script>" in email.body_text  # plain text is shown as text


def test_the_link_lives_as_long_as_the_setting_says(client, known, settings, t0, at):
    settings.HELPDESK_SIGN_IN_LINK_MINUTES = 5
    with at():
        request_link(client, known.email)

    assert SignInLink.objects.get().expires_at == t0 + timedelta(minutes=5)


def page_without_csrf(response) -> str:
    """The page with its CSRF tokens (the forms' and htmx's header on <body>) taken out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


@pytest.mark.parametrize("address", ["nobody@example.org", "ADA@example.com"])
def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(known, address):
    for_known = request_link(Client(), known.email)
    for_unknown = request_link(Client(), address)

    assert for_unknown.status_code == for_known.status_code == 302
    assert for_unknown.url == for_known.url == "/my/sign-in/sent/"
    assert page_without_csrf(Client().get(for_unknown.url, follow=True)) == page_without_csrf(
        Client().get(for_known.url, follow=True)
    )
    # One link and one e-mail: the known address's; none for the unknown one.
    assert SignInLink.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
    assert Customer.objects.count() == 1  # asking never creates a customer


def test_a_customer_without_e_mail_cannot_be_reached(client, db):
    CustomerFactory(email=None, phone="+74951234567")

    request_link(client, "+74951234567")

    assert SignInLink.objects.count() == 0


@pytest.mark.parametrize("address", ["", "not-an-address", "a" * 300 + "@example.org", "x\x00@y.z"])
def test_a_malformed_address_is_a_form_error(client, db, address, field_errors):
    response = request_link(client, address)

    assert response.status_code == 400
    assert list(field_errors(response)) == ["email"]
    assert SignInLink.objects.count() == 0


def test_staff_and_agents_get_no_link(client, db):
    CustomerFactory(email="boss@example.org", user=AgentFactory())
    CustomerFactory(email="root@example.org", user=UserFactory(is_staff=True))

    request_link(client, "boss@example.org")
    request_link(client, "root@example.org")

    assert SignInLink.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


# --- Rate limits ------------------------------------------------------------------------------


def test_links_for_one_address_are_rate_limited(client, known, settings):
    settings.HELPDESK_SIGN_IN_RATE_PER_ADDRESS = "2/h"

    answers = [request_link(client, email).status_code for email in ("ada@example.org",
               "ADA@example.org ", "ada@example.org")]  # fmt: skip

    assert answers == [302, 302, 429]
    assert SignInLink.objects.count() == 2
    assert "Too many attempts" in request_link(client, known.email).content.decode()


def test_unknown_addresses_are_limited_alike(client, db, settings):
    settings.HELPDESK_SIGN_IN_RATE_PER_ADDRESS = "1/h"

    answers = [request_link(client, "nobody@example.org").status_code for _ in range(2)]

    assert answers == [302, 429]


def test_links_from_one_client_are_rate_limited(client, db, settings):
    settings.HELPDESK_SIGN_IN_RATE_PER_IP = "3/h"

    answers = [request_link(client, f"person{n}@example.org").status_code for n in range(4)]
    other_client = request_link(Client(REMOTE_ADDR="10.1.2.3"), "person9@example.org")

    assert answers == [302, 302, 302, 429]
    assert other_client.status_code == 302


def test_password_attempts_are_rate_limited(client, customer, settings):
    settings.HELPDESK_SIGN_IN_RATE_PER_ADDRESS = "2/h"
    wrong = {"email": customer.email, "password": "guess"}

    answers = [client.post(PASSWORD, wrong).status_code for _ in range(3)]

    assert answers == [400, 400, 429]


# --- Opening the link -------------------------------------------------------------------------


@pytest.fixture
def link_path(client, known):
    request_link(client, known.email)
    return link_of(OutboundEmail.objects.get())


def assert_token_page_headers(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_opening_the_link_only_shows_a_button(client, link_path, known):
    response = Client().get(link_path)

    assert response.status_code == 200
    assert_token_page_headers(response)
    html = response.content.decode()
    assert '<form class="form narrow" method="post">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # A mail scanner fetching the link uses nothing up and signs nobody in.
    assert SignInLink.objects.get().used_at is None
    assert signed_in_user(client) is None
    known.refresh_from_db()
    assert not known.email_verified


def test_pressing_sign_in_signs_in_verifies_and_shows_my_requests(link_path, known, t0, at):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link_path)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]

    with at(minutes=10):
        response = browser.post(link_path, {"csrfmiddlewaretoken": csrf})

    assert response.status_code == 302
    assert response.url == "/my/"
    assert_token_page_headers(response)
    known.refresh_from_db()
    assert known.email_verified_at == t0 + timedelta(minutes=10)
    user = signed_in_user(browser)
    assert user == known.user
    assert not user.has_usable_password()
    assert user.username != known.email and "@" not in user.username
    assert user.language == "ru"
    assert SignInLink.objects.get().used_at == t0 + timedelta(minutes=10)
    assert browser.get("/my/").status_code == 200


def test_pressing_sign_in_without_csrf_token_is_refused(link_path):
    response = Client(enforce_csrf_checks=True).post(link_path)

    assert response.status_code == 403
    assert SignInLink.objects.get().used_at is None


def test_a_customer_with_a_login_keeps_it(client, customer):
    request_link(client, customer.email)
    path = link_of(OutboundEmail.objects.get())
    users_before = User.objects.count()

    client.post(path)

    assert signed_in_user(client) == customer.user
    assert User.objects.count() == users_before


def test_the_link_works_once(client, link_path):
    assert client.post(link_path).status_code == 302
    client.logout()

    for response in (client.get(link_path), client.post(link_path)):
        assert response.status_code == 410
        assert_token_page_headers(response)
        assert "already been used" in response.content.decode()
        assert 'href="/my/sign-in/"' in response.content.decode()
    assert signed_in_user(client) is None


def test_the_link_expires(client, known, at):
    with at():
        request_link(client, known.email)
    path = link_of(OutboundEmail.objects.get())

    with at(minutes=30):
        response = client.post(path)

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert signed_in_user(client) is None
    assert SignInLink.objects.get().used_at is None
    with at(minutes=29, seconds=59):
        assert client.post(path).status_code == 302


@pytest.mark.parametrize(
    ("token", "status"),
    [("x" * 43, 400), ("short", 400), ("%00", 400), ("a" * 5000, 400), ("../../admin", 404)],
    ids=["made-up", "short", "nul", "huge", "dots"],
)
def test_a_wrong_token_is_a_clear_400(client, link_path, token, status):
    for response in (client.get(f"/my/sign-in/{token}/"), client.post(f"/my/sign-in/{token}/")):
        assert response.status_code == status
        if status == 400:  # "dots" never reaches the view: no URL pattern matches it
            assert "not valid" in response.content.decode()
            assert_token_page_headers(response)
    assert signed_in_user(client) is None


def test_a_cut_off_link_is_not_valid(client, link_path):
    response = client.post(link_path[:-5] + "/")

    assert response.status_code == 400
    assert SignInLink.objects.get().used_at is None


def test_another_customers_link_signs_in_as_that_customer_only(client, known, customer):
    """Bob is signed in and opens Ada's link (she forwarded it, say): the session becomes
    Ada's, and nothing of Bob's stays reachable through it."""
    bobs = make_ticket(customer=customer, subject="Bob's own matter")
    adas = make_ticket(customer=known, subject="Ada's own matter")
    client.force_login(customer.user)
    request_link(Client(), known.email)

    client.post(link_of(OutboundEmail.objects.get()))

    assert signed_in_user(client) == Customer.objects.get(pk=known.pk).user
    page = client.get("/my/").content.decode()
    assert adas.reference in page
    assert bobs.reference not in page
    customer.refresh_from_db()
    assert not customer.email_verified  # Bob's address proved nothing


def test_a_link_never_opens_an_agents_account(client, db):
    """A customer whose login was later made an agent: links stop working for it."""
    ada = CustomerFactory(email="ada@example.org")
    request_link(client, ada.email)
    path = link_of(OutboundEmail.objects.get())
    ada.user = AgentFactory()
    ada.save()

    response = client.post(path)

    assert response.status_code == 403
    assert signed_in_user(client) is None
    assert SignInLink.objects.get().used_at is None


def test_consuming_twice_through_the_service(known):
    request_link(Client(), known.email)
    token = token_of(link_of(OutboundEmail.objects.get()))

    portal.sign_in_link_consume(token=token)

    with pytest.raises(portal.SignInLinkGone):
        portal.sign_in_link_consume(token=token)
    with pytest.raises(portal.SignInLinkInvalid):
        portal.sign_in_link_consume(token=token + "x")


def test_a_linked_login_never_takes_a_username_in_use(db):
    ada = CustomerFactory(email="ada@example.org")
    UserFactory(username=f"customer-{ada.pk}")

    user = portal.customer_login_ensure(customer=ada)

    assert user.username.startswith(f"customer-{ada.pk}-")


# --- Passwords --------------------------------------------------------------------------------


def test_password_sign_in_by_e_mail_address(client, customer):
    response = client.post(
        PASSWORD, {"email": customer.email.upper(), "password": PASSWORD_OF_FACTORY_USERS}
    )

    assert response.status_code == 302
    assert response.url == "/my/"
    assert signed_in_user(client) == customer.user


def test_the_ordinary_login_page_takes_a_customers_address_too(client, customer):
    response = client.post(
        "/accounts/login/", {"username": customer.email, "password": PASSWORD_OF_FACTORY_USERS}
    )

    assert response.status_code == 302
    assert signed_in_user(client) == customer.user


def test_agents_keep_signing_in_by_username(client, agent):
    response = client.post(
        "/accounts/login/", {"username": agent.username, "password": PASSWORD_OF_FACTORY_USERS}
    )

    assert response.status_code == 302
    assert signed_in_user(client) == agent


@pytest.mark.parametrize(
    "data",
    [
        {"email": "customer@example.org", "password": "wrong"},
        {"email": "nobody@example.org", "password": PASSWORD_OF_FACTORY_USERS},
        {"email": "", "password": ""},
        {"email": "not-an-address", "password": "x"},
        {},
    ],
    ids=["wrong-password", "unknown-address", "blank", "malformed", "empty"],
)
def test_a_failed_password_sign_in_is_a_400(client, db, data):
    CustomerFactory(email="customer@example.org", with_login=True)

    response = client.post(PASSWORD, data)

    assert response.status_code == 400
    assert signed_in_user(client) is None
    assert '<p class="error' in response.content.decode()


def test_an_address_does_not_open_an_agents_or_admins_account(client, db):
    for user in (AgentFactory(), UserFactory(is_staff=True, is_superuser=True)):
        CustomerFactory(email=f"{user.username}@customers.example", user=user)

        for url, field in ((PASSWORD, "email"), ("/accounts/login/", "username")):
            client.post(
                url,
                {
                    field: f"{user.username}@customers.example",
                    "password": PASSWORD_OF_FACTORY_USERS,
                },
            )
            assert signed_in_user(client) is None


def test_a_customer_without_a_password_cannot_use_one(client, known):
    portal.customer_login_ensure(customer=known)

    response = client.post(PASSWORD, {"email": known.email, "password": ""})

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_an_inactive_login_cannot_sign_in(client, customer):
    customer.user.is_active = False
    customer.user.save()

    response = client.post(
        PASSWORD, {"email": customer.email, "password": PASSWORD_OF_FACTORY_USERS}
    )

    assert response.status_code == 400
    request_link(client, customer.email)
    assert SignInLink.objects.count() == 0


def test_a_signed_in_customer_goes_straight_to_my_requests(client, customer):
    client.force_login(customer.user)

    response = client.get(SIGN_IN)

    assert response.status_code == 302
    assert response.url == "/my/"


def test_wrong_methods_are_refused(client, link_path):
    assert client.get(PASSWORD).status_code == 405
    assert client.put(SIGN_IN).status_code == 405
    assert client.delete(link_path).status_code == 405
    assert client.post("/my/sign-in/sent/").status_code == 405


def test_the_login_page_points_customers_to_links(client, db):
    assert 'href="/my/sign-in/"' in client.get("/accounts/login/").content.decode()


def test_a_link_made_for_the_demo_data_works(client, known):
    link, url = portal.sign_in_link_create(customer=known)

    assert url.startswith("http://testserver/my/sign-in/")
    assert link.token_hash == hashlib.sha256(token_of(url).encode()).hexdigest()
    assert OutboundEmail.objects.count() == 0
    assert client.post(url.removeprefix("http://testserver")).status_code == 302
    assert signed_in_user(client) == Customer.objects.get(pk=known.pk).user
    known.refresh_from_db()
    assert not known.email_verified  # no e-mail carried this link: it proves no address


def test_a_used_token_is_cut_out_of_the_stored_e_mail(client, link_path):
    token = token_of(link_path)

    client.post(link_path)

    email = OutboundEmail.objects.get()
    assert token not in email.body_text
    assert token not in email.body_html
    assert "/my/sign-in/%5Bused%5D/" in email.body_text


def test_a_link_mailed_to_a_former_address_signs_in_but_verifies_nothing(client, link_path, known):
    known.email = "ada@new-employer.example"
    known.save()

    assert client.post(link_path).status_code == 302

    assert signed_in_user(client) == Customer.objects.get(pk=known.pk).user
    known.refresh_from_db()
    assert not known.email_verified


def test_the_link_e_mail_falls_back_to_the_pages_language(client, db):
    CustomerFactory(email="old@example.org", language="de")

    with translation.override("ru"):
        portal.sign_in_link_request(email="old@example.org", language="ru")

    assert OutboundEmail.objects.get().language == "ru"


@pytest.mark.parametrize("path", [SIGN_IN, "/my/sign-in/sent/"])
def test_the_portal_pages_render_in_russian(client, db, settings, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(path)

    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
