"""`passerelle data_inventory`: the inventory of personal information, from the code's own declarations.

Prints the Markdown table; with `--write docs/privacy/efvp.md` replaces the part of that file between the
`<!-- inventory:start -->` and `<!-- inventory:end -->` markers, so the ÉFVP template embeds it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from privacy import inventory

START, END = "<!-- inventory:start -->", "<!-- inventory:end -->"


class Command(BaseCommand):
    help = "Print (or write into the ÉFVP template) the inventory of personal information."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="Markdown file with the inventory markers.")
        parser.add_argument("--check", action="store_true",
                            help="Fail when a field looks personal but is not declared.")

    def handle(self, *args, write=None, check=False, **options):
        missing = inventory.undeclared()
        if missing and check:
            raise CommandError("Personal-looking fields without a declaration in privacy/inventory.py: "
                               + ", ".join(missing))
        with translation.override("en"):
            table = inventory.markdown()
        if not write:
            self.stdout.write(table)
            return
        path = Path(write)
        text = path.read_text(encoding="utf-8")
        if START not in text or END not in text:
            raise CommandError(f"{path} has no {START} … {END} markers.")
        head, rest = text.split(START, 1)
        _old, tail = rest.split(END, 1)
        path.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
        self.stdout.write(f"Inventory written into {path} ({len(inventory.rows())} fields).")
