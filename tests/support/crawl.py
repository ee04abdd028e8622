"""A link crawler for Django's test client: what a user can reach by clicking, and whether it works.

    pages = crawl(client, "/workspace/", depth=3)         # -> list of URLs that answered 200 with HTML
    pages = crawl_pages(client, "/workspace/", depth=3)   # -> {url: Page(status, html, referrer)}

From ``start_url`` it follows every ``<a href>`` and every ``<form action>`` (as a GET:
what the user opens, never what they submit) on pages of this site, breadth first, to
``depth`` clicks. Any answer of 403, 404 or 5xx is collected and raised at the end as one
``BrokenLinks`` error naming each URL, its status and the page that showed it. Redirects are
followed (``client.get(follow=True)``); a redirect to the login page counts as 403.

To stay within a couple of minutes per role it skips logging out, switching the language,
the API and the heavy downloads (exports, PDFs, spreadsheet templates: ``SKIP``), and visits
at most ``per_shape`` URLs of one *shape* (the path with its numbers replaced and the
query's keys): ten records' detail pages render one template, two of them prove it.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

SKIP = re.compile(
    r"^/(i18n/|api/|static/|media/|admin/jsi18n/|admin/r/)|/logout/?$|/autocomplete/|/export/?|/pdf/?$|\.(xlsx|csv|pdf|zip)$|/template/|/password_change/"
)
BAD_STATUS = {403, 404}  # and every 5xx; 405 is the honest answer of a POST-only target to a GET


@dataclass
class Page:
    url: str
    status: int
    html: str
    referrer: str | None


class BrokenLinks(AssertionError):
    def __init__(self, broken: list[tuple[str, int, str | None]]):
        self.broken = broken
        lines = [f"{status} {url}  (linked from {referrer})" for url, status, referrer in broken]
        super().__init__(f"{len(broken)} broken or forbidden link(s):\n" + "\n".join(lines))


class _Targets(HTMLParser):
    """The hrefs of ``<a>`` and the actions of ``<form>`` on one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.targets.append(values["href"])
        elif tag == "form" and values.get("action"):
            self.targets.append(values["action"])


def links_of(html: str, base_url: str) -> list[str]:
    """The same-site URLs a page links to or submits to, resolved against ``base_url``, fragments removed."""
    parser = _Targets()
    parser.feed(html)
    found = []
    for target in parser.targets:
        target = target.strip()
        if target.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        absolute = urldefrag(urljoin(base_url, target)).url
        parts = urlsplit(absolute)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue  # another site
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> str:
    """``/records/17/?page=2&kind=x`` → ``/records/N/?kind&page``: pages that render the same way."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    if path.startswith("/admin/"):
        return path  # the admin's sort and filter links are endless combinations of one changelist
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def _is_login(url: str) -> bool:
    return "/login/" in urlsplit(url).path


def crawl_pages(client, start_url: str, depth: int = 3, per_shape: int = 2, skip: re.Pattern = SKIP,
                raise_on_broken: bool = True) -> dict[str, Page]:
    """Every page reachable from ``start_url`` in ``depth`` clicks: ``{url: Page}`` (HTML pages and others)."""
    pages: dict[str, Page] = {}
    broken: list[tuple[str, int, str | None]] = []
    seen = {start_url}
    per_shape_count: dict[str, int] = {}
    queue = deque([(start_url, 0, None)])
    while queue:
        url, level, referrer = queue.popleft()
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        status = response.status_code
        if _is_login(final) and not _is_login(url):
            status = 403  # sent to log in: the viewer may not open it
        content_type = response.get("Content-Type", "")
        html = response.content.decode("utf-8", "replace") if "html" in content_type else ""
        pages[url] = Page(url=url, status=status, html=html, referrer=referrer)
        if status in BAD_STATUS or status >= 500:
            broken.append((url, status, referrer))
            continue
        if level >= depth or not html or status != 200:
            continue
        for link in links_of(html, final):
            if link in seen or skip.search(urlsplit(link).path):
                continue
            key = shape(link)
            if per_shape_count.get(key, 0) >= per_shape:
                continue
            seen.add(link)
            per_shape_count[key] = per_shape_count.get(key, 0) + 1
            queue.append((link, level + 1, url))
    if broken and raise_on_broken:
        raise BrokenLinks(broken)
    return pages


def crawl(client, start_url: str, depth: int = 3, **options) -> list[str]:
    """The URLs reachable from ``start_url`` that answered 200 with an HTML page; raises ``BrokenLinks``."""
    return [url for url, page in crawl_pages(client, start_url, depth, **options).items()
            if page.status == 200 and page.html]
