"""REST API of the partner space under /api/v1/: documents, meetings and action items.

Same read rule as the pages (`visible_to`): anonymous callers list public documents only; a document,
meeting or action that is not for the caller is a 404. The download link of a document is Wagtail's serve
URL, which applies the same rule. Action owners (and the table's managers) update an action's status.
"""

from django.urls import include, path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.routers import SimpleRouter

from concertation import services
from concertation.models import ActionItem, ActionStatus, Meeting, SharedDocument


class DocumentSerializer(serializers.ModelSerializer):
    tags = serializers.SerializerMethodField()
    collection = serializers.CharField(source="collection.name", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SharedDocument
        fields = ["id", "title", "description", "language", "visibility", "review_date", "tags", "collection",
                  "organization", "partnership", "version", "file_size", "created_at", "updated_at",
                  "download_url"]

    def get_tags(self, document) -> list[str]:
        return sorted(tag.name for tag in document.tags.all())

    def get_download_url(self, document) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(document.url) if request else document.url


class AttendanceSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.slug")
    status = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    table = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    agenda = serializers.ListField(source="agenda_items", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "table", "title", "starts_at", "ends_at", "place", "video_url", "agenda", "minutes",
                  "visibility", "attendance"]


class ActionSerializer(serializers.ModelSerializer):
    table = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    step = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices)

    class Meta:
        model = ActionItem
        fields = ["id", "table", "text", "owner", "due_date", "status", "step", "partnership", "decision",
                  "meeting", "visibility"]
        read_only_fields = [name for name in fields if name != "status"]


@extend_schema(parameters=[OpenApiParameter("q", str, description="Words to find in titles, descriptions, "
                                                                   "tags and PDF text.")])
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared documents the caller may see (public ones without signing in)."""

    serializer_class = DocumentSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        documents = SharedDocument.objects.visible_to(self.request.user).select_related(
            "collection", "organization", "partnership").prefetch_related("tags").order_by("title", "pk")
        query = self.request.query_params.get("q", "")[:200]
        return documents.matching(query) if query else documents


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the concertation tables the caller belongs to, and those shared with all partners."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related("table").prefetch_related(
            "attendance__organization").order_by("-starts_at", "pk")


class ActionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Action items: the owner organisation's members and the table's managers may change the status."""

    serializer_class = ActionSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return ActionItem.objects.visible_to(self.request.user).select_related(
            "table", "owner", "step", "partnership").order_by("due_date", "pk")

    def perform_update(self, serializer):
        # A refusal is a ServiceError: the project's API exception handler answers it (403, 400 by field).
        serializer.instance = services.action_update(
            user=self.request.user, action=serializer.instance,
            status=serializer.validated_data.get("status", serializer.instance.status))


router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="shared-document")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("actions", ActionViewSet, basename="action-item")

urlpatterns = [path("", include(router.urls))]
