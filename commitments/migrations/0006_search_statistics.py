"""Issue 18: the planner estimates rare search pairs from enough statistics (integrity_portal.search.SearchStatistics)."""
from django.db import migrations

from integrity_portal.search import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [('commitments', '0005_search_ngrams')]

    operations = [
        SearchStatistics(model_name='commitment', target=1000),
    ]
