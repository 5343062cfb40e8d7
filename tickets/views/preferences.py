"""The agent's preferences: notification e-mails on or off, their language, and away."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helpdesk.auth import permission_required
from helpdesk.errors import ValidationError
from tickets.forms import AgentPreferencesForm, add_service_error
from tickets.services.agents import agent_preferences_update


@require_http_methods(["GET", "POST"])
@permission_required("tickets.work_ticket")
def agent_preferences(request):
    user = request.user
    initial = {
        "notify_by_email": user.notify_by_email,
        "language": user.language,
        "is_away": user.is_away,
    }
    form = AgentPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agent_preferences_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The pages follow the chosen language too, from the next one on.
            translation.activate(user.language)
            messages.success(request, _("Preferences saved."))
            response = redirect("agent-preferences")
            response.set_cookie(  # as Django's set_language view sets it
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "tickets/agent_preferences.html", {"form": form}, status=status)
