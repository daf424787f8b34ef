"""PostgreSQL only: the admission of an answer as one server-side function (surveys.mixing).

A function, not a statement sent from Python, because it must take the wave's lock *before* it
reads the waiting answers: in a function each statement starts with a fresh snapshot, so the
rewrite sees every answer committed before the lock was granted, and the whole admission is
one round trip, with the lock held only inside the database (never while a web thread waits
for its turn to run). A change to it is a new migration with CREATE OR REPLACE."""

from django.db import migrations

ADMIT = """
CREATE OR REPLACE FUNCTION surveys_admit(
    p_wave bigint, p_digest text, p_id uuid, p_client uuid, p_day date, p_answers text,
    p_comment text, p_lock_class integer, p_k integer
) RETURNS integer[] LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    waiting integer;
    stored_today integer;
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock_class, p_wave::integer);
    WITH open_wave AS (
        SELECT 1 FROM surveys_wave WHERE id = p_wave AND status = 'open'
    ), token AS (
        DELETE FROM surveys_iittoken WHERE token_hash = p_digest AND wave_id = p_wave
          AND EXISTS (SELECT 1 FROM open_wave)
        RETURNING 1
    ), admitted AS (
        SELECT 1 WHERE EXISTS (SELECT 1 FROM open_wave)
          AND (p_digest IS NULL OR EXISTS (SELECT 1 FROM token))
          AND NOT EXISTS (SELECT 1 FROM surveys_pendingresponse
                          WHERE wave_id = p_wave AND client_id = p_client)
          AND NOT EXISTS (SELECT 1 FROM surveys_response
                          WHERE wave_id = p_wave AND client_id = p_client)
    ), waiting_rows AS (
        DELETE FROM surveys_pendingresponse
        WHERE wave_id = p_wave AND EXISTS (SELECT 1 FROM admitted)
        RETURNING id, wave_id, client_id, submitted_on, answers, comment
    ), mixed AS (
        INSERT INTO surveys_pendingresponse (id, wave_id, client_id, submitted_on, answers, comment)
        SELECT * FROM (
            SELECT id, wave_id, client_id, submitted_on, answers, comment FROM waiting_rows
            UNION ALL
            SELECT p_id, p_wave, p_client, p_day, p_answers, p_comment FROM admitted
        ) AS batch ORDER BY random()
        RETURNING 1
    )
    SELECT count(*) INTO waiting FROM mixed;
    IF waiting = 0 THEN
        RETURN NULL;
    END IF;
    -- the day's stored answers size the batch (rules.batch_size), which is never below k:
    -- below k waiting there is nothing to decide, so nothing to count
    stored_today := 0;
    IF waiting >= p_k THEN
        SELECT count(*) INTO stored_today FROM surveys_response
        WHERE wave_id = p_wave AND submitted_on = p_day;
    END IF;
    RETURN ARRAY[waiting, stored_today];
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS surveys_admit(bigint, text, uuid, uuid, date, text, text, integer, integer)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADMIT)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_mixed_answers")]
    operations = [migrations.RunPython(create, drop)]
