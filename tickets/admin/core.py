"""People, teams, tickets and the event spine."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helpdesk.errors import ValidationError
from tickets.admin.base import ReadOnlyAdmin, refresh_sla_after_commit
from tickets.models import (
    Category,
    Customer,
    EventHandlerFailure,
    ExternalConversation,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    User,
)
from tickets.services.customers import (
    customer_save_from_admin,
    normalize_email,
    normalize_phone,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language", "notify_by_email", "is_away")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = (*BaseUserAdmin.list_filter, "is_away")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "lead", "calendar", "auto_assign", "max_open_per_agent")
    list_select_related = ("lead", "calendar")
    filter_horizontal = ("members",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "calendar" in form.changed_data:  # its open tickets' business-time due times move
            refresh_sla_after_commit()


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "team", "is_public")
    list_filter = ("team", "is_public")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class CustomerAdminForm(forms.ModelForm):
    """The services' rules for contact details, shown as field errors."""

    class Meta:
        model = Customer
        fields = ("name", "email", "phone", "language")

    def _normalized(self, field: str, normalize) -> str | None:
        value = (self.cleaned_data.get(field) or "").strip()
        try:
            return normalize(value) if value else None
        except ValidationError as error:
            raise forms.ValidationError(error.message) from None

    def clean_email(self):
        return self._normalized("email", normalize_email)

    def clean_phone(self):
        return self._normalized("phone", normalize_phone)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = CustomerAdminForm
    list_display = ("name", "email", "phone", "language", "user", "created_at")
    search_fields = ("name", "email", "phone")
    # Verification and the login are proven by the customer (an e-mailed link), never typed.
    readonly_fields = ("email_verified_at", "user", "created_at")

    def save_model(self, request, obj, form, change):
        customer_save_from_admin(customer=obj, changed=form.changed_data)


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ("reference", "subject", "status", "priority", "channel", "team", "assignee")
    list_filter = ("status", "priority", "channel", "team")
    search_fields = ("subject", "customer__email", "customer__phone")
    list_select_related = ("team", "assignee")


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "kind", "created_at", "processed_at")
    list_filter = ("kind",)
    list_select_related = ("ticket",)


@admin.register(ExternalConversation)
class ExternalConversationAdmin(ReadOnlyAdmin):
    """Chat and social conversations of the webhook integrations (tickets.api.channels)."""

    list_display = ("provider", "external_id", "channel", "ticket", "created_at")
    list_filter = ("provider", "channel")
    search_fields = ("external_id",)
    list_select_related = ("ticket",)


# --- Event handlers that failed on an event (tickets.services.events) ---------------------------


@admin.register(EventHandlerFailure)
class EventHandlerFailureAdmin(ReadOnlyAdmin):
    """What a handler failed on, with its error; retried with backoff by beat, parked after
    HELPDESK_EVENT_HANDLER_ATTEMPTS. "Re-drive" makes the selected ones due at once."""

    list_display = ("handler", "event", "attempts", "error_summary", "next_attempt_at", "parked_at")
    list_filter = ("handler", ("parked_at", admin.EmptyFieldListFilter))
    list_select_related = ("event__ticket",)
    search_fields = ("handler", "error")
    actions = ["redrive"]

    @admin.display(description=_("error"))
    def error_summary(self, failure):
        return failure.error.split("\n", 1)[0][:200]

    @admin.action(description=_("Re-drive the selected failures (retry now)"))
    def redrive(self, request, queryset):
        from tickets.services.events import event_handler_failures_redrive

        count = event_handler_failures_redrive(failure_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed event handler will be retried in a moment.",
                "%(count)d failed event handlers will be retried in a moment.",
                count,
            )
            % {"count": count},
        )
