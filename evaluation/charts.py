"""Server-rendered SVG charts: no JavaScript, no CDN (intranets are offline). Text is escaped; each chart has
a <title> and the same figures are in a table next to it for screen readers."""
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

BAR = "#1f5fa8"
VETO = "#b3261e"
GRID = "#c8d3e0"


def bar_chart(rows: list[dict], *, title: str, maximum: Decimal = Decimal(100)) -> str:
    """Horizontal bars as HTML (text stays at the page's font size and the rows reflow on a phone): rows of
    {"label", "value", "url"?, "alert"?, "note"?}. A row with a url is one link (label, bar and value)."""
    parts = [format_html('<figure class="bars"><figcaption class="bars__title">{}</figcaption><ol class="bars__list">',
                         title)]
    for row in rows:
        value = Decimal(row["value"] or 0)
        share = float(min(value, maximum) * 100 / maximum) if maximum else 0
        inner = format_html(
            '<span class="bars__label">{}</span><span class="bars__track" aria-hidden="true">'
            '<span class="bars__bar" style="width: {}%"></span></span><span class="bars__value">{}{}</span>',
            row["label"], f"{max(share, 0):.1f}", _fmt(value),
            format_html('<span class="bars__note">{}</span>', row["note"]) if row.get("note") else "")
        inner = (format_html('<a class="bars__item bars__link" href="{}">{}</a>', row["url"], inner) if row.get("url")
                 else format_html('<span class="bars__item">{}</span>', inner))
        parts.append(format_html('<li class="bars__row{}">{}</li>', " bars__row--alert" if row.get("alert") else "",
                                 inner))
    parts.append(mark_safe("</ol></figure>"))
    return mark_safe("".join(parts))


PALETTE = ["#1f5fa8", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]  # lines that coincide stay told apart by their legend


def line_chart(labels: list[str], series: list[dict], *, title: str, empty: str) -> str:
    """Lines over periods: series of {"label", "values": [Decimal|None, …], "url"?}; a gap where a value is
    missing. A small drawing (its text ≥ 12 px even on a 375-px phone) with the legend as HTML below it; when
    fewer than two periods have any figure there is no trend to draw, and ``empty`` says so instead."""
    with_data = [i for i in range(len(labels)) if any(line["values"][i] is not None for line in series)]
    if len(with_data) < 2:
        return format_html('<p class="empty">{}</p>', empty)
    width, height, left, bottom, top, right = 320, 180, 34, 24, 8, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(labels) - 1)
    parts = [format_html('<figure class="trend"><svg class="chart chart--trend" role="img" viewBox="0 0 {} {}" '
                         'xmlns="http://www.w3.org/2000/svg"><title>{}</title>', width, height, title)]
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                                 '<text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>',
                                 left, f"{y:.1f}", left + plot_w, f"{y:.1f}", GRID, left - 4, f"{y + 4:.1f}", tick))
    shown = labels if len(labels) <= 4 else [label if i % 2 == (len(labels) - 1) % 2 else ""
                                                for i, label in enumerate(labels)]
    for index, label in enumerate(shown):
        if label:
            parts.append(format_html('<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>',
                                     f"{left + index * step:.1f}", height - 6, label))
    for number, line in enumerate(series):
        colour, dash = PALETTE[number % len(PALETTE)], DASHES[number % len(DASHES)]
        points = [(left + i * step, top + plot_h * (1 - float(v) / 100)) for i, v in enumerate(line["values"])
                  if v is not None]
        if len(points) > 1:
            parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                                     " ".join(f"{x:.1f},{y:.1f}" for x, y in points), colour,
                                     format_html(' stroke-dasharray="{}"', dash) if dash else ""))
        for x, y in points:
            parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour))
    parts.append(mark_safe('</svg><ul class="trend__legend">'))
    for number, line in enumerate(series):
        name = format_html('<a href="{}">{}</a>', line["url"], line["label"]) if line.get("url") else line["label"]
        parts.append(format_html('<li><span class="trend__swatch" style="border-top-color: {}; border-top-style: {}">'
                                 '</span>{}</li>', PALETTE[number % len(PALETTE)],
                                 "solid" if not DASHES[number % len(DASHES)] else "dashed", name))
    parts.append(mark_safe("</ul></figure>"))
    return mark_safe("".join(parts))


def progress_bar(percent: int) -> str:
    percent = max(0, min(100, int(percent)))
    return format_html('<svg class="chart" role="img" viewBox="0 0 300 16" width="300" height="16" '
                       'xmlns="http://www.w3.org/2000/svg"><title>{}%</title>'
                       '<rect width="300" height="16" fill="{}"/><rect width="{}" height="16" fill="{}"/></svg>',
                       percent, GRID, 3 * percent, BAR)


def _fmt(value) -> str:
    value = Decimal(value)
    return escape(f"{value:.1f}".rstrip("0").rstrip("."))
