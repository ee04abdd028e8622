"""An objection's due date is never before its filing date (issue 18): its answer clock starts on the filing
date and the clock engine only moves a due date later. The filing-date filter bounds the due date by it."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0008_objection_provider_kind'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='objection',
            constraint=models.CheckConstraint(
                condition=models.Q(('due_date__isnull', True), ('due_date__gte', models.F('filed_on')),
                                   _connector='OR'),
                name='objection_due_after_filing', violation_error_message='答复截止日不能早于提出日期。'),
        ),
    ]
