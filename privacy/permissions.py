"""Who may do what with the Law 25 tools."""

from directory.models import MembershipRole, Organization, user_is_platform_admin

from .models import PRIVACY_OFFICERS_GROUP


def can_manage_incidents(user) -> bool:
    """The incident register: platform admins and the person in charge (the "Privacy officer" group)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user_is_platform_admin(user) or user.groups.filter(name=PRIVACY_OFFICERS_GROUP).exists()


def access_request_organizations(user):
    """Organisations for which the user answers access requests: those they actively administer."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.active().filter(
        memberships__user=user, memberships__is_active=True, memberships__role=MembershipRole.ADMIN
    ).distinct().order_by("name")
