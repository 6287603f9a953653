"""Dates read the Québec way in French and never as an ambiguous numeric date in either language."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

MOMENT = datetime.datetime(2026, 7, 4, 14, 57)


def test_french_dates_and_times_follow_quebec_usage():
    with translation.override("fr"):
        assert date_format(MOMENT, "DATETIME_FORMAT") == "4 juillet 2026, 14 h 57"
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "4 juil. 2026, 14 h 57"
        assert date_format(MOMENT.date()) == "4 juillet 2026"


def test_english_short_dates_spell_the_month():
    with translation.override("en"):
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "July 4, 2026, 2:57 p.m."
