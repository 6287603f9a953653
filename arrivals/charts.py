"""Geometry of the server-side SVG charts (templates draw them; every chart is followed by its data table).

Pure functions over the figures: no query, no personal data. A suppressed count ("fewer than N") has no
bar: drawing one would show its value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

from portal import disclosure

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 36


def _number(value) -> float | None:
    return None if disclosure.is_suppressed(value) or value is None else float(value)


def _nice_max(value: float) -> float:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * ((int(value) // step) + 1)
    return value * 1.1


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: object


def month_chart(months, *, target: int | None = None) -> dict:
    """Persons arrived per month (bars), cumulative persons (line), the target's pace (dashed) and the target."""
    if not months:
        return {}
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [_number(row.persons) or 0 for row in months]
    cumulative = [_number(row.cumulative) or 0 for row in months]
    paces = [row.target_pace for row in months if row.target_pace is not None]
    top = _nice_max(max([*cumulative, *values, *paces, target or 0, 1]))
    step = plot_w / len(months)

    def y(value):
        return round(TOP + plot_h - plot_h * value / top, 1)

    bars = []
    for index, row in enumerate(months):
        value = _number(row.persons)
        if value:
            bars.append(Bar(
                x=round(LEFT + index * step + step * 0.15, 1), y=y(value), width=round(step * 0.7, 1),
                height=round(plot_h * value / top, 1), label=formats.date_format(row.month, "YEAR_MONTH_FORMAT"),
                value=row.persons,
            ))
    line = " ".join(f"{round(LEFT + (i + 0.5) * step, 1)},{y(v)}" for i, v in enumerate(cumulative))
    pace = " ".join(
        f"{round(LEFT + (i + 0.5) * step, 1)},{y(row.target_pace)}"
        for i, row in enumerate(months) if row.target_pace is not None
    )
    ticks = [{"y": y(top * k / 4), "label": int(top * k / 4)} for k in range(5)]
    labels = [
        {"x": round(LEFT + (i + 0.5) * step, 1), "label": str(row.month.year)}
        for i, row in enumerate(months) if row.month.month == 1 or i == 0
    ]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": TOP + plot_h,
        "bars": bars, "line": line, "pace": pace, "ticks": ticks, "labels": labels,
        "target_y": y(target) if target else None, "target": target,
    }


def hbar_chart(rows, *, value_index: int = 1) -> dict:
    """Horizontal bars for a breakdown ([(label, value, …)]), one row per category."""
    row_h, label_w, width = 26, 220, WIDTH
    numbers = [_number(row[value_index]) or 0 for row in rows]
    top = max(numbers + [1])
    bars = []
    for index, row in enumerate(rows):
        value = _number(row[value_index])
        bars.append({
            "y": index * row_h + 4, "text_y": index * row_h + 18, "label": str(row[0]), "value": row[value_index],
            "width": round((width - label_w - 60) * (value or 0) / top, 1), "shown": bool(value),
        })
    return {"width": width, "height": max(len(rows), 1) * row_h + 8, "label_w": label_w, "bars": bars}


STATUS_STYLE = {
    "done": "done", "in_progress": "progress", "todo": "todo", "not_needed": "skipped",
}


def household_timeline(household, items, today) -> dict:
    """A household's routine as a vertical line of steps: one row per step, its mark and its date."""
    row_h = 34
    rows = []
    for index, item in enumerate(items):
        days = (item.date - household.arrival_date).days if item.date else None
        rows.append({
            "y": 20 + index * row_h, "name": item.step.name, "status": item.status,
            "style": STATUS_STYLE[item.status], "status_label": item.get_status_display(),
            "date": item.date, "days": days,
        })
    return {"width": 360, "height": 20 + len(rows) * row_h, "rows": rows,
            "line_end": 20 + max(len(rows) - 1, 0) * row_h}
