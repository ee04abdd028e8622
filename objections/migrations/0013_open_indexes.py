"""The office overview's open objections: their order and the unit filter's three columns, partial indexes over
the open ones (issue 18)."""
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0012_repair_decision_provider'),
        ('records', '0021_objected_search'),
        ('workdays', '0006_rules_effects'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'under_review'))), fields=['due_date', '-filed_at', 'id'], name='objection_open_due_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'under_review'))), fields=['provider'], name='objection_open_provider_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'under_review'))), fields=['subject_unit'], name='objection_open_subj_unit_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(condition=models.Q(('state__in', ('submitted', 'under_review'))), fields=['subject_servant'], name='objection_open_servant_idx'),
        ),
    ]
