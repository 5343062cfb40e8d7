"""The Django admin, one module per concern; importing them registers their ModelAdmins."""

from tickets.admin import core, macros, mail, saved_views, service_levels  # noqa: F401
