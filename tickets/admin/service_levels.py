"""Business calendars, SLA policies and alerts, satisfaction surveys."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from helpdesk import clock
from helpdesk.errors import ValidationError
from tickets.admin.base import ReadOnlyAdmin, refresh_sla_after_commit
from tickets.forms import HolidayInlineFormSet, SlaPolicyAdminForm
from tickets.models import (
    BusinessCalendar,
    CsatSurvey,
    Holiday,
    NpsSurvey,
    SlaAlert,
    SlaPolicy,
    WorkingHours,
)
from tickets.services.calendars import (
    calendar_import_holidays,
    calendar_set_default,
    calendar_validate_holiday_region,
    calendar_validate_time_zone,
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
        refresh_sla_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_sla_after_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        refresh_sla_after_commit()

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
                refresh_sla_after_commit()
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
        refresh_sla_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_sla_after_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        refresh_sla_after_commit()


@admin.register(SlaAlert)
class SlaAlertAdmin(ReadOnlyAdmin):
    """Warnings and breaches as beat wrote them, kept for reporting."""

    list_display = ("ticket", "target", "kind", "cycle", "due_at", "created_at")
    list_filter = ("kind", "target")
    list_select_related = ("ticket",)
    date_hierarchy = "created_at"
