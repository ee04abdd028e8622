"""Long lists for the paging tests: rows made in bulk, and a list read as a reader reads it, page by page through
its own 下一页 links (so the filters must survive in them)."""
import re
from html import unescape
from urllib.parse import urljoin

from django.urls import reverse

from workdays.models import Clock

NEXT = re.compile(r'<a href="([^"]*)" rel="next">')
MAX_PAGES = 50


def detail_links(name: str) -> str:
    """A pattern for the ids a list links to on the detail page ``name`` (a URL name taking the pk)."""
    return re.escape(reverse(name, args=[999999]).removesuffix("999999/")) + r"(\d+)/"


def read_pages(client, url: str, rows: str) -> tuple[list[str], list[str]]:
    """(the rows matched by ``rows``, one group, across every page; the pages' HTML) from ``url`` on."""
    found, pages = [], []
    while url:
        assert len(pages) < MAX_PAGES, f"more than {MAX_PAGES} pages from {url}"
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        html = response.content.decode()
        pages.append(html)
        found += re.findall(rows, html)
        following = NEXT.search(html)
        url = urljoin(url, unescape(following.group(1)).split("#")[0]) if following else None
    return found, pages


def clocks_like(clock: Clock, subjects) -> list[Clock]:
    """One clock per subject, each a copy of ``clock`` (same purpose, policy, dates and state)."""
    fields = {field.attname: getattr(clock, field.attname) for field in Clock._meta.concrete_fields
              if field.attname not in ("id", "object_id", "created_at")}
    return Clock.objects.bulk_create([Clock(**fields, object_id=subject.pk) for subject in subjects])


def copies(instance, count: int, **varying) -> list:
    """``count`` copies of a model instance saved in one query; ``varying``: field → function of the index."""
    model = type(instance)
    fields = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields
              if not field.primary_key}
    return model.objects.bulk_create([model(**{**fields, **{name: make(index) for name, make in varying.items()}})
                                      for index in range(count)])
