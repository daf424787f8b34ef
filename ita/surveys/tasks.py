"""The surveys' daily job: no answer is left waiting outside the tallies (surveys.mixing)."""

from __future__ import annotations

from celery import shared_task

from ita.lib.background import RETRY
from ita.surveys import actions
from ita.surveys.models import Wave, WaveStatus


@shared_task(name="surveys.settle_waves", **RETRY)
def settle_waves() -> int:
    """A closed wave with answers still waiting (a submission that committed after the close
    mixed) is settled and scored again; an open wave whose waiting answers make a batch but were
    not mixed (the wave was busy, and no answer came after) is mixed. Returns how many waves
    changed. A second run finds nothing to do: mixing empties what it takes."""
    changed = 0
    waiting = Wave.objects.filter(pending__isnull=False).distinct().order_by("pk")
    for wave in waiting:
        if wave.status == WaveStatus.CLOSED:
            changed += actions.settle(wave)
        elif actions.mix(wave):
            changed += 1
    return changed
