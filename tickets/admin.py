from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from tickets.models import Category, Customer, Tag, Team, Ticket, TicketEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default")
    filter_horizontal = ("members",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "team", "is_public")
    list_filter = ("team", "is_public")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "language", "user", "created_at")
    search_fields = ("name", "email")
    raw_id_fields = ("user",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Tickets change only through services (each change writes an event), so the admin may
    look but not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ("reference", "subject", "status", "priority", "channel", "team", "assignee")
    list_filter = ("status", "priority", "channel", "team")
    search_fields = ("subject", "customer__email")
    list_select_related = ("team", "assignee")


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "kind", "created_at", "processed_at")
    list_filter = ("kind",)
    list_select_related = ("ticket",)
