# Chinese n-gram search column (issue 18): PostgreSQL only, see integrity_portal/search.py.
from django.db import migrations

from integrity_portal.search import AddSearchNgrams


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0004_search_and_filter_indexes'),
        ('records', '0015_search_ngrams'),
    ]

    operations = [
        AddSearchNgrams(model_name='commitment', fields=['title', 'content', 'counterparty_name']),
    ]
