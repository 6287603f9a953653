"""“Refer to this organisation” on role pages and “Who do I contact?” answers opens the form pre-filled (for
signed-in partners only); choosing a step proposes its lead without a reload (the script asks `proposal`)."""

from django.urls import reverse

from tests.factories import make_directory_page, make_responsibility, make_step


def test_role_page_offers_the_link_to_partners_only(client, world):
    page = world.receiver.get_absolute_url()
    assert "Référer à cet organisme" not in client.get(page).content.decode()  # anonymous visitor
    client.force_login(world.sender_cw)
    body = client.get(page).content.decode()
    assert f'{reverse("referrals:create")}?receiver={world.receiver.slug}' in body
    assert "Référer à cet organisme" in body


def test_who_to_contact_links_carry_the_step(client, world):
    step = make_step("bilan-test")
    make_responsibility(world.receiver, step)
    make_directory_page()
    client.force_login(world.sender_cw)
    body = client.get("/repertoire/qui-contacter/", {"step": step.slug}).content.decode()
    assert f"receiver={world.receiver.slug}&amp;step={step.slug}" in body


def test_the_form_opens_pre_filled(client, world):
    step = make_step("bilan-prefill")
    client.force_login(world.sender_cw)
    query = {"receiver": world.receiver.slug, "step": step.slug}
    body = client.get(reverse("referrals:create"), query).content.decode()
    assert f'<option value="{world.receiver.pk}" selected>' in body
    assert f'<option value="{step.pk}" selected>' in body
    # A slug that is not a receiver (the sender itself, or nonsense) is ignored, never a 500.
    assert client.get(reverse("referrals:create"), {"receiver": world.sender.slug, "step": "x"}).status_code == 200


def test_proposal_answers_the_lead_for_the_step(client, world):
    step = make_step("bilan-propose")
    make_responsibility(world.receiver, step)
    url = reverse("referrals:proposal")
    assert client.get(url, {"pathway_step": step.pk}).status_code == 302  # sign in first
    client.force_login(world.sender_cw)
    data = client.get(url, {"pathway_step": step.pk}).json()
    assert data["receiver"] == world.receiver.pk and world.receiver.name in data["html"]
    nothing = client.get(url, {"pathway_step": "nonsense"}).json()
    assert nothing["receiver"] is None and nothing["html"].strip() == ""
