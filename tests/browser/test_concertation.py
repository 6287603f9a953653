"""The partner space in a real browser: a partner uploads a document; another organisation's partner is
refused a private one; a proposed public event waits for an editor's approval in Wagtail's admin, then
shows its organisation. Each page's status and heading are checked before its accessibility scan."""

import datetime

import pytest
from django.utils import timezone

from concertation.models import SharedDocument, Visibility
from concertation.pdf import pdf_bytes
from portal.pages import EventPage
from tests.concertation.factories import World
from tests.factories import PASSWORD, make_calendar, make_home, make_superuser


@pytest.fixture
def world(transactional_db):
    return World()


def sign_in(page, live_server, username, next_path="/espace-partage/"):
    page.goto(f"{live_server.url}/connexion/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_upload_a_document_from_the_workspace(world, live_server, axe_page, check_accessibility):
    page = axe_page
    sign_in(page, live_server, "alice")
    assert page.locator("h1").inner_text() == "Espace de partage"
    href = page.get_by_role("link", name="Ajouter un document").first.get_attribute("href")
    response = page.goto(live_server.url + href)
    assert "pdf" in page.locator("#id_file_helptext").inner_text()
    check_accessibility(page, response, "Ajouter un document")
    page.set_input_files("input[name=file]", files=[{
        "name": "Dossier Famille Exemple.pdf", "mimeType": "application/pdf",
        "buffer": pdf_bytes("Entente-cadre ville d'accueil")}])
    page.fill("input[name=title]", "Entente-cadre 2017")
    page.select_option("select[name=collection]", label="Organisme A")
    page.check("input[name=visibility][value=members]")
    page.fill("input[name=tags]", "entente, MIFI")
    page.get_by_role("button", name="Ajouter le document").click()
    page.wait_for_url("**/espace-partage/documents/*/")
    check_accessibility(page, page.goto(page.url), "Entente-cadre 2017")
    document = SharedDocument.objects.get(title="Entente-cadre 2017")
    download = page.get_by_role("link", name="Télécharger (PDF)").get_attribute("href")
    assert download == document.url and "Famille" not in download
    response = page.request.get(live_server.url + download)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    # found again by searching its PDF text
    page.goto(live_server.url + "/espace-partage/documents/?q=accueil")
    assert page.get_by_role("link", name="Entente-cadre 2017").is_visible()


def test_a_private_document_is_refused_to_another_organisation(world, live_server, page):
    document = world.document(Visibility.MEMBERS, title="Procès-verbal confidentiel")
    sign_in(page, live_server, "bob", next_path="/espace-partage/documents/")
    assert page.locator("h1").inner_text() == "Documents partagés"
    assert page.get_by_text("Procès-verbal confidentiel").count() == 0
    for path in (document.get_absolute_url(), f"/en/shared-space/documents/{document.pk}/", document.url,
                 f"/api/v1/documents/{document.pk}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
    page.goto(live_server.url + "/espace-partage/documents/?q=confidentiel")
    assert page.get_by_text("Procès-verbal confidentiel").count() == 0


def moderation_workflow():
    """What Wagtail's migrations create (a transactional test's flush removed it): "Moderators approval"."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    if WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists():
        return
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


def test_a_proposed_event_is_published_by_an_editor(world, live_server, browser):
    moderation_workflow()
    home, _ = make_home()
    calendar = make_calendar(home)
    make_superuser("editor")
    start = timezone.localtime() + datetime.timedelta(days=20)
    member = browser.new_context(locale="fr-CA").new_page()
    sign_in(member, live_server, "alice-cw", next_path="/espace-partage/activites/proposer/")
    assert member.locator("h1").inner_text() == "Proposer une activité publique"
    member.fill("input[name=title]", "Soirée de jumelage")
    member.select_option("select[name=organizer]", label="Organisme A")
    member.fill("input[name=start]", start.strftime("%Y-%m-%dT18:30"))
    member.fill("input[name=place]", "Maison des familles")
    member.fill("textarea[name=summary]", "Rencontre entre familles et bénévoles.")
    member.get_by_role("button", name="Envoyer pour approbation").click()
    member.wait_for_url("**/espace-partage/calendrier/")
    event = EventPage.objects.get(title="Soirée de jumelage")
    assert not event.live
    assert member.request.get(live_server.url + calendar.url).text().count("Soirée de jumelage") == 0

    editor = browser.new_context(locale="fr-CA").new_page()
    editor.goto(f"{live_server.url}/admin/login/?next=/admin/pages/{event.pk}/edit/")  # our sign-in form now
    editor.fill("input[name=username]", "editor")
    editor.fill("input[name=password]", PASSWORD)
    editor.locator("main form button[type=submit]").first.click()
    editor.wait_for_url(f"**/admin/pages/{event.pk}/edit/")
    approve = editor.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        editor.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").last.click()
    approve.click()
    for _attempt in range(30):
        event.refresh_from_db()
        if event.live:
            break
        editor.wait_for_timeout(200)
    assert event.live
    public = browser.new_context(locale="fr-CA").new_page()
    response = public.goto(live_server.url + event.url)
    assert response.status == 200 and public.locator("h1").inner_text() == "Soirée de jumelage"
    link = public.get_by_role("link", name="Organisme A")
    assert link.get_attribute("href") == world.org_a.get_absolute_url()


@pytest.mark.parametrize(("path", "heading"), [
    ("/espace-partage/", "Espace de partage"),
    ("/espace-partage/documents/", "Documents partagés"),
    ("TABLE", "Table de concertation test"),
    ("PLAN", "Plan d'action"),
    ("MEETING", "Rencontre"),
    ("/espace-partage/calendrier/", "Calendrier des partenaires"),
    ("/en/shared-space/", "Shared space"),
])
def test_partner_space_pages_are_accessible(world, live_server, axe_page, check_accessibility, path, heading):
    meeting = world.meeting(agenda="Accueil\nLogement")
    action = world.action(visibility="partners")
    world.document(Visibility.PARTNERS)
    path = {"TABLE": f"/espace-partage/tables/{world.table.slug}/",
            "PLAN": f"/espace-partage/tables/{world.table.slug}/plan/{action.due_date.year}/",
            "MEETING": meeting.get_absolute_url()}.get(path, path)
    sign_in(axe_page, live_server, "alice", next_path=path)
    check_accessibility(axe_page, axe_page.goto(live_server.url + path), heading)
