"""The audit log is append-only: on PostgreSQL the database refuses UPDATE and DELETE whoever
sends them; on every database the model and its queryset refuse; a flush still empties it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ita.audit.log import record
from ita.audit.models import REFUSED, AuditEvent

UPDATE = "UPDATE audit_auditevent SET note = 'rewritten' WHERE id = %s"
DELETE = "DELETE FROM audit_auditevent WHERE id = %s"


@pytest.fixture
def event(world):
    return record(actor=world.officer, action="test.done", obj=world.own, agency=world.own)


def _raw(sql: str, pk: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def test_the_database_refuses_to_rewrite_or_delete_an_event(event):
    if connection.vendor == "postgresql":
        for sql in (UPDATE, DELETE):
            with pytest.raises(DatabaseError, match=REFUSED):
                _raw(sql, event.pk)
    else:
        # SQLite has no trigger (its flush is DELETE, which a trigger would break); raw SQL
        # still works there, which is why the model refuses below on every database.
        _raw(UPDATE, event.pk)
        assert AuditEvent.objects.get(pk=event.pk).note == "rewritten"
        _raw("UPDATE audit_auditevent SET note = '' WHERE id = %s", event.pk)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.note) == ("test.done", "")


def test_the_model_refuses_to_rewrite_or_delete_an_event(event):
    event.note = "rewritten"
    with pytest.raises(ValueError, match=REFUSED):
        event.save()
    with pytest.raises(ValueError, match=REFUSED):
        event.delete()
    with pytest.raises(ValueError, match=REFUSED):
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(ValueError, match=REFUSED):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db(transaction=True)
def test_a_flush_still_empties_the_audit_log(world):
    record(actor=world.officer, action="test.done", obj=world.own, agency=world.own)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
