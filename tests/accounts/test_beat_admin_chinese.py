"""The periodic task page of the beat schedule is Chinese on a Chinese admin: django-celery-beat's own zh_Hans
catalogue lacks its fieldset titles (Schedule, Arguments, Execution Options), its crontab's description is written
by cron-descriptor in the server's locale (At 01:00 AM), and its page names both in English (Crontab translation,
Translation:). The project's admin names them in Chinese, English through locale/en like every other string."""
import html
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db

#: What the page showed in English on the Chinese admin.
ENGLISH = ["Schedule", "Arguments", "Execution Options", "Crontab translation", "Translation:"]
CRON_IN_ENGLISH = re.compile(r"\b(At|AM|PM|Every|on day|of the month)\b")


def shown_texts(page: str) -> list[str]:
    """The page's text as the office reads it: the text between tags (outside scripts), the crontab descriptions
    its script fills in, and that script's own words."""
    readable = re.search(r'<script id="readable-crontabs" type="application/json">(.*?)</script>', page, re.S)
    script = re.search(r'<script id="periodic-task-overrides">(.*?)</script>', page, re.S)
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", "", page[page.find("<body"):], flags=re.S)
    texts = [html.unescape(text).strip() for text in re.findall(r">([^<]+)<", body)]
    texts += list(json.loads(html.unescape(readable.group(1))).values()) if readable else []
    texts += re.findall(r"`([^`]*)`", script.group(1)) if script else []
    return [text for text in texts if text]


def periodic_task_pages(client):
    job = PeriodicTask.objects.get(task="workdays.advance_clocks")
    for url in (reverse("admin:django_celery_beat_periodictask_add"),
                reverse("admin:django_celery_beat_periodictask_change", args=[job.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def test_the_periodic_task_page_has_no_english_on_the_chinese_admin(cast, client):
    client.force_login(cast.office)
    for url, response in periodic_task_pages(client):
        texts = shown_texts(response.content.decode())
        assert "执行计划" in texts and "参数" in texts and "执行选项" in texts, url
        english = [text for text in texts if any(word in text for word in ENGLISH) or CRON_IN_ENGLISH.search(text)]
        assert not english, (url, english)
    assert "在 01:00" in response.content.decode()  # the clocks job's crontab, described in Chinese


@pytest.mark.requires("msgfmt")
def test_the_english_admin_names_them_in_english(cast, client):
    client.force_login(cast.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url, response in periodic_task_pages(client):
        texts = shown_texts(response.content.decode())
        assert {"Schedule", "Arguments", "Execution options"} <= set(texts), url
    assert "At 01:00 Asia/Shanghai" in texts
