"""Plans approved before approval froze a version get their version 1, so their documents stop
following later reviews, imports and edits (issue 8, finding 4) from this release on.

The historical model finds them; only when there are some does the application's own action
build the record, because the version must hold exactly what its documents showed. A database
with no such plans (every new one) never imports application code here."""

from django.db import migrations


def freeze(apps, schema_editor):
    Analysis = apps.get_model("improvement", "Analysis")
    if not Analysis.objects.filter(status="approved", versions__isnull=True).exists():
        return
    from ita.improvement.actions import freeze_earlier_approvals

    freeze_earlier_approvals()


class Migration(migrations.Migration):
    dependencies = [("improvement", "0002_plan_versions"), ("audit", "0002_append_only")]
    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
