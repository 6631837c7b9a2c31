"""Each typed refusal, pinned through the service that raises it (no view, no browser):
which rule stops a write, what the refusal carries, the HTTP status its view answers
with, and that a refused write leaves nothing behind: no comment, report, version or log
entry, and nothing counted against the flood limits."""

import secrets
from datetime import timedelta

import pytest
from django.conf import settings as site_settings
from django.utils import timezone

from articles.models import Article
from comments import services
from comments.clients import hash_address
from comments.models import Ban, Comment, CommentVersion, ModerationEvent, Report
from comments.readers import ANONYMOUS, Reader
from comments.refusals import (
    AlreadyReported,
    Banned,
    CommentsClosed,
    DuplicatePost,
    NotReversible,
    NotYours,
    ParentGone,
    TooFast,
    TooLate,
    TooManyReports,
)
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.9"
FARTHER = "192.0.2.44"
HOUR = 60 * 60


# --- readers and what they do ------------------------------------------------------------


def hashes(address: str) -> tuple:
    """The client address as a Reader carries it: its keyed hash under the current key."""
    return (hash_address(address, site_settings.COMMENTS_ADDRESS_KEY),)


def guest(address=HOME, **fields) -> Reader:
    """A guest's browser at `address` (with the comments it posted, if given)."""
    return Reader(address_hashes=hashes(address), **fields)


def signed_in(user, address=HOME) -> Reader:
    return Reader(user=user, address_hashes=hashes(address))


def post(article, reader, **fields) -> Comment:
    """Post through the service as a reader's form would: a guest gives a name and email."""
    fields.setdefault("body", "A remark about the article.")
    if reader.user is None:
        fields.setdefault("author_name", "Gail Guest")
        fields.setdefault("author_email", "gail@example.com")
    return services.comment_create(article=article, reader=reader, **fields)


def token() -> str:
    """A form token as the comment form hands one out (its unsigned value)."""
    return secrets.token_urlsafe(12)


def edit(comment, reader):
    return services.comment_edit(comment=comment, reader=reader, body="A corrected remark.")


def withdraw(comment, reader):
    return services.comment_withdraw(comment=comment, reader=reader)


def report(comment, reader):
    return services.comment_report(comment=comment, reader=reader, reason=Report.Reason.ABUSIVE)


CHANGES = [
    pytest.param(edit, id="editing"),
    pytest.param(withdraw, id="withdrawing"),
]
AUTHORS = [
    pytest.param("member", id="a members comment"),
    pytest.param("guest", id="a guests comment"),
]


def assert_refusal(refusal, code: str, status: int) -> None:
    """The refusal names its rule to the templates and the HTTP status its view answers."""
    assert (refusal.code, refusal.status) == (code, status)


def assert_unchanged(comment: Comment) -> None:
    """The refused change left the comment as it was, with no version and no log entry."""
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.status, stored.body, stored.edited_at) == (
        comment.status,
        comment.body,
        comment.edited_at,
    )
    assert not CommentVersion.objects.filter(comment=comment).exists()
    assert not ModerationEvent.objects.filter(comment=comment).exists()


def minutes_ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)


def assert_may_post_again(reader) -> None:
    """The reader's refused post counted against no flood limit: they post at once."""
    assert post(make_article(), reader).pk


# --- posting: CommentsClosed ---------------------------------------------------------------


def closed_by_editors():
    return make_article(comments_enabled=False)


def too_old():
    days = site_settings.COMMENTS_CLOSE_AFTER_DAYS
    return make_article(published_at=timezone.now() - timedelta(days=days, hours=1))


def a_draft():
    return make_article(status=Article.Status.DRAFT)


def scheduled():
    return make_article(published_at=timezone.now() + timedelta(hours=1))


@pytest.mark.parametrize(
    "closed_article",
    [
        pytest.param(closed_by_editors, id="editors turned comments off"),
        pytest.param(too_old, id="the article is older than COMMENTS_CLOSE_AFTER_DAYS"),
        pytest.param(a_draft, id="the article is a draft"),
        pytest.param(scheduled, id="the article is not published yet"),
    ],
)
@pytest.mark.parametrize(
    "who", [pytest.param("guest", id="a guest"), pytest.param("member", id="a member")]
)
def test_comments_closed_refuses_a_comment_when(closed_article, who, trusted_member):
    article = closed_article()
    reader = guest() if who == "guest" else signed_in(trusted_member)
    before = Comment.objects.count()

    with pytest.raises(CommentsClosed) as caught:
        post(article, reader)

    assert_refusal(caught.value, "closed", 403)
    assert Comment.objects.count() == before
    assert_may_post_again(reader)


def test_comments_close_after_the_days_in_settings(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 2
    article = make_article(published_at=timezone.now() - timedelta(days=2, minutes=1))

    with pytest.raises(CommentsClosed):
        post(article, guest())

    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    assert post(article, guest()).article == article


# --- posting: ParentGone -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent_status", "parent_elsewhere"),
    [
        pytest.param(PENDING, False, id="the comment replied to waits for a moderator"),
        pytest.param(REJECTED, False, id="the comment replied to was rejected"),
        pytest.param(SPAM, False, id="the comment replied to is spam"),
        pytest.param(Status.UNCONFIRMED, False, id="the comment replied to is unconfirmed"),
        pytest.param(Status.WITHDRAWN, False, id="the comment replied to was withdrawn"),
        pytest.param(APPROVED, True, id="the comment replied to is on another article"),
    ],
)
def test_parent_gone_refuses_a_reply_when(parent_status, parent_elsewhere):
    article = make_article()
    parent = make_comment(make_article() if parent_elsewhere else article, status=parent_status)
    reader = guest()
    before = Comment.objects.count()

    with pytest.raises(ParentGone) as caught:
        post(article, reader, parent_id=parent.pk)

    assert_refusal(caught.value, "parent-gone", 400)
    assert Comment.objects.count() == before
    assert_may_post_again(reader)


def test_parent_gone_refuses_a_reply_to_a_reply_whose_thread_was_rejected():
    article = make_article()
    thread = make_comment(article, status=REJECTED)
    reply = make_comment(article, parent=thread)

    with pytest.raises(ParentGone):
        post(article, guest(), parent_id=reply.pk)


def test_a_comment_does_not_reply_to_a_comment_that_never_was():
    with pytest.raises(ParentGone):
        post(make_article(), guest(), parent_id=987654)


# --- posting: Banned -----------------------------------------------------------------------


def ban(moderator, kind, **target) -> Ban:
    return services.ban_create(kind=kind, moderator=moderator, **target)


def test_banned_refuses_a_member_whose_account_is_banned(trusted_member, moderator):
    account_ban = ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member)
    reader = signed_in(trusted_member)
    before = Comment.objects.count()

    with pytest.raises(Banned) as caught:
        post(make_article(), reader)

    assert_refusal(caught.value, "banned", 403)
    assert caught.value.ban == account_ban
    assert Comment.objects.count() == before


@pytest.mark.parametrize(
    ("banned_email", "typed_email"),
    [
        pytest.param("troll@example.com", "troll@example.com", id="typed as banned"),
        pytest.param("troll@example.com", "Troll@EXAMPLE.com", id="typed in other case"),
        pytest.param("Troll@Example.COM", "troll@example.com", id="banned in other case"),
    ],
)
def test_banned_refuses_a_guest_whose_email_is_banned_whatever_its_case(
    banned_email, typed_email, moderator
):
    # Made as the admin would, keeping the case the moderator typed.
    email_ban = Ban.objects.create(kind=Ban.Kind.EMAIL, email=banned_email, created_by=moderator)
    reader = guest()
    before = Comment.objects.count()

    with pytest.raises(Banned) as caught:
        post(make_article(), reader, author_email=typed_email)

    assert_refusal(caught.value, "banned", 403)
    assert caught.value.ban == email_ban
    assert Comment.objects.count() == before
    # The address is not banned: with another email the same browser posts at once.
    assert post(make_article(), reader, author_email="someone@example.com").pk


def test_banned_refuses_a_guest_posting_from_a_banned_address(moderator):
    address_ban = ban(moderator, Ban.Kind.ADDRESS, address_hash=hashes(HOME)[0])
    before = Comment.objects.count()

    with pytest.raises(Banned) as caught:
        post(make_article(), guest(HOME))

    assert_refusal(caught.value, "banned", 403)
    assert caught.value.ban == address_ban
    assert Comment.objects.count() == before
    assert_may_post_again(guest(ELSEWHERE))


def test_a_member_at_a_banned_address_is_not_refused_but_held_for_a_moderator(
    trusted_member, moderator
):
    ban(moderator, Ban.Kind.ADDRESS, address_hash=hashes(HOME)[0])

    comment = post(make_article(), signed_in(trusted_member, HOME))

    assert comment.status == PENDING
    assert comment.reasons == [Comment.Reason.BANNED_ADDRESS]
    # From another address the same member goes straight through, as before.
    assert post(make_article(), signed_in(trusted_member, ELSEWHERE)).status == APPROVED


def test_a_ban_no_longer_in_force_refuses_nobody(trusted_member, moderator):
    lifted = ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member)
    services.ban_lift(ban=lifted, moderator=moderator)
    Ban.objects.create(
        kind=Ban.Kind.ACCOUNT, user=trusted_member, expires_at=minutes_ago(1), created_by=moderator
    )

    assert post(make_article(), signed_in(trusted_member)).status == APPROVED


# --- posting: TooFast ----------------------------------------------------------------------


def test_too_fast_refuses_a_second_comment_from_one_address_within_the_interval(settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 30
    post(make_article(), guest(HOME), author_email="first@example.com")
    before = Comment.objects.count()

    # Another guest at the same address (a shared connection) waits as well.
    with pytest.raises(TooFast) as caught:
        post(make_article(), guest(HOME), author_email="second@example.com")

    refusal = caught.value
    assert_refusal(refusal, "too-fast", 429)
    assert refusal.hourly is False
    assert 0 < refusal.retry_after <= 30
    assert refusal.interval == 30
    assert Comment.objects.count() == before
    # The interval is the address's: another address posts at once.
    assert_may_post_again(guest(ELSEWHERE))


def test_too_fast_refuses_an_account_past_its_hourly_limit_wherever_it_posts_from(
    settings, trusted_member
):
    settings.COMMENTS_MAX_PER_HOUR = 2
    post(make_article(), signed_in(trusted_member, HOME))
    post(make_article(), signed_in(trusted_member, ELSEWHERE))
    before = Comment.objects.count()

    with pytest.raises(TooFast) as caught:
        post(make_article(), signed_in(trusted_member, FARTHER))

    refusal = caught.value
    assert_refusal(refusal, "too-fast", 429)
    assert refusal.hourly is True
    assert 0 < refusal.retry_after <= HOUR
    assert refusal.per_hour == 2
    assert Comment.objects.count() == before


def test_too_fast_refuses_an_address_past_its_hourly_limit(settings):
    settings.COMMENTS_MAX_PER_HOUR = 2
    # No interval between two comments, so only the hour's count can refuse.
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    post(make_article(), guest(HOME), author_email="first@example.com")
    post(make_article(), guest(HOME), author_email="second@example.com")

    with pytest.raises(TooFast) as caught:
        post(make_article(), guest(HOME), author_email="third@example.com")

    assert caught.value.hourly is True
    assert 0 < caught.value.retry_after <= HOUR


def test_a_post_refused_for_the_interval_uses_none_of_the_hours_allowance(settings, trusted_member):
    settings.COMMENTS_MAX_PER_HOUR = 2
    post(make_article(), signed_in(trusted_member, HOME))
    with pytest.raises(TooFast):
        post(make_article(), signed_in(trusted_member, HOME))

    # Had the refused post counted, this would be the account's third in the hour.
    assert post(make_article(), signed_in(trusted_member, ELSEWHERE)).pk


def test_a_post_refused_for_the_hour_is_not_counted_against_its_address(settings, trusted_member):
    settings.COMMENTS_MAX_PER_HOUR = 1
    post(make_article(), signed_in(trusted_member, HOME))
    with pytest.raises(TooFast) as caught:
        post(make_article(), signed_in(trusted_member, ELSEWHERE))
    assert caught.value.hourly is True

    # Had the refused post counted, ELSEWHERE would be at its limit (and in its interval).
    assert_may_post_again(guest(ELSEWHERE))


# --- posting: DuplicatePost ----------------------------------------------------------------


def test_duplicate_post_carries_the_first_comment_even_while_too_fast_applies():
    form = token()
    first = post(make_article(), guest(HOME), form_token=form)
    before = Comment.objects.count()

    # Sent again at once: the interval would refuse any new comment from HOME.
    with pytest.raises(DuplicatePost) as caught:
        post(first.article, guest(HOME), form_token=form)

    assert caught.value.comment == first
    assert Comment.objects.count() == before


def test_duplicate_post_is_found_by_the_saved_token_when_no_flood_limit_applies():
    form = token()
    first = post(make_article(), guest(HOME), form_token=form)
    before = Comment.objects.count()

    # A retry that reached the site through another address: the database's unique token
    # finds it, and the address's flood counts are left as they were.
    with pytest.raises(DuplicatePost) as caught:
        post(first.article, guest(ELSEWHERE), form_token=form)

    assert caught.value.comment == first
    assert Comment.objects.count() == before
    assert_may_post_again(guest(ELSEWHERE))


def test_a_new_form_while_too_fast_is_refused_as_too_fast_not_as_a_duplicate():
    article = make_article()
    post(article, guest(HOME), form_token=token())

    with pytest.raises(TooFast):
        post(article, guest(HOME), form_token=token())


# --- editing and withdrawing: NotYours, TooLate, Banned ------------------------------------


@pytest.fixture
def members_comment(trusted_member):
    """A member's comment, published a minute ago: theirs to change for a while yet."""
    return make_comment(user=trusted_member, submitted_at=minutes_ago(1))


@pytest.fixture
def guests_comment():
    """A guest's comment, published a minute ago, by the browser `guest(posted_ids=...)`."""
    return make_comment(author_email="gail@example.com", submitted_at=minutes_ago(1))


def nobody(comment, moderator):
    return ANONYMOUS


def another_guest(comment, moderator):
    return guest(ELSEWHERE, posted_ids=frozenset({comment.pk + 1000}))


def another_member(comment, moderator):
    return signed_in(make_member())


def the_moderator(comment, moderator):
    return signed_in(moderator)


def a_guest_claiming_the_members_id(comment, moderator):
    return guest(posted_ids=frozenset({comment.pk}))


@pytest.mark.parametrize(
    "stranger",
    [
        pytest.param(nobody, id="by nobody in particular"),
        pytest.param(another_guest, id="by another guest"),
        pytest.param(another_member, id="by another member"),
        pytest.param(the_moderator, id="by a moderator"),
    ],
)
@pytest.mark.parametrize("authored_by", AUTHORS)
@pytest.mark.parametrize("change", CHANGES)
def test_not_yours_refuses(
    change, authored_by, stranger, members_comment, guests_comment, moderator
):
    comment = members_comment if authored_by == "member" else guests_comment

    with pytest.raises(NotYours) as caught:
        change(comment, stranger(comment, moderator))

    assert_refusal(caught.value, "not-yours", 404)
    assert_unchanged(comment)


@pytest.mark.parametrize("change", CHANGES)
def test_not_yours_refuses_a_guest_whose_browser_claims_a_members_comment_id(
    change, members_comment, moderator
):
    with pytest.raises(NotYours):
        change(members_comment, a_guest_claiming_the_members_id(members_comment, moderator))

    assert_unchanged(members_comment)


@pytest.mark.parametrize(
    "status",
    [
        pytest.param(Status.WITHDRAWN, id="once it is withdrawn"),
        pytest.param(REJECTED, id="once it is rejected"),
        pytest.param(SPAM, id="once it is spam"),
    ],
)
@pytest.mark.parametrize("authored_by", AUTHORS)
@pytest.mark.parametrize("change", CHANGES)
def test_not_yours_refuses_its_own_author(
    change, authored_by, status, members_comment, guests_comment
):
    comment = members_comment if authored_by == "member" else guests_comment
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    author = (
        signed_in(comment.user)
        if authored_by == "member"
        else guest(posted_ids=frozenset({comment.pk}))
    )

    with pytest.raises(NotYours):
        change(comment, author)

    assert_unchanged(comment)


def published_long_ago(comment, *, by_moderator: bool) -> Comment:
    """`comment`, made public longer ago than COMMENTS_EDIT_SECONDS: posted straight
    through then, or posted and approved by a moderator then."""
    long_ago = timezone.now() - timedelta(seconds=site_settings.COMMENTS_EDIT_SECONDS + 60)
    Comment.objects.filter(pk=comment.pk).update(
        submitted_at=long_ago - timedelta(minutes=5), decided_at=long_ago if by_moderator else None
    )
    comment.refresh_from_db()
    return comment


@pytest.mark.parametrize(
    "by_moderator",
    [
        pytest.param(False, id="posted straight through"),
        pytest.param(True, id="approved by a moderator"),
    ],
)
@pytest.mark.parametrize("change", CHANGES)
def test_too_late_refuses_the_author_once_the_edit_time_has_passed(
    change, by_moderator, members_comment
):
    comment = published_long_ago(members_comment, by_moderator=by_moderator)

    with pytest.raises(TooLate) as caught:
        change(comment, signed_in(comment.user))

    assert_refusal(caught.value, "too-late", 403)
    assert caught.value.minutes == site_settings.COMMENTS_EDIT_SECONDS // 60
    assert_unchanged(comment)


@pytest.mark.parametrize("change", CHANGES)
def test_too_late_refuses_a_guest_author_too(change, guests_comment):
    comment = published_long_ago(guests_comment, by_moderator=True)

    with pytest.raises(TooLate):
        change(comment, guest(posted_ids=frozenset({comment.pk})))

    assert_unchanged(comment)


@pytest.mark.parametrize("change", CHANGES)
def test_the_edit_time_runs_from_a_moderators_approval_not_from_posting(change, guests_comment):
    long_ago = timezone.now() - timedelta(seconds=site_settings.COMMENTS_EDIT_SECONDS + 60)
    Comment.objects.filter(pk=guests_comment.pk).update(
        submitted_at=long_ago, decided_at=minutes_ago(1)
    )
    guests_comment.refresh_from_db()

    change(guests_comment, guest(posted_ids=frozenset({guests_comment.pk})))

    stored = Comment.objects.get(pk=guests_comment.pk)
    if change is edit:
        assert stored.body == "A corrected remark."
    else:
        assert stored.status == Status.WITHDRAWN


def test_banned_refuses_a_member_editing_after_their_account_was_banned(members_comment, moderator):
    ban(moderator, Ban.Kind.ACCOUNT, user=members_comment.user)

    with pytest.raises(Banned) as caught:
        edit(members_comment, signed_in(members_comment.user))

    assert_refusal(caught.value, "banned", 403)
    assert_unchanged(members_comment)


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(Ban.Kind.EMAIL, id="their email"),
        pytest.param(Ban.Kind.ADDRESS, id="their address"),
    ],
)
def test_banned_refuses_a_guest_editing_after_a_ban_on(kind, guests_comment, moderator):
    if kind == Ban.Kind.EMAIL:
        ban(moderator, kind, email="GAIL@example.com")
    else:
        ban(moderator, kind, address_hash=hashes(HOME)[0])

    with pytest.raises(Banned):
        edit(guests_comment, guest(HOME, posted_ids=frozenset({guests_comment.pk})))

    assert_unchanged(guests_comment)


# --- reporting: NotYours, AlreadyReported, TooManyReports ----------------------------------


@pytest.mark.parametrize(
    "status",
    [
        pytest.param(PENDING, id="waits for a moderator"),
        pytest.param(Status.UNCONFIRMED, id="waits for its email confirmation"),
        pytest.param(SPAM, id="is spam"),
        pytest.param(REJECTED, id="was rejected"),
        pytest.param(Status.WITHDRAWN, id="was withdrawn"),
    ],
)
def test_not_yours_refuses_a_report_on_a_comment_that(status):
    comment = make_comment(status=status)

    with pytest.raises(NotYours) as caught:
        report(comment, guest())

    assert_refusal(caught.value, "not-yours", 404)
    assert not Report.objects.exists()


def test_not_yours_refuses_a_report_on_a_comment_under_a_draft():
    comment = make_comment(make_article(status=Article.Status.DRAFT))

    with pytest.raises(NotYours):
        report(comment, guest())

    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "who", [pytest.param("guest", id="a guest"), pytest.param("member", id="a member")]
)
def test_already_reported_refuses_a_second_report_and_spends_no_allowance(who, settings, member):
    settings.COMMENTS_REPORTS_PER_HOUR = 2
    reader = guest() if who == "guest" else signed_in(member)
    comment = make_comment()
    report(comment, reader)

    with pytest.raises(AlreadyReported) as caught:
        report(comment, reader)

    assert_refusal(caught.value, "already-reported", 200)
    assert Report.objects.filter(comment=comment).count() == 1
    # The refused report spent none of the hour's two: a second comment is reported.
    report(make_comment(), reader)
    assert Report.objects.filter(reporter=reader.reporter).count() == 2


@pytest.mark.parametrize(
    "who", [pytest.param("guest", id="a guest"), pytest.param("member", id="a member")]
)
def test_too_many_reports_refuses_a_reader_past_the_hours_reports(who, settings, member):
    settings.COMMENTS_REPORTS_PER_HOUR = 2
    reader = guest() if who == "guest" else signed_in(member)
    report(make_comment(), reader)
    report(make_comment(), reader)
    one_more = make_comment()

    with pytest.raises(TooManyReports) as caught:
        report(one_more, reader)

    assert_refusal(caught.value, "too-many-reports", 429)
    assert 0 < caught.value.retry_after <= HOUR
    assert not Report.objects.filter(comment=one_more).exists()
    # The allowance is the reader's: another reader reports the comment.
    report(one_more, guest(ELSEWHERE))


# --- reversing a decision: NotReversible ---------------------------------------------------


def decide(comment, status, moderator) -> ModerationEvent:
    services.comments_decide(
        comments=Comment.objects.filter(pk=comment.pk), status=status, moderator=moderator
    )
    return ModerationEvent.objects.filter(comment=comment).latest("at", "pk")


def assert_not_reversed(caught, reason: str, comment, status: str) -> None:
    assert_refusal(caught.value, "not-reversible", 400)
    assert caught.value.reason == reason
    assert Comment.objects.get(pk=comment.pk).status == status


def test_not_reversible_refuses_a_decision_reversed_already(moderator):
    comment = make_comment(status=PENDING)
    approval = decide(comment, APPROVED, moderator)
    services.decision_reverse(event=approval, moderator=moderator)
    events = ModerationEvent.objects.count()

    with pytest.raises(NotReversible) as caught:
        services.decision_reverse(event=approval, moderator=moderator)

    assert_not_reversed(caught, "reversed", comment, PENDING)
    assert ModerationEvent.objects.count() == events


@pytest.mark.parametrize(
    "overtaken_by",
    [
        pytest.param("another decision", id="another moderators decision"),
        pytest.param("the authors withdrawal", id="its authors withdrawal"),
    ],
)
def test_not_reversible_refuses_a_decision_the_comment_moved_on_from(
    overtaken_by, moderator, trusted_member
):
    comment = make_comment(status=PENDING, user=trusted_member)
    approval = decide(comment, APPROVED, moderator)
    if overtaken_by == "another decision":
        decide(comment, REJECTED, moderator)
    else:
        comment.refresh_from_db()
        withdraw(comment, signed_in(trusted_member))
    now = Comment.objects.get(pk=comment.pk).status
    events = ModerationEvent.objects.count()

    with pytest.raises(NotReversible) as caught:
        services.decision_reverse(event=approval, moderator=moderator)

    assert_not_reversed(caught, "moved-on", comment, now)
    assert ModerationEvent.objects.count() == events


def an_authors_edit(moderator, trusted_member):
    comment = make_comment(user=trusted_member)
    edit(comment, signed_in(trusted_member))
    return ModerationEvent.objects.get(action=ModerationEvent.Action.EDIT)


def a_ban(moderator, trusted_member):
    ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member)
    return ModerationEvent.objects.get(action=ModerationEvent.Action.BAN)


def a_reversal(moderator, trusted_member):
    approval = decide(make_comment(status=PENDING), APPROVED, moderator)
    return services.decision_reverse(event=approval, moderator=moderator)


def a_decision_on_a_deleted_comment(moderator, trusted_member):
    comment = make_comment(status=PENDING)
    approval = decide(comment, APPROVED, moderator)
    comment.delete()
    approval.refresh_from_db()
    return approval


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(an_authors_edit, id="an authors edit"),
        pytest.param(a_ban, id="a ban"),
        pytest.param(a_reversal, id="a reversal"),
        pytest.param(a_decision_on_a_deleted_comment, id="a decision on a deleted comment"),
    ],
)
def test_not_reversible_refuses_a_log_entry_that_is_no_decision(entry, moderator, trusted_member):
    event = entry(moderator, trusted_member)
    events = ModerationEvent.objects.count()

    with pytest.raises(NotReversible) as caught:
        services.decision_reverse(event=event, moderator=moderator)

    assert_refusal(caught.value, "not-reversible", 400)
    assert caught.value.reason == "not-decision"
    assert ModerationEvent.objects.count() == events
