"""Who may do what: one registry of named rules (issue 13). Each app's access.py registers its
rules here; the actions call require() before they change anything, and the pages and the API
ask allows() to decide what to show. So a caller that forgot a check (a new view, an API route,
a script) is refused by the action itself instead of being trusted.

A rule is a plain function (user, *objects) -> bool. `acting_user=None` is the system itself:
a management command run on the server or a background task, never a web request (a request
always has a user, anonymous or not)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

Rule = Callable[..., bool]
_RULES: dict[str, Rule] = {}


class NotAllowed(PermissionDenied):
    """Raised by an action when its rule refuses the acting user; Django shows the Thai 403."""


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register `fn` as the rule called `name` (app.verb, in the ITA's own terms)."""

    def register(fn: Rule) -> Rule:
        if _RULES.get(name, fn) is not fn:
            raise ValueError(f"rule {name!r} is registered twice")
        _RULES[name] = fn
        return fn

    return register


def allows(user, name: str, *objects) -> bool:
    if user is None:
        return True
    return bool(_RULES[name](user, *objects))


def require(user, name: str, *objects) -> None:
    if not allows(user, name, *objects):
        raise NotAllowed("ท่านไม่มีสิทธิ์ดำเนินการนี้")


def rules() -> dict[str, Rule]:
    """Every registered rule by name (the permission tests walk them)."""
    return dict(_RULES)
