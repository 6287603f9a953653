"""Notify both sides, once, of each referral past its answer due date (meant for cron, e.g. hourly)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from referrals import notifications
from referrals.models import Referral


class Command(BaseCommand):
    help = "Notify sender and receiver of overdue referrals (once per referral)."

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        for pk in Referral.objects.overdue(now).filter(overdue_notified_at__isnull=True).values_list("pk", flat=True):
            with transaction.atomic():
                referral = (
                    Referral.objects.select_for_update(skip_locked=True, of=("self",))
                    .overdue(now)
                    .filter(pk=pk, overdue_notified_at__isnull=True)
                    .select_related("sender", "receiver", "created_by")
                    .first()
                )
                if referral is None:
                    continue
                Referral.objects.filter(pk=pk).update(overdue_notified_at=now)
                notifications.referral_overdue(referral)
                count += 1
        self.stdout.write(f"Notified {count} overdue referral(s).")
