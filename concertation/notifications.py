"""E-mails of the partner space: a reminder to an action's owner before its due date.

Sent to the owner organisation's admins (their own language) and, failing those, to its public e-mail.
No personal data: the action's text and table, and a link.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import Membership, MembershipRole

logger = logging.getLogger(__name__)


def _recipients(organization) -> list[tuple[str, str]]:
    rows = Membership.objects.filter(organization=organization, role=MembershipRole.ADMIN, is_active=True,
                                     user__is_active=True).exclude(user__email="").select_related(
        "user__wagtail_userprofile")
    recipients = []
    for membership in rows:
        profile = getattr(membership.user, "wagtail_userprofile", None)
        language = (getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE)[:2]
        recipients.append((membership.user.email, language if language in ("fr", "en") else "fr"))
    if not recipients and organization.email:
        recipients.append((organization.email, settings.LANGUAGE_CODE))
    return recipients


def send_action_reminder(action) -> bool:
    """True when at least one message left; a mail failure is logged and retried on the next run."""
    sent = False
    for address, language in _recipients(action.owner):
        with translation.override(language):
            subject = _("Action due on %(date)s — %(table)s") % {
                "date": date_format(action.due_date, "DATE_FORMAT"), "table": action.table.short_name}
            link = settings.SITE_URL + reverse("concertation:plan", kwargs={
                "slug": action.table.slug, "year": action.due_date.year})
            body = _(
                "Your organisation carries this action of %(table)s's action plan, due on %(date)s "
                "(status: %(status)s):\n\n%(text)s\n\nUpdate it in the partner space: %(link)s"
            ) % {"table": action.table.name, "date": date_format(action.due_date, "DATE_FORMAT"),
                 "status": action.get_status_display(), "text": action.text, "link": link}
        try:
            send_mail(subject, body, None, [address], fail_silently=False)
            sent = True
        except Exception:  # noqa: BLE001 - an SMTP outage must not stop the other reminders
            logger.warning("concertation: action reminder %s not sent", action.pk)
    return sent
