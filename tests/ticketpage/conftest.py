import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_presence_left_over():
    """Presence lives in the (test: local-memory) cache; ticket ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def htmx():
    return {"HTTP_HX_REQUEST": "true"}


def page(ticket) -> str:
    return f"/agent/tickets/{ticket.reference}/"
