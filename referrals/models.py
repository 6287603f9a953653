"""Closed-loop referrals between organisations, the person referred, consent, timeline and the access log.

Personal data about the person referred lives in `ReferralPerson` only (plus free-text fields listed in
`Referral.PERSONAL_TEXT_FIELDS`), so that retention can erase it while the statistics fields — who referred
to whom, for which step, when each answer came — stay.
"""

import datetime
import threading
import time
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from directory.models import Language, Organization, PathwayStep

# The workflow vocabulary and the access log live in their own modules; re-exported here, where Django and
# the other parts look for the app's models and the referral contract.
from .audit import AccessAction, AccessLog, AccessLogQuerySet, AppendOnlyError  # noqa: F401
from .outcomes import Outcome, OutcomeReason  # noqa: F401
from .preferences import Frequency, NotificationPreference  # noqa: F401
from .references import ReferenceCounter, next_reference  # noqa: F401
from .rules import (  # noqa: F401
    CHAIN_PERMISSIONS,
    FINAL_STATES,
    INTAKE_ROLES,
    RECEIVER_PERMISSIONS,
    SENDER_PERMISSIONS,
    TRANSITIONS,
    WITHDRAWABLE_STATES,
    ReferralState,
    Side,
    TransitionRule,
    Urgency,
    due_delay,
    member_roles,
)
from .timeline import EventCode
from .timeline import render as render_event_text

# How far back `recent_visible_ids` walks before leaving a page to the usual plan (see its docstring).
RECENT_WALK = 10_000


# The inputs of `visible_to`'s rule that a page may already hold. A permission's id never changes once
# created: read once per process and database (a flush, as TransactionTestCase does, creates the permissions
# anew and sends post_migrate, which forgets them).
_permission_ids: dict[tuple[str, str, str], int] = {}
# Bumped by every write to memberships, organisations or groups in this process (ReferralsConfig.ready): a
# user's organisation groups remembered before such a write are read again.
_membership_writes = [0]
_membership_lock = threading.Lock()


def permission_id(app_label: str, codename: str) -> int | None:
    key = (connection.settings_dict.get("NAME", ""), app_label, codename)
    if key not in _permission_ids:
        from django.contrib.auth.models import Permission

        found = Permission.objects.filter(codename=codename, content_type__app_label=app_label).values_list(
            "pk", flat=True
        ).first()
        if found is None:
            return None
        _permission_ids[key] = found
    return _permission_ids[key]


def view_permission_id() -> int | None:
    return permission_id("referrals", "view_referral")


def forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


def count_membership_write(**kwargs) -> None:
    """Now, and again when the writing transaction commits: a request of this process that read the old rows
    between the two must not take them for current."""
    def bump():
        with _membership_lock:
            _membership_writes[0] += 1

    bump()
    transaction.on_commit(bump)


def remember_organization_groups(user, organizations) -> None:
    """For the rest of the request: the groups of the user's organisations, from rows read through
    `Organization.objects.active().for_member(user)` (active organisation, active membership: the rule
    `_view_grants` applies), so that `visible_to` need not read them again (the workspace reads them on
    every page). Forgotten when memberships, organisations or groups are written."""
    groups = tuple(organization.group_id for organization in organizations if organization.group_id is not None)
    user.__dict__["_organization_groups"] = (user.pk, _membership_writes[0], groups)


def _organization_groups(user) -> list[int]:
    memo = user.__dict__.get("_organization_groups")
    if memo is not None and memo[0] == user.pk and memo[1] == _membership_writes[0]:
        return list(memo[2])
    return list(
        Organization.objects.active().for_member(user).filter(group__isnull=False)
        .values_list("group_id", flat=True).order_by()
    )


def _view_grants(user):
    """`visible_to`'s rule: the user's organisations' groups' `view_referral` rows, as a query of referral ids
    (None: nothing to see)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    groups = _organization_groups(user)
    permission = view_permission_id() if groups else None
    if permission is None:
        return None
    return ReferralGroupObjectPermission.objects.filter(group_id__in=groups, permission_id=permission).values(
        "content_object_id"
    )


def _values_by_key(rows, names):
    """`rows.values(*names)`, with each related value (`sender__slug`) read by a subquery on the related row's
    key rather than a join: for a page of 51 referrals the planner hashed every organisation twice (2,026 rows
    at province size: 1.9 ms) where 102 probes by key take 1.1 ms."""
    model = rows.model
    plain, related = [], {}
    for name in names:
        head, _sep, rest = name.partition("__")
        field = model._meta.get_field(head) if rest and "__" not in rest else None
        if field is not None and field.many_to_one:
            # No ORDER BY (the related model's Meta ordering): one row by key needs no sort node per probe.
            target = (field.related_model._base_manager.filter(pk=models.OuterRef(field.attname))
                      .order_by().values(rest)[:1])
            related[f"related_value_{len(related)}"] = (name, models.Subquery(target))
        else:
            plain.append(name)
    annotations = {alias: expression for alias, (_name, expression) in related.items()}
    for row in rows.annotate(**annotations).values(*plain, *annotations):
        for alias, (name, _expression) in related.items():
            row[name] = row.pop(alias)
        yield row


_TABLE_SIZES: dict[tuple[str, str], tuple[float, int]] = {}
TABLE_SIZE_SECONDS = 600


def _table_size_estimate(model) -> int:
    """About how many rows `model`'s table holds, read at most every ten minutes per process: PostgreSQL's
    planner estimate (`pg_class.reltuples`, kept by ANALYZE and autovacuum; 0 when never analysed), else a
    count. It only chooses between two plans that give the same rows, so an old figure costs time, never
    a wrong answer."""
    key = (connection.alias, connection.settings_dict["NAME"])
    now = time.monotonic()
    known = _TABLE_SIZES.get(key)
    if known is not None and now - known[0] < TABLE_SIZE_SECONDS:
        return known[1]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        row = cursor.fetchone()
    size = int(row[0]) if row else 0
    _TABLE_SIZES[key] = (now, size)
    return size


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ONE place that decides which referrals a user may see.

        It reads the `view_referral` rows of `ReferralGroupObjectPermission` (the object permissions the
        services grant to the sending and receiving organisations' groups) for the groups of the user's
        organisations — and nothing else: not guardian's `get_objects_for_user`, not the user's own or
        model-level permissions. So a model-level `view_referral` gives nothing here, and superusers —
        platform administrators — have no blanket access to refugees' personal data: they see a referral
        only as a member of an organisation party to it (need to know, as in Primero).

        Only the groups of organisations the user *actively* belongs to count, and only while the
        organisation itself is active: the Django group is a cache of the memberships, and a deactivated
        organisation (or a group edited by hand in the admin) must not keep its members' sight of
        refugees' data.

        Shape, read from `EXPLAIN ANALYZE` at 200,000 referrals (benchmarks/README.md): the user's groups
        and the permission's id are fetched first (one small query) and go into the referral query as
        literal values, so the planner estimates the permission rows from its statistics on `group_id`.
        Nested inside the query (groups through memberships, the permission through its content type)
        they were estimated at 1 row when they were thousands, and the plan was a nested loop re-reading
        them for every received referral.
        """
        granted = _view_grants(user)
        if granted is None:
            return self.none()
        visible = self.filter(pk__in=granted)
        visible._view_grants = granted  # for recent_visible_ids
        return visible

    def _clone(self):
        clone = super()._clone()
        clone._view_grants = getattr(self, "_view_grants", None)
        return clone

    def recent_visible_ids(self, stop: int, *, among: int = RECENT_WALK) -> list[int] | None:
        """On `visible_to(user)` (nothing else filtered): the ids of the `stop` most recently updated referrals
        the user may see, in the listings' order (`-updated_at, -pk`), when they lie among the `among` most
        recently updated referrals, or all of them when fewer than `stop` and there are no more than `among`
        referrals; otherwise None (choose them the usual way).

        The same rule as `visible_to` (its permission rows, `_view_grants`), in another plan: the most recent
        referrals are walked from the newest down (`referral_recent`, a partial index the ORM's own queries
        cannot pick) and each is looked up in a hash of the user's permission rows, stopping at `stop`. Through
        `visible_to`, the planner probes an index once per referral the user may see (3,209 for the busiest
        receiver's coordinator at 200,000 referrals) and sorts them; here the cost follows how far back the
        page reaches, not how many referrals the user may see (benchmarks/README.md)."""
        granted = getattr(self, "_view_grants", None)
        query = self.query
        if granted is None or len(query.where.children) != 1 or query.order_by or query.is_sliced or stop > among:
            return None  # nothing but visible_to, in the default order
        sql, params = granted.query.sql_with_params()
        # CASE keeps the IN a hashed subplan (a top-level IN is turned into the join described above); `id > 0`
        # (every id) lets the partial index serve the walk. Fewer rows found than asked is a whole answer only
        # if the walk reached the oldest referral: the count that tells is an InitPlan inside a CASE, so
        # PostgreSQL runs it only then (a busy user's page never pays it; numbering every row walked with
        # ROW_NUMBER took half the walk's time at 200,000 referrals). The one-row VALUES gives that answer a
        # row when nothing was found.
        # The walk pays only for a user who sees enough referrals to fill the page within it: about
        # stop x referrals / among of them. `gate` counts the user's permission rows up to that number first;
        # below it the walk is skipped (a one-time filter: no row is read) and the usual plan answers, which
        # for a user who sees a few referrals reads just those (5.6 ms of walk for a user who sees 11 at
        # 200,000 referrals, against 0.1 ms). Where the table holds no more than `among` referrals, the walk
        # covers it all and the gate asks for nothing. The table's name and the ORM's compiled SQL go into
        # the text; every value is a parameter.
        table, order = self.model._meta.db_table, "ORDER BY updated_at DESC, id DESC"
        size = _table_size_estimate(self.model)
        enough = -(-stop * size // among) if size > among else 0
        query = (
            f"WITH gate AS (SELECT COUNT(*) >= %s AS ok FROM (SELECT 1 FROM ({sql}) AS granted LIMIT %s) AS counted), "  # noqa: S608
            f"found AS (SELECT id, updated_at FROM (SELECT id, updated_at FROM {table} WHERE id > 0 {order} LIMIT %s) "
            f"AS recent WHERE (SELECT ok FROM gate) AND CASE WHEN id IN ({sql}) THEN 1 ELSE 0 END = 1 {order} "
            f"LIMIT %s) "
            f"SELECT found.id, CASE WHEN NOT (SELECT ok FROM gate) THEN -1 WHEN (SELECT COUNT(*) FROM found) < %s "
            f"THEN (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE id > 0 LIMIT %s) AS walked) ELSE 0 END "
            f"FROM (VALUES (1)) AS one LEFT JOIN found ON TRUE ORDER BY found.updated_at DESC, found.id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [enough, *params, enough, among, *params, stop, stop, among + 1])
            rows = cursor.fetchall()
        if rows[0][1] < 0 or rows[0][1] > among:
            return None  # not worth walking, or the walk stopped short of the oldest referral
        return [pk for pk, _walked in rows if pk is not None]

    def received_by(self, organization):
        """Referrals an organisation received (drafts are never received)."""
        return self.filter(receiver=organization).exclude(state=ReferralState.DRAFT)

    def sent_by(self, organization):
        return self.filter(sender=organization)

    def sent(self):
        """Everything that has been sent at least once ("draft never counts as sent")."""
        return self.exclude(state=ReferralState.DRAFT).filter(sent_at__isnull=False)

    def overdue(self, now=None):
        """Sent, still unanswered, and past the due date."""
        return self.filter(state=ReferralState.SENT, due_at__lt=now or timezone.now())

    def not_overdue(self, now=None):
        return self.exclude(state=ReferralState.SENT, due_at__lt=now or timezone.now())

    def follow_ups_due(self, today=None):
        """Follow-ups scheduled for today or earlier and not done yet."""
        return self.filter(follow_up_on__lte=today or timezone.localdate(), follow_up_done_at__isnull=True)

    def for_listing(self):
        """What a listing displays, in a constant number of queries."""
        return self.select_related("sender", "receiver", "pathway_step", "assigned_to")

    def for_cards(self, box: str | None = None):
        """`for_listing` narrowed to the columns the workspace's cards and their "your action" badge read
        (listing.cards, allowed_transitions): the organisations' and people's other columns (mandates,
        addresses, password hashes) were read and decoded for every row of every page. In a box ("inbox",
        "outbox") the acting organisation's side is not joined: the cards name only the other side, and the
        rules read its key alone."""
        own = {"inbox": "receiver", "outbox": "sender"}.get(box)
        related = [name for name in ("sender", "receiver", "pathway_step", "assigned_to") if name != own]
        fields = [
            "public_id", "reference", "state", "urgency", "due_at", "sent_at", "follow_up_on", "follow_up_done_at",
            "pathway_step__name_fr", "pathway_step__name_en",
            "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name",
        ]
        for side in ("sender", "receiver"):
            fields += [side] if side == own else [f"{side}__name", f"{side}__name_en", f"{side}__acronym"]
        return self.select_related(*related).only(*fields)

    def window(self, start: int, stop: int, *, values: tuple[str, ...] | None = None,
               ids: list[int] | None = None) -> list:
        """Rows `start:stop` of this listing in two narrow steps: the page's ids first (ordered, from
        indexes only: `referral_pk_updated`, `referral_receiver_listing`, `referral_sender_listing`), then
        those rows with what the listing joins. Sorting thousands of visible referrals with their joined
        organisations and steps, only to keep 25, cost more than the whole rest of the inbox.

        With `values` (column names, "id" among them), the rows are dictionaries of those values; the ids
        are still chosen without the joins that related columns (`sender__slug`) would add. With `ids` (the
        first `stop` ids in this listing's order, from `recent_visible_ids`, which applies the same
        visibility), the first step is skipped.

        The rows are read by their ids alone, with this listing's joins and columns but not its conditions:
        the ids were chosen through them (visibility included) a moment before. Repeating the conditions
        cost the planner the permission rows' hash again and Django the compiling of the sort's CASE and the
        visibility subquery (about a tenth of the inbox's CPU)."""
        ids = list(self.values_list("pk", flat=True)[start:stop]) if ids is None else ids[start:stop]
        rows = self.model._base_manager.filter(pk__in=ids)
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        if values is not None:
            found = {row["id"]: row for row in _values_by_key(rows, values)}
        else:
            found = {referral.pk: referral for referral in rows}
        return [found[pk] for pk in ids if pk in found]

    def final_before(self, cutoff):
        """Referrals that reached a final state before `cutoff` (the retention rule)."""
        return self.filter(
            Q(state=ReferralState.CLOSED, closed_at__lt=cutoff)
            | Q(state__in=(ReferralState.DECLINED, ReferralState.REDIRECTED), answered_at__lt=cutoff)
            | Q(state=ReferralState.WITHDRAWN, withdrawn_at__lt=cutoff)
        )

    def with_personal_data(self):
        return self.filter(personal_data_erased_at__isnull=True)


class Referral(models.Model):
    """A referral of a person or family from one organisation to another, followed to an outcome.

    The public id (a UUID) is what URLs and the API carry: sequential ids would leak volumes and invite
    guessing. States change only through `referrals.services`, which lock the row, check
    `can_transition`, record the timeline event and the access log, and grant object permissions.
    """

    PERSONAL_TEXT_FIELDS = ("reason", "decline_reason", "outcome")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # Filled on the first save (see `save`): R-<year>-<number>, sequential within the year of creation.
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, editable=False)
    sender = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name=_("sending organisation")
    )
    receiver = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving organisation"),
    )
    pathway_step = models.ForeignKey(
        PathwayStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("pathway step"),
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("What the person needs from the receiver."))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    state = models.CharField(_("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.DRAFT)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_status = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.ForeignKey(
        OutcomeReason, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals",
        verbose_name=_("reason it did not succeed"),
    )
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_assigned",
        verbose_name=_("assigned caseworker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals_created",
        verbose_name=_("created by"),
    )
    redirected_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redirects",
        verbose_name=_("redirected from"),
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        default_permissions = ("add", "change", "view")
        permissions = [
            ("send_referral", _("Can send, withdraw and close a referral as its sender")),
            ("answer_referral", _("Can accept, decline or redirect a received referral")),
            ("work_referral", _("Can record progress and outcome of a received referral")),
            ("comment_referral", _("Can comment on a referral")),
            ("view_referral_statistics", _("Can see referral statistics (no personal data)")),
        ]
        indexes = [
            # Listings sort by (updated_at, pk): these let a page be chosen from the index alone.
            models.Index(fields=["receiver", "state", "updated_at", "id"], name="referral_receiver_listing"),
            models.Index(fields=["sender", "state", "updated_at", "id"], name="referral_sender_listing"),
            models.Index(fields=["id", "updated_at"], name="referral_pk_updated"),
            # Only for the API list's walk of the most recent referrals (`recent_visible_ids`, whose query says
            # `id > 0`): partial, so the ORM's own listings cannot pick it. Unconditional, it made the planner
            # trade `visible_to`'s nested loop for a scan of every referral.
            models.Index(fields=["updated_at", "id"], condition=Q(id__gt=0), name="referral_recent"),
            models.Index(fields=["state", "due_at"], name="referral_state_due"),
            # The inbox's tab counts and its page's ids read every referral an organisation received (1,577 for
            # the province's busiest receiver) with what the tabs and the sort ask: from this index alone, not
            # from 1,349 heap pages (benchmarks/README.md). Key columns, not INCLUDE, so SQLite builds it too.
            models.Index(fields=["receiver", "state", "due_at", "assigned_to", "updated_at", "id"],
                         condition=~Q(state=ReferralState.DRAFT), name="referral_receiver_inbox"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=models.F("receiver")), name="referral_not_to_self"),
            models.CheckConstraint(
                condition=Q(state=ReferralState.DRAFT) | Q(sent_at__isnull=False), name="referral_sent_has_date"
            ),
        ]

    def __str__(self):
        # Never the person's name: this string may end up in logs and admin messages.
        return _("Referral %(id)s") % {"id": self.short_id}

    def save(self, *args, **kwargs):
        # The reference is part of the row's identity, like the UUID default: every way of creating a referral
        # (services, demo, data imports) gets one, from the year's locked counter.
        if not self.reference:
            self.reference = next_reference(self.created_at)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "reference"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", kwargs={"public_id": self.public_id})

    @property
    def short_id(self) -> str:
        """What people read and say: the human reference (the UUID's start for a row saved before it existed)."""
        return self.reference or str(self.public_id)[:8]

    @property
    def follow_up_due(self) -> bool:
        return (self.follow_up_on is not None and self.follow_up_done_at is None
                and self.follow_up_on <= timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.state == ReferralState.SENT and self.due_at is not None and self.due_at < timezone.now()

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def personal_data_erased(self) -> bool:
        return self.personal_data_erased_at is not None

    def compute_due_at(self, sent_at):
        return sent_at + due_delay(self.urgency)

    def side_of(self, organization) -> str | None:
        if organization is None:
            return None
        if organization.pk == self.sender_id:
            return Side.SENDER
        if organization.pk == self.receiver_id:
            return Side.RECEIVER
        return None

    def organization_for(self, side: str):
        return self.sender if side == Side.SENDER else self.receiver

    def object_perms(self, user, checker=None) -> set[str]:
        """The object permissions a user holds on this referral, never widened for superusers."""
        from guardian.core import ObjectPermissionChecker

        if not user.is_authenticated or not user.is_active:
            return set()
        checker = checker or ObjectPermissionChecker(user)
        if user.is_superuser:
            # The checker gives superusers everything; we want only what was granted.
            return set(checker.get_user_perms(self)) | set(checker.get_group_perms(self))
        return set(checker.get_perms(self))

    def can_transition(self, *, to: str, user, perms: set[str] | None = None, roles: dict | None = None) -> bool:
        """Whether `user` may move this referral to state `to` now.

        `perms` (object permissions) and `roles` ({organization_id: role} of active memberships) may be
        given by a caller that already fetched them, to keep listings at a constant number of queries.
        """
        rule = TRANSITIONS.get((self.state, to))
        if rule is None or user is None or not user.is_authenticated:
            return False
        if perms is None:
            perms = self.object_perms(user)
        if rule.permission not in perms:
            return False
        organization_id = self.sender_id if rule.side == Side.SENDER else self.receiver_id
        if roles is None:
            roles = member_roles(user)
        role = roles.get(organization_id)
        if role is None:
            return False
        if rule.roles and role not in rule.roles:
            return False
        return not (rule.assignee_only and self.assigned_to_id != user.pk)

    def allowed_transitions(self, user, *, perms=None, roles=None) -> list[str]:
        perms = self.object_perms(user) if perms is None else perms
        roles = member_roles(user) if roles is None else roles
        return [
            to
            for (frm, to) in TRANSITIONS
            if frm == self.state and self.can_transition(to=to, user=user, perms=perms, roles=roles)
        ]

    def can_comment(self, user, *, perms=None, roles=None) -> bool:
        perms = self.object_perms(user) if perms is None else perms
        roles = member_roles(user) if roles is None else roles
        if "comment_referral" not in perms or self.personal_data_erased:
            return False
        return self.sender_id in roles or self.receiver_id in roles

    def can_assign(self, user, *, perms=None, roles=None) -> bool:
        """Receiving intake may (re)assign the caseworker while the referral is being handled."""
        if self.state not in (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS):
            return False
        perms = self.object_perms(user) if perms is None else perms
        roles = member_roles(user) if roles is None else roles
        return "answer_referral" in perms and roles.get(self.receiver_id) in INTAKE_ROLES

    def can_follow_up(self, user, *, perms=None, roles=None) -> bool:
        """The sending organisation's members schedule and record the follow-up once the service is done."""
        if self.state not in (ReferralState.COMPLETED, ReferralState.CLOSED) or self.personal_data_erased:
            return False
        perms = self.object_perms(user) if perms is None else perms
        roles = member_roles(user) if roles is None else roles
        return "send_referral" in perms and self.sender_id in roles

    def check_transition(self, *, to: str, user, **kwargs) -> None:
        if not self.can_transition(to=to, user=user, **kwargs):
            raise PermissionDenied

class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written")


class ReferralPerson(models.Model):
    """The person (or family) referred: only what the receiver needs, in one row retention can erase."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="person")
    full_name = models.CharField(_("name"), max_length=200, help_text=_("Person or family name."))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages"))
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    contact = models.CharField(_("contact"), max_length=200, blank=True, help_text=_("Phone, e-mail or address."))
    household_size = models.PositiveSmallIntegerField(_("household size"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("person referred")
        verbose_name_plural = _("people referred")

    def __str__(self):
        return _("Person referred in %(referral)s") % {"referral": self.referral_id}


class Consent(models.Model):
    """The person's consent to this referral: who obtained it, when, how, for which receiver and purpose.

    The scope is the receiving organisation and the purpose: a redirect to another organisation needs a
    new consent, recorded on the new referral.
    """

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="consent")
    obtained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("obtained by"),
    )
    obtained_at = models.DateTimeField(_("obtained on"))
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    receiver = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("shared with")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return _("Consent for %(referral)s") % {"referral": self.referral_id}

    def covers(self, referral: Referral) -> bool:
        return self.referral_id == referral.pk and self.receiver_id == referral.receiver_id


class ReferralEvent(models.Model):
    """One line of a referral's timeline: a state change (or an assignment), who made it and when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("acting for")
    )
    from_state = models.CharField(_("from"), max_length=12, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=ReferralState.choices)
    # What the system says (worded in the reader's language, see timeline.py); `note` is what a person typed.
    code = models.CharField(_("system text"), max_length=30, choices=EventCode.choices, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self):
        return f"{self.referral_id}: {self.from_state or '∅'} → {self.to_state}"

    @property
    def system_text(self) -> str:
        return render_event_text(self.code, self.params) if self.code else ""


class ReferralComment(models.Model):
    """A message between the two organisations about one referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("organisation")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.referral_id} #{self.pk}"

class NotificationKind(models.TextChoices):
    NEW = "new", _("New referral")
    ANSWERED = "answered", _("Referral answered")
    REDIRECTED = "redirected", _("Referral redirected")
    COMPLETED = "completed", _("Referral completed")
    OVERDUE = "overdue", _("Referral overdue")
    ASSIGNED = "assigned", _("Referral assigned to you")
    FOLLOW_UP = "follow_up", _("Follow-up due")


def _give_up_at():
    return timezone.now() + datetime.timedelta(hours=settings.REFERRAL_NOTIFICATION_RETRY_HOURS)


class NotificationQuerySet(models.QuerySet):
    def pending(self, *, now=None):
        """Due for an attempt: not sent, not given up, not claimed by a sender whose lease still runs."""
        now = now or timezone.now()
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, digest=False, next_attempt_at__lte=now).filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now)
        )

    def failed(self):
        """Gave up after retrying over REFERRAL_NOTIFICATION_RETRY_HOURS: waiting for a human."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=False)

    def about_organizations(self, organizations):
        """About referrals the organisations are party to (sender or receiver)."""
        return self.filter(
            models.Q(referral__sender__in=organizations) | models.Q(referral__receiver__in=organizations)
        )

    def pending_digest(self):
        """Rows kept for a recipient's daily digest, not yet sent."""
        return self.filter(sent_at__isnull=True, digest=True)


class Notification(models.Model):
    """Outbox row of one e-mail: written in the same transaction as the change, sent after commit.

    A failing mail server therefore loses nothing: the row stays pending, the failure is counted, and the
    next attempt (the task, or `passerelle send_referral_notifications` from cron) tries again. Subject and
    body are rendered in the recipient's language and carry no personal data, only a link.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    recipient = models.EmailField()
    language = models.CharField(max_length=8, default="fr")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Delivery bookkeeping (referrals/notifications.py): a sender claims the row until `claimed_until` before
    # talking to the mail server; a failure sets the next attempt (exponential back-off); past `give_up_at`
    # the row is marked failed and shown to the organisations' admins and in the Wagtail admin.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    give_up_at = models.DateTimeField(default=_give_up_at)
    failed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The recipient asked for a daily digest: the row waits for `send_referral_digests` instead of going alone.
    digest = models.BooleanField(default=False)
    last_error = models.CharField(max_length=200, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


# django-guardian object permissions with direct foreign keys (fast joins, real referential integrity).
class ReferralUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)


class ReferralGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)
