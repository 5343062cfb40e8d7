"""One form renderer for the agents' busiest forms (the queue's filters, bulk bar and save
form): Django's own widget templates in their Jinja2 versions, and our field group
(label, widget, help, errors) as jinja2/includes/field.jinja, the twin of
templates/includes/field.html (tests/test_form_renderer.py holds the two to the same HTML).
A picker of 50 agents or a row of checkboxes costs one template call instead of one Django
template include per option, and a field one call instead of an include: together about a
third of the queue page's time at 1,000,000 tickets. The project default stays Django
templates: the admin's widgets exist only as those.

In a template: ``{{ form.name.as_field_group }}``."""

from django.conf import settings
from django.forms import renderers
from django.utils.functional import cached_property


class FastFormRenderer(renderers.Jinja2):
    field_template_name = "includes/field.jinja"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": False,
                "DIRS": [
                    settings.BASE_DIR / "jinja2",
                    renderers.Path(renderers.__file__).parent / "jinja2",
                ],
                "NAME": "helpdeskforms",
                "OPTIONS": {},
            }
        )


# One instance: its template engine is built once per process, not once per form.
fast_form_renderer = FastFormRenderer()
