"""The demo's saved views: a personal one for the first Billing agent and one shared with each
team (one named in Russian), saved through the same service as the agents' "Save view"."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from tickets.management import demo_content as content
from tickets.services.saved_views import saved_view_create

if TYPE_CHECKING:
    from tickets.management.demo_loader import DemoLoader


def load_demo_views(loader: DemoLoader) -> None:
    billing, general = loader.teams[content.BILLING], loader.teams[content.GENERAL]
    billing_agent = loader.agents[content.BILLING][0]
    general_agent = loader.agents[content.GENERAL][0]
    saved_view_create(
        owner=billing_agent,
        name="My urgent and high",
        query=urlencode({"assignee": "me", "priority": ["urgent", "high"]}, doseq=True),
    )
    saved_view_create(
        owner=billing_agent,
        name="Billing: VIP customers",
        query=urlencode({"team": billing.pk, "tag": "vip", "status": ["new", "open"]}, doseq=True),
        team=billing,
    )
    saved_view_create(
        owner=general_agent,
        name="Ждут ответа клиента",
        query=urlencode({"team": general.pk, "status": "pending", "sort": "updated"}),
        team=general,
    )
