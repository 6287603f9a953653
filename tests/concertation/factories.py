"""Builders for the partner space's tests: three personas around one organisation and one table.

alice — member of the owning organisation (A), seated at the table; alice is A's admin.
bob — partner outside: member of organisation B, which sits at no table.
anonymous — not signed in.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concertation import services
from concertation.models import ActionItem, Decision, Meeting, Visibility
from concertation.pdf import pdf_bytes
from directory.models import MembershipRole, OrganizationKind
from network.models import Partnership, PartnershipKind, PartnershipMember
from tests.factories import make_member, make_organization, make_step


def upload(name="Marie Tremblay dossier.pdf", content: bytes | None = None, text="Entente cadre"):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(text),
                              content_type="application/pdf")


def seat(table, organization, since=datetime.date(2018, 1, 1)):
    partnership = Partnership.objects.create(
        slug=f"seat-{table.slug}-{organization.slug}", kind=PartnershipKind.CONCERTATION, since=since,
        name_fr=f"Siège {organization.slug}", name_en=f"Seat {organization.slug}")
    PartnershipMember.objects.create(partnership=partnership, organization=table)
    PartnershipMember.objects.create(partnership=partnership, organization=organization)
    return partnership


class World:
    def __init__(self):
        self.org_a = make_organization("org-a", name="Organisme A")
        self.org_b = make_organization("org-b", name="Organisme B")
        self.table = make_organization("table-test", name="Table de concertation test",
                                       kind=OrganizationKind.CONCERTATION)
        seat(self.table, self.org_a)
        self.alice = make_member(self.org_a, role=MembershipRole.ADMIN, username="alice")
        self.alice_cw = make_member(self.org_a, username="alice-cw")
        self.bob = make_member(self.org_b, role=MembershipRole.ADMIN, username="bob")
        self.collection_a = services.shared_collection_ensure(organization=self.org_a)
        self.collection_b = services.shared_collection_ensure(organization=self.org_b)
        self.collection_table = services.shared_collection_ensure(organization=self.table)
        self.step = make_step("garderie", name_fr="Service de garde", name_en="Daycare")

    def document(self, visibility=Visibility.MEMBERS, *, title=None, collection=None, user=None, **kwargs):
        return services.document_upload(
            user=user or self.alice, shared_collection=collection or self.collection_a, file=upload(),
            title=title or f"Document {visibility}", visibility=visibility, **kwargs)

    def meeting(self, visibility="members", **kwargs) -> Meeting:
        start = timezone.now() + datetime.timedelta(days=10)
        return services.meeting_save(user=self.alice, table=self.table, title=kwargs.pop("title", "Rencontre"),
                                     starts_at=start, place="Salle du conseil", visibility=visibility, **kwargs)

    def decision(self, visibility="members", **kwargs) -> Decision:
        return services.decision_record(user=self.alice, table=self.table, text=kwargs.pop("text", "On décide."),
                                        decided_on=datetime.date(2026, 3, 4), visibility=visibility, **kwargs)

    def action(self, visibility="members", **kwargs) -> ActionItem:
        kwargs.setdefault("owner", self.org_a)
        kwargs.setdefault("due_date", timezone.localdate() + datetime.timedelta(days=30))
        return services.action_create(user=self.alice, table=self.table, text=kwargs.pop("text", "Faire le point."),
                                      visibility=visibility, **kwargs)
