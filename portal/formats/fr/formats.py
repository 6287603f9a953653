"""Québec French date and time formats (Office québécois de la langue française): "5 novembre 2026, 14 h 57",
never a numeric date that reads differently in French and English (04/07 is 4 July or April 7)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = r"G \h i"
DATETIME_FORMAT = r"j F Y, G \h i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = r"j N Y, G \h i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
