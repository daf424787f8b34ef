"""Who may run the pre-assessment surveys: the writers of the agency (its ITA officer, the
province's coordinator, national admins) open, correct and close waves and print slips; a
coordinator opens waves for the whole province. Respondents need no rule: their one-time link
or the wave's public link is their only key (actions.submit_response)."""

from __future__ import annotations

from ita.agencies.access import can_write, coordinates
from ita.lib.policy import rule


@rule("surveys.manage")
def can_manage_waves(user, agency) -> bool:
    return can_write(user, agency)


@rule("surveys.open_province")
def can_open_province_waves(user, province) -> bool:
    return coordinates(user, province)
