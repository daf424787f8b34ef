"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit table, so no code
path (a raw query, a shell, a future bug) can rewrite history.

TRUNCATE is not refused: Django's flush (transactional tests, `manage.py flush`, ita_restore
--force) empties tables with TRUNCATE, and a TRUNCATE trigger would break it. Who may TRUNCATE
is left to database privileges (README: the web's role should not own the tables).
SQLite has no such trigger for the same reason (its flush is DELETE); the model refuses there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'บันทึกการเปลี่ยนแปลงแก้ไขหรือลบไม่ได้ (% บน %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no client-side %-formatting

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
