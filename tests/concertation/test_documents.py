"""Shared documents: who reads what (three personas, every route), uploads, versions, search."""

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client
from wagtail.models import GroupCollectionPermission

from concertation import services
from concertation.models import DocumentVersion, SharedDocument, Visibility

from .factories import upload

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def docs(world):
    return {v: world.document(v) for v in (Visibility.PUBLIC, Visibility.PARTNERS, Visibility.MEMBERS)}


# (persona, visibility) → may read
EXPECTED = {
    ("alice", "public"): True, ("alice", "partners"): True, ("alice", "members"): True,
    ("bob", "public"): True, ("bob", "partners"): True, ("bob", "members"): False,
    ("anonymous", "public"): True, ("anonymous", "partners"): False, ("anonymous", "members"): False,
}


def persona(world, name):
    return {"alice": world.alice, "bob": world.bob, "anonymous": None}[name]


@pytest.mark.parametrize(("name", "visibility"), list(EXPECTED))
def test_document_page_in_both_languages(world, docs, name, visibility):
    client = client_for(persona(world, name))
    document = docs[visibility]
    for url in (f"/espace-partage/documents/{document.pk}/", f"/en/shared-space/documents/{document.pk}/"):
        response = client.get(url)
        assert response.status_code == (200 if EXPECTED[(name, visibility)] else 404), url


@pytest.mark.parametrize(("name", "visibility"), list(EXPECTED))
def test_file_served_only_to_those_it_is_for(world, docs, name, visibility):
    document = docs[visibility]
    response = client_for(persona(world, name)).get(document.url)
    assert response.status_code == (200 if EXPECTED[(name, visibility)] else 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("name", "visibility"), list(EXPECTED))
def test_api_list_and_detail(world, docs, name, visibility):
    client = client_for(persona(world, name))
    document = docs[visibility]
    listed = {row["id"] for row in client.get("/api/v1/documents/").json()["results"]}
    assert (document.pk in listed) is EXPECTED[(name, visibility)]
    assert client.get(f"/api/v1/documents/{document.pk}/").status_code == (
        200 if EXPECTED[(name, visibility)] else 404)


@pytest.mark.parametrize(("name", "visibility"), list(EXPECTED))
def test_search_finds_only_what_the_user_may_see(world, docs, name, visibility):
    client = client_for(persona(world, name))
    for url in ("/espace-partage/documents/", "/en/shared-space/documents/"):
        page = client.get(url, {"q": visibility}).content.decode()
        assert (f"Document {visibility}" in page) is EXPECTED[(name, visibility)]
    api = client.get("/api/v1/documents/", {"q": "cadre"}).json()["results"]
    assert (docs[visibility].pk in {row["id"] for row in api}) is EXPECTED[(name, visibility)]


def test_private_documents_are_not_in_the_sitemap(world, docs):
    body = Client().get("/sitemap.xml").content.decode()
    for document in docs.values():
        assert f"/documents/{document.pk}/" not in body


def test_file_names_carry_no_personal_data_and_no_public_media_url(world):
    document = world.document(Visibility.MEMBERS)
    assert "Marie" not in document.url and "Tremblay" not in document.url
    assert document.file.storage is storages["private_documents"]
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))
    assert document.url.startswith("/documents/")
    response = client_for(world.alice).get(document.url)
    assert "Marie" not in response["Content-Disposition"]


def test_pdf_text_is_searchable(world):
    services.document_upload(user=world.alice, shared_collection=world.collection_a,
                             file=upload(text="Cahier de charges ville accueil"), title="Annexe",
                             visibility=Visibility.PARTNERS)
    page = client_for(world.bob).get("/espace-partage/documents/", {"q": "charges"}).content.decode()
    assert "Annexe" in page


def test_tags_and_description_are_searchable(world):
    world.document(Visibility.PARTNERS, title="Protocole", description="Clinique des réfugiés",
                   tags=["santé", "protocole"])
    client = client_for(world.bob)
    assert "Protocole" in client.get("/espace-partage/documents/", {"q": "clinique"}).content.decode()
    assert "Protocole" in client.get("/espace-partage/documents/", {"q": "santé"}).content.decode()


def test_collections_give_wagtail_permissions_to_the_organisations_groups(world):
    perms = set(GroupCollectionPermission.objects.filter(collection=world.collection_a.collection)
                .values_list("group__name", "permission__codename"))
    group = world.org_a.group.name
    assert {(group, "add_document"), (group, "change_document"), (group, "choose_document")} <= perms
    assert not any(name == world.org_b.group.name for name, _ in perms)
    table_groups = set(GroupCollectionPermission.objects.filter(collection=world.collection_table.collection)
                       .values_list("group__name", flat=True))
    assert table_groups == {world.org_a.group.name, world.table.group.name}


def test_upload_from_the_workspace(world):
    client = client_for(world.alice)
    page = client.get("/espace-partage/documents/ajouter/").content.decode()
    assert "pdf" in page and f"{settings.SHARED_DOCUMENT_MAX_MB}" in page  # types and size stated
    response = client.post("/espace-partage/documents/ajouter/", {
        "file": upload(), "title": "Entente-cadre 2017", "collection": world.collection_a.pk,
        "language": "fr", "visibility": "members", "tags": "entente, MIFI"})
    document = SharedDocument.objects.get(title="Entente-cadre 2017")
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.organization == world.org_a and document.uploaded_by_user == world.alice
    assert sorted(t.name for t in document.tags.all()) == ["MIFI", "entente"]


def test_upload_refuses_other_types_too_large_files_and_others_collections(world, settings):
    client = client_for(world.bob)
    data = {"title": "X", "language": "fr", "visibility": "members"}
    response = client.post("/espace-partage/documents/ajouter/", {
        **data, "file": upload("x.exe", b"MZ"), "collection": world.collection_b.pk})
    assert response.status_code == 200 and "type de fichier" in response.content.decode()
    settings.SHARED_DOCUMENT_MAX_MB = 1
    response = client.post("/espace-partage/documents/ajouter/", {
        **data, "file": upload("big.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1)), "collection": world.collection_b.pk})
    assert "trop volumineux" in response.content.decode()
    response = client.post("/espace-partage/documents/ajouter/", {
        **data, "file": upload(), "collection": world.collection_a.pk})
    assert response.status_code == 200 and not SharedDocument.objects.exists()
    with pytest.raises(services.ConcertationError):
        services.document_upload(user=world.bob, shared_collection=world.collection_a, file=upload(), title="X")


def test_anonymous_cannot_upload(world):
    response = Client().get("/espace-partage/documents/ajouter/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_a_new_version_keeps_the_previous_one_with_who_and_when(world):
    document = world.document(Visibility.PARTNERS)
    first_file = document.file.name
    client = client_for(world.alice_cw)
    response = client.post(f"/espace-partage/documents/{document.pk}/nouvelle-version/",
                           {"file": upload(text="Version deux")})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.version == 2 and document.uploaded_by_user == world.alice_cw
    previous = DocumentVersion.objects.get(document=document)
    assert previous.number == 1 and previous.file.name == first_file and previous.uploaded_by == world.alice
    assert "Version deux" in document.text_content
    assert client.get(f"/espace-partage/documents/{document.pk}/versions/1/").status_code == 200
    assert client_for(world.bob).get(f"/espace-partage/documents/{document.pk}/versions/1/").status_code == 200
    assert Client().get(f"/espace-partage/documents/{document.pk}/versions/1/").status_code == 404


def test_versions_of_a_members_document_are_refused_to_outsiders(world):
    document = world.document(Visibility.MEMBERS)
    services.document_replace_file(user=world.alice, document=document, file=upload())
    assert client_for(world.bob).get(f"/espace-partage/documents/{document.pk}/versions/1/").status_code == 404
    assert client_for(world.bob).post(f"/espace-partage/documents/{document.pk}/nouvelle-version/",
                                      {"file": upload()}).status_code == 404


def test_an_outsider_cannot_change_a_partners_document(world):
    document = world.document(Visibility.PARTNERS)
    client = client_for(world.bob)
    assert client.get(f"/espace-partage/documents/{document.pk}/modifier/").status_code == 403
    assert client.post(f"/espace-partage/documents/{document.pk}/nouvelle-version/",
                       {"file": upload()}).status_code == 403


def test_partnership_documents_for_the_partnerships_members(world):
    from network.models import Partnership, PartnershipKind, PartnershipMember

    entente = Partnership.objects.create(slug="entente", kind=PartnershipKind.AGREEMENT, name_fr="Entente",
                                         since="2017-01-11")
    PartnershipMember.objects.create(partnership=entente, organization=world.org_a)
    PartnershipMember.objects.create(partnership=entente, organization=world.org_b)
    shared = services.shared_collection_ensure(partnership=entente)
    document = world.document(Visibility.MEMBERS, collection=shared, user=world.bob)
    assert client_for(world.alice).get(document.url).status_code == 200
    outsider = world.table  # an organisation that is no party to the agreement
    from tests.factories import make_member

    carol = make_member(outsider, username="carol")
    assert client_for(carol).get(document.url).status_code == 404


def test_table_documents_for_the_seated_organisations(world):
    document = world.document(Visibility.MEMBERS, collection=world.collection_table)
    assert document.organization == world.table
    assert client_for(world.alice_cw).get(document.url).status_code == 200
    assert client_for(world.bob).get(document.url).status_code == 404


def test_the_partner_space_home_leads_to_the_agreement(world):
    """A partner finds the current framework agreement in two clicks: the space, then the document."""
    from network.models import Partnership, PartnershipKind, PartnershipMember

    entente = Partnership.objects.create(slug="entente", kind=PartnershipKind.AGREEMENT, name_fr="Entente-cadre",
                                         since="2017-01-11")
    PartnershipMember.objects.create(partnership=entente, organization=world.org_a)
    shared = services.shared_collection_ensure(partnership=entente)
    document = world.document(Visibility.PARTNERS, collection=shared, title="Entente-cadre ville d'accueil 2017")
    client = client_for(world.bob)
    anywhere = client.get(world.org_b.get_absolute_url()).content.decode()
    assert '<a href="/espace-partage/">Espace de partage</a>' in anywhere  # first click, from any page
    page = client.get("/espace-partage/").content.decode()
    assert f'href="/espace-partage/documents/{document.pk}/"' in page  # second click
    assert '<a href="/espace-partage/">' not in Client().get(world.org_b.get_absolute_url()).content.decode()


def test_document_list_costs_the_same_queries_at_two_sizes(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.bob)
    world.document(Visibility.PARTNERS, tags=["a"])
    client.get("/espace-partage/documents/")
    with CaptureQueriesContext(connection) as small:
        client.get("/espace-partage/documents/")
    for number in range(12):
        world.document(Visibility.PARTNERS, title=f"Document {number}", tags=[f"t{number}"])
        world.document(Visibility.MEMBERS, title=f"Interne {number}")
    with CaptureQueriesContext(connection) as large:
        page = client.get("/espace-partage/documents/").content.decode()
    assert len(large) == len(small)
    assert "Document 11" in page and "Interne" not in page


def test_moving_a_document_in_wagtails_admin_moves_its_readers(world):
    """Wagtail's admin changes the collection only: the owner the read rule filters on follows it."""
    document = world.document(Visibility.MEMBERS)
    document.collection = world.collection_b.collection
    document.save()
    assert client_for(world.bob).get(document.url).status_code == 200
    assert client_for(world.alice).get(document.url).status_code == 404
