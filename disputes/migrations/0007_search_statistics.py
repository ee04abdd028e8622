"""Issue 18: the planner estimates rare search pairs from enough statistics (integrity_portal.search.SearchStatistics)."""
from django.db import migrations

from integrity_portal.search import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [('disputes', '0006_search_ngrams')]

    operations = [
        SearchStatistics(model_name='disputeclue', target=1000),
    ]
