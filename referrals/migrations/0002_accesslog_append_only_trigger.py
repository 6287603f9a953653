"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the access log.

The application already refuses (AccessLog.save/delete, AccessLogQuerySet.update/delete); the trigger also
stops a stray raw SQL statement or a database shell. TRUNCATE is left alone on purpose: it is what a
deliberate administrator (and Django's test flush) uses, never something application code does.
SQLite has no equivalent worth having here, so the migration does nothing there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION referrals_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'referrals_accesslog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS referrals_accesslog_append_only ON referrals_accesslog;
CREATE TRIGGER referrals_accesslog_append_only
    BEFORE UPDATE OR DELETE ON referrals_accesslog
    FOR EACH ROW EXECUTE FUNCTION referrals_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS referrals_accesslog_append_only ON referrals_accesslog;
DROP FUNCTION IF EXISTS referrals_accesslog_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
