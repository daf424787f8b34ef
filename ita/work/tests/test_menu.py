"""Each queue's menu entry asks the rule its view asks (finding 12 of issue 10: no entry that
answers 404, no page without its entry)."""

import pytest
from django.urls import reverse

from ita.accounts.menus import Menu

ENTRIES = {
    "approval_inbox": "work:inbox",
    "assessor_queue": "work:queue",
    "officer_todo": "work:todo",
}


@pytest.mark.parametrize(
    "persona",
    ["officer", "division_head", "executive", "assessor", "coordinator", "national", "nobody"],
)
def test_the_entry_shows_exactly_when_the_page_opens(client, world, persona):
    user = getattr(world, persona)
    client.force_login(user)
    shown = {name: getattr(Menu(user), name) for name in ENTRIES}
    opens = {name: client.get(reverse(url)).status_code == 200 for name, url in ENTRIES.items()}
    assert shown == opens
    html = client.get(reverse("home")).content.decode()
    for name, url in ENTRIES.items():
        assert (reverse(url) in html) == shown[name]
    assert reverse("work:notifications") in html  # everyone has the notifications


def test_who_has_which_queue(world):
    assert [
        p
        for p in ("officer", "division_head", "executive", "assessor", "national")
        if Menu(getattr(world, p)).work_entries
    ] == ["officer", "division_head", "executive", "assessor"]
