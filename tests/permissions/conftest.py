"""Fixtures of the permission tests: django-axes switched on (the test settings leave it off,
because test clients' login() calls authenticate() without a request, which axes refuses)."""

from __future__ import annotations

import pytest


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings
