"""The REST API: 401 anonymous, 404 third organisation, roles, 400 with field messages, 409 conflicts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ApiToken
from referrals.models import AccessAction, AccessLog, Referral, ReferralState
from tests.factories import make_language, make_referral

LIST = "/api/v1/referrals/"


def detail(referral, action=""):
    return f"{LIST}{referral.public_id}/" + (f"{action}/" if action else "")


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_gets_401_everywhere(api, world, sent):
    assert api.get(LIST).status_code == 401
    assert api.get(detail(sent)).status_code == 401
    assert api.post(detail(sent, "accept"), {}).status_code == 401
    assert api.post(LIST, {}, format="json").status_code == 401
    assert api.get(detail(sent, "comments")).status_code == 401


def test_token_authentication_works(api, world, sent):
    _token, text = ApiToken.objects.create(user=world.receiver_intake, name="script")
    api.credentials(HTTP_AUTHORIZATION=f"Token {text}")
    assert api.get(detail(sent)).status_code == 200


def test_third_organisation_gets_404(api, world, sent):
    api.force_authenticate(world.third_cw)
    assert api.get(detail(sent)).status_code == 404
    for action in ("accept", "decline", "withdraw", "start", "complete", "close", "send", "redirect", "assign",
                   "comments"):
        assert api.post(detail(sent, action), {}, format="json").status_code == 404, action
    assert api.get(LIST).json()["results"] == []
    sent.refresh_from_db()
    assert sent.state == ReferralState.SENT


def test_unknown_or_malformed_id_is_404(api, world):
    api.force_authenticate(world.sender_cw)
    assert api.get(f"{LIST}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get(f"{LIST}not-a-uuid/").status_code == 404


def test_list_has_no_personal_data_and_detail_is_logged(api, world, sent):
    api.force_authenticate(world.receiver_intake)
    rows = api.get(LIST).json()["results"]
    assert [row["id"] for row in rows] == [str(sent.public_id)]
    assert "person" not in rows[0] and "Fictive" not in str(rows)
    data = api.get(detail(sent)).json()
    assert data["person"]["full_name"] == "Personne Fictive A."
    assert set(data["allowed_transitions"]) == {"accepted", "declined", "redirected"}
    entry = AccessLog.objects.get(action=AccessAction.VIEW)
    assert (entry.user, entry.organization, entry.referral) == (world.receiver_intake, world.receiver, sent)


def test_list_filters(api, world, sent):
    urgent = make_referral(world.sender_cw, world.sender, world.receiver, urgency="urgent")
    api.force_authenticate(world.sender_cw)
    ids = lambda params: {row["id"] for row in api.get(LIST, params).json()["results"]}  # noqa: E731
    assert ids({"urgency": "urgent"}) == {str(urgent.public_id)}
    assert ids({"organization": world.sender.slug, "box": "outbox"}) == {str(urgent.public_id), str(sent.public_id)}
    assert ids({"organization": world.sender.slug, "box": "inbox"}) == set()
    assert api.get(LIST, {"organization": world.third.slug}).status_code == 403  # not yours: not allowed
    assert api.get(LIST, {"state": "nonsense"}).status_code == 400


def _list_queries(api, world, extra):
    for _ in range(extra):
        make_referral(world.sender_cw, world.sender, world.receiver)
    api.force_authenticate(world.receiver_intake)
    api.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(LIST)
    assert len(response.json()["results"]) == Referral.objects.count()
    return len(queries)


def test_list_runs_a_constant_number_of_queries(api, world):
    # The session's user (force_authenticate: none), the user's groups, the page's ids, the page's rows.
    assert _list_queries(api, world, 2) == _list_queries(api, world, 8) == 3


def test_the_pages_related_slugs_are_read_by_key_without_a_sort(api, world):
    """Each row's sender, receiver and step slug is a subquery by key: no ORDER BY (the organisations' Meta
    ordering by name put a sort node in every probe, 153 per page of 51)."""
    make_referral(world.sender_cw, world.sender, world.receiver)
    api.force_authenticate(world.receiver_intake)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(LIST).json()["results"][0]["sender"] == world.sender.slug
    rows = [query["sql"] for query in queries.captured_queries if "directory_organization" in query["sql"]]
    assert rows and all("ORDER BY U0" not in sql for sql in rows)


def test_the_walk_of_recent_referrals_gives_the_usual_ids(world):
    """The unfiltered list's first ids come from a walk of the most recent referrals (`recent_visible_ids`);
    they must be what `visible_to` orders, for every user, with ties on `updated_at`, or None."""
    from datetime import timedelta

    from django.utils import timezone

    seen = [make_referral(world.sender_cw, world.sender, world.receiver) for _ in range(4)]
    unseen = [make_referral(None, world.third, world.sender) for _ in range(3)]
    draft = make_referral(world.sender_cw, world.sender, world.receiver, send=False)  # the sender's only
    base = timezone.now() - timedelta(days=1)
    mixed = [seen[2], unseen[0], seen[0], draft, unseen[2], seen[3], unseen[1], seen[1]]
    for i, referral in enumerate(mixed):  # pairs share an updated_at: the id decides
        Referral.objects.filter(pk=referral.pk).update(updated_at=base + timedelta(minutes=i // 2))
    for user in (world.receiver_intake, world.sender_cw, world.third_cw):
        visible = Referral.objects.visible_to(user).for_listing()
        usual = list(visible.values_list("pk", flat=True))
        for stop in range(1, len(usual) + 3):
            assert visible.recent_visible_ids(stop) == usual[:stop], (user, stop)
    visible = Referral.objects.visible_to(world.receiver_intake)
    usual = list(visible.values_list("pk", flat=True))
    assert usual == [seen[1].pk, seen[3].pk, seen[0].pk, seen[2].pk]
    # Newest first (ties: the higher id first): unseen 1, seen 1, unseen 2, seen 3, the draft, ...
    assert visible.recent_visible_ids(1, among=3) == usual[:1]
    assert visible.recent_visible_ids(2, among=3) is None  # seen 3 is past the 3 newest: the usual plan
    assert visible.recent_visible_ids(2, among=4) == usual[:2]
    assert visible.filter(state=ReferralState.SENT).recent_visible_ids(2) is None  # filtered: never walked
    assert visible.order_by("created_at").recent_visible_ids(2) is None  # another order: never walked
    assert Referral.objects.none().recent_visible_ids(2) is None


def test_a_user_who_sees_too_few_to_fill_a_page_is_not_walked(world, monkeypatch):
    """The walk pays only when the user sees about stop x referrals / among of them; below that the query's
    gate skips it (None: the usual plan), and where the table holds no more than `among` referrals the walk
    always runs (it covers the whole table)."""
    from referrals import models as referral_models

    seen = [make_referral(world.sender_cw, world.sender, world.receiver) for _ in range(4)]
    for _ in range(3):
        make_referral(None, world.third, world.sender)
    visible = Referral.objects.visible_to(world.receiver_intake)
    usual = list(visible.values_list("pk", flat=True))
    assert set(usual) == {referral.pk for referral in seen}
    size = {"rows": 10}
    monkeypatch.setattr(referral_models, "_table_size_estimate", lambda model: size["rows"])
    assert visible.recent_visible_ids(2, among=10) == usual[:2]  # no more than `among` rows: walked
    size["rows"] = 20  # 2 x 20 / 10 = 4 permission rows needed: the user has 4
    assert visible.recent_visible_ids(2, among=10) == usual[:2]
    size["rows"] = 1000  # 2 x 1,000 / 10 = 200 needed
    assert visible.recent_visible_ids(2, among=10) is None
    assert Referral.objects.visible_to(world.third_cw).recent_visible_ids(2, among=10) is None
    size["rows"] = 0  # never analysed: walked, as before the gate
    assert visible.recent_visible_ids(5, among=10) == usual


def test_the_table_size_estimate_is_read_once_per_period(world, monkeypatch):
    from referrals import models as referral_models

    monkeypatch.setattr(referral_models, "_TABLE_SIZES", {})
    make_referral(world.sender_cw, world.sender, world.receiver)
    with CaptureQueriesContext(connection) as first:
        size = referral_models._table_size_estimate(Referral)
    with CaptureQueriesContext(connection) as second:
        assert referral_models._table_size_estimate(Referral) == size
    assert len(first) == 1 and len(second) == 0
    if connection.vendor != "postgresql":
        assert size == 1
    monkeypatch.setattr(referral_models, "TABLE_SIZE_SECONDS", 0)
    with CaptureQueriesContext(connection) as third:
        referral_models._table_size_estimate(Referral)
    assert len(third) == 1


def test_list_pages_are_the_same_walked_or_not(api, world, monkeypatch):
    from referrals.models import ReferralQuerySet

    for _ in range(3):
        make_referral(world.sender_cw, world.sender, world.receiver)
    api.force_authenticate(world.receiver_intake)
    walked = api.get(LIST).json()
    with CaptureQueriesContext(connection) as queries:
        api.get(LIST)
    monkeypatch.setitem(ReferralQuerySet.recent_visible_ids.__kwdefaults__, "among", 1)
    with CaptureQueriesContext(connection) as fallback_queries:
        assert api.get(LIST).json() == walked  # a page beyond the walk's reach: the usual plan, the same page
    assert len(walked["results"]) == 3
    # The walk replaces the page's ids query (the session's user, the groups, the ids, the rows).
    assert (len(queries), len(fallback_queries)) == (3, 3)


def test_the_walk_and_the_rows_are_read_without_numbering_or_joins(api, world):
    """The walk of recent referrals numbers no row (ROW_NUMBER over every row walked took half its time at
    200,000 referrals; the count that tells a short answer is whole runs only for a short answer), and the
    page's rows read the organisations' and step's slugs by key, not by joins (the planner hashed all 2,026
    organisations twice for a page of 51)."""
    for _ in range(2):
        make_referral(world.sender_cw, world.sender, world.receiver)
    api.force_authenticate(world.receiver_intake)
    with CaptureQueriesContext(connection) as queries:
        body = api.get(LIST).json()
    assert len(body["results"]) == 2 and {row["sender"] for row in body["results"]} == {world.sender.slug}
    walk, rows = queries.captured_queries[-2]["sql"], queries.captured_queries[-1]["sql"]
    assert walk.startswith("WITH gate AS") and "ROW_NUMBER" not in walk, walk
    assert "JOIN" not in rows and rows.count('FROM "directory_organization"') == 2, rows


def test_list_rows_are_what_the_documented_serializer_gives(api, world, sent):
    """The listing writes its rows without the serializer (CPU); they must stay what the schema declares."""
    from datetime import timedelta

    from django.utils import timezone

    from referrals import services
    from referrals.serializers import ReferralListSerializer

    late = make_referral(world.sender_cw, world.sender, world.receiver, urgency="urgent")
    Referral.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=3))
    accepted = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_accept(referral=accepted, user=world.receiver_intake, assignee=world.receiver_cw)
    api.force_authenticate(world.receiver_intake)
    for params in ({}, {"state": "sent"}, {"organization": world.receiver.slug, "box": "inbox"}):
        rows = api.get(LIST, params).json()["results"]
        ids = [row["id"] for row in rows]
        referrals = {str(referral.public_id): referral for referral in Referral.objects.filter(public_id__in=ids)}
        expected = [ReferralListSerializer(referrals[id_]).data for id_ in ids]
        assert rows and rows == expected, params
    everything = api.get(LIST).json()["results"]
    assert {row["id"]: row["is_overdue"] for row in everything}[str(late.public_id)] is True
    assert api.get(LIST, {"unknown": "x"}).json()["results"] == everything  # unknown parameters: ignored
    assert api.get(LIST, {"state": ""}).status_code == 400  # a filter given empty: still refused


def test_create_and_send(api, world):
    make_language("es")
    api.force_authenticate(world.sender_cw)
    payload = {
        "sender": world.sender.slug, "receiver": world.receiver.slug, "reason": "Évaluation", "urgency": "urgent",
        "person": {"full_name": "Famille Exemple-Tremblay", "household_size": 4, "languages": ["es"]},
        "consent": {"obtained_at": "2026-01-05T10:00:00-05:00", "method": "written", "purpose": "Santé"},
    }
    response = api.post(LIST, payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "sent" and data["person"]["languages"] == ["es"]
    assert data["due_at"] is not None


def test_create_without_consent_is_400_with_a_field_message(api, world):
    api.force_authenticate(world.sender_cw)
    payload = {"sender": world.sender.slug, "receiver": world.receiver.slug, "reason": "x",
               "person": {"full_name": "Personne Fictive B."}}
    response = api.post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "consent" in response.json()["fields"]
    assert not Referral.objects.exists()
    # a draft may be saved without consent, but not sent
    response = api.post(LIST, {**payload, "send": False}, format="json")
    assert response.status_code == 201 and response.json()["state"] == "draft"
    referral = Referral.objects.get()
    response = api.post(detail(referral, "send"), {}, format="json")
    assert response.status_code == 400 and "consent" in response.json()["fields"]


def test_create_bad_input_is_400_never_500(api, world):
    api.force_authenticate(world.sender_cw)
    assert api.post(LIST, {"person": "x"}, format="json").status_code == 400
    response = api.post(LIST, {"sender": world.third.slug, "receiver": world.receiver.slug, "reason": "x",
                               "person": {"full_name": "P"}, "send": False}, format="json")
    assert response.status_code == 403  # not a member of the sending organisation
    response = api.post(LIST, {"sender": world.sender.slug, "receiver": world.sender.slug, "reason": "x",
                               "person": {"full_name": "P"}, "send": False}, format="json")
    assert response.status_code == 400 and "receiver" in response.json()["fields"]


def test_roles_in_the_api(api, world, sent):
    api.force_authenticate(world.sender_cw)
    assert api.post(detail(sent, "accept"), {}, format="json").status_code == 403
    api.force_authenticate(world.receiver_cw)
    assert api.post(detail(sent, "accept"), {}, format="json").status_code == 403
    api.force_authenticate(world.receiver_intake)
    assert api.post(detail(sent, "decline"), {}, format="json").status_code == 400
    response = api.post(detail(sent, "accept"), {"assignee": world.receiver_cw.username}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    assert api.post(detail(sent, "start"), {}, format="json").status_code == 403  # not the assignee
    api.force_authenticate(world.receiver_cw)
    assert api.post(detail(sent, "start"), {}, format="json").status_code == 200
    assert api.post(detail(sent, "complete"), {}, format="json").status_code == 400
    done = {"outcome_status": "successful", "outcome": "Fait"}
    assert api.post(detail(sent, "complete"), done, format="json").status_code == 200
    api.force_authenticate(world.sender_cw)
    response = api.post(detail(sent, "close"), {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"


def test_second_accept_is_409(api, world, sent):
    api.force_authenticate(world.receiver_intake)
    assert api.post(detail(sent, "accept"), {}, format="json").status_code == 200
    api.force_authenticate(world.receiver_intake2)
    response = api.post(detail(sent, "accept"), {}, format="json")
    assert response.status_code == 409
    assert sent.events.filter(to_state=ReferralState.ACCEPTED).count() == 1


def test_redirect_via_api(api, world, sent):
    api.force_authenticate(world.receiver_intake)
    payload = {"receiver": world.third.slug, "reason": "Mieux servi",
               "consent": {"obtained_at": "2026-01-05T10:00:00-05:00", "method": "verbal", "purpose": "Aide"}}
    response = api.post(detail(sent, "redirect"), payload, format="json")
    assert response.status_code == 200 and response.json()["state"] == "redirected"
    new = Referral.objects.get(redirected_from=sent)
    api.force_authenticate(world.third_cw)
    assert api.get(detail(new)).status_code == 200
    assert api.get(detail(sent)).status_code == 404


def test_comments(api, world, sent):
    api.force_authenticate(world.receiver_intake)
    assert api.post(detail(sent, "comments"), {"body": ""}, format="json").status_code == 400
    assert api.post(detail(sent, "comments"), {"body": "Reçu"}, format="json").status_code == 201
    api.force_authenticate(world.sender_cw)
    assert [c["body"] for c in api.get(detail(sent, "comments")).json()] == ["Reçu"]


def test_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/referrals/", "/api/v1/referrals/{id}/accept/", "/api/v1/referrals/{id}/comments/"):
        assert path in schema
