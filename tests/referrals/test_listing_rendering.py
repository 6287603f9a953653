"""What the inbox's cheaper rendering must keep: the filter form's chosen values, labels and errors by the field,
the cards' words, and exactly the permissions that were granted (never widened for superusers)."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from guardian.shortcuts import assign_perm

from referrals.permissions import can_view_statistics, prefetched_object_perms
from tests.factories import make_referral, make_step, make_user


def test_filter_form_keeps_what_was_chosen_with_labels_and_errors_by_the_field(client, world):
    step = make_step("logement")
    make_step("emploi")
    make_referral(world.sender_cw, world.sender, world.receiver, step=step, urgency="urgent")
    client.force_login(world.receiver_intake)
    body = client.get(reverse("referrals:inbox"),
                      {"tab": "all", "state": "sent", "urgency": "urgent", "step": "logement", "overdue": "on"}
                      ).content.decode()
    for name in ("state", "urgency", "step", "overdue"):
        assert f'<label for="id_{name}">' in body, name
    assert re.search(r'<select name="state"[^>]* id="id_state"', body)
    assert '<option value="sent" selected>' in body and '<option value="draft">' in body
    assert '<option value="urgent" selected>' in body
    assert '<option value="logement" selected>' in body and '<option value="emploi">' in body
    assert re.search(r'<input type="checkbox" name="overdue"[^>]* checked', body)
    unfiltered = client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
    assert " selected" in unfiltered and '<option value="" selected>' in unfiltered  # "All" when nothing is chosen
    assert not re.search(r'name="overdue"[^>]* checked', unfiltered)
    wrong = client.get(reverse("referrals:inbox"), {"tab": "all", "state": "nonsense"}).content.decode()
    assert re.search(r'<select name="state"[^>]*aria-invalid="true"', wrong)
    assert 'id="id_state_error"' in wrong


def test_cards_show_the_step_the_other_party_and_urgency_in_each_language(client, world):
    step = make_step("sante")
    referral = make_referral(world.sender_cw, world.sender, world.receiver, step=step, urgency="urgent")
    client.force_login(world.receiver_intake)
    body = client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
    assert f'href="{referral.get_absolute_url()}"' in body
    assert step.name_fr in body and f"de {world.sender.short_name}" in body and "rf-urgency--urgent" in body
    with translation.override("en"):
        english = client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
        assert f'href="{referral.get_absolute_url()}"' in english
    assert step.name_en in english and f"from {world.sender.short_name}" in english and "Answer due" in english


def test_sent_cards_show_a_pending_follow_up_and_whether_it_is_due(client, world):
    """The sender's card carries the follow-up it scheduled (its date in each language's short format, "due"
    once the day has come) until the follow-up is recorded; dates shared by several cards read the same."""
    import datetime

    from django.utils import timezone

    from referrals.models import Referral

    today = timezone.localdate()
    due, later, done = (make_referral(world.sender_cw, world.sender, world.receiver) for _ in range(3))
    Referral.objects.filter(pk=due.pk).update(state="completed", follow_up_on=today)
    Referral.objects.filter(pk=later.pk).update(state="completed", follow_up_on=datetime.date(2099, 3, 5))
    Referral.objects.filter(pk=done.pk).update(state="completed", follow_up_on=today,
                                               follow_up_done_at=timezone.now())
    client.force_login(world.sender_cw)
    with translation.override("en"):
        english = client.get(reverse("referrals:outbox"), {"tab": "all"}).content.decode()
    french = client.get(reverse("referrals:outbox"), {"tab": "all"}).content.decode()
    assert english.count("<dt>Follow-up</dt>") == 2 and french.count("<dt>Suivi</dt>") == 2
    assert '<dt>Follow-up</dt><dd><time datetime="2099-03-05">March 5, 2099</time></dd>' in english
    assert '<dt>Suivi</dt><dd><time datetime="2099-03-05">5 mars 2099</time></dd>' in french
    # Today's date is both the follow-up's and the sending's: formatted once, the same text in both places.
    today_text = english.split(f'<time datetime="{today.isoformat()}">', 1)[1].split("<", 1)[0]
    assert english.count(f">{today_text}</time>") == 4  # three sent dates and the due follow-up
    assert english.count("— <strong>due</strong>") == 1


def test_page_permissions_are_the_granted_ones_in_one_query(world, django_assert_num_queries):
    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    other = make_referral(world.sender_cw, world.sender, world.third)
    assign_perm("referrals.comment_referral", world.third_cw, sent)  # a user's own object permission counts
    with django_assert_num_queries(1):
        perms = prefetched_object_perms(world.receiver_intake, [sent, other])
    assert "answer_referral" in perms[sent.pk] and perms[other.pk] == set()
    assert prefetched_object_perms(world.third_cw, [sent, other])[sent.pk] == {"comment_referral"}
    root = make_user("root-t", is_superuser=True, is_staff=True)
    assert prefetched_object_perms(root, [sent, other]) == {sent.pk: set(), other.pk: set()}  # never widened


def test_statistics_permission_through_the_user_a_group_or_superuser(world, django_assert_num_queries):
    permission = Permission.objects.get(codename="view_referral_statistics")
    assert not can_view_statistics(world.receiver_intake)
    world.receiver_intake.user_permissions.add(permission)
    coordination = Group.objects.create(name="Coordination-t")
    coordination.permissions.add(permission)
    world.third_cw.groups.add(coordination)
    with django_assert_num_queries(1):
        assert can_view_statistics(world.receiver_intake)
    assert can_view_statistics(world.third_cw)
    assert can_view_statistics(make_user("root-s", is_superuser=True))
    world.third_cw.is_active = False
    assert not can_view_statistics(world.third_cw)


def test_page_rows_are_read_by_their_ids_without_the_listings_conditions(client, world):
    """The rows query takes the ids chosen through the visibility rule, the tab and the sort: it joins what the
    cards print and repeats none of those (they cost the planner the permission rows' hash a second time);
    the steps' options read their slugs and names only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    step = make_step("logement")
    shown = make_referral(world.sender_cw, world.sender, world.receiver, step=step)
    client.force_login(world.receiver_intake)
    client.get(reverse("referrals:inbox"), {"tab": "all"})
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
    assert shown.short_id in body and step.name_fr in body
    rows = [query["sql"] for query in queries.captured_queries if '"public_id"' in query["sql"]]
    assert len(rows) == 1 and "objectpermission" not in rows[0] and "CASE" not in rows[0], rows
    steps = [query["sql"] for query in queries.captured_queries if 'FROM "directory_pathwaystep"' in query["sql"]
             and "referrals_referral" not in query["sql"]]
    assert len(steps) == 1 and "description_fr" not in steps[0] and '"slug"' in steps[0], steps


def test_tab_counts_and_page_ids_can_be_read_from_the_inbox_index_alone(client, world):
    """At province size the tab counts and the page's ids read 1,577 received referrals: every column they ask
    for is in `referral_receiver_inbox` and they keep to its rows (not drafts), so PostgreSQL can read the index
    only, not a heap page per referral. (Which plan it picks depends on the tables' size and statistics, so the
    test checks what makes the index-only plan possible, not a plan on a test's near-empty tables.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from referrals.models import Referral

    index = next(index for index in Referral._meta.indexes if index.name == "referral_receiver_inbox")
    columns = {Referral._meta.get_field(name).column for name in index.fields}
    make_referral(world.sender_cw, world.sender, world.receiver)
    client.force_login(world.receiver_intake)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("referrals:inbox"))
    counts = next(query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"])
    ids = next(query["sql"] for query in queries.captured_queries
               if query["sql"].startswith('SELECT "referrals_referral"."id" AS "pk"'))
    for sql in (counts, ids):
        read = set(re.findall(r'"referrals_referral"\."(\w+)"', sql))
        assert read <= columns, (read - columns, sql)
        assert """NOT ("referrals_referral"."state" = 'draft')""" in sql, sql
        assert '"referrals_referral"."receiver_id" = ' in sql, sql


def test_step_options_are_a_part_that_follows_the_steps(client, world, settings, monkeypatch):
    """The step filter's options come from a part kept by content version and language: no step query on a
    page once it is cached, a new step on the next request, each language its names, a chosen step still
    checked against the steps (an unknown slug is an error by the field)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    make_step("logement")
    client.force_login(world.receiver_intake)
    client.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("referrals:inbox")).content.decode()
    assert '<option value="logement">' in body
    assert not [query for query in queries.captured_queries if 'FROM "directory_pathwaystep"' in query["sql"]
                and "referrals_referral" not in query["sql"]]
    make_step("emploi")
    body = client.get(reverse("referrals:inbox")).content.decode()
    assert '<option value="logement">' in body and '<option value="emploi">' in body
    with translation.override("en"):
        english = client.get(reverse("referrals:inbox")).content.decode()
    from directory.models import PathwayStep

    step = PathwayStep.objects.get(slug="emploi")
    assert f'<option value="emploi">{step.name_en}</option>' in english
    assert f'<option value="emploi">{step.name_fr}</option>' in body
    wrong = client.get(reverse("referrals:inbox"), {"step": "nowhere"}).content.decode()
    assert 'id="id_step_error"' in wrong
    chosen = client.get(reverse("referrals:inbox"), {"step": "emploi"}).content.decode()
    assert '<option value="emploi" selected>' in chosen


def test_workspace_tabs_are_read_with_the_organisations(client, db):
    """The register's and the statistics' tabs are answered by the query that reads the user's organisations
    (two queries fewer on every workspace page), with the same rules as `register_organizations` and
    `can_view_statistics`: an agreement or households make a register, an inactive membership does not; the
    statistics permission counts through the user or a group."""
    from directory.models import Membership
    from tests.factories import Register

    register = Register()
    statistics_url, register_url = reverse("referrals:statistics"), reverse("arrivals:register")

    def tabs(user):
        client.force_login(user)
        body = client.get(reverse("referrals:inbox")).content.decode()
        return f'href="{register_url}"' in body, f'href="{statistics_url}"' in body

    assert tabs(register.member) == (False, False)
    agreement = register.agreement()
    assert tabs(register.member) == (True, False)
    agreement.delete()
    register.household()
    assert tabs(register.member) == (True, False)
    assert tabs(register.partner) == (False, False)
    Membership.objects.filter(user=register.member).update(is_active=False)
    assert tabs(register.member) == (False, False)
    permission = Permission.objects.get(codename="view_referral_statistics")
    coordination = Group.objects.create(name="Coordination-tabs")
    coordination.permissions.add(permission)
    register.partner.groups.add(coordination)
    assert tabs(register.partner) == (False, True)
    client.force_login(register.partner)
    client.get(reverse("referrals:inbox"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("referrals:inbox"))
    assert not [query for query in queries.captured_queries if 'FROM "auth_permission"' in query["sql"]
                and "directory_organization" not in query["sql"]], "statistics asked on its own"
    registers = [query["sql"] for query in queries.captured_queries if '"arrivals_agreement"' in query["sql"]]
    assert len(registers) == 1 and '"directory_membership"' in registers[0], "register asked on its own"


def test_page_permissions_go_through_the_referrals_not_the_groups_rows(world):
    """The page's group permissions are chosen by referral (its index gives the page's rows) with the user's
    groups as a CASE over a subquery: joined to the user's groups, PostgreSQL read the busiest group's 11,000
    permission rows for a page of 25 referrals (its estimate for one group is the average, 1 row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    with CaptureQueriesContext(connection) as queries:
        perms = prefetched_object_perms(world.receiver_intake, [sent])
    assert "answer_referral" in perms[sent.pk]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    groups_part = sql.split("UNION ALL", 1)[1]
    assert '"auth_user_groups"' in groups_part and "CASE WHEN" in groups_part, groups_part
    assert 'JOIN "auth_user_groups"' not in groups_part and 'JOIN "auth_group"' not in groups_part, groups_part


def test_cards_written_in_python_escape_every_value(client, world):
    """The cards' HTML is written by `listing.cards_html`, not a template: names typed by people (an
    organisation's acronym, a step, a caseworker's name) come out as text, never as markup."""
    world.sender.acronym = '<script>alert("x")</script>'
    world.sender.save(update_fields=["acronym"])
    step = make_step("sante")
    step.name_fr = "Santé & <b>soins</b>"
    step.save(update_fields=["name_fr"])
    make_referral(world.sender_cw, world.sender, world.receiver, step=step)
    client.force_login(world.receiver_intake)
    body = client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<b>soins</b>" not in body and "Santé &amp; &lt;b&gt;soins&lt;/b&gt;" in body


def test_a_box_joins_only_the_other_side(client, world):
    """The inbox's cards name the sender, the outbox's the receiver: the acting organisation's own row is not
    joined to every card (nor read one card at a time: the query count stays flat, test_pages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_referral(world.sender_cw, world.sender, world.receiver)
    for user, url, other in ((world.receiver_intake, reverse("referrals:inbox"), "sender_id"),
                             (world.sender_cw, reverse("referrals:outbox"), "receiver_id")):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        rows = next(query["sql"] for query in queries.captured_queries if '"public_id"' in query["sql"])
        assert rows.count('JOIN "directory_organization"') == 1 and f'."{other}" = ' in rows, rows


def test_the_workspace_reads_the_organisations_without_distinct_or_permission_joins(client, world):
    """The query behind every workspace page: no DISTINCT over the organisations' every column (one membership
    per user and organisation makes it needless), and the statistics permission asked of the link tables by
    its id, not through the permission, its content type and four joins (1.4 ms of planning a page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.receiver_intake)
    client.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("referrals:inbox"))
    (sql,) = [query["sql"] for query in queries.captured_queries if '"views_statistics"' in query["sql"]]
    assert "DISTINCT" not in sql and '"django_content_type"' not in sql and '"auth_permission"' not in sql, sql


def test_french_cards_name_the_received_and_sent_dates_in_french(client, world):
    """Both date labels are literal strings the catalogue extracts ("Reçue le", "Envoyée le"): a label chosen
    inside one call was not extracted and showed in English on French pages."""
    make_referral(world.sender_cw, world.sender, world.receiver)
    client.force_login(world.receiver_intake)
    assert "<dt>Reçue le</dt>" in client.get(reverse("referrals:inbox"), {"tab": "all"}).content.decode()
    client.force_login(world.sender_cw)
    assert "<dt>Envoyée le</dt>" in client.get(reverse("referrals:outbox"), {"tab": "all"}).content.decode()
