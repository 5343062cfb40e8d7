"""The survey API: public answers by token (throttled), agents read a ticket's ratings; and the
OpenAPI schema lists them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.conftest import events
from tickets.models import NpsSurvey, TicketEvent
from tickets.services import surveys

Kind = TicketEvent.Kind
CSAT = "/api/v1/surveys/csat/"
NPS = "/api/v1/surveys/nps/"


def test_urls_are_where_the_docs_say():
    assert reverse("api-survey-csat") == CSAT
    assert reverse("api-survey-nps") == NPS


def test_answer_csat_by_token(api_client, surveyed):
    body = {"ticket": surveyed.ticket.reference, "token": surveyed.token, "score": 4}

    response = api_client.post(CSAT, body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["score"] == 4
    assert response.json()["may_change"] is True
    [answered] = events(surveyed.ticket, Kind.CSAT_ANSWERED)
    assert answered.payload == {"score": 4, "previous_score": None, "survey_id": surveyed.pk}


def test_read_csat_by_token(api_client, surveyed):
    surveys.csat_answer(survey=surveyed, score=2, comment="slow")
    response = api_client.get(CSAT, {"ticket": surveyed.ticket.reference, "token": surveyed.token})
    assert response.status_code == 200
    assert response.json()["ticket"] == surveyed.ticket.reference
    assert (response.json()["score"], response.json()["comment"]) == (2, "slow")
    assert "token" not in response.json()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"score": 6}, {"score"}),
        ({"score": 0}, {"score"}),
        ({"score": "abc"}, {"score"}),
        ({}, {"score"}),
        ({"score": 3, "comment": "x" * 2001}, {"comment"}),
    ],
)
def test_bad_input_is_400_with_field_names(api_client, surveyed, body, fields):
    body = {"ticket": surveyed.ticket.reference, "token": surveyed.token, **body}
    response = api_client.post(CSAT, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not events(surveyed.ticket, Kind.CSAT_ANSWERED)


def test_wrong_token_is_404(api_client, surveyed):
    body = {"ticket": surveyed.ticket.reference, "token": surveyed.token[:-1] + "!", "score": 4}
    assert api_client.post(CSAT, body, format="json").status_code == 404
    params = {"ticket": surveyed.ticket.reference, "token": "nope"}
    assert api_client.get(CSAT, params).status_code == 404


def test_closed_ticket_is_400_and_unchanged(api_client, surveyed, close):
    surveys.csat_answer(survey=surveyed, score=5, comment="")
    close(surveyed.ticket)
    body = {"ticket": surveyed.ticket.reference, "token": surveyed.token, "score": 1}

    response = api_client.post(CSAT, body, format="json")

    assert response.status_code == 400
    assert "closed" in response.json()["detail"]
    surveyed.refresh_from_db()
    assert surveyed.score == 5


def test_answers_are_throttled_per_ip(api_client, surveyed, settings):
    settings.HELPDESK_SURVEY_RATE_PER_IP = "1/h"
    body = {"ticket": surveyed.ticket.reference, "token": surveyed.token, "score": 4}
    assert api_client.post(CSAT, body, format="json").status_code == 200
    assert api_client.post(CSAT, {**body, "score": 5}, format="json").status_code == 429
    surveyed.refresh_from_db()
    assert surveyed.score == 4


def test_answer_nps_by_token(api_client, solved, at):
    with at(minutes=61):
        surveys.nps_surveys_send_due()
    survey = NpsSurvey.objects.get(customer=solved.customer)
    with at(hours=2):
        ok = api_client.post(
            NPS, {"survey": survey.pk, "token": survey.token, "score": 0}, format="json"
        )
        bad = api_client.post(
            NPS, {"survey": survey.pk, "token": survey.token, "score": 11}, format="json"
        )
        wrong = api_client.post(NPS, {"survey": survey.pk, "token": "x", "score": 5}, format="json")
    assert ok.status_code == 200 and ok.json()["score"] == 0
    assert bad.status_code == 400 and set(bad.json()) == {"score"}
    assert wrong.status_code == 404
    [answered] = events(solved, Kind.NPS_ANSWERED)
    assert answered.payload["score"] == 0


# --- Agents read a ticket's ratings --------------------------------------------------------------


def test_agent_reads_the_ratings(api_client, surveyed, agent):
    surveys.csat_answer(survey=surveyed, score=1, comment="bad")
    api_client.force_authenticate(agent)

    response = api_client.get(f"/api/v1/tickets/{surveyed.ticket.reference}/ratings/")

    assert response.status_code == 200
    assert response.json()["csat"]["score"] == 1
    assert response.json()["csat"]["comment"] == "bad"
    assert response.json()["nps"] == []


def test_ratings_hidden_from_others(api_client, surveyed, other_agent):
    url = f"/api/v1/tickets/{surveyed.ticket.reference}/ratings/"
    assert api_client.get(url).status_code in (401, 403)
    api_client.force_authenticate(other_agent)  # another team's agent
    assert api_client.get(url).status_code == 404


def test_ratings_not_for_customers(api_client, team, solve, at, customer):
    from tests.factories import make_ticket

    ticket = solve(make_ticket(customer=customer, team=team))
    api_client.force_authenticate(customer.user)
    assert api_client.get(f"/api/v1/tickets/{ticket.reference}/ratings/").status_code == 404


def test_schema_lists_the_survey_endpoints(api_client, manager):
    api_client.force_authenticate(manager)
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/surveys/csat/", "/api/v1/surveys/nps/"} <= set(paths)
    assert "/api/v1/tickets/{reference}/ratings/" in paths
    assert set(paths["/api/v1/surveys/csat/"]) >= {"get", "post"}
