"""The desk shows times as the site does: on the 24-hour clock ("13:05"), never "1:05 p.m."."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.urls import reverse

from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AFTERNOON = datetime(2026, 3, 12, 13, 5, tzinfo=LONDON)
JUST_AFTER_MIDNIGHT = datetime(2026, 3, 13, 0, 41, tzinfo=LONDON)
TWELVE_HOUR = re.compile(r"\d{1,2}(:\d\d)? ?[ap]\.m\.|\bnoon\b|\bmidnight\b", re.IGNORECASE)


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_the_article_list_shows_publication_times_on_the_24_hour_clock(editor_client, settings):
    settings.TIME_ZONE = "Europe/London"
    make_article(headline="Afternoon story", published_at=AFTERNOON)
    make_article(headline="Night story", published_at=JUST_AFTER_MIDNIGHT)

    page = editor_client.get(reverse("admin:articles_article_changelist")).text

    assert "12 Mar 2026, 13:05" in page
    assert "13 Mar 2026, 00:41" in page
    assert not TWELVE_HOUR.search(page), TWELVE_HOUR.search(page).group(0)


def test_the_article_form_shows_its_record_times_on_the_24_hour_clock(editor_client, settings):
    settings.TIME_ZONE = "Europe/London"
    article = make_article(headline="Afternoon story", published_at=AFTERNOON)
    Article.objects.filter(pk=article.pk).update(
        created_at=AFTERNOON, modified_at=JUST_AFTER_MIDNIGHT
    )

    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert "12 Mar 2026, 13:05" in page  # created
    assert "13 Mar 2026, 00:41" in page  # last modified
    assert not TWELVE_HOUR.search(page), TWELVE_HOUR.search(page).group(0)


def test_times_left_to_the_locale_are_24_hour_everywhere(settings):
    settings.TIME_ZONE = "Europe/London"
    rendered = Template("{{ when|time }} | {{ when }} | {{ when|date:'SHORT_DATETIME_FORMAT' }}")
    assert rendered.render(Context({"when": AFTERNOON})) == (
        "13:05 | 12 Mar 2026, 13:05 | 12/03/2026 13:05"
    )
