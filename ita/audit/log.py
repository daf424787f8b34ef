from ita.audit.models import AuditEvent


def record(*, actor, action: str, obj, agency=None, before=None, after=None, note: str = ""):
    """Write one audit event; call it inside the action's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        agency=agency,
        before=before,
        after=after,
        note=note,
    )
