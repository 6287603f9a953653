"""The append-only access log (who saw or changed what, acting for which organisation).

One log for all personal data: a referral's, and a household's of the arrivals register. An entry names
at most one of the two targets.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Organization


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    TRANSITION = "transition", _("Changed state")
    ASSIGN = "assign", _("Assigned")
    COMMENT = "comment", _("Commented")
    SEARCH = "search", _("Searched")
    ERASE = "erase", _("Erased personal data")
    FOLLOW_UP = "follow_up", _("Follow-up")
    EXPORT = "export", _("Exported for an access request")
    UPDATE = "update", _("Changed")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access-log entry."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only: entries cannot be updated.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only: entries cannot be deleted.")

    def _raw_delete(self, using):
        raise AppendOnlyError("The access log is append-only: entries cannot be deleted.")

    def for_organization(self, organization):
        """Entries an organisation's admins may read: actions taken for it, or on its referrals."""
        return self.filter(
            Q(organization=organization)
            | Q(referral__sender=organization)
            | Q(referral__receiver=organization)
            | Q(household__organization=organization)
        )


class AccessLog(models.Model):
    """Append-only record of every view of a referral's personal data and every change (Law 25).

    The application cannot edit or delete an entry: the QuerySet and the instance refuse, the admin shows
    nothing editable, and on PostgreSQL a trigger rejects UPDATE and DELETE (migration 0002). The referral
    and organisation foreign keys PROTECT, so deleting them cannot silently take entries with it; a deleted
    staff account leaves its entries exactly as they were, the username copied.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database constraint and DO_NOTHING: a staff account can be deleted, its entries stay untouched
    # (the trigger would refuse SET_NULL anyway); `username` keeps who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("acting for")
    )
    action = models.CharField(_("action"), max_length=12, choices=AccessAction.choices)
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, related_name="access_log",
        verbose_name=_("referral"),
    )
    household = models.ForeignKey(
        "arrivals.Household", on_delete=models.PROTECT, null=True, related_name="access_log",
        verbose_name=_("household"),
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True, help_text=_("Never personal data."))

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=True) | Q(household__isnull=True), name="accesslog_one_target"
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.referral_id or self.household_id or ''}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only: entries cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only: entries cannot be deleted.")
