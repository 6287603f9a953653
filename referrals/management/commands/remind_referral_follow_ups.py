"""Remind senders of the follow-ups that have come due (cron: daily; each follow-up is reminded once)."""

from django.core.management.base import BaseCommand

from referrals import services


class Command(BaseCommand):
    help = "Queue a reminder for every referral follow-up that has come due."

    def handle(self, *args, **options):
        count = services.referrals_remind_follow_ups()
        self.stdout.write(f"Reminded {count} follow-up(s).")
