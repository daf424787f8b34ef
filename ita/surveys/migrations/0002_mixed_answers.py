"""Answers in shuffled batches (surveys.mixing), slips that cannot be recomputed.

Existing answers are kept, and the tallies are recounted from their item rows before those go
(the mix folds tallies from the answers themselves). Existing slips are voided on purpose: they were derived from the
wave's secret and the SECRET_KEY, so whoever held both could recompute every slip, which is the
weakness this migration removes. Officers of open IIT waves issue new slips."""

import uuid
from collections import defaultdict
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


def recount(apps, schema_editor):
    # Tallies counted every stored answer (the `tallied` flag goes): recount them from the item
    # rows before those go, so the figures stay what they were.
    ItemAnswer = apps.get_model("surveys", "ItemAnswer")
    WaveTally = apps.get_model("surveys", "WaveTally")
    Wave = apps.get_model("surveys", "Wave")
    Response = apps.get_model("surveys", "Response")
    tallies = defaultdict(lambda: [0, Decimal(0)])
    rows = ItemAnswer.objects.values_list("response__wave_id", "item_code", "value_sum")
    for wave_id, code, value in rows.iterator():
        tallies[(wave_id, code)][0] += 1
        tallies[(wave_id, code)][1] += value
    WaveTally.objects.all().delete()
    WaveTally.objects.bulk_create(
        WaveTally(wave_id=w, item_code=c, respondents=n, value_sum=v)
        for (w, c), (n, v) in tallies.items()
    )
    for wave in Wave.objects.all():
        wave.tallied_responses = Response.objects.filter(wave_id=wave.pk).count()
        wave.save(update_fields=["tallied_responses"])


def compact_answers(apps, schema_editor):
    # JSON {"I1": [3, 3], …} → "I1=33;…" (questionnaire.encode_answers; kept in step by hand:
    # a migration does not import application code that may change)
    Response = apps.get_model("surveys", "Response")
    for response in Response.objects.iterator():
        response.answers_text = ";".join(
            f"{code}={''.join(str(c) for c in chosen)}"
            for code, chosen in (response.answers or {}).items()
        )
        response.save(update_fields=["answers_text"])


def eager_vacuum(apps, schema_editor):
    # Dead row versions keep the transaction ids of earlier writes until vacuum removes them;
    # on these small, constantly rewritten tables, let autovacuum come after a few dozen.
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("surveys_pendingresponse", "surveys_iittoken", "surveys_response"):
        schema_editor.execute(
            f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0, "
            "autovacuum_vacuum_threshold = 50, autovacuum_vacuum_insert_threshold = 50)"
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        migrations.RunPython(recount, migrations.RunPython.noop),
        migrations.AddField(
            model_name="response", name="answers_text", field=models.TextField(default="")
        ),
        migrations.RunPython(compact_answers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="response", name="answers"),
        migrations.RenameField(model_name="response", old_name="answers_text", new_name="answers"),
        migrations.AlterField(model_name="response", name="answers", field=models.TextField()),
        migrations.DeleteModel(name="ItemAnswer"),
        migrations.RemoveIndex(model_name="response", name="survey_response_untallied"),
        migrations.RemoveField(model_name="response", name="tallied"),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["wave", "submitted_on"], name="survey_response_day"),
        ),
        migrations.AlterField(
            model_name="response",
            name="wave",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="responses",
                to="surveys.wave",
            ),
        ),
        migrations.RemoveField(model_name="wave", name="token_secret"),
        migrations.DeleteModel(name="IitToken"),
        migrations.CreateModel(
            name="IitToken",
            fields=[
                ("token_hash", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "wave",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tokens",
                        to="surveys.wave",
                    ),
                ),
            ],
            options={"verbose_name": "ใบรหัสที่ยังไม่ได้ใช้ (IIT)"},
        ),
        migrations.CreateModel(
            name="PendingResponse",
            fields=[
                ("client_id", models.UUIDField()),
                ("submitted_on", models.DateField(verbose_name="วันที่ตอบ")),
                ("answers", models.TextField()),
                (
                    "comment",
                    models.TextField(blank=True, max_length=2000, verbose_name="ข้อเสนอแนะ"),
                ),
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "wave",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pending",
                        to="surveys.wave",
                    ),
                ),
            ],
            options={
                "verbose_name": "คำตอบที่รอรวมชุด",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("wave", "client_id"), name="survey_pending_once"
                    )
                ],
            },
        ),
        migrations.RunPython(eager_vacuum, migrations.RunPython.noop),
    ]
