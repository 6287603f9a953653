"""Who may do what beyond one referral: the workspace's acting organisation, statistics, the access log.

Access to a referral itself is decided in one place only: `Referral.objects.visible_to(user)`.
"""

from directory.models import MembershipRole, Organization

from .models import ReferralGroupObjectPermission, ReferralUserObjectPermission, member_roles

SESSION_KEY = "referrals_acting_for"
STATISTICS_PERMISSION = "referrals.view_referral_statistics"


def member_organizations(user):
    """Active organisations the user actively belongs to."""
    return Organization.objects.active().for_member(user).order_by("name")


def acting_organization(request):
    """The organisation the user works for in the workspace (chosen when they belong to several).

    Returns (organization or None, list of the user's organisations).
    """
    chosen = request.session.get(SESSION_KEY)
    memo = request.__dict__.get("_acting_organization")
    if memo is not None and memo[0] == (request.user.pk, chosen):
        return memo[1]  # asked again in the same request (the view, then the workspace's frame)
    organizations = list(member_organizations(request.user))
    found = next((organization for organization in organizations if organization.pk == chosen), None)
    result = (found or (organizations[0] if organizations else None)), organizations
    request._acting_organization = ((request.user.pk, chosen), result)
    return result


def request_roles(request) -> dict[int, str]:
    """The user's `member_roles`, read once per request (the view, its actions, the workspace's frame and the
    access log each need them)."""
    memo = request.__dict__.get("_member_roles")
    if memo is None or memo[0] != request.user.pk:
        memo = (request.user.pk, member_roles(request.user))
        request._member_roles = memo
    return memo[1]


def can_view_statistics(user) -> bool:
    """Coordinators and funders: holders of the model-level statistics permission (directly or through a
    group such as the demo's "Coordination"), and platform superusers. Statistics carry no personal data,
    which is why a model-level permission is enough here, unlike referrals themselves."""
    return user.is_authenticated and user.is_active and user.has_perm(STATISTICS_PERMISSION)


def can_read_access_log(user, organization, roles=None) -> bool:
    """Organisation admins read their organisation's access-log entries (`roles`: the user's
    `member_roles`, when the caller already has them)."""
    if organization is None:
        return False
    roles = member_roles(user) if roles is None else roles
    return roles.get(organization.pk) == MembershipRole.ADMIN


def prefetched_object_perms(user, referrals) -> dict[int, set[str]]:
    """{referral pk: codenames} for a page of referrals, in a constant number of queries.

    Guardian's `ObjectPermissionChecker.prefetch_perms` does it for ordinary users; for a superuser it
    answers "everything", which is not what they were granted — and superusers get no blanket access here.
    """
    from guardian.core import ObjectPermissionChecker

    referrals = list(referrals)
    if not referrals or not user.is_authenticated or not user.is_active:
        return {referral.pk: set() for referral in referrals}
    if not user.is_superuser:
        checker = ObjectPermissionChecker(user)
        checker.prefetch_perms(referrals)
        return {referral.pk: set(checker.get_perms(referral)) for referral in referrals}
    pks = [referral.pk for referral in referrals]
    perms = {pk: set() for pk in pks}
    rows = list(
        ReferralUserObjectPermission.objects.filter(user=user, content_object_id__in=pks).values_list(
            "content_object_id", "permission__codename"
        )
    ) + list(
        ReferralGroupObjectPermission.objects.filter(group__user=user, content_object_id__in=pks).values_list(
            "content_object_id", "permission__codename"
        )
    )
    for pk, codename in rows:
        perms[pk].add(codename)
    return perms
