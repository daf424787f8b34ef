"""What the menu offers: each entry asks the access rule its view asks, so a role never sees an
entry that would answer 404 (finding 12 of issue 10)."""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext

from ita.agencies.access import agencies_for_user, coordinates_a_province, is_national
from ita.work import access as work


class Menu:
    def __init__(self, user):
        self.user = user

    @cached_property
    def writes_for_an_agency(self) -> bool:
        # the rule of assessments.views.import_results and documents.access.can_start_batch
        return agencies_for_user(self.user, write=True).exists()

    @property
    def import_results(self) -> bool:
        return self.writes_for_an_agency

    @property
    def start_batch(self) -> bool:
        return self.writes_for_an_agency

    @cached_property
    def oversight(self) -> str:
        """The dashboards' entry, named for whom it opens; "" (no entry) for anyone else: the
        rule of oversight.access, a province's coordinator or a national administrator."""
        if is_national(self.user):
            return gettext("ภาพรวม")  # short: the administrator's navbar has one entry more
        if coordinates_a_province(self.user):
            return gettext("ภาพรวมจังหวัด")
        return ""

    # The work queues (ita.work): the rules of their views, from the memberships already read.
    @cached_property
    def approval_inbox(self) -> bool:
        return bool(work.inbox_agency_ids(self.user))

    @cached_property
    def assessor_queue(self) -> bool:
        return bool(work.queue_agency_ids(self.user))

    @cached_property
    def officer_todo(self) -> bool:
        return bool(work.todo_agency_ids(self.user))

    @property
    def work_entries(self) -> bool:
        return self.approval_inbox or self.assessor_queue or self.officer_todo


def menu(request) -> dict:
    """Context processor; an entry costs a query only on pages whose menu shows it."""
    return {"menu": Menu(request.user)}
