from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo_kit import DemoContext


class Command(BaseCommand):
    help = "Load (or refresh) the Rimouski demo: site pages, organisations, referrals, partnerships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo account a new random password and print it.",
        )

    def handle(self, *args, **options):
        ctx = DemoContext(
            stdout=self.stdout,
            style=self.style,
            reset_passwords=options["reset_passwords"],
            verbosity=options["verbosity"],
        )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                ctx.say(f"Demo: {app_config.verbose_name}…")
                import_module(module_name).load(ctx)
        self.print_accounts(ctx)

    def print_accounts(self, ctx):
        if not ctx.accounts or not ctx.verbosity:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (passwords are shown only when created):"))
        width = max(len(a.username) for a in ctx.accounts)
        for account in ctx.accounts:
            password = account.password or "(unchanged — run `passerelle demo --reset-passwords` for a new one)"
            self.stdout.write(f"  {account.username:<{width}}  {password}  {account.organization} · {account.role}")

