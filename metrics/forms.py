from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Team

DEFAULT_PERIOD_DAYS = 30
ISO_DATE = "%Y-%m-%d"


class PeriodForm(forms.Form):
    # <input type="date"> takes ISO dates only, whatever the page's language.
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("All teams")
    )

    @classmethod
    def from_query(cls, query):
        today = timezone.localdate()
        data = {
            "start": query.get("start") or today - timedelta(days=DEFAULT_PERIOD_DAYS - 1),
            "end": query.get("end") or today,
            "team": query.get("team") or None,
        }
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must not be before the start date."))
        elif end == date.max:
            # The period runs until the start of the day after `end`, which has to exist.
            self.add_error("end", self.fields["end"].error_messages["invalid"])
        return cleaned
