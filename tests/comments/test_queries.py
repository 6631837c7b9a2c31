"""How many queries the pages with comments cost: pinned, and the same with 1 or 500 comments.

"Cold" is an empty cache (after a restart, say); "warm" is the next anonymous reader, who
gets the page from the page cache (articles.page_cache) without a query. In between, once
the cached pages are forgotten (PAGE_CACHE_SECONDS passed, or something they show changed)
the pieces kept in the shared cache on their own are not fetched again: the navigation's
sections, the "What you say" sidebar and an article's comment block.
"""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.models import Article
from articles.page_cache import forget_pages
from comments.caching import comments_changed
from comments.models import Comment
from comments.text import render_comment_body
from tests.articles.factories import make_article, make_section

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment
from .helpers import card_counts, comment_count, comment_ids, sidebar, text_of

pytestmark = pytest.mark.django_db

# The article with its section, photo and both comment counts (one query), its authors and
# tags (one query), related articles, a page of threads with their replies (one query),
# and, as the cache is empty, the navigation's sections and the sidebar.
ARTICLE_PAGE_COLD = 6
ARTICLE_PAGE_WARM = 0
# The article with its counts, its authors and tags, and related articles: the comment
# block, the navigation and the sidebar are still in the cache.
ARTICLE_PAGE_PAGES_FORGOTTEN = 3
# A comment approved on the article: its comment block (a page of threads with their
# replies) and the sidebar are fetched again, the navigation is not.
ARTICLE_PAGE_COMMENTS_CHANGED = 5
# The front page's articles with every card's comment count (window functions), their
# authors, "Most commented", and, as the cache is empty, the navigation's sections and
# the sidebar.
FRONT_PAGE_COLD = 5
FRONT_PAGE_WARM = 0
# The articles with their counts, their authors and "Most commented".
FRONT_PAGE_PAGES_FORGOTTEN = 3
# The section with the count of its published articles (one query, for the paginator), a
# page of articles with their comment counts, their authors, and, as the cache is empty,
# the navigation's sections and the sidebar.
SECTION_PAGE_COLD = 5
SECTION_PAGE_WARM = 0
# The section with its count, the articles with their counts, and their authors.
SECTION_PAGE_PAGES_FORGOTTEN = 3
# The session, the moderator's account, their own and their groups' permissions, the
# paginator's count, the navigation's sections, a page of pending comments (with article,
# account and deciding moderator joined), their history, open reports and earlier
# versions, the moderators' list of reasons and, cold, the sidebar the layout shows.
QUEUE_PAGE = 12


def bulk_comments(articles, total, status=APPROVED, parent=None):
    """`total` comments spread over `articles`, made in one INSERT (so body_html set here)."""
    now = timezone.now()
    rows = []
    for n in range(total):
        body = f"Bulk comment {n} with https://example.com/{n}"
        rows.append(
            Comment(
                article=articles[n % len(articles)],
                parent=parent,
                author_name=f"Bulk reader {n}",
                author_email=f"bulk{n}@example.com",
                body=body,
                body_html=render_comment_body(body),
                status=status,
                submitted_at=now - timedelta(minutes=total - n),
                client_hash=f"{n:064x}",
            )
        )
    Comment.objects.bulk_create(rows)


def with_hidden_comments(article):
    for status in (PENDING, REJECTED, SPAM):
        make_comment(article, status=status)


@pytest.mark.parametrize("total", [1, 500])
def test_the_article_page_costs_the_same_with_1_or_500_comments(
    client, django_assert_num_queries, total
):
    article = make_article()
    bulk_comments([article], total)
    with_hidden_comments(article)
    url = article.get_absolute_url()

    with django_assert_num_queries(ARTICLE_PAGE_COLD):
        cold = client.get(url)
    with django_assert_num_queries(ARTICLE_PAGE_WARM):
        warm = client.get(url)

    for response in (cold, warm):
        html = text_of(response)
        assert comment_count(html) == total
        assert len(comment_ids(html)) == min(total, 50)
        assert "Bulk comment" in sidebar(html)


@pytest.mark.parametrize("total", [1, 500])
def test_the_article_page_costs_the_same_once_pages_or_comments_are_forgotten(
    client, django_assert_num_queries, total
):
    article = make_article()
    bulk_comments([article], total)
    with_hidden_comments(article)
    url = article.get_absolute_url()
    client.get(url)

    forget_pages()
    with django_assert_num_queries(ARTICLE_PAGE_PAGES_FORGOTTEN):
        pages_forgotten = client.get(url)
    comments_changed([article.pk])
    with django_assert_num_queries(ARTICLE_PAGE_COMMENTS_CHANGED):
        comments_forgotten = client.get(url)

    for response in (pages_forgotten, comments_forgotten):
        html = text_of(response)
        assert comment_count(html) == total
        assert len(comment_ids(html)) == min(total, 50)
        assert "Bulk comment" in sidebar(html)


def test_the_article_page_costs_the_same_when_threads_have_replies(
    client, django_assert_num_queries
):
    article = make_article()
    bulk_comments([article], 10)
    for thread in Comment.objects.filter(article=article):
        bulk_comments([article], 3, parent=thread)

    with django_assert_num_queries(ARTICLE_PAGE_COLD):
        response = client.get(article.get_absolute_url())

    html = text_of(response)
    assert len(comment_ids(html)) == 40
    assert html.count('class="comment-replies"') == 10


def front_page_fixture(total):
    """Articles in two sections and `total` approved comments spread over them."""
    sections = [make_section(slug="local"), make_section(slug="world")]
    articles = [
        make_article(
            section=sections[(n - 1) % 2], published_at=timezone.now() - timedelta(hours=n)
        )
        for n in range(1, 7)
    ]
    bulk_comments(articles, total)
    for article in articles:
        with_hidden_comments(article)
    return articles


@pytest.mark.parametrize("total", [1, 500])
def test_the_front_page_costs_the_same_with_1_or_500_comments(
    client, django_assert_num_queries, total
):
    front_page_fixture(total)

    with django_assert_num_queries(FRONT_PAGE_COLD):
        cold = client.get("/en/")
    with django_assert_num_queries(FRONT_PAGE_WARM):
        warm = client.get("/en/")

    forget_pages()
    with django_assert_num_queries(FRONT_PAGE_PAGES_FORGOTTEN):
        pages_forgotten = client.get("/en/")

    for response in (cold, warm, pages_forgotten):
        html = text_of(response)
        assert "Most commented this week" in html
        assert "Bulk comment" in sidebar(html)
    assert card_counts(text_of(warm))


@pytest.mark.parametrize("total", [1, 500])
def test_a_section_page_costs_the_same_with_1_or_500_comments(
    client, django_assert_num_queries, total
):
    front_page_fixture(total)

    with django_assert_num_queries(SECTION_PAGE_COLD):
        cold = client.get("/en/section/local/")
    with django_assert_num_queries(SECTION_PAGE_WARM):
        warm = client.get("/en/section/local/")

    forget_pages()
    with django_assert_num_queries(SECTION_PAGE_PAGES_FORGOTTEN):
        pages_forgotten = client.get("/en/section/local/")

    for response in (cold, warm, pages_forgotten):
        assert "Bulk comment" in sidebar(text_of(response))
    assert card_counts(text_of(warm))


@pytest.mark.parametrize("total", [1, 500])
def test_the_sidebar_costs_one_query_cold_and_none_warm(django_assert_num_queries, total):
    articles = [make_article() for _ in range(4)]
    bulk_comments(articles, total)
    template = Template("{% load comments %}{% what_you_say %}")

    with django_assert_num_queries(1):
        cold = template.render(Context())
    with django_assert_num_queries(0):
        warm = template.render(Context())

    assert cold == warm
    assert cold.count("<li>") == min(total, 5)


def test_a_cards_comment_count_comes_with_its_article_and_counts_only_the_approved(
    django_assert_num_queries,
):
    article = make_article()
    bulk_comments([article], 3)
    with_hidden_comments(article)
    template = Template("{% load comments %}{{ article|comment_count }}")

    card = Article.objects.for_cards().get(pk=article.pk)
    with django_assert_num_queries(0):
        assert template.render(Context({"article": card})) == "3"
    # An article fetched without its figures costs one query, and gives the same count.
    plain = Article.objects.get(pk=article.pk)
    with django_assert_num_queries(1):
        assert template.render(Context({"article": plain})) == "3"


@pytest.mark.parametrize("total", [1, 50])
def test_the_moderation_queue_costs_the_same_with_1_or_50_comments(
    moderator_client, django_assert_num_queries, total, member
):
    articles = [make_article() for _ in range(3)]
    bulk_comments(articles, total, status=PENDING)
    Comment.objects.filter(pk__in=Comment.objects.values("pk")[:10]).update(user=member)

    with django_assert_num_queries(QUEUE_PAGE):
        response = moderator_client.get("/en/comments/moderation/")

    assert text_of(response).count('class="queue-item"') == total
