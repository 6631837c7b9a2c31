"""Times written for machines (`<time datetime>`) are valid HTML: whole seconds, an offset."""

import datetime

from django.template import Context, Template
from django.utils import timezone

RENDER = Template('{% load machine_time %}<time datetime="{{ when|machine_time }}">')


def render(when) -> str:
    return RENDER.render(Context({"when": when}))


def test_a_time_with_microseconds_is_written_to_the_second_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Baghdad"
    when = datetime.datetime(2026, 12, 2, 0, 36, 25, 464933, tzinfo=datetime.UTC)
    with timezone.override("Asia/Baghdad"):
        assert render(when) == '<time datetime="2026-12-02T03:36:25+03:00">'


def test_a_date_is_written_as_a_date_and_nothing_as_nothing():
    assert render(datetime.date(2026, 12, 2)) == '<time datetime="2026-12-02">'
    assert render(None) == '<time datetime="">'
