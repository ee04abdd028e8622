# Chinese n-gram search columns (issue 18): PostgreSQL only, see integrity_portal/search.py.
from django.db import migrations

from integrity_portal.search import AddSearchNgrams


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0014_postings_from_current_unit'),
    ]

    operations = [
        AddSearchNgrams(model_name='creditrecord', fields=['title', 'decision_number']),
        AddSearchNgrams(model_name='civilservant', fields=['name']),
    ]
