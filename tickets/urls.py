from django.urls import path

from tickets.api.channels import ConversationWebhookApi
from tickets.views import agent, channels, emails, files, portal, preferences, public, requests
from tickets.views import assignment as assignment_views
from tickets.views import inbound as inbound_views
from tickets.views import links as link_views
from tickets.views import macros as macro_views
from tickets.views import queue as queue_views
from tickets.views import search as search_views
from tickets.views import surveys as survey_views
from tickets.views import ticket_page as ticket_page_views

urlpatterns = [
    path("request/new/", requests.request_new, name="request-new"),
    path("request/sent/", requests.request_sent, name="request-sent"),
    path(
        "request/<str:reference>/<str:token>/received/",
        requests.request_received,
        name="request-received",
    ),
    path("track/<str:reference>/<str:token>/", public.track, name="track"),
    path("track/<str:reference>/<str:token>/solve/", portal.track_solve, name="track-solve"),
    path("track/<str:reference>/<str:token>/reopen/", portal.track_reopen, name="track-reopen"),
    path(
        "track/<str:reference>/<str:token>/rating/",
        survey_views.track_rating,
        name="track-rating",
    ),
    path("survey/csat/", survey_views.csat_survey, name="survey-csat"),
    path("survey/nps/", survey_views.nps_survey, name="survey-nps"),
    path("my/", portal.my_requests, name="portal-my-requests"),
    path("my/sign-in/", portal.sign_in, name="portal-sign-in"),
    path("my/sign-in/password/", portal.sign_in_password, name="portal-sign-in-password"),
    path("my/sign-in/sent/", portal.sign_in_sent, name="portal-sign-in-sent"),
    path("my/sign-in/<str:token>/", portal.sign_in_link, name="portal-sign-in-link"),
    path(
        "track/<str:reference>/<str:token>/files/<int:attachment_id>/",
        files.tracking_attachment,
        name="track-attachment",
    ),
    path("files/<int:attachment_id>/", files.attachment, name="attachment"),
    path("agent/", agent.queue, name="agent-queue"),
    # The home's saved views and bulk actions (tickets/views/queue.py).
    path("agent/views/", queue_views.view_create, name="agent-view-create"),
    path("agent/views/<int:view_id>/", queue_views.view_rename, name="agent-view-rename"),
    path("agent/views/<int:view_id>/delete/", queue_views.view_delete, name="agent-view-delete"),
    path("agent/bulk/", queue_views.bulk_update, name="agent-bulk-update"),
    path("agent/search/", search_views.agent_search, name="agent-search"),
    path("agent/preferences/", preferences.agent_preferences, name="agent-preferences"),
    path("inbound/email/", inbound_views.inbound_email_post, name="inbound-email"),
    path("agent/mail/", inbound_views.review, name="inbound-review"),
    path("agent/mail/<int:inbound_id>/", inbound_views.detail, name="inbound-detail"),
    path("agent/mail/<int:inbound_id>/raw/", inbound_views.raw, name="inbound-raw"),
    path(
        "agent/messages/<int:message_id>/raw/",
        inbound_views.raw_for_message,
        name="inbound-raw-for-message",
    ),
    path("agent/mail/<int:inbound_id>/accept/", inbound_views.accept, name="inbound-accept"),
    path("agent/mail/<int:inbound_id>/reject/", inbound_views.reject, name="inbound-reject"),
    # Before agent-ticket, which would take "new" for a reference.
    path("agent/tickets/new/", channels.log_ticket, name="agent-log-ticket"),
    path(
        "agent/tickets/<str:reference>/log-message/",
        channels.log_message,
        name="agent-ticket-log-message",
    ),
    path(
        "inbound/conversations/<str:provider>/",
        ConversationWebhookApi.as_view(),
        name="inbound-conversation",
    ),
    path(
        "agent/tickets/<str:reference>/take/",
        assignment_views.ticket_take,
        name="agent-ticket-take",
    ),
    path("agent/tickets/<str:reference>/", ticket_page_views.ticket_detail, name="agent-ticket"),
    path(
        "agent/tickets/<str:reference>/reply/",
        ticket_page_views.ticket_reply,
        name="agent-ticket-reply",
    ),
    # The ticket page's htmx endpoints (tickets/views/ticket_page.py).
    path(
        "agent/tickets/<str:reference>/preview/",
        ticket_page_views.ticket_preview,
        name="agent-ticket-preview",
    ),
    path(
        "agent/tickets/<str:reference>/presence/",
        ticket_page_views.ticket_presence,
        name="agent-ticket-presence",
    ),
    path(
        "agent/tickets/<str:reference>/emails/<int:email_id>/send-again/",
        emails.email_send_again,
        name="agent-email-send-again",
    ),
    path(
        "agent/tickets/<str:reference>/properties/",
        ticket_page_views.ticket_properties,
        name="agent-ticket-properties",
    ),
    # Merge a duplicate, link related tickets (tickets/views/links.py).
    path("agent/tickets/<str:reference>/merge/", link_views.merge, name="agent-ticket-merge"),
    path("agent/tickets/<str:reference>/link/", link_views.link, name="agent-ticket-link"),
    path(
        "agent/tickets/<str:reference>/unlink/<int:link_id>/",
        link_views.unlink,
        name="agent-ticket-unlink",
    ),
    *macro_views.urlpatterns,
]
