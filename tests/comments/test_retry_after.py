"""Every 429 the comments answer says, in Retry-After, how many seconds are left to wait."""

import time

import pytest
from django.test import Client

from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import make_comment
from .helpers import post_comment
from .safety import report

pytestmark = pytest.mark.django_db


def test_a_comment_too_soon_after_another_is_told_the_seconds_left(client, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 15
    article = make_article()
    assert post_comment(client, article, address="10.0.0.9").status_code == 302

    response = post_comment(Client(), article, address="10.0.0.9", body="Too soon.")

    assert response.status_code == 429
    assert 10 <= int(response["Retry-After"]) <= 15


def test_an_account_at_its_hourly_limit_is_told_when_the_hour_ends(client, settings, monkeypatch):
    settings.COMMENTS_MAX_PER_HOUR = 2
    article = make_article()
    client.force_login(make_member())
    started = time.time()
    for n in range(2):
        assert post_comment(client, article, address=f"10.0.1.{n}").status_code == 302
    # Twenty minutes on (the gap between comments long over), the hour still runs.
    monkeypatch.setattr(time, "time", lambda: started + 20 * 60)

    response = post_comment(client, article, address="10.0.1.99")

    assert response.status_code == 429
    assert 40 * 60 - 5 <= int(response["Retry-After"]) <= 40 * 60 + 5


def test_a_reader_at_the_report_limit_is_told_when_the_hour_ends(client, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 1
    assert report(client, make_comment()).status_code == 302

    response = report(client, make_comment())

    assert response.status_code == 429
    assert 60 * 60 - 5 <= int(response["Retry-After"]) <= 60 * 60
