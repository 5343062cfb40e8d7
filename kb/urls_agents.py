"""The agents' knowledge base pages, under /agent/kb/ (kb.views.agents)."""

from django.urls import path

from kb.views import agents

urlpatterns = [
    path("", agents.editor_list, name="agent-kb"),
    path("new/", agents.editor_new, name="agent-kb-new"),
    path("preview/", agents.editor_preview, name="agent-kb-preview"),
    path("gaps/", agents.gaps, name="agent-kb-gaps"),
    path("<int:article_id>/", agents.editor_edit, name="agent-kb-edit"),
    path("<int:article_id>/reviewed/", agents.editor_reviewed, name="agent-kb-reviewed"),
    path("<int:article_id>/files/", agents.editor_file, name="agent-kb-file"),
    path("<int:article_id>/compare/", agents.editor_compare, name="agent-kb-compare"),
    path("tickets/<str:reference>/picker/", agents.reply_picker, name="agent-kb-picker"),
    path(
        "tickets/<str:reference>/messages/<int:message_id>/draft/",
        agents.draft_from_message,
        name="agent-kb-draft-from-message",
    ),
]
