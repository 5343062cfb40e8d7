"""The demo's merged and linked tickets: a customer who wrote twice about one problem (the
second ticket merged into the first), and two customers hit by one outage (linked as related).
Filed through the request form's service and merged or linked through the agents' services, a
few hours before the loader's ``now``."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from helpdesk import clock
from tickets import services
from tickets.management import demo_content as content
from tickets.models import Ticket
from tickets.services.merge import ticket_link, ticket_merge

if TYPE_CHECKING:
    from tickets.management.demo_loader import DemoLoader


def load_demo_merges(loader: DemoLoader) -> None:
    billing = loader.agents[content.BILLING][0]
    general = loader.agents[content.GENERAL][0]
    customer = loader.customers[0]  # the demo login: sees the merge on "My requests"
    english, russian = loader.customers[2], loader.customers[len(content.CUSTOMERS_EN) + 2]

    def at(hours: float):
        return clock.frozen_at(loader.now - timedelta(hours=hours))

    def filed(hours, who, category, subject, body) -> Ticket:
        with at(hours):
            return services.ticket_create(
                customer=who,
                subject=subject,
                body=body,
                channel=Ticket.Channel.WEB,
                category=loader.categories[category],
            )

    kept = filed(
        5,
        customer,
        "invoices",
        "Invoice PDF opens as a blank page",
        "The invoice for March opens as an empty white page in every browser.",
    )
    duplicate = filed(
        4.5,
        customer,
        "invoices",
        "Blank invoice",
        "Writing again in case my first message got lost: the March invoice is blank.",
    )
    with at(4):
        ticket_merge(source=duplicate, target=kept, actor=billing)
    with at(3.5):
        services.message_add_from_agent(
            ticket=kept,
            agent=billing,
            body="Thank you, both of your messages are here now. We are regenerating the invoice.",
        )

    first = filed(
        3,
        english,
        "access",
        "VPN drops every hour",
        "The VPN disconnects on the hour, every hour, since this morning.",
    )
    second = filed(
        2.5,
        russian,
        "access",
        "VPN отключается каждый час",
        "С утра VPN отключается примерно раз в час.",
    )
    with at(2):
        ticket_link(ticket=second, other=first, actor=general)
