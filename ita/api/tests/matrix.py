"""The permission matrix's world for the API (tests_access/test_permission_matrix): the API
reads no session, so every logged-in persona is anonymous to it — public endpoints answer 200
to all, the private one 401 to all (a browser's cookie is no side door)."""

from __future__ import annotations


def officer_token(o):
    """The own officer's token (made once per test): only its owner may revoke it."""
    from ita.api import actions

    if not hasattr(o, "_api_token"):
        o._api_token = actions.create_token(acting_user=o.w.officer, name="matrix")[0]
    return o._api_token


def revoke_args(o, persona) -> list:
    return [officer_token(o).pk]


def _own(*rest):
    return lambda o, persona: [o.w.own.code, *rest]


# the public endpoints' arguments, of the own agency's published things (public.tests.matrix)
PUBLIC_ARGS = {
    "agencies": lambda o, persona: [],
    "agency": _own(),
    "frameworks": lambda o, persona: [],
    "framework": lambda o, persona: ["ita-2566"],
    "results": _own(),
    "result": _own(2565),
    "disclosure_years": _own(),
    "disclosure": _own(2566),
    "analyses": _own(),
    "analysis": _own(2565),
    "progress": _own(2565),
}
