"""The agent's workspace: the queue is tickets/views/queue.py (the home with its views, filters,
keyset pages, saved views and bulk actions); the ticket page is tickets/views/ticket_page.py."""

from tickets.views.queue import queue

__all__ = ["queue"]
