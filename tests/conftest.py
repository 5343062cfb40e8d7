"""Fixtures shared by the ticket, API and metrics tests: a small cast of people around two
teams. Rows come from tests/factories.py; tickets come from the services."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from helpdesk import clock
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    TeamFactory,
    make_ticket,
)


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which it must not undo
def pytest_collection_modifyitems(config, items):
    # End-to-end tests last: their session-scoped Celery worker consumes this run's queue, and
    # once started it would also take the "look" messages of later transactional tests and
    # write facts and rollups under them (or deadlock their flush).
    items.sort(key=lambda item: "e2e" in item.path.parts)


def pytest_configure(config):
    # WhiteNoise warns on every test-client request that collectstatic never ran (STATIC_ROOT
    # is missing); tests get CSS through the finders, so the warning is noise.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


# The moment frozen-clock tests start from (a Monday morning, UTC).
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def t0():
    return T0


@pytest.fixture
def at(t0):
    """``with at(seconds=90): ...`` runs services as if it were ``t0`` + 90 s (the services and
    metrics read helpdesk.clock, so nothing else needs patching)."""

    def moment(**delta):
        return clock.frozen_at(t0 + timedelta(**delta))

    return moment


def ratelimit_reset():
    """Forget every rate-limit counter of this test run. Only the keys under this run's prefix:
    caches["ratelimit"].clear() would FLUSHDB the Redis that other test runs (and their Celery
    queues) share."""
    from django.core.cache import caches

    cache = caches["ratelimit"]
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=cache.make_key("*"), count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty default cache (per-process locmem in tests): a debounce
    flag (helpdesk.debounce) or presence left by one test must not change the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with untouched rate limits: the counters live in real Redis and would
    otherwise carry over from one test's form posts to the next."""
    ratelimit_reset()
    yield


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded attachments land in a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def team(db):
    return TeamFactory(name="Hardware")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Billing")


@pytest.fixture
def agent(team):
    return AgentFactory(teams=[team])


@pytest.fixture
def other_agent(other_team):
    """An agent of another team: must not see or touch ``team``'s tickets."""
    return AgentFactory(teams=[other_team])


@pytest.fixture
def manager(db):
    """A manager in no team at all: sees and works every ticket through the role alone."""
    return ManagerFactory()


@pytest.fixture
def customer(db):
    """A customer with a login."""
    return CustomerFactory(with_login=True)


@pytest.fixture
def other_customer(db):
    return CustomerFactory(with_login=True)


@pytest.fixture
def customer_user(customer):
    """``customer``'s login, for parametrizing over who signs in."""
    return customer.user


@pytest.fixture
def other_customer_user(other_customer):
    return other_customer.user


@pytest.fixture
def ticket(customer, team):
    return make_ticket(customer=customer, team=team)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def field_errors():
    """``field_errors(response)`` -> {field id: error text} as rendered by includes/field.html,
    so a test can check that an error sits next to the right field."""

    def errors(response) -> dict[str, str]:
        page = response.content.decode()
        found = re.findall(r'<p class="error" id="id_(\w+)-error">(.*?)</p>', page)
        return {field: html.unescape(text) for field, text in found}

    return errors
