"""Helpers for driving the Django admin's change forms in tests, as a browser would submit them."""


def _field_data(form, data: dict) -> None:
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        else:
            data[key] = value  # BoundField.value() is already prepared for the widget (a JSON field's text…)


def admin_form_data(response, **changes) -> dict:
    """The POST body of an admin add/change page as shown (main form and every inline formset), then ``changes``.

    ``changes`` keys are the submitted names (``weight`` or ``indicators-0-weight``)."""
    data: dict = {}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _field_data(form, data)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def keys_shown(html: str, keys) -> list[str]:
    """Which of ``keys`` (stored keys: field names, choice and indicator keys) a reader sees on the page, as a word
    of its visible text (the title and headings included; an address or a form field's name is not read)."""
    import re

    from tests.support.visible_text import visible_text

    text = "\n".join(visible_text(html))
    return [key for key in keys if re.search(rf"(?<![\w./@:-]){re.escape(key)}(?![\w./@-])", text)]
