"""The "What you say" sidebar says how many comments an article has in words, not as a
bare number in brackets that a screen reader or a newcomer cannot place."""

import re

import pytest

from tests.articles.factories import make_article

from .factories import make_comment
from .helpers import sidebar, text_of, visible_text

pytestmark = pytest.mark.django_db


def counts_beside(recent: str) -> dict[str, str]:
    """{headline: what the sidebar says beside it}, once per article."""
    items = re.findall(
        r'<p class="on-article"><a [^>]*>([^<]*)</a>\s*<span class="meta">(.*?)</span>',
        recent,
        re.DOTALL,
    )
    return {headline: visible_text(meta) for headline, meta in items}


def test_the_count_beside_each_article_says_comments(client):
    busy = make_article(headline="Busy story")
    quiet = make_article(headline="Quiet story")
    make_comment(busy)
    make_comment(busy)
    make_comment(quiet)

    said = counts_beside(sidebar(text_of(client.get("/en/"))))

    assert said["Busy story"].endswith("(2 comments)")
    assert said["Quiet story"].endswith("(1 comment)")
