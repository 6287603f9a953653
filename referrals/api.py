"""REST API of the referrals app, mounted under /api/v1/referrals/.

Same rules as the pages: every referral comes from `Referral.objects.visible_to(user)` (a third
organisation gets 404), every write goes through a service, whose `ReferralError` the project's exception
handler (`portal.errors`) turns into 400/403/409. Listings carry no personal data; the detail (logged in
the access log) does.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from knox.auth import TokenAuthentication
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from directory.models import Language, Organization, PathwayStep

from . import services
from .models import (
    ConsentMethod,
    Outcome,
    OutcomeReason,
    Referral,
    ReferralComment,
    ReferralEvent,
    ReferralState,
    Urgency,
    member_roles,
)
from .pagination import UncountedPagination

# --- serializers ------------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    birth_date = serializers.DateField(required=False, allow_null=True)
    languages = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True,
                                             required=False)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    household_size = serializers.IntegerField(min_value=1, max_value=30, required=False, default=1)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentInputSerializer(serializers.Serializer):
    obtained_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    purpose = serializers.CharField(max_length=300)

    def validate_obtained_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError("Consent cannot be dated in the future.")
        return value


class ReferralListSerializer(serializers.ModelSerializer):
    """A row of a listing: no personal data."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    sender = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    receiver = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pathway_step = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "reference", "sender", "receiver", "pathway_step", "urgency", "state", "is_overdue", "due_at",
                  "sent_at", "answered_at", "completed_at", "closed_at", "updated_at"]
        read_only_fields = fields


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

    class Meta:
        model = ReferralComment
        fields = ["author", "organization", "body", "created_at"]
        read_only_fields = ["author", "organization", "created_at"]
        extra_kwargs = {"body": {"max_length": 5000}}  # as in the workspace's comment form


class ConsentSerializer(serializers.Serializer):
    obtained_by = serializers.CharField(source="obtained_by.username", default=None)
    obtained_at = serializers.DateTimeField()
    method = serializers.CharField()
    receiver = serializers.CharField(source="receiver.slug")
    purpose = serializers.CharField()


class ReferralDetailSerializer(ReferralListSerializer):
    person = PersonSerializer(read_only=True, allow_null=True)
    consent = ConsentSerializer(read_only=True, allow_null=True)
    events = EventSerializer(many=True, read_only=True)
    redirected_from = serializers.UUIDField(source="redirected_from.public_id", read_only=True, default=None)
    assigned_to = serializers.CharField(source="assigned_to.username", read_only=True, default=None)
    outcome_reason = serializers.SlugRelatedField(slug_field="slug", read_only=True)
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
    reason = serializers.CharField(required=False, allow_blank=True, default="")
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
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(NoteSerializer):
    assignee = serializers.CharField(required=False, allow_blank=True, help_text="Username of the caseworker.")


class AssignSerializer(serializers.Serializer):
    assignee = serializers.CharField(help_text="Username of a member of the receiving organisation.")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CompleteSerializer(serializers.Serializer):
    outcome_status = serializers.ChoiceField(choices=Outcome.choices)
    outcome_reason = serializers.SlugRelatedField(
        slug_field="slug", queryset=OutcomeReason.objects.active(), required=False, allow_null=True, default=None,
        help_text="Required when outcome_status is unsuccessful (a code from the platform's list).",
    )
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(NoteSerializer):
    follow_up = serializers.BooleanField(required=False, default=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Empty: the step's usual delay after completion.")


class RedirectSerializer(serializers.Serializer):
    receiver = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.accepting_referrals())
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    consent = ConsentInputSerializer()


# --- the viewset ------------------------------------------------------------------------------------------


class ReferralFilterSerializer(serializers.Serializer):
    box = serializers.ChoiceField(choices=["inbox", "outbox"], required=False)
    organization = serializers.SlugField(required=False)
    state = serializers.ChoiceField(choices=ReferralState.choices, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    step = serializers.SlugField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


def _members_of(referral, username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(
        username=username, memberships__organization_id=referral.receiver_id, memberships__is_active=True
    ).first()
    if user is None:
        raise ValidationError({"assignee": ["The caseworker must be a member of the receiving organisation."]})
    return user


LIST_PARAMETERS = [
    OpenApiParameter("box", str, enum=["inbox", "outbox"], description="Received or sent by `organization`."),
    OpenApiParameter("organization", str, description="Slug of one of your organisations."),
    OpenApiParameter("state", str, enum=[value for value, _label in ReferralState.choices]),
    OpenApiParameter("urgency", str, enum=[value for value, _label in Urgency.choices]),
    OpenApiParameter("step", str, description="Pathway step slug."),
    OpenApiParameter("overdue", bool),
]


def _transition_schema(request_serializer, summary):
    return extend_schema(request=request_serializer, responses={200: ReferralDetailSerializer}, summary=summary)


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS, summary="Referrals you can see (no personal data)"),
    retrieve=extend_schema(summary="One referral with the person's data (recorded in the access log)"),
    create=extend_schema(request=ReferralCreateSerializer, responses={201: ReferralDetailSerializer},
                         summary="Create (and by default send) a referral"),
)
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    # Token first: its WWW-Authenticate header turns "not signed in" into a 401 rather than a 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filter_backends = []
    pagination_class = UncountedPagination
    serializer_class = ReferralDetailSerializer

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).for_listing()

    def finalize_response(self, request, response, *args, **kwargs):
        # Details carry personal data: no browser or proxy may keep a copy (same as the workspace pages).
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_serializer_class(self):
        if self.action == "list":
            return ReferralListSerializer
        return ReferralDetailSerializer

    def get_object(self):
        try:
            return self.get_queryset().get(public_id=self.kwargs["id"])
        except (Referral.DoesNotExist, ValueError, DjangoValidationError):
            raise NotFound from None

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = ReferralFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        roles = member_roles(self.request.user)
        if data.get("organization"):
            organization = Organization.objects.filter(slug=data["organization"], pk__in=list(roles)).first()
            if organization is None:
                raise ValidationError({"organization": ["You are not a member of this organisation."]})
            if data.get("box") == "outbox":
                queryset = queryset.sent_by(organization)
            elif data.get("box") == "inbox":
                queryset = queryset.received_by(organization)
            else:
                queryset = queryset.filter(
                    Q(sender=organization) | (Q(receiver=organization) & ~Q(state=ReferralState.DRAFT))
                )
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("urgency"):
            queryset = queryset.filter(urgency=data["urgency"])
        if data.get("step"):
            queryset = queryset.filter(pathway_step__slug=data["step"])
        if data.get("overdue") is True:
            queryset = queryset.overdue()
        elif data.get("overdue") is False:
            queryset = queryset.not_overdue()
        return queryset

    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        services.referral_log_view(referral=referral, user=request.user)
        return Response(self._detail(referral))

    def _detail(self, referral):
        referral = (
            Referral.objects.select_related("sender", "receiver", "pathway_step", "assigned_to", "redirected_from",
                                            "person", "consent__obtained_by", "consent__receiver")
            .prefetch_related("person__languages", "events__actor", "events__organization")
            .get(pk=referral.pk)
        )
        return ReferralDetailSerializer(referral, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = dict(data["person"])
        consent = dict(data["consent"]) if data.get("consent") else None
        with transaction.atomic():
            referral = services.referral_create(
                user=request.user, sender=data["sender"], receiver=data["receiver"],
                pathway_step=data.get("pathway_step"), reason=data["reason"], urgency=data["urgency"],
                person=person, consent=consent,
            )
            if data["send"]:
                referral = services.referral_send(referral=referral, user=request.user)
        return Response(self._detail(referral), status=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, run):
        referral = self.get_object()
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        result = run(referral, request.user, data)
        return Response(self._detail(result if isinstance(result, Referral) else referral))

    @_transition_schema(None, "Send a draft (consent required)")
    @action(detail=True, methods=["post"])
    def send(self, request, id=None):
        return self._act(request, None, lambda r, u, d: services.referral_send(referral=r, user=u))

    @_transition_schema(AcceptSerializer, "Accept (receiving intake)")
    @action(detail=True, methods=["post"])
    def accept(self, request, id=None):
        def run(referral, user, data):
            assignee = _members_of(referral, data["assignee"]) if data.get("assignee") else None
            return services.referral_accept(referral=referral, user=user, assignee=assignee, note=data["note"])

        return self._act(request, AcceptSerializer, run)

    @_transition_schema(DeclineSerializer, "Decline with a reason (receiving intake)")
    @action(detail=True, methods=["post"])
    def decline(self, request, id=None):
        return self._act(request, DeclineSerializer,
                         lambda r, u, d: services.referral_decline(referral=r, user=u, reason=d["reason"]))

    @_transition_schema(RedirectSerializer, "Redirect to a third organisation (receiving intake)")
    @action(detail=True, methods=["post"])
    def redirect(self, request, id=None):
        def run(referral, user, data):
            consent = {**data["consent"], "obtained_by": user}
            services.referral_redirect(referral=referral, user=user, receiver=data["receiver"],
                                       reason=data["reason"], consent=consent)
            referral.refresh_from_db()
            return referral

        return self._act(request, RedirectSerializer, run)

    @_transition_schema(AssignSerializer, "Assign a caseworker (receiving intake)")
    @action(detail=True, methods=["post"])
    def assign(self, request, id=None):
        return self._act(request, AssignSerializer, lambda r, u, d: services.referral_assign(
            referral=r, user=u, assignee=_members_of(r, d["assignee"])))

    @_transition_schema(NoteSerializer, "Start work (assigned caseworker)")
    @action(detail=True, methods=["post"])
    def start(self, request, id=None):
        return self._act(request, NoteSerializer,
                         lambda r, u, d: services.referral_start(referral=r, user=u, note=d["note"]))

    @_transition_schema(CompleteSerializer, "Complete with an outcome (assigned caseworker)")
    @action(detail=True, methods=["post"])
    def complete(self, request, id=None):
        return self._act(request, CompleteSerializer,
                         lambda r, u, d: services.referral_complete(
                             referral=r, user=u, outcome_status=d["outcome_status"],
                             outcome_reason=d["outcome_reason"], outcome=d["outcome"]))

    @_transition_schema(CloseSerializer, "Close the loop, with a follow-up unless declined (sender)")
    @action(detail=True, methods=["post"])
    def close(self, request, id=None):
        return self._act(request, CloseSerializer, lambda r, u, d: services.referral_close(
            referral=r, user=u, note=d["note"], follow_up=d["follow_up"], follow_up_on=d["follow_up_on"]))

    @_transition_schema(NoteSerializer, "Withdraw (sender, until completion)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, id=None):
        return self._act(request, NoteSerializer,
                         lambda r, u, d: services.referral_withdraw(referral=r, user=u, reason=d["note"]))

    @extend_schema(methods=["get"], responses={200: CommentSerializer(many=True)}, summary="The comment thread")
    @extend_schema(methods=["post"], request=CommentSerializer, responses={201: CommentSerializer},
                   summary="Add a comment")
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, id=None):
        referral = self.get_object()
        if request.method == "GET":
            services.referral_log_view(referral=referral, user=request.user)
            rows = referral.comments.select_related("author", "organization")
            return Response(CommentSerializer(rows, many=True).data)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.referral_comment(referral=referral, user=request.user,
                                            body=serializer.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns = router.urls
