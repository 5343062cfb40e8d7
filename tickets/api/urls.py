from django.urls import path

from tickets.api import assignment, emails, inbound, portal, search, surveys, views
from tickets.api import links as link_api
from tickets.api import macros as macro_api
from tickets.api import queue as queue_api
from tickets.api import ticket_page as ticket_page_api

urlpatterns = [
    path("inbound-emails/", inbound.InboundEmailListApi.as_view(), name="api-inbound-emails"),
    path(
        "inbound-emails/<int:inbound_id>/accept/",
        inbound.InboundEmailAcceptApi.as_view(),
        name="api-inbound-email-accept",
    ),
    path(
        "inbound-emails/<int:inbound_id>/reject/",
        inbound.InboundEmailRejectApi.as_view(),
        name="api-inbound-email-reject",
    ),
    path(
        "inbound-emails/<int:inbound_id>/raw/",
        inbound.InboundEmailRawApi.as_view(),
        name="api-inbound-email-raw",
    ),
    path("search/", search.SearchApi.as_view(), name="api-search"),
    path("tickets/", views.TicketListCreateApi.as_view(), name="api-tickets"),
    # Saved views of the queue (tickets/api/queue.py).
    path("views/", queue_api.SavedViewListApi.as_view(), name="api-views"),
    path("views/<int:view_id>/", queue_api.SavedViewDetailApi.as_view(), name="api-view"),
    # Before api-ticket, which would take "bulk" for a reference.
    path("tickets/bulk/", assignment.TicketBulkUpdateApi.as_view(), name="api-tickets-bulk"),
    path(
        "tickets/<str:reference>/take/",
        assignment.TicketTakeApi.as_view(),
        name="api-ticket-take",
    ),
    path("tickets/<str:reference>/", views.TicketDetailApi.as_view(), name="api-ticket"),
    path(
        "attachments/<int:attachment_id>/",
        views.AttachmentDownloadApi.as_view(),
        name="api-attachment",
    ),
    path(
        "tickets/<str:reference>/messages/",
        views.TicketMessageCreateApi.as_view(),
        name="api-ticket-messages",
    ),
    path(
        "tickets/<str:reference>/emails/",
        emails.TicketEmailListApi.as_view(),
        name="api-ticket-emails",
    ),
    path(
        "tickets/<str:reference>/solve/",
        portal.TicketSolveApi.as_view(),
        name="api-ticket-solve",
    ),
    path(
        "tickets/<str:reference>/reopen/",
        portal.TicketReopenApi.as_view(),
        name="api-ticket-reopen",
    ),
    path(
        "tickets/<str:reference>/ratings/",
        surveys.TicketRatingsApi.as_view(),
        name="api-ticket-ratings",
    ),
    # The agent ticket page's reads (tickets/api/ticket_page.py).
    path(
        "tickets/<str:reference>/history/",
        ticket_page_api.TicketHistoryApi.as_view(),
        name="api-ticket-history",
    ),
    path(
        "tickets/<str:reference>/presence/",
        ticket_page_api.TicketPresenceApi.as_view(),
        name="api-ticket-presence",
    ),
    path(
        "tickets/<str:reference>/preview/",
        ticket_page_api.TicketPreviewApi.as_view(),
        name="api-ticket-preview",
    ),
    path(
        "tickets/<str:reference>/customer-tickets/",
        ticket_page_api.CustomerTicketsApi.as_view(),
        name="api-ticket-customer-tickets",
    ),
    path("surveys/csat/", surveys.CsatSurveyApi.as_view(), name="api-survey-csat"),
    path("surveys/nps/", surveys.NpsSurveyApi.as_view(), name="api-survey-nps"),
    # Merge a duplicate, link related tickets (tickets/api/links.py).
    path(
        "tickets/<str:reference>/merge/", link_api.TicketMergeApi.as_view(), name="api-ticket-merge"
    ),
    path(
        "tickets/<str:reference>/links/", link_api.TicketLinksApi.as_view(), name="api-ticket-links"
    ),
    path(
        "tickets/<str:reference>/links/<int:link_id>/",
        link_api.TicketLinkDetailApi.as_view(),
        name="api-ticket-link",
    ),
    *macro_api.urlpatterns,
]
