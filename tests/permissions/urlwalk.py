"""Every URL pattern of the project, with its path parameters filled from the test world."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from tests.permissions.world import World


@dataclass(frozen=True)
class Url:
    key: str  # "namespace:name", or the route for an unnamed pattern
    route: str  # the pattern as written, prefixes included
    is_admin: bool


def all_patterns() -> list[Url]:
    found: list[Url] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + _text(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, route, inner)
            elif isinstance(entry, URLPattern):
                key = f"{namespace}{entry.name}" if entry.name else route
                found.append(Url(key=key, route=route, is_admin=namespace.startswith("admin:")))

    walk(get_resolver(), "", "")
    return found


def _text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$")
    return text


_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


class MissingParameter(LookupError):
    pass


def fill(url: Url, world: World) -> str:
    """The route with every parameter replaced by a value from the world."""

    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        return str(_parameter(url, name, world))

    return "/" + _PARAMETER.sub(value, url.route)


def _parameter(url: Url, name: str, world: World):
    ticket = world.ticket
    if name == "token":
        return world.sign_in_token if url.key == "portal-sign-in-link" else ticket.tracking_token
    if name == "slug":  # a knowledge base category's, or an article's
        kind = "category_slug" if url.key == "kb-category" else "article_slug"
        return world.extra_parameters[kind]
    if name == "object_id" and url.is_admin:
        return _admin_object_id(url.route)
    values = {
        "reference": ticket.reference,
        "attachment_id": world.attachment.pk,
        "inbound_id": world.quarantined.pk,
        "message_id": world.appended.message_id,
        "email_id": world.outbound.pk,
        "provider": "acme-chat",
        "content_type_id": ContentType.objects.get_for_model(type(ticket)).pk,
        "object_id": ticket.pk,
        "app_label": "tickets",
        "url": "no-such-page/",
        "id": world.users["customer"].pk,  # the admin's set-password page of a user
    }
    values.update(world.extra_parameters)
    if name not in values:
        raise MissingParameter(
            f"{url.key} ({url.route}): no value for <{name}>; add one to "
            "tests/permissions/urlwalk.py (_parameter) or World.extra_parameters"
        )
    return values[name]


def _admin_object_id(route: str) -> str:
    """The pk of a row of the model an admin URL is about ("0" if the table is empty)."""
    for model in admin_site._registry:
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if route.startswith(base):
            row = model._default_manager.order_by("pk").first()
            return str(row.pk) if row else "0"
    return "0"
