"""Server-rendered SVG charts: no JavaScript, no CDN (intranets are offline). Text is escaped; each chart has
a <title> and the same figures are in a table next to it for screen readers."""
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

BAR = "#1f5fa8"
VETO = "#b3261e"
GRID = "#c8d3e0"


def bar_chart(rows: list[dict], *, title: str, maximum: Decimal = Decimal(100), width: int = 640) -> str:
    """Horizontal bars: rows of {"label", "value", "url"?, "alert"?}."""
    bar_h, gap, label_w = 18, 6, 190
    height = len(rows) * (bar_h + gap) + 24
    plot_w = width - label_w - 60
    parts = [format_html('<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
                         'xmlns="http://www.w3.org/2000/svg"><title>{}</title>', width, height, title)]
    for tick in range(0, 101, 25):
        x = label_w + plot_w * tick / 100
        parts.append(format_html('<line x1="{}" y1="0" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                                 '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                                 x, x, height - 14, GRID, x, height - 2, _fmt(maximum * tick / 100)))
    for index, row in enumerate(rows):
        y = index * (bar_h + gap) + 2
        value = Decimal(row["value"] or 0)
        w = max(0, float(plot_w * min(value, maximum) / maximum)) if maximum else 0
        colour = VETO if row.get("alert") else BAR
        bar = format_html('<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>'
                          '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                          '<text x="{}" y="{}" font-size="11">{}</text>',
                          label_w - 6, y + 13, row["label"][:14], label_w, y, f"{w:.1f}", bar_h, colour,
                          f"{label_w + w + 4:.1f}", y + 13, _fmt(value))
        # No links inside role="img" (nested-interactive): the table beside each chart carries them.
        parts.append(bar)
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def line_chart(labels: list[str], series: list[dict], *, title: str, width: int = 640, height: int = 220) -> str:
    """Lines over periods: series of {"label", "values": [Decimal|None, …]}; a gap where a value is missing."""
    left, bottom, top, right = 40, 28, 10, 150
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(labels) - 1)
    palette = ["#1f5fa8", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"]
    parts = [format_html('<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
                         'xmlns="http://www.w3.org/2000/svg"><title>{}</title>', width, height, title)]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                                 '<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
                                 left, f"{y:.1f}", left + plot_w, f"{y:.1f}", GRID, left - 4, f"{y + 3:.1f}", tick))
    for index, label in enumerate(labels):
        parts.append(format_html('<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                                 f"{left + index * step:.1f}", height - 8, label))
    for number, line in enumerate(series):
        colour = palette[number % len(palette)]
        points = [(left + i * step, top + plot_h * (1 - float(v) / 100)) for i, v in enumerate(line["values"])
                  if v is not None]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>', path, colour))
            for x, y in points:
                parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour))
        parts.append(format_html('<text x="{}" y="{}" font-size="11" fill="{}">■ {}</text>',
                                 left + plot_w + 10, top + 14 * number + 10, colour, line["label"][:12]))
    parts.append(mark_safe("</svg>"))
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
