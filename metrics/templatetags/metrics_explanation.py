from django import template

from metrics.explanations import ticket_explanation as explain

register = template.Library()


@register.simple_tag
def ticket_explanation(ticket):
    """``{% ticket_explanation ticket as explanation %}``: see metrics.explanations."""
    return explain(ticket=ticket)
