"""Send the referral notifications that are due (a mail server was down, a worker died): for the scheduler."""

from django.core.management.base import BaseCommand

from referrals import notifications
from referrals.models import Notification


class Command(BaseCommand):
    help = (
        "Send the referral notifications that are due (retries back off over REFERRAL_NOTIFICATION_RETRY_HOURS); "
        "--retry-failed first puts the ones that gave up back in the queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true",
                            help="Try the notifications marked failed again, with a fresh retry horizon.")

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            count = notifications.retry_failed(Notification.objects.all())
            self.stdout.write(f"{count} failed notification(s) queued again.")
        sent, failed = notifications.deliver()
        given_up = Notification.objects.failed().count()
        self.stdout.write(f"Sent {sent} notification(s); {failed} attempt(s) failed and will be retried later; "
                          f"{given_up} gave up and wait for a human (--retry-failed).")
