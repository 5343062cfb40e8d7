"""``{% ticket_links_panel ticket as panel %}``: the data of the "Merged and related" panel,
loaded by the partial itself so the ticket page needs only one include line."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_links_panel(context, ticket) -> dict:
    from tickets.views.links import panel_context  # the views' forms and selectors, one place

    return panel_context(context["request"], ticket)
