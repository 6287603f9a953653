"""Retry the referral notifications still pending (a mail server was down): meant for cron."""

from django.core.management.base import BaseCommand

from referrals import notifications


class Command(BaseCommand):
    help = "Send pending referral notifications (retries failed ones up to REFERRAL_NOTIFICATION_MAX_ATTEMPTS)."

    def handle(self, *args, **options):
        sent, failed = notifications.deliver()
        self.stdout.write(f"Sent {sent} notification(s); {failed} failed and stay pending.")
