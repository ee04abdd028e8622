"""Issue 18: the planner estimates rare search pairs from enough statistics (integrity_portal.search.SearchStatistics)."""
from django.db import migrations

from integrity_portal.search import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [('decisions', '0007_trigram_indexes')]

    operations = [
        SearchStatistics(model_name='decision', target=1000),
        SearchStatistics(model_name='subject', target=1000),
    ]
