"""Who may open which dashboard: a province's dashboard its coordinators and the national
administrators, the national one the national administrators only. Both rules are the ones of
agencies.access; anyone else gets 404, the same as a province that does not exist."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import is_national, provinces_for_user
from ita.agencies.models import Province


def get_province_for_user(user, pk: int) -> Province:
    try:
        return provinces_for_user(user).get(pk=pk)
    except (Province.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบจังหวัด") from None


def require_national(user) -> None:
    if not is_national(user):
        raise Http404("ไม่พบหน้านี้")


def oversees_anything(user) -> bool:
    """The menu's rule: a coordinator of some province, or a national administrator."""
    return user.is_authenticated and provinces_for_user(user).exists()
