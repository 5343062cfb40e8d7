"""Saved views of the agent queue."""

from django.contrib import admin

from tickets.models import SavedView


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "team", "query", "position")
    list_filter = ("team",)
    search_fields = ("name", "owner__username", "query")
    raw_id_fields = ("owner",)
