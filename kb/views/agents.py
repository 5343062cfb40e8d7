"""The agents' side of the knowledge base: the editor (list, write, preview, files, reviewed),
the picker in the reply editor, and a reply made into a draft article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.auth import permission_required
from helpdesk.errors import NotFound, ValidationError
from kb import selectors, services
from kb.forms import AgentArticleForm, ArticleFileForm
from kb.gaps import knowledge_gaps
from kb.markdown import render_markdown
from kb.revisions import revisions_compared, revisions_pair
from kb.services.files import markdown_for
from kb.services.stale import stale_cutoff
from tickets.forms import add_service_error
from tickets.queues.pages import tickets_page
from tickets.selectors import ticket_get_for_user, tickets_visible_to

agent_required = permission_required("tickets.work_ticket")


@require_GET
@agent_required
def editor_list(request):
    show = request.GET.get("show", "all")
    show = show if show in selectors.EDITOR_FILTERS else "all"
    query = request.GET.get("q", "")
    articles = selectors.articles_for_editors(user=request.user, show=show, query=query)
    try:
        page = tickets_page(articles, sort="updated", cursor=request.GET.get("cursor", ""))
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("agent-kb")
    base = {"show": show, **({"q": query} if query else {})}
    context = {
        "page": page,
        "show": show,
        "query": query,
        "filters": selectors.EDITOR_FILTERS,
        "next_link": "?" + urlencode({**base, "cursor": page.next_cursor})
        if page.next_cursor
        else "",
        "previous_link": "?" + urlencode({**base, "cursor": page.previous_cursor})
        if page.previous_cursor
        else "",
        "stale_before": stale_cutoff(),
    }
    return render(request, "kb/agent/list.html", context)


def _saved(article) -> dict:
    fields = ("title", "section", "status", "is_internal", "slug", "body")
    return {name: getattr(article, name) for name in fields}


def _editor(request, *, article=None, form=None, file_form=None, status=200):
    context = {
        "article": article,
        "form": form,
        "file_form": file_form or ArticleFileForm(),
        "files": [(file, markdown_for(file)) for file in article.files.all()] if article else [],
        "translations": selectors.article_translations(user=request.user, article=article)
        if article
        else [],
        "revisions": article.revisions.select_related("author")[:10] if article else [],
        "stale": article is not None and selectors.article_is_stale(article),
    }
    return render(request, "kb/agent/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@agent_required
def editor_new(request):
    translation_of = None
    source_id = request.GET.get("translation_of") or request.POST.get("translation_of")
    if source_id and str(source_id).isascii() and str(source_id).isdecimal():
        translation_of = selectors.article_get_for_editor(article_id=int(source_id))
    if request.method == "GET":
        language = (get_language() or "en")[:2]
        initial = {
            "status": "draft",
            "title": request.GET.get("title", "")[:200],
            "language": language if language in selectors.LANGUAGES else "en",
        }
        if translation_of is not None:
            initial |= {
                "language": selectors.other_language(translation_of.language),
                "section": translation_of.section,
                "is_internal": translation_of.is_internal,
            }
        form = AgentArticleForm(initial=initial)
        return _new_page(request, form, translation_of)
    form = AgentArticleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                author=request.user,
                section=data["section"],
                language=data["language"],
                title=data["title"],
                body=data["body"],
                slug=data["slug"],
                status=data["status"],
                is_internal=data["is_internal"],
                owner=request.user,
                translation_of=translation_of,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect("agent-kb-edit", article.pk)
    return _new_page(request, form, translation_of, status=400)


def _new_page(request, form, translation_of, status=200):
    context = {"form": form, "translation_of": translation_of}
    return render(request, "kb/agent/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@agent_required
def editor_edit(request, article_id: int):
    article = selectors.article_get_for_editor(article_id=article_id)
    if request.method == "GET":
        form = AgentArticleForm(initial=_saved(article), article=article)
        return _editor(request, article=article, form=form)
    form = AgentArticleForm(request.POST, article=article)
    if form.is_valid():
        try:
            services.article_update(article=article, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect("agent-kb-edit", article.pk)
    return _editor(request, article=article, form=form, status=400)


@require_POST
@agent_required
def editor_preview(request):
    """The body as readers will see it (htmx): the same renderer as on save."""
    html = render_markdown(request.POST.get("body", "")[:200_000])
    return render(request, "kb/agent/partials/preview.html", {"html": html})


@require_POST
@agent_required
def editor_reviewed(request, article_id: int):
    article = selectors.article_get_for_editor(article_id=article_id)
    services.article_mark_reviewed(article=article, actor=request.user)
    messages.success(request, _("Marked reviewed: it still holds."))
    return redirect("agent-kb-edit", article.pk)


@require_POST
@agent_required
def editor_file(request, article_id: int):
    article = selectors.article_get_for_editor(article_id=article_id)
    file_form = ArticleFileForm(request.POST, request.FILES)
    if file_form.is_valid():
        try:
            stored = services.article_file_add(
                article=article, upload=file_form.cleaned_data["file"]
            )
        except ValidationError as error:
            file_form.add_error("file", error.message)
        else:
            messages.success(
                request,
                _("File added. Paste this where it belongs: %(markdown)s")
                % {"markdown": markdown_for(stored)},
            )
            return redirect("agent-kb-edit", article.pk)
    form = AgentArticleForm(initial=_saved(article), article=article)
    return _editor(request, article=article, form=form, file_form=file_form, status=400)


@require_GET
@agent_required
def reply_picker(request, reference: str):
    """The reply editor's knowledge base search (htmx): the ticket's language first; the
    query defaults to the ticket's subject. Any of the words will do (those with more of them
    first): a subject or a few typed words rarely all stand in one article."""
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    query = request.GET.get("q")
    language = ticket.language if ticket.language in selectors.LANGUAGES else "en"
    results = selectors.kb_search(
        user=request.user,
        language=language,
        query=ticket.subject if query is None else query,
        limit=8,
        any_word=True,
    )
    context = {"hits": results.hits, "query": selectors.clean_query(query or ""), "ticket": ticket}
    return render(request, "kb/agent/partials/picker_results.html", context)


@require_POST
@agent_required
def draft_from_message(request, reference: str, message_id: int):
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    message = ticket.messages.filter(pk=message_id).first()
    if message is None:
        raise NotFound(_("Message not found."))
    try:
        article = services.article_draft_from_message(message=message, agent=request.user)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("agent-ticket", ticket.reference)
    messages.success(
        request, _("Draft article made from the reply. Give it a look before publishing.")
    )
    return redirect("agent-kb-edit", article.pk)


@require_GET
@agent_required
def gaps(request):
    days = request.GET.get("days", "30")
    days = int(days) if days in ("7", "30", "90") else 30
    report = knowledge_gaps(tickets=tickets_visible_to(request.user), days=days)
    return render(request, "kb/agent/gaps.html", {"gaps": report, "periods": (7, 30, 90)})


@require_GET
@agent_required
def editor_compare(request, article_id: int):
    article = selectors.article_get_for_editor(article_id=article_id)
    revisions, old, new = revisions_pair(article, request.GET.get("old"), request.GET.get("new"))
    context = {
        "article": article,
        "revisions": revisions,
        "old": old,
        "new": new,
        "table": revisions_compared(old, new) if old and new else "",
    }
    return render(request, "kb/agent/compare.html", context)
