"""The responsibility matrix: pathway steps × organisations, with the gaps and overlaps named.

Computed from two queries whatever the number of organisations or responsibilities (the steps, then the
responsibilities with their organisation), so the page, the CSV and the API cost the same on a large city.
The page's grid and anonymous summary are drawn once per content version, language and filters
(`matrix_parts`).
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from directory.cards import role_page_url
from directory.models import (
    Organization,
    PathwayStage,
    PathwayStep,
    Responsibility,
    ResponsibilityLevel,
)
from portal.i18n import current_language
from portal.page_cache import cached_part

LEVEL_ABBREVIATIONS = {
    # Letters shown in the cells beside the colour (colour is never the only signal). Translated in the legend.
    ResponsibilityLevel.LEAD: pgettext_lazy("abbreviation of the Lead level", "L"),
    ResponsibilityLevel.SUPPORT: pgettext_lazy("abbreviation of the Support level", "S"),
    ResponsibilityLevel.CONSULTED: pgettext_lazy("abbreviation of the Consulted level", "C"),
    ResponsibilityLevel.INFORMED: pgettext_lazy("abbreviation of the Informed level", "I"),
}


@dataclass
class MatrixRow:
    step: PathwayStep
    cells: list  # one Responsibility or None per column, in column order
    leads: list[Organization] = field(default_factory=list)
    supports: list[Organization] = field(default_factory=list)
    responsibility_count: int = 0
    # The shown cells grouped by level, in level then column order: (value, label, abbreviation, cells),
    # levels without a cell left out. The phone list reads it instead of looping levels × columns.
    levels: list[tuple[str, str, str, list[Responsibility]]] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        """Nobody leads this step (among active organisations with public responsibilities)."""
        return not self.leads

    @property
    def is_overlap(self) -> bool:
        """Several organisations claim the lead: the "turf war" the partners describe."""
        return len(self.leads) > 1

    @property
    def is_unassigned(self) -> bool:
        """No organisation has any responsibility for this step."""
        return self.responsibility_count == 0

    @property
    def status(self) -> str:
        if self.is_unassigned:
            return "unassigned"
        if self.is_gap:
            return "gap"
        if self.is_overlap:
            return "overlap"
        return "ok"


@dataclass
class MatrixStage:
    value: str
    label: str
    rows: list[MatrixRow]


@dataclass
class Matrix:
    columns: list[Organization]
    stages: list[MatrixStage]

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for stage in self.stages for row in stage.rows]

    @property
    def gaps(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def overlaps(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.is_overlap]

    @property
    def unassigned(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.is_unassigned]


def build_matrix(*, stage: str = "", kind: str = "") -> Matrix:
    """The public matrix, optionally for one stage and one kind of organisation.

    The kind filter narrows the columns only: gaps and overlaps are always judged on every active
    organisation, otherwise filtering on community organisations would show the state's steps as gaps.
    """
    steps = list(PathwayStep.objects.in_stage(stage).in_pathway_order())
    responsibilities = list(
        Responsibility.objects.public()
        .filter(step__in=[step.pk for step in steps])
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    columns: dict[int, Organization] = {}
    by_step: dict[int, list[Responsibility]] = {step.pk: [] for step in steps}
    for responsibility in responsibilities:
        by_step[responsibility.step_id].append(responsibility)
        if not kind or responsibility.organization.kind == kind:
            columns.setdefault(responsibility.organization_id, responsibility.organization)
    ordered_columns = sorted(columns.values(), key=lambda org: org.short_name.casefold())
    column_index = {org.pk: index for index, org in enumerate(ordered_columns)}

    level_labels = {value: str(label) for value, label in ResponsibilityLevel.choices}
    abbreviations = {value: str(abbreviation) for value, abbreviation in LEVEL_ABBREVIATIONS.items()}
    rows_by_stage: dict[str, list[MatrixRow]] = {}
    for step in steps:
        row = MatrixRow(step=step, cells=[None] * len(ordered_columns))
        for responsibility in by_step[step.pk]:
            responsibility.step = step  # already loaded: spare a query when a template reads it
            row.responsibility_count += 1
            if responsibility.level == ResponsibilityLevel.LEAD:
                row.leads.append(responsibility.organization)
            elif responsibility.level == ResponsibilityLevel.SUPPORT:
                row.supports.append(responsibility.organization)
            if responsibility.organization_id in column_index:
                # Read once here, not per cell in the template (a choices lookup and a lazy string each).
                responsibility.level_label = level_labels.get(responsibility.level, responsibility.level)
                responsibility.abbreviation = abbreviations.get(responsibility.level, "")
                row.cells[column_index[responsibility.organization_id]] = responsibility
        by_level: dict[str, list[Responsibility]] = {}
        for cell in row.cells:
            if cell is not None:
                by_level.setdefault(cell.level, []).append(cell)
        row.levels = [
            (value, level_labels[value], abbreviations[value], by_level[value])
            for value in ResponsibilityLevel.values if value in by_level
        ]
        rows_by_stage.setdefault(step.stage, []).append(row)
    stages = [
        MatrixStage(value=value, label=str(label), rows=rows_by_stage[value])
        for value, label in PathwayStage.choices
        if value in rows_by_stage
    ]
    return Matrix(columns=ordered_columns, stages=stages)


def matrix_parts(*, stage: str = "", kind: str = "", matrix: Matrix | None = None) -> dict[str, str]:
    """The matrix page's grid (the table and the phone list) and its gaps-and-overlaps summary as a visitor
    who is not signed in sees it: the same for everyone, so rendered once per content version, language
    and filters (a stage, a kind: 30 combinations at most) and kept as a part. Nothing personal: the
    concertation's work a signed-in partner sees is rendered per request (matrix.html). `matrix`: the same
    filters' matrix when the caller has built it already (a signed-in page needs it): a miss then renders it
    rather than building it a second time."""
    def build():
        built = matrix if matrix is not None else build_matrix(stage=stage, kind=kind)
        url = role_page_url()
        for organization in built.columns:
            organization.url = url(organization.slug)
        for row in built.rows:
            for cell in row.cells:
                if cell is not None:
                    cell.organization.url = url(cell.organization.slug)
        return {
            "grid": render_to_string("directory/_matrix_grid.html", {"matrix": built}),
            "summary": render_to_string("directory/_matrix_summary.html", {"matrix": built}),
        }
    parts = cached_part("directory-matrix", (current_language(), stage, kind), build)
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 — our templates, escaped there
