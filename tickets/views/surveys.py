"""Survey pages: the CSAT and NPS pages an e-mailed link opens (``?ticket=``/``?survey=`` and
``?token=``; the token is redacted from every log line), and the rating form on the tracking
page. Pages are in the ticket's (NPS: the customer's) language unless the visitor chose one."""

from __future__ import annotations

from contextlib import nullcontext

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from helpdesk.errors import ValidationError
from helpdesk.http import token_page
from tickets.forms import CsatAnswerForm, NpsAnswerForm, add_service_error
from tickets.models import CsatSurvey
from tickets.selectors import (
    csat_survey_get_by_token,
    nps_survey_get_by_token,
    ticket_get_for_tracking,
)
from tickets.services import surveys


def survey_rate(_group, request) -> str:
    return settings.HELPDESK_SURVEY_RATE_PER_IP


survey_rate_limit = ratelimit(group="surveys:ip", key="ip", rate=survey_rate, method="POST")


def _in_language(request, language: str):
    """The customer's language, unless they picked one with the language switcher."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return nullcontext()
    return translation.override(language)


def _params(request):
    return request.POST if request.method == "POST" else request.GET


def _answer(request, *, form, answer) -> bool:
    """Call the service with the valid form's data; service errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        answer(**form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
@token_page
@survey_rate_limit
def csat_survey(request):
    params = _params(request)
    survey = csat_survey_get_by_token(reference=params.get("ticket", ""), token=params.get("token"))
    with _in_language(request, survey.ticket.language):
        return _csat_page(request, survey)


def _csat_page(request, survey):
    if request.method == "POST":
        form = CsatAnswerForm(request.POST)
    else:  # ?score= from the e-mail's buttons only preselects: mail scanners open links too
        form = CsatAnswerForm(
            initial={"score": request.GET.get("score") or survey.score, "comment": survey.comment}
        )
    answer = lambda **data: surveys.csat_answer(survey=survey, **data)  # noqa: E731
    if _answer(request, form=form, answer=answer):
        messages.success(request, _("Thank you for your rating!"))
        return redirect(surveys.csat_survey_path(survey))
    status = 400 if request.method == "POST" else 200
    context = {
        "survey": survey,
        "ticket": survey.ticket,
        "form": form,
        "action": reverse("survey-csat"),
        "hidden_token": True,
    }
    return render(request, "tickets/survey_csat.html", context, status=status)


@require_POST
@token_page
@survey_rate_limit
def track_rating(request, reference, token):
    """The tracking page's rating form. Bad input shows the survey page with the errors next to
    the fields (the tracking page keeps its own form for replies)."""
    ticket = ticket_get_for_tracking(reference=reference, token=token)
    form = CsatAnswerForm(request.POST)
    answer = lambda **data: surveys.csat_answer_on_tracking_page(ticket=ticket, **data)  # noqa: E731
    if _answer(request, form=form, answer=answer):
        messages.success(request, _("Thank you for your rating!"))
        return redirect("track", ticket.reference, ticket.tracking_token)
    context = {
        "survey": CsatSurvey.objects.filter(ticket=ticket).first(),
        "ticket": ticket,
        "form": form,
        "action": reverse("track-rating", args=[ticket.reference, ticket.tracking_token]),
    }
    return render(request, "tickets/survey_csat.html", context, status=400)


@require_http_methods(["GET", "POST"])
@token_page
@survey_rate_limit
def nps_survey(request):
    params = _params(request)
    survey = nps_survey_get_by_token(survey_id=params.get("survey"), token=params.get("token"))
    with _in_language(request, survey.customer.language):
        if request.method == "POST":
            form = NpsAnswerForm(request.POST)
        else:
            form = NpsAnswerForm(
                initial={"score": request.GET.get("score", survey.score), "reason": survey.reason}
            )
        answer = lambda **data: surveys.nps_answer(survey=survey, **data)  # noqa: E731
        if _answer(request, form=form, answer=answer):
            messages.success(request, _("Thank you for your answer!"))
            return redirect(surveys.nps_survey_path(survey))
        context = {
            "survey": survey,
            "form": form,
            "may_change": surveys.nps_may_change(survey),
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "tickets/survey_nps.html", context, status=status)
