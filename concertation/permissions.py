"""Who may write in the partner space.

Documents: Wagtail's own collection permissions (`GroupCollectionPermission` given to the organisations'
groups by `services.shared_collection_ensure`), read through Wagtail's document permission policy — no
parallel permission system. Tables: the members of the table (the table organisation's own people) and
the admins of the organisations seated at it run its meetings, decisions and action plan; the owner
organisation's members update the status of the actions they carry.
"""

from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from concertation.access import circles_of, seated_organizations
from directory.models import Membership, MembershipRole, Organization, OrganizationKind


def document_policy():
    return policy_registry.get_by_type(get_document_model())


def writable_collections(user):
    """Shared collections the user may add documents to (Wagtail's `add_document` on the collection)."""
    from concertation.models import SharedCollection

    if not user.is_authenticated:
        return SharedCollection.objects.none()
    collections = document_policy().collections_user_has_permission_for(user, "add")
    return SharedCollection.objects.filter(collection__in=collections).select_related(
        "collection", "organization", "partnership"
    ).order_by("collection__name")


def can_change_document(user, document) -> bool:
    return user.is_authenticated and document_policy().user_has_permission_for_instance(user, "change", document)


def tables_for(user):
    """Concertation tables the user belongs to or sits at."""
    return Organization.objects.filter(pk__in=circles_of(user).tables, kind=OrganizationKind.CONCERTATION)


def can_manage_table(user, table) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    circles = circles_of(user)
    if table.pk in circles.organizations:
        return True
    if table.pk not in circles.tables:
        return False
    seated = seated_organizations(table) & circles.organizations
    return Membership.objects.filter(
        user=user, organization_id__in=seated, is_active=True, role=MembershipRole.ADMIN
    ).exists()


def can_update_action(user, action) -> bool:
    return action.owner_id in circles_of(user).organizations or can_manage_table(user, action.table)
