"""Send each recipient who chose the daily digest one e-mail with their waiting notifications (cron: daily)."""

from django.core.management.base import BaseCommand

from referrals import notifications


class Command(BaseCommand):
    help = "Send the daily digest of referral notifications to the users who chose it."

    def handle(self, *args, **options):
        sent, failed = notifications.send_digests()
        self.stdout.write(f"Sent {sent} digest(s), {failed} failed.")
