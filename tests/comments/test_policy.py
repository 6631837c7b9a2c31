"""The moderation policy case by case, and when an article takes comments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import BlockedWord, Comment
from comments.policy import blocked_words, comments_open, guest_is_trusted, moderate
from comments.readers import ANONYMOUS
from comments.services import comment_create
from comments.text import render_comment_body
from tests.articles.factories import make_article

from .factories import PENDING, REJECTED, make_comment

pytestmark = pytest.mark.django_db

APPROVED = Comment.Status.APPROVED
SPAM = Comment.Status.SPAM
PLAIN = "I agree with the council on this one."


def decided(**kwargs):
    decision = moderate(**{"body": PLAIN, **kwargs})
    return decision.status, decision.reasons


# --- who wrote it --------------------------------------------------------------------------------


def test_a_guest_waits_for_a_moderator():
    assert decided(user=None) == (PENDING, ["guest"])


def test_a_members_first_comment_waits(member):
    assert decided(user=member) == (PENDING, ["first-comment"])


@pytest.mark.parametrize("earlier_status", [PENDING, REJECTED, SPAM])
def test_a_member_whose_earlier_comments_were_not_approved_still_waits(member, earlier_status):
    make_comment(user=member, status=earlier_status)
    assert decided(user=member) == (PENDING, ["first-comment"])


def test_a_member_with_an_approved_comment_goes_straight_through(trusted_member):
    assert decided(user=trusted_member) == (APPROVED, [])


def test_another_members_approved_comment_earns_no_trust(member, trusted_member):
    assert decided(user=member) == (PENDING, ["first-comment"])


def test_with_member_trust_off_even_a_trusted_member_waits(trusted_member, settings):
    settings.COMMENTS_TRUST_MEMBERS = False
    assert decided(user=trusted_member) == (PENDING, ["members-moderated"])


# --- links ---------------------------------------------------------------------------------------


def links(n: int) -> str:
    return " and ".join(f"https://example{i}.com/page" for i in range(n))


def test_more_links_than_allowed_wait_even_from_a_trusted_member(trusted_member, settings):
    assert settings.COMMENTS_MAX_LINKS == 2
    assert decided(body=f"See {links(3)}.", user=trusted_member) == (PENDING, ["links"])


def test_exactly_the_allowed_number_of_links_is_fine(trusted_member):
    assert decided(body=f"See {links(2)}.", user=trusted_member) == (APPROVED, [])


def test_www_addresses_count_as_links(trusted_member):
    body = "www.one.com and www.two.com and www.three.com"
    assert decided(body=body, user=trusted_member) == (PENDING, ["links"])


def test_the_link_limit_follows_the_setting(trusted_member, settings):
    settings.COMMENTS_MAX_LINKS = 0
    assert decided(body="Source: https://example.com/a", user=trusted_member) == (
        PENDING,
        ["links"],
    )


def test_a_guest_with_too_many_links_is_held_for_both_reasons():
    assert decided(body=links(3), user=None) == (PENDING, ["guest", "links"])


def test_bare_domains_that_become_links_count_towards_the_limit(trusted_member):
    body = "Buy at cheap-pills.com, cheap-pills.net or cheap-pills.org today"
    # Readers are shown three links...
    assert render_comment_body(body).count("<a href=") == 3
    # ...so the comment has more links than allowed and waits.
    assert decided(body=body, user=trusted_member) == (PENDING, ["links"])


# --- the blocklist -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["This is a scam.", "SCAM!", "Total Scam, avoid", "scam"],
    ids=["lower", "upper", "capitalised", "alone"],
)
def test_a_blocklisted_word_in_any_case_holds_a_trusted_members_comment(trusted_member, body):
    BlockedWord.objects.create(word="Scam")
    assert decided(body=body, user=trusted_member) == (PENDING, ["blocklist"])


@pytest.mark.parametrize("body", ["The scammer was caught.", "Anti-scamming law", "Scams"])
def test_a_word_merely_containing_a_blocklisted_one_is_fine(trusted_member, body):
    BlockedWord.objects.create(word="scam")
    assert decided(body=body, user=trusted_member) == (APPROVED, [])


def test_a_blocklisted_phrase_is_matched_as_a_whole(trusted_member):
    BlockedWord.objects.create(word="buy now")
    assert decided(body="Buy nowhere else.", user=trusted_member) == (APPROVED, [])
    assert decided(body="Click and BUY NOW.", user=trusted_member) == (PENDING, ["blocklist"])


def test_a_blocklist_given_by_the_caller_is_used(trusted_member):
    assert decided(body="Cheap pills", user=trusted_member, blocklist=["pills"]) == (
        PENDING,
        ["blocklist"],
    )


def test_a_word_added_or_removed_counts_for_the_next_comment_though_the_list_is_cached(
    trusted_member, django_assert_num_queries
):
    assert decided(body="Cheap pills", user=trusted_member) == (APPROVED, [])
    with django_assert_num_queries(0):
        assert blocked_words() == []  # kept in the shared cache

    word = BlockedWord.objects.create(word="pills")
    assert decided(body="Cheap pills", user=trusted_member) == (PENDING, ["blocklist"])

    word.delete()
    assert decided(body="Cheap pills", user=trusted_member) == (APPROVED, [])


def test_every_reason_is_recorded_together():
    BlockedWord.objects.create(word="scam")
    assert decided(body=f"scam {links(3)}", user=None) == (
        PENDING,
        ["guest", "links", "blocklist"],
    )


# --- the honeypot --------------------------------------------------------------------------------


def test_a_filled_honeypot_is_spam_whoever_sends_it(trusted_member):
    assert decided(user=None, honeypot_filled=True) == (SPAM, ["honeypot"])
    assert decided(user=trusted_member, honeypot_filled=True) == (SPAM, ["honeypot"])


# --- when comments are open ----------------------------------------------------------------------


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def test_a_fresh_article_with_comments_enabled_is_open():
    assert comments_open(make_article()) is True


def test_the_editors_switch_closes_comments():
    assert comments_open(make_article(comments_enabled=False)) is False


def test_comments_close_after_the_configured_number_of_days(settings):
    assert settings.COMMENTS_CLOSE_AFTER_DAYS == 30
    assert comments_open(make_article(published_at=days_ago(29.9))) is True
    assert comments_open(make_article(published_at=days_ago(30.1))) is False


def test_the_closing_age_follows_the_setting(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 2
    assert comments_open(make_article(published_at=days_ago(1))) is True
    assert comments_open(make_article(published_at=days_ago(3))) is False


def test_a_draft_is_closed():
    assert comments_open(make_article(status=Article.Status.DRAFT)) is False


def test_a_scheduled_article_is_closed_until_it_appears():
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert comments_open(article) is False


def test_a_guests_email_is_stored_lowercased_so_trust_ignores_its_case(settings):
    settings.COMMENTS_TRUSTED_AFTER = 2
    for n in range(2):
        comment = comment_create(
            article=make_article(), reader=ANONYMOUS, body=f"Remark {n}.", author_name="Dana",
            author_email="Dana.Guest@Example.COM",
        )  # fmt: skip
        Comment.objects.filter(pk=comment.pk).update(status=APPROVED)

    assert comment.author_email == "dana.guest@example.com"
    assert guest_is_trusted("DANA.GUEST@example.com")
    assert not guest_is_trusted("someone.else@example.com")
