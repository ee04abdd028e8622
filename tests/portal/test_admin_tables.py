"""The admin's tables of stored JSON: names from the labels given, the key itself where none names it (nothing
stored is hidden), values as read."""
import datetime

from django.utils import translation

from commitments.models import Commitment
from integrity_portal.admin_tables import changes_table, field_labels, field_value, labelled_table, shown_value


def test_a_key_nobody_names_is_shown_as_stored():
    with translation.override("zh-hans"):
        html = labelled_table({"as_of": "2026-03-31", "brand_new_key": 3}, {"as_of": "数据截至"})
    assert "数据截至" in html and "2026-03-31" in html and "brand_new_key" in html and ">as_of<" not in html


def test_changes_read_by_field_and_choice_names_and_values_as_read():
    with translation.override("zh-hans"):
        html = changes_table({"publication_type": [None, "public"], "valid_until": ["2026-01-01", None],
                              "unknown": [True, False]},
                             field_labels(Commitment), value=field_value(Commitment))
    assert "公开类型" in html and "向社会公开" in html and "有效期至" in html and "unknown" in html
    assert ">public<" not in html and "是" in html and "否" in html and "—" in html


def test_values_are_shown_as_people_read_them():
    assert shown_value(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert shown_value(["a", None, 2]) == "a、—、2"
    assert shown_value(None) == shown_value("") == "—"
