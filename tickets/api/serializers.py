from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from helpdesk.errors import ValidationError
from tickets import links
from tickets.models import Attachment, Category, Message, Team, Ticket, User
from tickets.services.customers import normalize_phone


class CustomerInput(serializers.Serializer):
    """Found by e-mail address, then by phone number (a caller may have no address)."""

    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="E.164 (+74951234567) or a national number of HELPDESK_PHONE_REGION.",
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")

    def validate_phone(self, value: str) -> str:
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.message) from None

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("email") and not attrs.get("phone"):
            raise serializers.ValidationError(
                {"email": [_("Enter an e-mail address or a phone number.")]}
            )
        return attrs


class TicketCreateInput(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=100_000)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, default=Ticket.Channel.API)
    priority = serializers.ChoiceField(
        choices=Ticket.Priority.choices, default=Ticket.Priority.NORMAL
    )
    # pk_field: ids are checked as integers before the lookup; JSON's 1e400 (a float infinity)
    # would crash the ORM, and 1.5 would quietly mean 1.
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        pk_field=serializers.IntegerField(),
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        pk_field=serializers.IntegerField(),
        help_text="Agents only.",
    )
    customer = CustomerInput(
        required=False, help_text="Required for agents; customers always file for themselves."
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class TicketUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    assignee = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, pk_field=serializers.IntegerField()
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=50
    )


class MessageCreateInput(serializers.Serializer):
    body = serializers.CharField(max_length=100_000)
    is_internal = serializers.BooleanField(default=False, help_text="Agents only.")
    status = serializers.ChoiceField(
        choices=Ticket.Status.choices, required=False, help_text="Agents only: set after replying."
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    # The ticket page's collision check (tickets.services.replies).
    seen_event = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Agents only: the last event id you saw (GET .../history/). If others "
        "changed the ticket after it, nothing is sent: 409 with the changes.",
    )
    confirm = serializers.BooleanField(
        default=False, help_text="Agents only: send despite changes after seen_event."
    )


class AttachmentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "filename", "content_type", "size", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("api-attachment", args=[attachment.pk])


class MessageOutput(serializers.ModelSerializer):
    author_type = serializers.SerializerMethodField()
    author_name = serializers.CharField(read_only=True)
    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "author_type",
            "author_name",
            "is_internal",
            "body",
            "body_format",
            "channel",
            "created_at",
            "attachments",
        ]

    def get_author_type(self, message) -> str:
        return "agent" if message.author_agent_id else "customer"


class TicketOutput(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    assignee = serializers.CharField(source="assignee.username", read_only=True, default=None)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    # Either may be null: a caller may have no address, a web customer no phone number.
    customer_email = serializers.CharField(source="customer.email", read_only=True, allow_null=True)
    customer_phone = serializers.CharField(source="customer.phone", read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    follow_up_of = serializers.SerializerMethodField()
    tracking_url = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "subject",
            "status",
            "priority",
            "channel",
            "language",
            "team",
            "assignee",
            "customer_name",
            "customer_email",
            "customer_phone",
            "category",
            "tags",
            "follow_up_of",
            "created_at",
            "updated_at",
            "solved_at",
            "closed_at",
            "tracking_url",
            # Service level: the running clocks' due times (null while paused or stopped).
            "first_response_due_at",
            "next_response_due_at",
            "resolution_due_at",
            "sla_due_at",
        ]
        read_only_fields = fields

    def get_follow_up_of(self, ticket) -> str | None:
        return ticket.follow_up_of.reference if ticket.follow_up_of_id else None

    def get_tracking_url(self, ticket) -> str:
        return links.tracking_path(ticket)


class TicketDetailOutput(TicketOutput):
    messages = MessageOutput(many=True, read_only=True)

    class Meta(TicketOutput.Meta):
        fields = [*TicketOutput.Meta.fields, "messages"]
