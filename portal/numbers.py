"""Numbers as each language writes them, in one place for every page, chart and export: a percentage is
"78 %" in Québec French (a no-break space before the sign, OQLF) and "78%" in English."""

from django.utils.formats import number_format

from portal.i18n import current_language


def percent_points(value: float | None, decimals: int = 0) -> str:
    """A number that is already a percentage (78.4 → "78 %" / "78%"); "—" for no value."""
    if value is None or value == "":
        return "—"
    number = number_format(round(float(value), decimals), decimals)
    return f"{number}%" if current_language() == "en" else f"{number}\u00a0%"


def percent(ratio: float | None, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage (0.784 → "78 %" / "78%")."""
    return "—" if ratio is None else percent_points(ratio * 100, decimals)
