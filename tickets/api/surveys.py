"""Survey answers over the API (public: the survey's token is the key, throttled per client IP)
and a ticket's ratings for agents. The same services and getters as the survey pages."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.models import CsatSurvey, NpsSurvey
from tickets.selectors import (
    csat_survey_get_by_token,
    nps_survey_get_by_token,
    ticket_get_for_user,
    ticket_ratings,
)
from tickets.services import surveys
from tickets.views.surveys import survey_rate_limit

TEXT_MAX = surveys.TEXT_MAX


class CsatAnswerInput(serializers.Serializer):
    ticket = serializers.CharField(max_length=32, help_text="The ticket's reference, HD-000123.")
    token = serializers.CharField(max_length=64, help_text="The survey's token from its link.")
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )


class NpsAnswerInput(serializers.Serializer):
    survey = serializers.IntegerField(min_value=1, help_text="The survey's id from its link.")
    token = serializers.CharField(max_length=64, help_text="The survey's token from its link.")
    score = serializers.IntegerField(min_value=0, max_value=10)
    reason = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )


class CsatOutput(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.reference")
    may_change = serializers.SerializerMethodField()

    class Meta:
        model = CsatSurvey
        fields = ["ticket", "score", "comment", "sent_at", "answered_at", "may_change"]

    def get_may_change(self, survey) -> bool:
        return surveys.csat_may_change(survey)


class NpsOutput(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.reference")
    may_change = serializers.SerializerMethodField()

    class Meta:
        model = NpsSurvey
        fields = ["id", "ticket", "score", "reason", "sent_at", "answered_at", "may_change"]

    def get_may_change(self, survey) -> bool:
        return surveys.nps_may_change(survey)


class TicketRatingsOutput(serializers.Serializer):
    csat = CsatOutput(allow_null=True)
    nps = NpsOutput(many=True)


_PUBLIC_ERRORS = {
    400: OpenApiResponse(description="Errors by field name, or the answer can no longer change."),
    404: OpenApiResponse(description="No survey with this id and token."),
    429: OpenApiResponse(description="Too many answers from this address."),
}


def _token_params(id_name: str, description: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(id_name, str, required=True, description=description),
        OpenApiParameter("token", str, required=True, description="The survey's token."),
    ]


class _PublicSurveyApi(APIView):
    # The token is the key: no session (so no CSRF) and no login.
    authentication_classes = ()
    permission_classes = (AllowAny,)


@method_decorator(survey_rate_limit, name="post")
class CsatSurveyApi(_PublicSurveyApi):
    @extend_schema(
        summary="Read a CSAT survey (public, by its token)",
        parameters=_token_params("ticket", "The ticket's reference."),
        responses={200: CsatOutput, 404: _PUBLIC_ERRORS[404]},
    )
    def get(self, request):
        survey = csat_survey_get_by_token(
            reference=request.query_params.get("ticket", ""),
            token=request.query_params.get("token", ""),
        )
        return Response(CsatOutput(survey).data)

    @extend_schema(
        summary="Rate a solved ticket 1-5 (public, by the survey's token)",
        description="One answer per ticket; sending again changes it, until the ticket closes.",
        request=CsatAnswerInput,
        responses={200: CsatOutput, **_PUBLIC_ERRORS},
    )
    def post(self, request):
        data = _valid(CsatAnswerInput, request)
        survey = csat_survey_get_by_token(reference=data["ticket"], token=data["token"])
        survey = surveys.csat_answer(survey=survey, score=data["score"], comment=data["comment"])
        return Response(CsatOutput(survey).data)


@method_decorator(survey_rate_limit, name="post")
class NpsSurveyApi(_PublicSurveyApi):
    @extend_schema(
        summary="Read an NPS survey (public, by its token)",
        parameters=_token_params("survey", "The survey's id."),
        responses={200: NpsOutput, 404: _PUBLIC_ERRORS[404]},
    )
    def get(self, request):
        survey = nps_survey_get_by_token(
            survey_id=request.query_params.get("survey", ""),
            token=request.query_params.get("token", ""),
        )
        return Response(NpsOutput(survey).data)

    @extend_schema(
        summary="Answer “How likely are you to recommend us?” 0-10 (public, by its token)",
        request=NpsAnswerInput,
        responses={200: NpsOutput, **_PUBLIC_ERRORS},
    )
    def post(self, request):
        data = _valid(NpsAnswerInput, request)
        survey = nps_survey_get_by_token(survey_id=data["survey"], token=data["token"])
        survey = surveys.nps_answer(survey=survey, score=data["score"], reason=data["reason"])
        return Response(NpsOutput(survey).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TicketRatingsApi(APIView):
    @extend_schema(
        summary="A ticket's CSAT answer and the NPS surveys it prompted (agents)",
        responses={200: TicketRatingsOutput, 404: OpenApiResponse(description="No such ticket.")},
    )
    def get(self, request, reference):
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        ratings = ticket_ratings(user=request.user, ticket=ticket)
        return Response(TicketRatingsOutput(ratings).data)
