"""The figures of the start pages and the leadership dashboard, read from their HTML as a reader sees them."""
import re


def overdue_cards(html: str) -> dict[str, tuple[int, str]]:
    """The dashboard's figures: title → (figure, the link or "")."""
    grid = html.split('<ul class="stat-grid" aria-label="当前逾期事项">')[1].split("</ul>")[0]
    cards = re.findall(r'<li class="stat">(?:<a class="stat__link" href="([^"]+)">)?'
                       r'<span class="stat__title">([^<]+)</span><span class="stat__value">(\d+)</span>', grid)
    return {title: (int(figure), url) for url, title, figure in cards}


def start_page_figure(html: str, title: str) -> int:
    """The figure of a start page's card."""
    return int(re.search(rf'<span class="stat__title">{title}</span>\s*<span class="stat__value">(\d+)</span>',
                         html).group(1))
