"""The administrator's view of personal access tokens: who holds which, when each was last used,
and a way to revoke one (a lost laptop, a user who left). Read-only otherwise: a token's secret
exists only when its user makes it on their own page, so the admin can neither add one nor see a
hash; a revoked row stays for the record."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from ita.api.models import PersonalAccessToken
from ita.audit.admin import AuditedAdmin
from ita.audit.log import record


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at",
                    "revoked_at")  # fmt: skip
    list_filter = ("revoked_at", "expires_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row is the record of what the token could do

    @admin.action(description="เพิกถอนโทเค็นที่เลือก", permissions=["change"])
    def revoke(self, request, queryset):
        with transaction.atomic():
            tokens = list(queryset.select_for_update().filter(revoked_at__isnull=True))
            now = timezone.now()
            for token in tokens:
                token.revoked_at = now
                token.save(update_fields=["revoked_at"])
                record(
                    actor=request.user, action="api.token_revoked_by_admin", obj=token,
                    before={"name": token.name, "prefix": token.prefix,
                            "user": token.user.username},
                )  # fmt: skip
        self.message_user(
            request,
            ngettext("เพิกถอนแล้ว %(n)d โทเค็น", "เพิกถอนแล้ว %(n)d โทเค็น", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )
