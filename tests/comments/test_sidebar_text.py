"""How the "What you say" sidebar words an excerpt and an article's age."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from comments.templatetags.comments import time_ago
from comments.text import excerpt
from tests.articles.factories import make_article

from .factories import make_comment
from .helpers import sidebar, text_of, visible_text

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)


def test_a_short_comment_is_shown_whole():
    assert excerpt("Well said.\n\nAgreed.") == "Well said. Agreed."


def test_a_long_comment_is_cut_at_a_word_with_an_ellipsis():
    text = "The council promised a new bridge in 2019 and again in 2022 " * 5

    cut = excerpt(text, 60)

    assert cut.endswith("…")
    assert len(cut) <= 60
    assert text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " ", "the cut falls between words"


def test_a_single_endless_word_is_cut_inside_it():
    cut = excerpt("x" * 3000, 140)

    assert cut == "x" * 139 + "…"


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (NOW - timedelta(seconds=20), "just now"),
        (NOW - timedelta(minutes=1), "1 minute ago"),
        (NOW - timedelta(minutes=42), "42 minutes ago"),
        (NOW - timedelta(hours=23, minutes=59), "23 hours ago"),
        (datetime(2026, 11, 19, 3, 30, tzinfo=LONDON), "yesterday at 03:30"),
        (datetime(2026, 11, 2, 9, 12, tzinfo=LONDON), "2 Nov at 09:12"),
        (datetime(2025, 12, 30, 18, 5, tzinfo=LONDON), "30 Dec 2025 at 18:05"),
    ],
)
def test_an_articles_age_reads_as_a_news_site_says_it(moment, said):
    assert time_ago(moment, NOW) == said


@pytest.mark.django_db
def test_the_sidebar_shows_the_excerpt_and_the_age(client):
    article = make_article(headline="Dohuk dam reaches its highest level")
    make_comment(article=article, body="y" * 500)

    shown = visible_text(sidebar(text_of(client.get("/en/"))))

    assert "y" * 139 + "…" in shown
    assert "y" * 140 not in shown
    assert "Dohuk dam reaches its highest level" in shown
