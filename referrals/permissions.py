"""Who may do what beyond one referral: the workspace's acting organisation, statistics, the access log.

Access to a referral itself is decided in one place only: `Referral.objects.visible_to(user)`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Exists, F, Value

from arrivals.permissions import keeps_register
from directory.models import MembershipRole, Organization

from .models import (
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
    member_roles,
    permission_id,
    remember_organization_groups,
)

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
    user = request.user
    organizations = list(member_organizations(user).annotate(
        member_role=F("memberships__role"),
        # The workspace's frame asks on every page whether to show the register's and the statistics' tabs:
        # answered in this query rather than in two more (what `register_organizations` and
        # `can_view_statistics` decide; the pages themselves still check).
        keeps_register=keeps_register(),
        views_statistics=_holds_statistics_permission(user) or Value(False),
    ))
    if user.is_active and "_member_roles" not in request.__dict__:
        # These rows are also the user's `member_roles` (active memberships in active organisations, one per
        # organisation): request_roles need not read them again.
        request._member_roles = (user.pk, {item.pk: item.member_role for item in organizations})
        # And their groups are what `visible_to` reads next (the same rows: active organisations, active
        # memberships): one query fewer on every listing.
        remember_organization_groups(user, organizations)
    if organizations:
        request._workspace_tabs = (user.pk, {
            "register": any(item.keeps_register for item in organizations),
            "statistics": organizations[0].views_statistics,
        })
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


def _holds_statistics_permission(user):
    """What ModelBackend's has_perm reads (the user's own permissions, then their groups'), asked about this one
    permission, as an expression: two EXISTS on the link tables with the permission's id (read once per
    process), rather than loading every permission the user holds in two queries, or joining the permission,
    its content type and both link tables (1.4 ms of planning on every workspace page)."""
    found = permission_id(*STATISTICS_PERMISSION.split("."))
    if found is None:
        return None
    user_model = get_user_model()
    return Exists(user_model.user_permissions.through.objects.filter(user_id=user.pk, permission_id=found)) | Exists(
        user_model.groups.through.objects.filter(user_id=user.pk, group__permissions=found)
    )


def workspace_tab(request, name: str) -> bool | None:
    """Whether the workspace shows a tab ("register", "statistics"), as read with the user's organisations by
    `acting_organization` in this request; None when it was not read (the caller asks the usual way)."""
    memo = request.__dict__.get("_workspace_tabs") if request is not None else None
    if memo is None or memo[0] != request.user.pk:
        return None
    return memo[1][name]


def can_view_statistics(user, request=None) -> bool:
    """Coordinators and funders: holders of the model-level statistics permission (directly or through a
    group such as the demo's "Coordination"), and platform superusers. Statistics carry no personal data,
    which is why a model-level permission is enough here, unlike referrals themselves. With `request`, the
    answer read with the user's organisations in this request is reused (the workspace's frame)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    known = workspace_tab(request, "statistics")
    if known is not None:
        return known
    holds = _holds_statistics_permission(user)
    return holds is not None and get_user_model().objects.filter(pk=user.pk).filter(holds).exists()


def can_read_access_log(user, organization, roles=None) -> bool:
    """Organisation admins read their organisation's access-log entries (`roles`: the user's
    `member_roles`, when the caller already has them)."""
    if organization is None:
        return False
    roles = member_roles(user) if roles is None else roles
    return roles.get(organization.pk) == MembershipRole.ADMIN


def prefetched_object_perms(user, referrals) -> dict[int, set[str]]:
    """{referral pk: codenames} for a page of referrals, in one query: the user's own object permissions and
    their groups' (what guardian's `ObjectPermissionChecker.prefetch_perms` reads, in two queries that build
    model instances of every permission row). Never widened for superusers: guardian's checker answers
    "everything" for them, and superusers get no blanket access here."""
    referrals = list(referrals)
    perms = {referral.pk: set() for referral in referrals}
    if not referrals or not user.is_authenticated or not user.is_active:
        return perms
    pks = list(perms)
    # Written as SQL: it is read on every listing page, and the ORM compiling this union (two querysets, a CASE
    # over a subquery) cost more CPU than PostgreSQL running it. The user's groups are a CASE over a hashed
    # subquery, not a join: joined, the planner read the busiest group's permission rows through (group,
    # permission, referral) — 11,000 rows for 25 referrals at province size, 1.2 ms — where the referral's
    # index gives the page's ~90 rows (0.45 ms). Table names from the models; every value a parameter.
    marks = ", ".join(["%s"] * len(pks))
    table = connection.ops.quote_name
    permission, groups_field = table(Permission._meta.db_table), get_user_model().groups.field
    user_groups = table(groups_field.m2m_db_table())
    member, group = table(groups_field.m2m_column_name()), table(groups_field.m2m_reverse_name())
    sql = (
        f"SELECT o.content_object_id, p.codename FROM {table(ReferralUserObjectPermission._meta.db_table)} o "  # noqa: S608
        f"JOIN {permission} p ON p.id = o.permission_id WHERE o.user_id = %s AND o.content_object_id IN ({marks}) "
        f"UNION ALL "
        f"SELECT o.content_object_id, p.codename FROM {table(ReferralGroupObjectPermission._meta.db_table)} o "
        f"JOIN {permission} p ON p.id = o.permission_id WHERE o.content_object_id IN ({marks}) "
        f"AND CASE WHEN o.group_id IN (SELECT g.{group} FROM {user_groups} g WHERE g.{member} = %s) "
        f"THEN 1 ELSE 0 END = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, *pks, *pks, user.pk])
        for pk, codename in cursor.fetchall():
            perms[pk].add(codename)
    return perms
