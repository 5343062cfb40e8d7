"""Placeholders in canned responses (macros): ``{{ customer.first_name }}`` and friends.

Macro bodies are text that agents write, so they are never handed to the Django template engine
(which would let a macro read settings or call methods through ``{{ ... }}`` and ``{% ... %}``).
This small renderer knows a fixed set of names, replaces each with a plain string in one pass
(a value that itself looks like a placeholder stays as it is), and leaves every other character
alone. The result is plain text; the reply is escaped wherever it is shown, like any message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tickets.models import Macro, Ticket, User

# ``{{`` up to the next ``}}``: every such span must be a known placeholder.
_SPAN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"\s*([a-z_]+(?:\.[a-z_]+)*)\s*")


def _customer_first_name(ticket: Ticket, agent: User | None) -> str:
    name = ticket.customer.name.strip()
    return name.split()[0] if name else ""


def _agent_name(ticket: Ticket, agent: User | None) -> str:
    if agent is None:
        return ""
    return agent.get_full_name() or agent.get_username()


PLACEHOLDERS: dict[str, Callable[[Ticket, User | None], str]] = {
    "customer.name": lambda ticket, agent: ticket.customer.name,
    "customer.first_name": _customer_first_name,
    "ticket.reference": lambda ticket, agent: ticket.reference,
    "ticket.subject": lambda ticket, agent: ticket.subject,
    "agent.name": _agent_name,
    "team.name": lambda ticket, agent: ticket.team.name,
}


def _placeholder_name(span: str) -> str | None:
    match = _NAME.fullmatch(span)
    return match.group(1) if match and match.group(1) in PLACEHOLDERS else None


def known_placeholders() -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)


def unknown_placeholders(text: str) -> list[str]:
    """Every ``{{ ... }}`` in ``text`` that is not a known placeholder (in order, once each),
    plus a lone ``{{`` without its ``}}``."""
    unknown: list[str] = []
    for match in _SPAN.finditer(text or ""):
        if _placeholder_name(match.group(1)) is None:
            shown = match.group(0)
            if shown not in unknown:
                unknown.append(shown)
    rest = _SPAN.sub("", text or "")
    if "{{" in rest:
        unknown.append("{{")
    return unknown


def placeholders_check(text: str) -> str | None:
    """A translated error message naming the unknown placeholders in ``text``, or None."""
    unknown = unknown_placeholders(text)
    if not unknown:
        return None
    return ngettext(
        "Unknown placeholder %(names)s. Use one of: %(known)s.",
        "Unknown placeholders %(names)s. Use one of: %(known)s.",
        len(unknown),
    ) % {
        "names": ", ".join(unknown),
        "known": known_placeholders(),
    }


def placeholders_help() -> str:
    return _("Placeholders: %(known)s.") % {"known": known_placeholders()}


def render_placeholders(text: str, *, ticket: Ticket, agent: User | None) -> str:
    """``text`` with each known placeholder replaced by its value for this ticket and agent.
    Unknown spans (macros are checked when saved, so only older text could have them) stay as
    written. One pass over the original text: values are never scanned again."""

    def replace(match: re.Match) -> str:
        name = _placeholder_name(match.group(1))
        return PLACEHOLDERS[name](ticket, agent) if name else match.group(0)

    return _SPAN.sub(replace, text or "")


def macro_render(*, macro: Macro, ticket: Ticket, agent: User | None) -> str:
    """The macro's text in the ticket's language (else the other one), filled in."""
    return render_placeholders(macro.body_for(ticket.language), ticket=ticket, agent=agent)


def macro_changes_described(macro: Macro) -> list[str]:
    """The macro's field changes in plain words, for the picker and the API."""
    changes = []
    if macro.set_status:
        changes.append(_("Set status to %(status)s") % {"status": macro.get_set_status_display()})
    if macro.set_priority:
        changes.append(
            _("Set priority to %(priority)s") % {"priority": macro.get_set_priority_display()}
        )
    if macro.add_tags:
        changes.append(_("Add tags: %(tags)s") % {"tags": ", ".join(macro.add_tags)})
    if macro.assign_to_me:
        changes.append(_("Assign to me"))
    return changes
