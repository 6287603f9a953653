"""Who may do what beyond one referral: the workspace's acting organisation, statistics, the access log.

Access to a referral itself is decided in one place only: `Referral.objects.visible_to(user)`.
"""

from directory.models import MembershipRole, Organization

from .models import member_roles

SESSION_KEY = "referrals_acting_for"
STATISTICS_PERMISSION = "referrals.view_referral_statistics"


def member_organizations(user):
    """Active organisations the user actively belongs to."""
    return Organization.objects.active().for_member(user).order_by("name")


def acting_organization(request):
    """The organisation the user works for in the workspace (chosen when they belong to several).

    Returns (organization or None, list of the user's organisations).
    """
    organizations = list(member_organizations(request.user))
    chosen = request.session.get(SESSION_KEY)
    for organization in organizations:
        if organization.pk == chosen:
            return organization, organizations
    return (organizations[0] if organizations else None), organizations


def can_view_statistics(user) -> bool:
    """Coordinators and funders: holders of the model-level statistics permission (directly or through a
    group such as the demo's "Coordination"), and platform superusers. Statistics carry no personal data,
    which is why a model-level permission is enough here, unlike referrals themselves."""
    return user.is_authenticated and user.is_active and user.has_perm(STATISTICS_PERMISSION)


def can_read_access_log(user, organization) -> bool:
    """Organisation admins read their organisation's access-log entries."""
    return organization is not None and member_roles(user).get(organization.pk) == MembershipRole.ADMIN
