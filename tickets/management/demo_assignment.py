"""The demo's assignment setup, after the stories have played (so their history is unchanged):
both teams hand new tickets out round-robin, and one Billing agent is away, so new Billing
tickets all go to the other one while General's take turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tickets.management import demo_content as content

if TYPE_CHECKING:
    from tickets.management.demo_loader import DemoLoader


def load_demo_assignment(loader: DemoLoader) -> None:
    for team in loader.teams.values():
        team.auto_assign = True
        team.save(update_fields=["auto_assign"])
    away = loader.agents[content.BILLING][-1]
    away.is_away = True
    away.save(update_fields=["is_away"])
