from django.core.management.base import BaseCommand

from concertation import services


class Command(BaseCommand):
    help = "E-mail the owners of open action items due within ACTION_REMINDER_DAYS (each due date once)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Hand the work to the task worker instead.")

    def handle(self, *args, queue=False, **options):
        if queue:
            from concertation.tasks import send_action_reminders

            send_action_reminders.enqueue()
            self.stdout.write("Action reminders queued.")
            return
        count = services.action_reminders_send()
        self.stdout.write(f"{count} action item(s) reminded.")
