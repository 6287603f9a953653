"""Fill a separate database with the synthetic province-wide network.

    .venv/bin/python benchmarks/generate.py                      # 2,000 / 20,000 / 200,000, SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/generate.py
    .venv/bin/python benchmarks/generate.py --organizations 200 --partnerships 2000 --referrals 20000
"""

import argparse
import time

from setup_django import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=2000)
    parser.add_argument("--partnerships", type=int, default=20000)
    parser.add_argument("--referrals", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from benchmarks.synthetic import generate

    started = time.perf_counter()
    counts = generate(organizations=args.organizations, partnerships=args.partnerships, referrals=args.referrals,
                      seed=args.seed)
    print(f"Generated {counts} in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum would do after such a load: statistics for the planner, and the visibility map
        # that lets listings read their pages from indexes alone.
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
