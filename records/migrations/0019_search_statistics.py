"""Issue 18: the planner estimates rare search pairs from enough statistics (integrity_portal.search.SearchStatistics)."""
from django.db import migrations

from integrity_portal.search import SearchStatistics


class Migration(migrations.Migration):
    dependencies = [('records', '0018_public_order_index')]

    operations = [
        SearchStatistics(model_name='creditrecord', target=1000),
        SearchStatistics(model_name='civilservant', target=1000),
    ]
