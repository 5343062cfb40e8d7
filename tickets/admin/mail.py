"""Mailboxes and the outbound e-mail log."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tickets.admin.base import ReadOnlyAdmin
from tickets.models import (
    Mailbox,
    OutboundEmail,
)
from tickets.services.mailboxes import mailboxes_poll_enqueue
from tickets.services.outbound import outbound_emails_retry


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
