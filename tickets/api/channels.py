"""The signed inbound webhook of chat and social integrations:
``POST /inbound/conversations/<provider>/`` (README: "Chat and social integrations")."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import ApplicationError, ValidationError
from tickets.channels import webhook
from tickets.models import Ticket
from tickets.services.conversations import (
    CONVERSATION_CHANNELS,
    ConversationCustomer,
    ConversationResult,
    conversation_message_receive,
)
from tickets.services.customers import normalize_email, normalize_phone
from tickets.services.tickets import BODY_MAX, SUBJECT_MAX


def _service_check(check, value: str) -> str:
    if not value:
        return ""
    try:
        return check(value)
    except ValidationError as error:
        raise serializers.ValidationError(error.message) from None


class TextField(serializers.CharField):
    """A JSON string; CharField would also take 10**300 and turn it into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(serializers.CharField):
    """An integration's id: a string or an integer (providers use both), kept as text."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        return super().to_internal_value(str(data) if isinstance(data, int) else data)


class ConversationCustomerInput(serializers.Serializer):
    name = TextField(max_length=200, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    phone = TextField(max_length=64, required=False, allow_blank=True, default="")
    external_id = IdField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="The integration's own id of the person; kept with the message.",
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, default="en")

    def validate_email(self, value: str) -> str:
        return _service_check(normalize_email, value)

    def validate_phone(self, value: str) -> str:
        return _service_check(normalize_phone, value)


class ConversationMessageInput(serializers.Serializer):
    id = IdField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="The integration's message id: a message delivered twice is added once.",
    )
    text = TextField(max_length=BODY_MAX)
    sent_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ConversationWebhookInput(serializers.Serializer):
    conversation_id = IdField(max_length=255)
    channel = serializers.ChoiceField(
        choices=[(c, Ticket.Channel(c).label) for c in CONVERSATION_CHANNELS]
    )
    customer = ConversationCustomerInput(
        help_text="E-mail or phone is required for a conversation's first message."
    )
    message = ConversationMessageInput()
    subject = TextField(
        max_length=SUBJECT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="For a new ticket; by default the first line of the text.",
    )


class ConversationWebhookOutput(serializers.Serializer):
    ticket = serializers.CharField(help_text="The ticket's reference, e.g. HD-000123.")
    outcome = serializers.ChoiceField(choices=ConversationResult.OUTCOMES)


ERROR = inline_serializer("ConversationWebhookError", {"detail": serializers.CharField()})
# Where a service's field error belongs in the request body.
SERVICE_FIELDS = {
    "email": ("customer", "email"),
    "phone": ("customer", "phone"),
    "name": ("customer", "name"),
    "body": ("message", "text"),
    "subject": ("subject",),
    "channel": ("channel",),
}


def _error_body(error: ValidationError) -> dict:
    path = SERVICE_FIELDS.get(error.field or "")
    if path is None:
        return {"detail": error.message}
    body: dict = {path[-1]: [error.message]}
    for key in reversed(path[:-1]):
        body = {key: body}
    return body


class ConversationWebhookApi(APIView):
    """Chat and social integrations post each customer message here, signed with their secret."""

    authentication_classes = ()  # the HMAC signature is the authentication
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser,)  # for the schema: the raw body is read, as it is signed
    throttle_classes = ()

    @extend_schema(
        summary="Receive a chat or social-media message (signed webhook)",
        description=(
            "Sign each request with the provider's secret from "
            "HELPDESK_CONVERSATION_WEBHOOK_SECRETS: `X-Helpdesk-Signature: sha256=<hex "
            'HMAC-SHA256(secret, timestamp + "." + raw body)>`, where the timestamp is the '
            "`X-Helpdesk-Timestamp` header (Unix seconds, within "
            "HELPDESK_CONVERSATION_WEBHOOK_WINDOW_SECONDS of the server's clock). A signature "
            "is accepted once. The first message of a conversation opens a ticket; later ones "
            "are appended; a message to a closed ticket opens a follow-up; a message id "
            "delivered twice is added once."
        ),
        auth=[],
        request=ConversationWebhookInput,
        parameters=[
            OpenApiParameter(
                webhook.TIMESTAMP_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Unix seconds when the request was signed.",
            ),
            OpenApiParameter(
                webhook.SIGNATURE_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description='"sha256=" followed by the hex HMAC-SHA256 of timestamp.body.',
            ),
        ],
        responses={
            200: OpenApiResponse(
                ConversationWebhookOutput, description="appended, or a duplicate ignored"
            ),
            201: OpenApiResponse(
                ConversationWebhookOutput, description="a ticket or a follow-up was opened"
            ),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Bad JSON or fields: errors by field name."
            ),
            401: OpenApiResponse(
                ERROR, description="Missing, wrong, expired or replayed signature."
            ),
            404: OpenApiResponse(ERROR, description="No such integration is configured."),
            413: OpenApiResponse(ERROR, description="The body is too large."),
        },
    )
    def post(self, request, provider):
        secret = webhook.provider_secret(provider)
        if secret is None:
            return Response({"detail": _("Unknown integration.")}, status=http.HTTP_404_NOT_FOUND)
        try:
            body = request.body
        except RequestDataTooBig:
            return Response(
                {"detail": _("The body is too large.")},
                status=http.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        signature = request.headers.get(webhook.SIGNATURE_HEADER, "")
        try:
            webhook.signed_request_verify(
                provider=provider,
                secret=secret,
                timestamp=request.headers.get(webhook.TIMESTAMP_HEADER, ""),
                signature=signature,
                body=body,
            )
        except webhook.SignatureError as error:
            return Response(
                {"detail": error.message},
                status=http.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": 'HMAC-SHA256 realm="conversations"'},
            )
        try:
            data = webhook.json_body(body)
        except webhook.BodyError as error:
            return Response({"detail": error.message}, status=http.HTTP_400_BAD_REQUEST)
        values = ConversationWebhookInput(data=data)
        values.is_valid(raise_exception=True)
        try:
            result = _receive(provider, signature, values.validated_data)
        except ValidationError as error:
            return Response(_error_body(error), status=http.HTTP_400_BAD_REQUEST)
        return Response(
            ConversationWebhookOutput(
                {"ticket": result.ticket.reference, "outcome": result.outcome}
            ).data,
            status=http.HTTP_201_CREATED
            if result.outcome in (ConversationResult.CREATED, ConversationResult.FOLLOW_UP)
            else http.HTTP_200_OK,
        )


def _receive(provider: str, signature: str, values: dict) -> ConversationResult:
    message = values["message"]
    try:
        return conversation_message_receive(
            provider=provider,
            conversation_id=values["conversation_id"],
            channel=values["channel"],
            text=message["text"],
            message_id=message["id"],
            sent_at=message["sent_at"],
            subject=values["subject"],
            customer=ConversationCustomer(**values["customer"]),
        )
    except ApplicationError:
        raise  # the sender's mistake: the same request would fail again
    except Exception:
        # Our failure, not the sender's: the same signed request may be retried.
        webhook.signature_forget(provider=provider, signature=signature)
        raise
