"""Erase the personal data of referrals finished longer ago than REFERRAL_RETENTION_DAYS (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.services import referrals_erase_expired


class Command(BaseCommand):
    help = "Erase personal data of referrals finished for longer than the retention period; keep statistics."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Retention period in days (default: REFERRAL_RETENTION_DAYS).")

    def handle(self, *args, days=None, **options):
        days = days or settings.REFERRAL_RETENTION_DAYS
        erased = referrals_erase_expired(days=days)
        self.stdout.write(f"Erased personal data of {erased} referral(s) finished more than {days} days ago.")
