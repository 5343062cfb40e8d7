"""helpdesk.form_renderer draws a field exactly as templates/includes/field.html does."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from helpdesk.form_renderer import fast_form_renderer


class Sample(forms.Form):
    default_renderer = fast_form_renderer

    name = forms.CharField(label="Name <b>", max_length=5, help_text="At most 5 & no more.")
    team = forms.ChoiceField(label="Team", choices=[("", "—"), ("1", "Billing & <Co>")])
    urgent = forms.BooleanField(label="Urgent", required=False)
    states = forms.MultipleChoiceField(
        label="States",
        choices=[("new", "New"), ("open", "Open")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    day = forms.DateField(label="Day", required=False, widget=forms.DateInput({"type": "date"}))


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", " ".join(html.split())).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "far too long", "team": "9", "urgent": "on", "states": ["open"], "day": "x"},
        {"name": "<script>", "team": "1", "states": ["new", "open"], "day": "2026-12-03"},
    ],
    ids=["unbound", "errors", "valid"],
)
@pytest.mark.parametrize("name", ["name", "team", "urgent", "states", "day"])
def test_a_field_group_is_the_field_include(data, name):
    form = Sample(data)
    form.is_valid()
    field = form[name]

    fast = field.as_field_group()
    django = render_to_string("includes/field.html", {"field": field})

    assert _same(fast) == _same(django)
    if data and field.errors:
        assert 'class="error"' in fast
    assert "<script>" not in fast and "<b>" not in fast
