"""Nothing is lost: every evaluation run is reachable from the pages. The workspace home listed the latest 20 runs,
the public index (历次考核) the latest 40 published ones, and an older version was reachable only by its URL. The
list of every run (``evaluation:run_list``) pages through all the runs the user may read, and the public index
through every published one."""
import re

import pytest
from django.urls import reverse

from evaluation.choices import RunStatus, SchemeStatus
from evaluation.models import Period, Run, Scheme
from evaluation.periods import parse_period
from tests.support.long_lists import copies, detail_links, read_pages

from .conftest import run

pytestmark = pytest.mark.django_db

LIST = reverse("evaluation:run_list")
HOME = reverse("evaluation:workspace_home")
PUBLIC = reverse("evaluation:public_index")
# Three versions of each older period: the first superseded, the second published, the third a draft.
VERSIONS = (RunStatus.SUPERSEDED, RunStatus.PUBLISHED, RunStatus.DRAFT)


def older_periods(count: int) -> list[Period]:
    """``count`` quarters before 2025Q3, newest first (2025Q2, 2025Q1, 2024Q4 …), made in one query."""
    spans, year, quarter = [], 2025, 3
    while len(spans) < count:
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        spans.append(parse_period(f"{year}Q{quarter}"))
    return Period.objects.bulk_create([Period(code=s.code, year=s.year, quarter=s.quarter, start=s.start, end=s.end)
                                       for s in spans])


def many_runs(periods: int) -> tuple[Run, list[Run]]:
    """The computed draft of 2025Q3 and three versions of each of ``periods`` older quarters (copies of it)."""
    base = run()
    made = []
    for period in older_periods(periods):
        made += copies(base, len(VERSIONS), period_id=lambda i, p=period: p.pk, version=lambda i: i + 1,
                       status=lambda i: VERSIONS[i])
    return base, made


def ids(runs) -> list[str]:
    return sorted(str(r.pk) for r in runs)


def test_the_office_reads_every_run_through_the_pages_of_the_list(client, cast, scheme):
    """Fails on the old code: there was no list of every run, and the home showed 20 of the 91."""
    base, made = many_runs(30)
    client.force_login(cast.office)
    home = client.get(HOME).content.decode()
    assert len(re.findall(detail_links("evaluation:run_detail"), home)) == 20
    assert f'<a href="{LIST}">全部计算版本</a>' in home
    found, pages = read_pages(client, LIST, detail_links("evaluation:run_detail"))
    assert len(pages) == 2  # 91 runs, 50 a page
    assert sorted(found) == ids([base, *made])  # each once: no run skipped or repeated between pages
    # Newest period first, its latest version first: 2025Q3 v1, then 2025Q2 v3, v2, v1 …
    assert found[:4] == [str(base.pk), *(str(r.pk) for r in reversed(made[:3]))]


def test_a_clerk_never_sees_a_version_that_is_not_theirs_to_read(client, cast, scheme):
    """A clerk reads drafts and published versions (Run.objects.visible_to); a superseded one is the office's."""
    base, made = many_runs(20)
    client.force_login(cast.clerk_a)
    found, _pages = read_pages(client, LIST, detail_links("evaluation:run_detail"))
    readable = [base, *(r for r in made if r.status in (RunStatus.DRAFT, RunStatus.PUBLISHED))]
    assert sorted(found) == ids(readable) == ids(Run.objects.visible_to(cast.clerk_a))
    assert not set(found) & set(ids(r for r in made if r.status == RunStatus.SUPERSEDED))
    # Asking for them by the filter shows none either
    assert read_pages(client, f"{LIST}?status=superseded", detail_links("evaluation:run_detail"))[0] == []


def test_the_leader_reads_every_version_and_opens_each_on_the_dashboard(client, cast, scheme):
    base, made = many_runs(20)
    client.force_login(cast.leader)
    found, pages = read_pages(client, LIST, detail_links("evaluation:run_detail"))
    assert sorted(found) == ids([base, *made])
    dashboard = reverse("evaluation:dashboard")
    oldest_published = made[-2]
    assert f'href="{dashboard}?run={oldest_published.pk}"' in "".join(pages)
    # The picker names the run shown, however old (it lists the latest 12 versions)
    picker = client.get(dashboard, {"run": oldest_published.pk}).content.decode()
    assert f'<option value="{oldest_published.pk}" selected>' in picker


def test_the_filters_survive_the_pages(client, cast, scheme):
    _base, made = many_runs(60)  # 60 published versions: two pages of them
    client.force_login(cast.office)
    found, pages = read_pages(client, f"{LIST}?status=published", detail_links("evaluation:run_detail"))
    assert len(pages) == 2 and sorted(found) == ids(r for r in made if r.status == RunStatus.PUBLISHED)
    year = [r for r in made if r.period.year == 2020]
    found, _pages = read_pages(client, f"{LIST}?year=2020&kind=quarterly", detail_links("evaluation:run_detail"))
    assert sorted(found) == ids(year) and len(found) == 12
    assert read_pages(client, f"{LIST}?kind=annual", detail_links("evaluation:run_detail"))[0] == []


def test_a_short_list_has_no_link_to_the_whole_list_on_the_home(client, cast, scheme):
    run()
    client.force_login(cast.office)
    home = client.get(HOME).content.decode()
    assert f'<a href="{LIST}">全部计算版本</a>' not in home
    assert f'<a href="{LIST}">考核计算版本</a>' in home  # the section's navigation has it always


def test_the_public_reads_every_published_period_through_the_pages_of_the_index(client, cast, scheme):
    """Fails on the old code: 历次考核 stopped at the latest 40 periods (here 45 are published)."""
    _base, made = many_runs(45)
    published = [r for r in made if r.status == RunStatus.PUBLISHED]
    codes, pages = read_pages(client, PUBLIC, r'<li><a href="/evaluation/(\d{4}(?:Q\d)?)/">')
    assert len(pages) == 3
    assert sorted(codes) == sorted(r.period.code for r in published)
    assert codes[0] == "2025Q2"  # newest first; 2025Q3 is only a draft
    assert codes[40:] == ["2015Q2", "2015Q1", "2014Q4", "2014Q3", "2014Q2"]  # past the old cap of 40
    assert '<caption id="ranking-caption">' in pages[0] and '<caption id="ranking-caption">' not in pages[1]


def test_the_public_never_sees_a_draft_or_a_superseded_version(client, cast, scheme):
    base, made = many_runs(2)
    html = client.get(PUBLIC).content.decode()
    assert base.period.code not in re.findall(r'<li><a href="/evaluation/(\d{4}(?:Q\d)?)/">', html)
    assert client.get(LIST).status_code == 302  # the list of every run is staff's: to the login page


def test_the_dashboard_opens_on_the_year_not_its_first_quarter_on_every_database(scheme):
    """A year and its first quarter start on the same day; the dashboard's default broke the tie on the quarter,
    NULL for a year, which PostgreSQL sorts first and SQLite last: the year's result on one, Q1's on the other.
    Fails on the old code on SQLite."""
    from evaluation.selectors import dashboard_run

    base = run()  # 2025Q3, a draft: the latest published wins over it
    year, first = (Period.objects.create(code=s.code, year=s.year, quarter=s.quarter, start=s.start, end=s.end)
                   for s in (parse_period("2025"), parse_period("2025Q1")))
    annual, quarterly = (copies(base, 1, period_id=lambda i, p=p: p.pk, status=lambda i: RunStatus.PUBLISHED)[0]
                         for p in (year, first))
    assert dashboard_run() == annual
    assert dashboard_run(str(quarterly.pk)) == quarterly  # the one asked for


def test_the_public_index_links_every_active_schemes_methodology(client):
    """Fails on the old code: the index linked the newest five active schemes' methodologies and no page listed
    the older ones, so 2019's rules were reachable only by their URL."""
    Scheme.objects.bulk_create([Scheme(year=year, name=f"{year}年度方案", methodology="办法", status=SchemeStatus.ACTIVE)
                                for year in range(2019, 2026)] + [Scheme(year=2026, name="草稿", methodology="办法")])
    page = client.get(PUBLIC).content.decode()
    links = re.findall(r'href="(/evaluation/methodology/\d+/)"', page)
    # newest first; the 2026 draft is not public
    assert links == [reverse("evaluation:public_methodology", args=[year]) for year in range(2025, 2018, -1)]
    assert client.get(reverse("evaluation:public_methodology", args=[2019])).status_code == 200
