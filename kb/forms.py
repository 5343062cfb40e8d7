from django import forms
from django.utils.translation import gettext_lazy as _

from kb.services.feedback import COMMENT_MAX


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(
        label=_("Was this helpful?"), choices=[("yes", _("Yes")), ("no", _("No"))]
    )
    comment = forms.CharField(
        label=_("What was missing? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
