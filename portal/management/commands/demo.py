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
            modules = [
                (app_config, import_module(f"{app_config.name}.demo"))
                for app_config in apps.get_app_configs()
                if find_spec(f"{app_config.name}.demo") is not None
            ]
            for app_config, module in modules:
                ctx.say(f"Demo: {app_config.verbose_name}…")
                module.load(ctx)
            # Optional second pass, for links to rows another app loads later (the portal's events point
            # to the directory's organisations, and the portal loads first).
            for _app_config, module in modules:
                if hasattr(module, "finish"):
                    module.finish(ctx)
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

