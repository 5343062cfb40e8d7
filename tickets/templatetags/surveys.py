"""Template filters of the satisfaction surveys."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def csat_is_bad(score) -> bool:
    """Whether a CSAT score is a bad rating (<= HELPDESK_CSAT_BAD_SCORE), as the lead is told."""
    return isinstance(score, int) and score <= settings.HELPDESK_CSAT_BAD_SCORE
