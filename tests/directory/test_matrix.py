"""The responsibility matrix: gaps, overlaps, unassigned steps, inactive organisations, filters, queries."""

import pytest

from directory.matrix import build_matrix
from directory.models import OrganizationKind, PathwayStage, ResponsibilityLevel
from tests.factories import make_organization, make_responsibility, make_step

pytestmark = pytest.mark.django_db

LEAD, SUPPORT = ResponsibilityLevel.LEAD, ResponsibilityLevel.SUPPORT


def test_no_steps_gives_an_empty_matrix():
    make_organization("alone")
    matrix = build_matrix()
    assert matrix.rows == [] and matrix.columns == [] and matrix.gaps == [] and matrix.overlaps == []


def test_step_without_any_responsibility_is_unassigned_and_a_gap():
    step = make_step("transport")
    matrix = build_matrix()
    assert [row.step for row in matrix.unassigned] == [step]
    assert [row.step for row in matrix.gaps] == [step]
    assert matrix.rows[0].status == "unassigned"


def test_step_with_supports_but_no_lead_is_a_gap_not_unassigned():
    step = make_step("daycare")
    make_responsibility(make_organization("cpe"), step, SUPPORT)
    matrix = build_matrix()
    assert [row.step for row in matrix.gaps] == [step] and matrix.unassigned == []
    assert matrix.rows[0].status == "gap" and [org.slug for org in matrix.rows[0].supports] == ["cpe"]


def test_many_leads_is_an_overlap():
    step = make_step("housing")
    for slug in ("a", "b", "c"):
        make_responsibility(make_organization(slug), step, LEAD)
    matrix = build_matrix()
    assert [row.step for row in matrix.overlaps] == [step] and matrix.gaps == []
    assert sorted(org.slug for org in matrix.rows[0].leads) == ["a", "b", "c"]


def test_one_lead_is_ok():
    step = make_step("school")
    make_responsibility(make_organization("css"), step, LEAD)
    assert build_matrix().rows[0].status == "ok"


def test_inactive_organisations_do_not_count():
    step = make_step("housing")
    make_responsibility(make_organization("active"), step, SUPPORT)
    make_responsibility(make_organization("closed", is_active=False), step, LEAD)
    make_responsibility(make_organization("closed2", is_active=False), step, LEAD)
    matrix = build_matrix()
    assert [row.step for row in matrix.gaps] == [step] and matrix.overlaps == []
    assert [org.slug for org in matrix.columns] == ["active"]


def test_non_public_responsibilities_do_not_show():
    step = make_step("housing")
    make_responsibility(make_organization("quiet"), step, LEAD, is_public=False)
    assert build_matrix().rows[0].status == "unassigned"


def test_rows_follow_the_pathway_order_grouped_by_stage():
    late = make_step("job", stage=PathwayStage.FIRST_YEAR, order=1)
    early = make_step("bus", stage=PathwayStage.ARRIVAL, order=99)
    matrix = build_matrix()
    assert [stage.value for stage in matrix.stages] == ["arrival", "first_year"]
    assert [row.step for row in matrix.rows] == [early, late]


def test_kind_filter_narrows_columns_but_judges_on_everyone():
    step = make_step("housing", stage=PathwayStage.FIRST_WEEKS)
    make_responsibility(make_organization("city", kind=OrganizationKind.STATE), step, LEAD)
    make_responsibility(make_organization("agency", kind=OrganizationKind.COMMUNITY), step, LEAD)
    matrix = build_matrix(kind=OrganizationKind.COMMUNITY)
    assert [org.slug for org in matrix.columns] == ["agency"]
    assert [row.step for row in matrix.overlaps] == [step]
    assert build_matrix(stage=PathwayStage.ARRIVAL).rows == []


def _populate(organizations: int, steps: int):
    step_rows = [make_step(stage=PathwayStage.values[i % 4], order=i) for i in range(steps)]
    for index in range(organizations):
        organization = make_organization()
        for step in step_rows[index % 2 :: 2]:
            make_responsibility(organization, step, LEAD if index % 3 == 0 else SUPPORT)


def test_matrix_queries_do_not_grow_with_organisations_or_responsibilities(django_assert_num_queries):
    _populate(organizations=2, steps=2)
    with django_assert_num_queries(2):
        small = build_matrix()
        [row.status for row in small.rows]
    _populate(organizations=12, steps=8)
    with django_assert_num_queries(2):
        large = build_matrix()
        [(row.status, [cell.get_level_display() for cell in row.cells if cell]) for row in large.rows]
    assert len(large.columns) == 14
