"""Timestamps read by psycopg's own (compiled) loader, with what Django's loader gave (portal/postgres_loaders.py)."""

import datetime as dt

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's loaders: PostgreSQL only"),
]

SAMPLES = [
    "2026-12-01 12:34:56.123456+00", "2026-12-01 07:34:56-05", "1999-03-28 02:30:00.5+05:30",
    "2038-01-19 03:14:07.000001+00", "0001-01-02 00:00:00+00", "2026-06-01 00:00:00+14",
]


def _text_loader():
    from psycopg import adapters
    from psycopg.pq import Format

    connection.ensure_connection()
    oid = adapters.types["timestamptz"].oid
    return oid, connection.connection.adapters.get_loader(oid, Format.TEXT)


def test_the_connections_timestamp_loader_parses_with_psycopgs_own_class():
    """Django registers a loader derived from psycopg's pure-Python class (a regular expression per value, 2.5 µs
    against 0.15 µs compiled); the connection now parses with the class psycopg registered."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg import adapters
    from psycopg.pq import Format

    oid, loader = _text_loader()
    assert not issubclass(loader, BaseTzLoader)
    assert loader.timezone == connection.timezone  # so Django's create_cursor registers nothing over it
    assert isinstance(loader(oid, connection.connection)._parse.__self__, adapters.get_loader(oid, Format.TEXT))


def test_values_are_those_djangos_loader_gave():
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    oid, _loader = _text_loader()
    djangos = type("DjangoLoader", (BaseTzLoader,), {"timezone": connection.timezone})(oid, connection.connection)
    with connection.cursor() as cursor:
        for sample in SAMPLES:
            cursor.execute("SELECT %s::timestamptz, %s::timestamptz::text", [sample, sample])
            value, text = cursor.fetchone()
            assert value == djangos.load(text.encode())
            assert value.tzinfo is djangos.load(text.encode()).tzinfo
            assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(0)


def test_model_fields_read_aware_datetimes():
    from django.contrib.auth import get_user_model

    moment = dt.datetime(2026, 12, 1, 17, 4, 5, 678901, tzinfo=dt.UTC)
    user = get_user_model().objects.create(username="clock", date_joined=moment)
    assert get_user_model().objects.values_list("date_joined", flat=True).get(pk=user.pk) == moment
