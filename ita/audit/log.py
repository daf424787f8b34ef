from ita.audit.models import AuditEvent


def event(*, actor, action: str, obj, agency=None, before=None, after=None, note: str = ""):
    """One audit event, not yet written (record writes one, record_all many at once)."""
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        agency=agency,
        before=before,
        after=after,
        note=note,
    )


def record(*, actor, action: str, obj, agency=None, before=None, after=None, note: str = ""):
    """Write one audit event; call it inside the action's transaction."""
    made = event(
        actor=actor, action=action, obj=obj, agency=agency, before=before, after=after, note=note
    )
    made.save()
    return made


def record_all(events: list[AuditEvent], batch_size: int = 2000) -> None:
    """Write many events in a few INSERTs (a national recompute changes thousands of results);
    call it inside the action's transaction."""
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
