"""The n-gram search returns exactly what ``icontains`` (LIKE) returns (issue 18), on PostgreSQL where it is used.

A seeded sample of every searched table gets Chinese, mixed-case ASCII and awkward text (quotes, backslashes,
LIKE's wildcards, spaces, full-width characters); every term of one, two and four characters, codes and
terms that would only match across two columns are searched both ways and the ids compared."""
import datetime
import random
from functools import reduce
from operator import or_

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision, Subject
from integrity_portal.search import SEARCH_COLUMNS, contains
from objections.filtersets import ObjectionFilterSet
from objections.models import Objection
from records.models import CivilServant, CreditRecord, Unit
from tests.factories import make_resident_id, make_uscc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_required")]

PARTS = ["拖欠中小企业工程款", "虚报冒领补贴资金", "违规发放补贴", "未按期兑现招商引资承诺", "政府采购合同违约",
         "违法占用耕地", "济南恒泰建材有限公司", "莱芜区", "鲁2024第12345号", "Abc-工程", "50%_折扣", "O'Brien",
         "C:\\路径", "全角ＡＢＣ", "  两个空格  ", "王伟", "王芳芳", "张", "补", "贴", "甲乙", "乙丙"]
TERMS = ["补", "贴", "王", "A", "a", "%", "_", "'", "\\", " ", "补贴", "工程", "拖欠", "ab", "AB", "0%", "ＡＢ",
         "补贴资金", "中小企业", "恒泰建材", "12345", "鲁2024", "O'B", "\\路", "50%_", "贴资", "有限公司",
         "号王", "金王", "款鲁", "不存在的词", "甲乙丙", "乙丙甲"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PARTS) for _ in range(rng.randint(1, 3)))


@pytest.fixture
def sample():
    call_command("generate_scale", "--records", "240", "--servants", "40", "--units", "6", "--seed", "5",
                 "--objections", "60", "--commitments", "40", "--clues", "40", "--file-records", "20", "--quiet")
    rng = random.Random(18)
    for label, fields in SEARCH_COLUMNS.items():
        model = apps.get_model(label)
        rows = list(model.objects.all())
        for row in rows:
            for name in fields:
                width = model._meta.get_field(name).max_length or 400
                unique = f"-{row.pk}" if name == "document_number" else ""  # unique per department
                setattr(row, name, _text(rng)[:width - len(unique)] + unique)
        model.objects.bulk_update(rows, fields)
    department = Unit.objects.order_by("pk").first()
    subjects = Subject.objects.bulk_create(
        [Subject(category="legal_person", name=_text(rng)[:200], uscc=make_uscc()) for _ in range(30)]
        + [Subject(category="natural_person", name=_text(rng)[:200], id_type="resident_id",
                   id_number=make_resident_id()) for _ in range(10)])
    Decision.objects.bulk_create(
        [Decision(act="penalty", department=department, subject=rng.choice(subjects), subject_category="legal_person",
                  subject_name=_text(rng)[:200], document_number=f"{_text(rng)[:90]}{i}", content="决定内容",
                  decision_date=datetime.date(2025, 1, 1)) for i in range(80)])


def _ids(model, condition) -> set[int]:
    return set(model.objects.filter(condition).values_list("pk", flat=True))


def test_every_search_column_returns_what_like_returns(sample):
    checked = 0
    for label, fields in SEARCH_COLUMNS.items():
        model = apps.get_model(label)
        assert model.objects.count() >= 30, label
        for subset in [fields, *((name,) for name in fields if len(fields) > 1)]:
            for term in TERMS:
                like = reduce(or_, (Q(**{f"{name}__icontains": term}) for name in subset))
                with CaptureQueriesContext(connection) as ctx:
                    got = _ids(model, contains(model, term, subset))
                indexed = len(term) <= 2 and subset == fields  # longer terms: LIKE, served by pg_trgm
                assert ("portal_ngram_query" in ctx.captured_queries[0]["sql"]) == indexed, (label, subset, term)
                assert got == _ids(model, like), (label, subset, term)
                checked += 1
    assert checked > 300
    # The sample is not trivial: common terms match many rows, and a term spanning two columns matches none.
    record_like = _ids(CreditRecord, Q(title__icontains="补贴") | Q(decision_number__icontains="补贴"))
    assert 20 < len(record_like) < CreditRecord.objects.count()
    # Every pair of 甲乙丙 is in some titles; the three characters in a row in none: the pairs alone are not enough.
    assert _ids(CreditRecord, Q(title__icontains="甲乙") & Q(title__icontains="乙丙"))
    assert not _ids(CreditRecord, Q(title__icontains="甲乙丙"))


@pytest.mark.parametrize("id_list_limit", [10_000, 1])
def test_the_objection_search_returns_what_like_returns(sample, id_list_limit, monkeypatch):
    """The objection lists search the record's title and document number and the name of the servant it is about
    (objections/filtersets.py): the records objected to through their part of the n-gram index, the servants looked
    up first; past the id list's limit (a common word) each objection's record is checked instead. Both give the
    objections LIKE gives over the joins. (A blank term is no search: forms strip it.)"""
    monkeypatch.setattr("objections.filtersets.ID_LIST_LIMIT", id_list_limit)
    names = list(CivilServant.objects.filter(credit_records__objections__isnull=False).values_list("name", flat=True))
    checked = set()
    for term in [t for t in TERMS + [name.strip()[:2] for name in names[:5]] if t.strip()]:
        like = (Q(record__title__icontains=term) | Q(record__decision_number__icontains=term)
                | Q(record__civil_servant__name__icontains=term))
        filterset = ObjectionFilterSet({"q": term}, queryset=Objection.objects.all())
        with CaptureQueriesContext(connection) as ctx:
            got = set(filterset.qs.values_list("pk", flat=True))
        assert got == _ids(Objection, like), term
        indexed = any("portal_ngram_query" in q["sql"] for q in ctx.captured_queries)
        assert indexed == (len(term) <= 2), term
        checked.add(len(got))
    assert len(checked) > 3 and 0 in checked and Objection.objects.count() not in checked  # not all or nothing


def test_the_index_follows_every_write(sample):
    record = CreditRecord.objects.order_by("pk").first()
    record.title = "独一无二的事由"
    record.save()
    assert _ids(CreditRecord, contains(CreditRecord, "独一", ("title", "decision_number"))) == {record.pk}
    CreditRecord.objects.filter(pk=record.pk).update(title="另一个标题")
    assert not _ids(CreditRecord, contains(CreditRecord, "独一", ("title", "decision_number")))
    servant = CivilServant.objects.order_by("pk").first()
    CivilServant.objects.filter(pk=servant.pk).update(name="欧阳修远")
    assert _ids(CivilServant, contains(CivilServant, "欧", ("name",))) == {servant.pk}


def test_each_table_has_the_column_its_filters_rely_on(sample):
    """SEARCH_COLUMNS (what the filters assume) matches each trigger the migrations made (what the database keeps)."""
    with connection.cursor() as cursor:
        for label, fields in SEARCH_COLUMNS.items():
            model = apps.get_model(label)
            table = model._meta.db_table
            cursor.execute("SELECT tgattr::text, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                           "WHERE tgrelid = %s::regclass AND tgname = %s", [table, f"{table}_ngrams_trg"])
            row = cursor.fetchone()
            assert row, f"{table} has no n-gram trigger"
            columns = {model._meta.get_field(name).column for name in fields}
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [f"{table}_ngrams_fn"])
            source = cursor.fetchone()[0]
            assert {c for c in columns if f'NEW."{c}"' in source} == columns, (table, source)
            assert source.count("NEW.") == len(columns) + 1, (table, source)  # no column beyond those


def test_decision_search_by_a_document_number_returns_what_like_returns(sample):
    """Terms with a digit look up the matching ids first, asking pg_trgm only for the number's serial part
    (decisions/filtersets.py): whole and partial numbers, other brackets, a number inside a longer one, and
    names with digits return exactly LIKE's rows."""
    from decisions.filtersets import search_decisions

    department = Unit.objects.order_by("pk").first()
    subject = Subject.objects.order_by("pk").first()
    numbers = ["汶审批许〔2023〕123号", "莱汶审批许〔2023〕123号", "汶审批许〔2023〕1234号", "汶审批许〔2023〕123号之一",
               "泉市监罚〔2024〕5号", "泉市监罚〔2024〕15号", "泉市监罚[2024]5号", "泉市监罚（2024）5号", "鲁2024第12345号",
               "abc〔2023〕7号"]
    Decision.objects.bulk_create(
        [Decision(act="penalty", department=department, subject=subject, subject_category="legal_person",
                  subject_name=name, document_number=number, content="决定内容",
                  decision_date=datetime.date(2025, 1, 1))
         for number, name in zip(numbers, ["第3分店", "123号商店", *["某公司"] * (len(numbers) - 2)], strict=True)])
    terms = [*numbers, "〔2023〕123号", "2023〕123号", "〕123号", "123号", "〕5号", "监罚〔2024〕5号", "[2024]5号",
             "）5号", "ABC〔2023〕7号", "审批许〔2023〕", "〔2024〕", "2023", "第3分", "不存在〔2023〕1号", "12345"]
    for term in terms:
        like = Q(subject_name__icontains=term) | Q(document_number__icontains=term)
        with CaptureQueriesContext(connection) as ctx:
            got = set(search_decisions(Decision.objects.all(), term).values_list("pk", flat=True))
        assert got == _ids(Decision, like), term
        # the ids first (LIMIT 10001), then the rows by id: no LIKE in the list's own query (none when none found)
        decision_sql = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "decisions_decision"')]
        assert "LIMIT 10001" in decision_sql[0], term
        assert all("LIKE" not in sql for sql in decision_sql[1:]), term
    assert len(_ids(Decision, Q(document_number__icontains="〔2023〕123号"))) == 3


@pytest.mark.parametrize("id_list_limit", [10_000, 1])
def test_record_search_by_a_document_number_returns_what_like_returns(sample, id_list_limit, monkeypatch):
    """A number typed with its year in brackets is looked up first without the year's trigrams (the office part
    and the serial part, then ``strpos`` on the whole term: records/filtersets.py ``record_text``); with more
    matches than the id list holds, the plain LIKE. Whole and partial numbers, other brackets, a number inside a
    longer one, titles with digits, and wildcards return exactly LIKE's rows."""
    from records import filtersets

    monkeypatch.setattr(filtersets, "ID_LIST_LIMIT", id_list_limit)
    numbers = ["汶综执罚〔2024〕824号", "莱汶综执罚〔2024〕824号", "汶综执罚〔2024〕8245号", "汶综执罚〔2024〕824号之一",
               "泉市监罚〔2023〕5号", "泉市监罚〔2023〕15号", "泉市监罚[2023]5号", "泉市监罚（2023）5号", "（2023）鲁1291执57号",
               "abc〔2023〕7号", "50%_罚〔2023〕1号"]
    records = list(CreditRecord.objects.order_by("pk")[:len(numbers)])
    for record, number in zip(records, numbers, strict=True):
        record.decision_number = number
    records[0].title = "汶综执罚〔2024〕824号所涉补贴"  # the same number in another record's title
    records[0].decision_number = "其他文号"
    CreditRecord.objects.bulk_update(records, ["title", "decision_number"])
    terms = [*numbers, "汶综执罚〔2024〕824号", "综执罚〔2024〕824", "〔2024〕824号", "执罚〔2024〕8", "监罚〔2023〕5号",
             "市监罚[2023]5号", "ABC〔2023〕7号", "综执罚〔2024〕", "50%_罚〔2023〕1号", "5%_罚〔2023〕1", "不存在〔2023〕1号",
             "罚〔2023〕5号", "鲁1291执57号"]
    matched = 0
    for term in terms:
        like = Q(title__icontains=term) | Q(decision_number__icontains=term)
        with CaptureQueriesContext(connection) as ctx:
            got = _ids(CreditRecord, filtersets.record_text(term))
        assert got == _ids(CreditRecord, like), term
        matched += bool(got)
        if "〔2024〕824号" in term and len(term) > 10 and id_list_limit > 1:
            # looked up without the year, then asked by id: the list's own statement has no LIKE
            lookup = ctx.captured_queries[0]["sql"]
            assert len(ctx.captured_queries) == 2 and f"decision_number\"::text) LIKE UPPER('%{term}%')" not in lookup
            assert "STRPOS" in lookup, term
            assert "LIKE" not in ctx.captured_queries[1]["sql"], term
    assert matched >= 12
