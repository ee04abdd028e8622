"""History events get an audience (issue 16); existing events are classified as the services now write them.

The reasons already written are kept as they are (the ledger seals them): a correction or revocation whose
reason is an objection's conclusion, and a repair with its decision's reason, go to the objection readers.
"""
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery

PROVIDER, OBJECTION_READERS = "provider", "objection_readers"
OBJECTION_NOTE = Q(reason__startswith="异议 #") | Q(reason__startswith="Objection #")


def classify(apps, schema_editor):
    RecordEvent = apps.get_model("records", "RecordEvent")
    events = RecordEvent.objects.all()
    events.filter(action__in=["create", "edit"]).update(audience=PROVIDER)
    published = (RecordEvent.objects.filter(record_id=OuterRef("record_id"), action="publish")
                 .order_by("id").values("id")[:1])
    for event in events.filter(action="attach").annotate(published_by=Subquery(published)).iterator():
        if event.published_by is None or event.id < event.published_by:  # added to the draft
            RecordEvent.objects.filter(pk=event.pk).update(audience=PROVIDER)
    events.filter(action__in=["objection_opened", "objection_closed", "repair_terms", "repair"]).update(
        audience=OBJECTION_READERS)
    events.filter(OBJECTION_NOTE, action__in=["correct", "revoke"]).update(audience=OBJECTION_READERS)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0010_search_and_filter_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='recordevent',
            name='audience',
            field=models.CharField(choices=[('record_readers', '有权查看记录者'), ('objection_readers', '可查看该记录异议或修复申请者'), ('provider', '信息提供单位和区信用办')], default='record_readers', max_length=20, verbose_name='可见范围'),
        ),
        migrations.RunPython(classify, migrations.RunPython.noop),
    ]
