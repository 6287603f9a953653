"""PostgreSQL timestamps read by psycopg's compiled loader, not by Django's pure-Python one.

Django 5.2 registers on every psycopg 3 connection a `timestamptz` loader derived from psycopg's *Python*
`TimestamptzLoader` (`django.db.backends.postgresql.psycopg_any.BaseTzLoader`): each value is parsed with a
regular expression, 2.5 µs here against 0.15 µs for psycopg-binary's compiled loader, which is installed but
unused (Django ticket #36960, psycopg issue #1273: the compiled class cannot be subclassed). A page of 50
referrals of the API reads some 150 timestamps: 0.3–0.4 ms of its 6 ms of CPU (`benchmarks/README.md`,
"Timestamps").

On each new connection this module registers a loader with the same result — the instant parsed by
psycopg's own loader for the connection's `TimeZone`, then given Django's `timezone` as its `tzinfo`, as
`BaseTzLoader.load` does — but parsed by the class psycopg itself has registered for `timestamptz` (the
compiled one with psycopg-binary or psycopg-c, the Python one otherwise). Nothing is patched: the loader is
registered through psycopg's public adapters API on the connection Django just made, and keeps the
`timezone` attribute Django's `create_cursor` compares before registering its own loader on a cursor.
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver


def _loader_for(timezone):
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    oid = psycopg.adapters.types["timestamptz"].oid
    parser = psycopg.adapters.get_loader(oid, Format.TEXT)  # what psycopg registered: compiled when it can be

    class TimestamptzLoader(Loader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._parse = parser(oid, context).load

        def load(self, data):
            return self._parse(data).replace(tzinfo=self.timezone)

    TimestamptzLoader.timezone = timezone
    return oid, TimestamptzLoader


_loaders = {}


@receiver(connection_created, dispatch_uid="passerelle-fast-timestamptz")
def register_fast_timestamptz(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:
        return
    timezone = connection.timezone
    if timezone not in _loaders:
        _loaders[timezone] = _loader_for(timezone)
    oid, loader = _loaders[timezone]
    connection.connection.adapters.register_loader(oid, loader)
