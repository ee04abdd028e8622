"""The text a user sees on an HTML page: text nodes outside ``<script>``/``<style>``/``<template>``,
plus the attributes people read or hear (``title``, ``placeholder``, ``aria-label``, ``alt``, a button's ``value``)."""
from html.parser import HTMLParser

HIDDEN = {"script", "style", "template", "noscript"}
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden_depth += 1
            return
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.chunks.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The page's visible text, one chunk per text node or read attribute."""
    parser = _VisibleText()
    parser.feed(html)
    return parser.chunks
