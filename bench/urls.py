"""The bench URLconf (bench/settings_ws.py): the project's URLs plus /bench/pk/<id>/, the
SELECT-by-primary-key + small template baseline of bench.workspace."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path

from tickets.models import Ticket

# Compiled once, as the cached template loader would; rendered with the request, so the
# context processors run as on every page (they load the signed-in user).
PK_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ ticket.reference }}</title>"
    "<h1>{{ ticket.reference }} {{ ticket.subject }}</h1>"
    "<p>{{ ticket.get_status_display }} · {{ ticket.updated_at|date:'Y-m-d H:i' }}</p>"
)


def ticket_by_pk(request, pk):
    ticket = get_object_or_404(Ticket, pk=pk)
    return HttpResponse(PK_TEMPLATE.render({"ticket": ticket}, request))


urlpatterns = [
    path("bench/pk/<int:pk>/", ticket_by_pk, name="bench-pk"),
    path("", include("helpdesk.urls")),
]
