from django import forms
from django.utils.translation import gettext_lazy as _

from kb.models import Article, Section
from kb.models.content import LANGUAGES
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


class AgentArticleForm(forms.Form):
    """The agents' article editor. ``language`` only for a new article."""

    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), empty_label=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=Article.Status.choices)
    is_internal = forms.BooleanField(label=_("Internal: only agents can read it"), required=False)
    slug = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_(
            "Lowercase letters, digits and hyphens. Leave empty to make one from the title."
        ),
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "**bold**, *italic*, ## headings, 1. numbered steps, - lists, [links](https://…)."
        ),
    )

    def __init__(self, *args, article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.select_related("category").order_by(
            "category__position", "position", "id"
        )
        self.fields["section"].label_from_instance = lambda s: f"{s.category.name} › {s.name}"
        if article is not None:
            del self.fields["language"]


class ArticleFileForm(forms.Form):
    file = forms.FileField(label=_("Image or file"))
