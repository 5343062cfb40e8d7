"""Macros in the admin: every macro, personal ones included, with the placeholders checked as
on the agents' page."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from helpdesk import clock
from tickets.macros import placeholders_check, placeholders_help
from tickets.models import Macro


class MacroAdminForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = [
            "name",
            "owner",
            "team",
            "body_en",
            "body_ru",
            "set_status",
            "set_priority",
            "add_tags",
            "assign_to_me",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_en"].help_text = placeholders_help()

    def _clean_body(self, field: str) -> str:
        problem = placeholders_check(self.cleaned_data.get(field, ""))
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data.get(field, "")

    def clean_body_en(self):
        return self._clean_body("body_en")

    def clean_body_ru(self):
        return self._clean_body("body_ru")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") and cleaned.get("team"):
            self.add_error("team", _("A macro is either personal or shared with a team, not both."))
        if (
            not (cleaned.get("body_en") or "").strip()
            and not (cleaned.get("body_ru") or "").strip()
        ):
            self.add_error("body_en", _("Write the text in English, Russian or both."))
        return cleaned


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    form = MacroAdminForm
    list_display = ("name", "owner", "team", "set_status", "set_priority", "assign_to_me")
    list_filter = ("team", "set_status")
    list_select_related = ("owner", "team")
    search_fields = ("name", "body_en", "body_ru")
    autocomplete_fields = ("owner",)

    def save_model(self, request, obj, form, change):
        now = clock.now()
        obj.updated_at = now
        if not change:
            obj.created_at = now
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
