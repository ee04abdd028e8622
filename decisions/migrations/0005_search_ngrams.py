# Chinese n-gram search columns (issue 18): PostgreSQL only, see integrity_portal/search.py.
from django.db import migrations

from integrity_portal.search import AddSearchNgrams


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0004_policy_texts'),
        ('records', '0015_search_ngrams'),
    ]

    operations = [
        AddSearchNgrams(model_name='decision', fields=['subject_name', 'document_number']),
        AddSearchNgrams(model_name='subject', fields=['name']),
    ]
