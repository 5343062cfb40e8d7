from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.forms import HolidayInlineFormSet, SlaPolicyAdminForm
from tickets.models import (
    BusinessCalendar,
    Category,
    CsatSurvey,
    Customer,
    EventHandlerFailure,
    ExternalConversation,
    Holiday,
    Mailbox,
    NpsSurvey,
    OutboundEmail,
    SlaAlert,
    SlaPolicy,
    Tag,
    Team,
    Ticket,
    TicketEvent,
    User,
    WorkingHours,
)
from tickets.services.calendars import (
    calendar_import_holidays,
    calendar_set_default,
    calendar_validate_holiday_region,
    calendar_validate_time_zone,
)
from tickets.services.customers import (
    customer_save_from_admin,
    normalize_email,
    normalize_phone,
)
from tickets.services.mailboxes import mailboxes_poll_enqueue
from tickets.services.outbound import outbound_emails_retry


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language", "notify_by_email")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "lead", "calendar")
    list_select_related = ("lead", "calendar")
    filter_horizontal = ("members",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "calendar" in form.changed_data:  # its open tickets' business-time due times move
            _refresh_sla_after_commit()


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


class MailboxAdminForm(forms.ModelForm):
    # Never sent back to the browser; an empty field keeps the stored password.
    password = forms.CharField(
        label=_("password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the stored password."),
    )

    class Meta:
        model = Mailbox
        fields = (
            "name", "address", "host", "port", "use_ssl", "username", "password", "folder",
            "processed_folder", "is_active",
        )  # fmt: skip

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if password:
            return password
        if self.instance.pk and self.instance.password:
            return self.instance.password
        raise forms.ValidationError(_("Enter the mailbox's password."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("processed_folder") and cleaned.get("processed_folder") == cleaned.get(
            "folder"
        ):
            self.add_error(
                "processed_folder", _("Handled mail must go to another folder than the one read.")
            )
        return cleaned


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxAdminForm
    list_display = (
        "name", "address", "host", "username", "folder", "is_active", "last_polled_at", "last_error"
    )  # fmt: skip
    list_filter = ("is_active",)
    search_fields = ("name", "address", "host", "username")
    readonly_fields = ("last_polled_at", "last_error")
    actions = ["poll_now"]

    @admin.action(description=_("Poll the selected mailboxes now"))
    def poll_now(self, request, queryset):
        count = mailboxes_poll_enqueue(mailbox_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d mailbox will be polled in a moment (inactive ones are skipped).",
                "%(count)d mailboxes will be polled in a moment (inactive ones are skipped).",
                count,
            )
            % {"count": count},
        )


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """Every e-mail we sent or tried to: the send log (tickets.services.outbound)."""

    list_display = ("created_at", "kind", "recipient", "status", "attempts", "ticket", "sent_at")
    list_filter = ("status", "kind", "language")
    search_fields = ("recipient", "subject", "message_id_header")
    list_select_related = ("ticket",)
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed e-mails again"))
    def send_again(self, request, queryset):
        count = outbound_emails_retry(email_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again (only failed ones are).",
                "%(count)d e-mails will be sent again (only failed ones are).",
                count,
            )
            % {"count": count},
        )


# --- Satisfaction surveys: answers come only from customers (tickets.services.surveys) ---------


@admin.register(CsatSurvey)
class CsatSurveyAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "score", "sent_at", "answered_at")
    list_filter = ("score",)
    search_fields = ("ticket__subject", "comment")
    list_select_related = ("ticket",)
    exclude = ("token",)  # the customer's key to the survey: nobody else needs to see it


@admin.register(NpsSurvey)
class NpsSurveyAdmin(ReadOnlyAdmin):
    list_display = ("customer", "ticket", "score", "sent_at", "answered_at")
    list_filter = ("score",)
    search_fields = ("customer__email", "reason")
    list_select_related = ("customer", "ticket")
    exclude = ("token",)


# --- Business calendars (tickets.services.calendars, tickets.business_time) -----------------


class BusinessCalendarAdminForm(forms.ModelForm):
    """Time zone and holiday region checked by the services' rules, as field errors."""

    class Meta:
        model = BusinessCalendar
        fields = ("name", "time_zone", "is_default", "holiday_country", "holiday_subdivision")

    def _get_validation_exclusions(self):
        # One default at a time is kept by calendar_set_default on save (the previous default
        # stops being one), so the form does not refuse a second tick.
        return {*super()._get_validation_exclusions(), "is_default"}

    def clean(self):
        cleaned = super().clean()
        try:
            if "time_zone" in cleaned:
                cleaned["time_zone"] = calendar_validate_time_zone(cleaned["time_zone"])
            cleaned["holiday_country"], cleaned["holiday_subdivision"] = (
                calendar_validate_holiday_region(
                    cleaned.get("holiday_country", ""), cleaned.get("holiday_subdivision", "")
                )
            )
        except ValidationError as error:
            self.add_error(error.field, error.message)
        return cleaned


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0
    verbose_name_plural = _(
        "Shifts (local time; an end at or before the start runs into the next day)"
    )


class HolidayInline(admin.TabularInline):
    model = Holiday
    formset = HolidayInlineFormSet
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    form = BusinessCalendarAdminForm
    list_display = ("name", "time_zone", "is_default", "holiday_country", "holiday_subdivision")
    search_fields = ("name",)
    inlines = [WorkingHoursInline, HolidayInline]
    actions = ["import_holidays"]

    def save_model(self, request, obj, form, change):
        make_default = obj.is_default
        if make_default:
            obj.is_default = BusinessCalendar.objects.filter(pk=obj.pk, is_default=True).exists()
        super().save_model(request, obj, form, change)
        if make_default:
            calendar_set_default(calendar=obj)

    # Shifts, holidays, time zone or the default changed: open tickets' due times follow (the
    # refresh runs after the inlines are saved and committed).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _refresh_sla_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _refresh_sla_after_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _refresh_sla_after_commit()

    @admin.action(
        description=_("Import the holidays of the calendar's country for this year and the next")
    )
    def import_holidays(self, request, queryset):
        year = clock.now().year
        for calendar in queryset:
            try:
                added = calendar_import_holidays(calendar=calendar, years=[year, year + 1])
            except ValidationError as error:
                self.message_user(request, f"{calendar}: {error.message}", level=messages.ERROR)
                continue
            if added:
                _refresh_sla_after_commit()
            self.message_user(
                request,
                ngettext(
                    "%(calendar)s: %(count)d holiday added.",
                    "%(calendar)s: %(count)d holidays added.",
                    added,
                )
                % {"calendar": calendar, "count": added},
            )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """Targets per priority, narrowed by channel, category or team; the most specific active
    policy applies (tickets.services.sla). A ticket picks up a changed policy at its next event."""

    form = SlaPolicyAdminForm

    list_display = (
        "name",
        "priority",
        "channel",
        "category",
        "team",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "warn_at_percent",
        "is_active",
    )
    list_filter = ("is_active", "priority", "channel", "team")
    list_select_related = ("category", "team")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _refresh_sla_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _refresh_sla_after_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _refresh_sla_after_commit()


def _refresh_sla_after_commit() -> None:
    """Open tickets pick up the changed policies in the background."""
    import logging

    from django.db import transaction

    from tickets.tasks import refresh_sla_due_times

    def enqueue():
        try:
            refresh_sla_due_times.apply_async(retry=False)
        except Exception:  # broker down: each ticket follows at its next event
            logging.getLogger(__name__).warning("broker unreachable; SLA due times not redone")

    transaction.on_commit(enqueue)


@admin.register(SlaAlert)
class SlaAlertAdmin(ReadOnlyAdmin):
    """Warnings and breaches as beat wrote them, kept for reporting."""

    list_display = ("ticket", "target", "kind", "cycle", "due_at", "created_at")
    list_filter = ("kind", "target")
    list_select_related = ("ticket",)
    date_hierarchy = "created_at"


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
