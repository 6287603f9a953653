"""Bar charts drawn on the server as SVG: no script, no external library, legible when printed.

Each chart is an image with a title and a description (`role="img"`, `aria-labelledby`), and the page always
puts its data table right after it: the table is what a screen reader reads, the picture what a room looks at.
Counts hidden by the small-number rule get no bar, only their "< 3" label. Colours are presentation attributes
(the CSP forbids inline styles) with at least 3:1 contrast against white (WCAG 1.4.11).
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal import disclosure

BAR = "#1d4f91"  # 8.6:1 on white
TEXT = "#1f2328"
AXIS = "#57606a"


@dataclass
class Bar:
    label: str
    value: object  # int, float, None (no value) or a disclosure.Suppressed marker
    shown: str = ""  # the value as printed beside the bar


def _shown(value, formatter) -> str:
    if disclosure.is_suppressed(value):
        return value.short()
    if value is None:
        return "—"
    return formatter(value) if formatter else number_format(value, 0)


def _numeric(value) -> float:
    if value is None or disclosure.is_suppressed(value):
        return 0.0
    return float(value)


def _frame(chart_id: str, title: str, description: str, width: int, height: int, body: list[str]) -> str:
    return mark_safe(  # noqa: S308 — every label, title and description is escaped here
        f'<svg class="rf-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>"
    )


def columns(bars: list[Bar], *, chart_id: str, title: str, description: str, formatter=None) -> str:
    """Vertical bars (a time series: one per month), value above each bar, label below."""
    slot, top, chart_height, left = 44, 24, 160, 8
    width = max(320, left * 2 + slot * len(bars))
    height = top + chart_height + 40
    peak = max((_numeric(bar.value) for bar in bars), default=0) or 1
    body = [f'<line x1="{left}" y1="{top + chart_height}" x2="{width - left}" y2="{top + chart_height}" '
            f'stroke="{AXIS}" stroke-width="1"/>']
    for index, bar in enumerate(bars):
        x = left + index * slot
        bar_height = round(chart_height * _numeric(bar.value) / peak, 1)
        y = top + chart_height - bar_height
        if bar_height:
            body.append(f'<rect x="{x + 6}" y="{y}" width="{slot - 12}" height="{bar_height}" fill="{BAR}"/>')
        shown = bar.shown or _shown(bar.value, formatter)
        body.append(f'<text x="{x + slot / 2}" y="{y - 6}" text-anchor="middle" font-size="12" '
                    f'fill="{TEXT}">{escape(shown)}</text>')
        body.append(f'<text x="{x + slot / 2}" y="{top + chart_height + 16}" text-anchor="middle" font-size="11" '
                    f'fill="{TEXT}">{escape(bar.label)}</text>')
    return _frame(chart_id, title, description, width, height, body)


def rows(bars: list[Bar], *, chart_id: str, title: str, description: str, formatter=None, peak=None) -> str:
    """Horizontal bars (categories: organisations, steps, outcomes): the label on its own line above its bar,
    so that long names stay whole on a phone."""
    width, row_height, left = 600, 44, 4
    height = max(row_height, row_height * len(bars)) + 8
    peak = peak or max((_numeric(bar.value) for bar in bars), default=0) or 1
    usable = width - 90
    body = []
    for index, bar in enumerate(bars):
        y = 4 + index * row_height
        body.append(f'<text x="{left}" y="{y + 13}" font-size="13" fill="{TEXT}">{escape(bar.label)}</text>')
        bar_width = round(usable * _numeric(bar.value) / peak, 1)
        if bar_width:
            body.append(f'<rect x="{left}" y="{y + 19}" width="{bar_width}" height="16" fill="{BAR}"/>')
        shown = bar.shown or _shown(bar.value, formatter)
        body.append(f'<text x="{left + bar_width + 6}" y="{y + 32}" font-size="12" fill="{TEXT}">'
                    f'{escape(shown)}</text>')
    return _frame(chart_id, title, description, width, height, body)
