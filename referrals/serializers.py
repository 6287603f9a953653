"""Serializers of the referrals API: the listing row (no personal data), the detail, the creation, and one
input serializer per action (actions.py pairs each with its form, its service and who may take it)."""

from django.utils import timezone
from rest_framework import serializers

from directory.models import Language, Organization, PathwayStep
from portal.api_fields import StrictCharField

from .forms import receiver_members
from .models import (
    ConsentMethod,
    Outcome,
    OutcomeReason,
    Referral,
    ReferralComment,
    ReferralEvent,
    ReferralState,
    Urgency,
)


class PersonSerializer(serializers.Serializer):
    full_name = StrictCharField(max_length=200)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    birth_date = serializers.DateField(required=False, allow_null=True)
    languages = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True,
                                             required=False)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    contact = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    household_size = serializers.IntegerField(min_value=1, max_value=30, required=False, default=1)
    notes = StrictCharField(required=False, allow_blank=True, default="")


class ConsentInputSerializer(serializers.Serializer):
    obtained_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    purpose = StrictCharField(max_length=300)

    def validate_obtained_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError("Consent cannot be dated in the future.")
        return value


class ReferralListSerializer(serializers.ModelSerializer):
    """A row of a listing: no personal data."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    sender = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    receiver = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pathway_step = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "reference", "sender", "receiver", "pathway_step", "urgency", "state", "is_overdue", "due_at",
                  "sent_at", "answered_at", "completed_at", "closed_at", "updated_at"]
        read_only_fields = fields


# The listing's columns, read as plain values (no model instances) for `list_rows`.
LIST_COLUMNS = ("id", "public_id", "reference", "sender__slug", "receiver__slug", "pathway_step__slug", "urgency",
                "state", "due_at", "sent_at", "answered_at", "completed_at", "closed_at", "updated_at")
_LIST_DATES = ("due_at", "sent_at", "answered_at", "completed_at", "closed_at", "updated_at")


def list_rows(rows) -> list[dict]:
    """`ReferralListSerializer`'s output for rows of `LIST_COLUMNS` values, written directly.

    The serializer declares the listing (the OpenAPI schema reads it); running its fields for every row
    (a model instance and its three related organisations and step, then one field object per value) cost
    half of `GET /api/v1/referrals/`'s CPU. tests/referrals/test_api.py checks that both give the same JSON."""
    zone = timezone.get_current_timezone()
    now = timezone.now()

    def moment(value):
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    result = []
    for row in rows:
        item = {
            "id": str(row["public_id"]),
            "reference": row["reference"],
            "sender": row["sender__slug"],
            "receiver": row["receiver__slug"],
            "pathway_step": row["pathway_step__slug"],
            "urgency": row["urgency"],
            "state": row["state"],
            "is_overdue": row["state"] == ReferralState.SENT and row["due_at"] is not None and row["due_at"] < now,
        }
        for name in _LIST_DATES:
            item[name] = moment(row[name])
        result.append(item)
    return result


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)
    organization = serializers.CharField(source="organization.slug", read_only=True, default=None)

    class Meta:
        model = ReferralEvent
        fields = ["at", "actor", "organization", "from_state", "to_state", "code", "params", "text", "note"]

    text = serializers.CharField(source="system_text", read_only=True,
                                 help_text="The system text (code and params) worded in the request's language.")


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None)
    organization = serializers.CharField(source="organization.slug", read_only=True, default=None)
    body = StrictCharField(max_length=5000)  # as in the workspace's comment form; a string, never a number

    class Meta:
        model = ReferralComment
        fields = ["author", "organization", "body", "created_at"]
        read_only_fields = ["author", "organization", "created_at"]


class ConsentSerializer(serializers.Serializer):
    # Output only (the referral shows it read-only; consent is given through ReferralCreateSerializer).
    obtained_by = serializers.CharField(source="obtained_by.username", default=None)
    obtained_at = serializers.DateTimeField()
    method = serializers.CharField()
    receiver = serializers.CharField(source="receiver.slug")
    purpose = serializers.CharField()


class ReferralDetailSerializer(ReferralListSerializer):
    person = PersonSerializer(read_only=True, allow_null=True)
    consent = ConsentSerializer(read_only=True, allow_null=True)
    events = EventSerializer(many=True, read_only=True)
    # Null when there is none: declared so (allow_null), or the OpenAPI schema says "always a value".
    redirected_from = serializers.UUIDField(source="redirected_from.public_id", read_only=True, default=None,
                                            allow_null=True)
    assigned_to = serializers.CharField(source="assigned_to.username", read_only=True, default=None, allow_null=True)
    outcome_reason = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    # "" until the referral is closed: declared blank, or the schema's enum says "always an outcome".
    outcome_status = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(ReferralListSerializer.Meta):
        fields = [*ReferralListSerializer.Meta.fields, "reason", "outcome_status", "outcome_reason", "outcome",
                  "follow_up_on", "follow_up_done_at", "decline_reason", "assigned_to",
                  "redirected_from", "personal_data_erased_at", "person", "consent", "events", "allowed_transitions"]
        read_only_fields = fields

    def get_allowed_transitions(self, referral) -> list[str]:
        return referral.allowed_transitions(self.context["request"].user)


class ReferralCreateSerializer(serializers.Serializer):
    sender = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.active(),
                                          help_text="The organisation you refer for (you must belong to it).")
    receiver = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.accepting_referrals())
    pathway_step = serializers.SlugRelatedField(slug_field="slug", queryset=PathwayStep.objects.all(),
                                                required=False, allow_null=True)
    reason = StrictCharField(required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    person = PersonSerializer()
    consent = ConsentInputSerializer(required=False, allow_null=True,
                                     help_text="Required to send; a draft may be saved without it.")
    send = serializers.BooleanField(default=True, help_text="Send at once (default) or keep a draft.")

    def validate(self, attrs):
        if attrs.get("send", True) and not attrs.get("consent"):
            raise serializers.ValidationError(
                {"consent": ["No referral is sent without the person's consent to share it with this organisation."]}
            )
        return attrs


class NoteSerializer(serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True, default="")


class ReceiverMemberField(StrictCharField):
    """A username, resolved to an active member of the receiving organisation of `context["referral"]`."""

    def to_internal_value(self, data):
        username = super().to_internal_value(data)
        user = receiver_members(self.context["referral"]).filter(username=username).first()
        if user is None:
            raise serializers.ValidationError("The caseworker must be a member of the receiving organisation.")
        return user


class AcceptSerializer(NoteSerializer):
    assignee = ReceiverMemberField(required=False, allow_blank=True, default=None,
                                   help_text="Username of the caseworker (yourself if left empty).")


class AssignSerializer(serializers.Serializer):
    assignee = ReceiverMemberField(help_text="Username of a member of the receiving organisation.")


class DeclineSerializer(serializers.Serializer):
    reason = StrictCharField()


class CompleteSerializer(serializers.Serializer):
    outcome_status = serializers.ChoiceField(choices=Outcome.choices)
    outcome_reason = serializers.SlugRelatedField(
        slug_field="slug", queryset=OutcomeReason.objects.active(), required=False, allow_null=True, default=None,
        help_text="Required when outcome_status is unsuccessful (a code from the platform's list).",
    )
    outcome = StrictCharField(required=False, allow_blank=True, default="")


class CloseSerializer(NoteSerializer):
    follow_up = serializers.BooleanField(required=False, default=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Empty: the step's usual delay after completion.")


class RedirectSerializer(serializers.Serializer):
    receiver = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.accepting_referrals())
    reason = StrictCharField(required=False, allow_blank=True, default="")
    consent = ConsentInputSerializer()


class FollowUpSerializer(serializers.Serializer):
    follow_up_on = serializers.DateField(allow_null=True, help_text="The day to check on the person; null cancels.")
