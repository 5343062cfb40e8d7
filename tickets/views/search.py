"""The agents' full-text search page: /agent/search/?q=..."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from helpdesk.auth import permission_required
from tickets.search import QUERY_MAX, search_jump, ticket_search


@require_GET
@permission_required("tickets.work_ticket")
def agent_search(request):
    """A reference or a customer's e-mail address jumps; anything else lists ranked results."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    target = search_jump(user=request.user, query=query) if query else None
    if target:
        return redirect(target)
    results = ticket_search(user=request.user, query=query) if query else []
    return render(request, "tickets/agent_search.html", {"query": query, "results": results})
