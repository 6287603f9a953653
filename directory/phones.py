"""An organisation's phone numbers with their labels; the formatting itself (E.164 `tel:` links, each
language's way of writing a number) is the site's, in portal/phones.py."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.phones import readable, tel_href

KIND_LABELS = {"main": _("Phone"), "toll_free": _("Toll-free")}


@dataclass
class PhoneNumber:
    number: str
    kind: str = "main"

    @property
    def href(self) -> str:
        return tel_href(self.number)

    @property
    def text(self) -> str:
        return readable(self.number)

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, KIND_LABELS["main"]))
