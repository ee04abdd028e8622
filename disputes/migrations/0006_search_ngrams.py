# Chinese n-gram search column (issue 18): PostgreSQL only, see integrity_portal/search.py.
from django.db import migrations

from integrity_portal.search import AddSearchNgrams


class Migration(migrations.Migration):

    dependencies = [
        ('disputes', '0005_not_ours_referral'),
        ('records', '0015_search_ngrams'),
    ]

    operations = [
        AddSearchNgrams(model_name='disputeclue', fields=['description', 'body_name']),
    ]
