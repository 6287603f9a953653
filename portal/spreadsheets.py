"""CSV cells that a spreadsheet will not run as formulas (CSV/formula injection, OWASP).

Organisation names and labels are typed by organisation admins; a name such as `=HYPERLINK(…)` or
`@SUM(…)` would become a live formula in the coordinator's Excel or LibreOffice. Text starting with one of
the trigger characters is prefixed with an apostrophe, which spreadsheets show as plain text; numbers stay
numbers.
"""

import csv

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """`csv.writer` whose every row goes through `safe_row`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))
