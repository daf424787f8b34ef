from django.db import migrations


def load(apps, schema_editor):
    from ita.agencies.reference import load_provinces

    load_provinces(apps.get_model("agencies", "Province"), apps.get_model("agencies", "District"))


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
