"""Every write to comments, one function each, enforcing every rule that applies to it:
posting, confirming, editing, withdrawing and reporting comments; moderators' decisions,
reversals and bans; forgetting a member; retention.

A write a rule stops raises the Refusal that names the rule (comments.refusals) and saves
nothing; views only turn refusals into words. Every change of a comment's status is
logged in the moderation log, and every cached view of the comments is refreshed
through caching.comments_changed().
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from throttling.windows import count_in_window, seconds_left

from .caching import comments_changed
from .flood import Flood
from .models import (
    FORMER_MEMBER,
    Ban,
    Comment,
    CommentVersion,
    ModerationEvent,
    ModerationReason,
    Report,
)
from .policy import Standing, comments_open, moderate, standing
from .refusals import (
    AlreadyReported,
    Banned,
    CommentsClosed,
    DuplicatePost,
    NotReversible,
    NotYours,
    ParentGone,
    TooLate,
    TooManyReports,
)

Status = Comment.Status
Action = ModerationEvent.Action

DECISION_ACTIONS = {
    Status.APPROVED: Action.APPROVE,
    Status.REJECTED: Action.REJECT,
    Status.SPAM: Action.SPAM,
    Status.PENDING: Action.RESTORE,
}
REPORT_WINDOW = 60 * 60


def _actor_name(user) -> str:
    return user.public_name if user is not None else ""


def _log(
    *,
    action,
    comment=None,
    ban=None,
    actor=None,
    actor_name="",
    before="",
    after="",
    reason=None,
    note="",
    details=None,
    reverses=None,
) -> ModerationEvent:
    return ModerationEvent.objects.create(
        action=action,
        comment=comment,
        ban=ban,
        actor=actor,
        actor_name=actor_name or _actor_name(actor),
        status_before=before,
        status_after=after,
        reason=reason,
        reason_label=reason.label if reason else "",
        note=note[:300],
        details=details or {},
        reverses=reverses,
    )


def commenter_standing(*, user, email, address_hashes) -> Standing:
    """The bans in force on this commenter; raises Banned when one stops them.

    Bans found only under an old address key are moved to the current one on the way.
    """
    found = standing(user=user, email=email, address_hashes=address_hashes)
    for ban in found.stale_address_bans:
        # The ban was made under an old address key: move it to the current one, so it
        # outlives the old key's removal from the fallbacks.
        Ban.objects.filter(pk=ban.pk).update(address_hash=address_hashes[0])
    if found.blocking is not None:
        raise Banned(found.blocking)
    return found


# --- Readers ---------------------------------------------------------------------------


def require_open(article) -> None:
    """Raise CommentsClosed unless readers may comment on `article` (policy.comments_open).
    Posting checks it; a page asks it first to refuse a closed article's form at once."""
    if not comments_open(article):
        raise CommentsClosed()


def comment_create(
    *,
    article,
    reader,
    body: str,
    author_name: str = "",
    author_email: str = "",
    parent_id: int | None = None,
    honeypot_filled: bool = False,
    form_token: str | None = None,
    on_saved: Callable[[Comment], None] | None = None,
) -> Comment:
    """Save `reader`'s comment on `article` with the status the moderation policy gives it.

    Refuses (and saves nothing) when comments are closed (CommentsClosed), the comment
    replied to is no longer shown (ParentGone), a ban in force stops the commenter
    (Banned), or they post faster than the flood limits allow (TooFast). A `form_token`
    already used raises DuplicatePost with the comment saved the first time.

    A member's name is their display name; a guest's is what they typed, and their email
    is stored lowercased: it names them to the trust and ban rules, whatever case they
    type it in. A reply to a reply joins its thread: replies are one level deep. Only
    the client address's current hash is stored (see clients.address_hashes).

    `on_saved(comment)` runs in the transaction that saves the comment: what it writes
    (the mail that confirms a guest's address) commits with the comment or not at all.
    The transaction holds only the writes, so concurrent posts wait little for each
    other (SQLite has one writer at a time).
    """
    require_open(article)
    parent = None
    if parent_id:
        parent = Comment.objects.approved().filter(article=article, pk=parent_id).first()
        if parent is None:
            raise ParentGone()
        if parent.parent_id is not None:
            parent = parent.parent
    user = reader.user
    email = user.email if user else author_email.strip().lower()
    found = commenter_standing(
        user=user, email="" if user else email, address_hashes=reader.address_hashes
    )
    flood = Flood(address_hash=reader.address_hash, user_id=user.pk if user else None)
    if waiting := flood.refusal():
        # A form sent again (a double click, a retry) is no new comment to wait for; any
        # other repeat is found by the database's unique token when it is saved.
        if form_token and (first := Comment.objects.filter(form_token=form_token).first()):
            raise DuplicatePost(first)
        raise waiting
    decision = moderate(
        body=body,
        user=user,
        guest_email=email,
        guest_confirmed=reader.has_confirmed(email),
        address_banned=found.address_banned,
        honeypot_filled=honeypot_filled,
    )
    comment = Comment(
        article=article,
        parent=parent,
        user=user,
        author_name=user.public_name if user else author_name,
        author_email=email,
        body=body,
        status=decision.status,
        client_hash=reader.address_hash,
        form_token=form_token or None,
    )
    comment.reasons = decision.reasons
    try:
        with transaction.atomic():
            comment.save()
            if on_saved is not None:
                on_saved(comment)
    except IntegrityError:
        first = Comment.objects.filter(form_token=form_token).first() if form_token else None
        if first is None:
            raise
        raise DuplicatePost(first) from None
    flood.record()
    if comment.status == Status.APPROVED:
        comments_changed([comment.article_id])
    return comment


def comment_confirm(*, comment: Comment, reader=None) -> Comment:
    """The guest followed the emailed link: their address is theirs. The comment goes
    through the policy again, now as a confirmed guest's, and on to the queue or the page;
    so do the other comments `reader`'s browser sent with that address, which waited for
    the same proof (comments typed elsewhere with it wait for their own link).
    Raises Banned if the address was banned in the meantime.
    """
    comment = _confirm_one(comment)
    if reader is not None:
        others = (
            Comment.objects.unconfirmed()
            .written_by(reader)
            .filter(author_email__iexact=comment.author_email)
            .exclude(pk=comment.pk)
        )
        for other in others:
            _confirm_one(other)
    return comment


def _confirm_one(comment: Comment) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != Status.UNCONFIRMED:
            return comment
        found = commenter_standing(
            user=None, email=comment.author_email, address_hashes=[comment.client_hash]
        )
        decision = moderate(
            body=comment.body,
            user=None,
            guest_email=comment.author_email,
            guest_confirmed=True,
            address_banned=found.address_banned,
        )
        # Reasons that only a moderator's or a reader's hand adds are kept.
        kept = [r for r in comment.reasons if r in (Comment.Reason.BANNED_ADDRESS,)]
        comment.status = decision.status
        comment.reasons = [*decision.reasons, *kept]
        comment.save(update_fields=["status", "held_reasons"])
        _log(
            action=Action.CONFIRM,
            comment=comment,
            actor_name=comment.author_name,
            before=Status.UNCONFIRMED,
            after=comment.status,
        )
    if comment.status == Status.APPROVED:
        comments_changed([comment.article_id])
    return comment


def changeable_comment(comment: Comment, reader) -> Comment:
    """`comment`, if `reader` may still edit or delete it: raises NotYours when they did
    not write it (or it is withdrawn, spam or rejected), TooLate when their time to
    change it (COMMENTS_EDIT_SECONDS from publication) has passed."""
    if not reader.wrote(comment) or comment.status in (
        Status.WITHDRAWN,
        Status.SPAM,
        Status.REJECTED,
    ):
        raise NotYours()
    if not comment.is_editable():
        raise TooLate()
    return comment


def comment_edit(*, comment: Comment, reader, body: str) -> Comment:
    """The author changes their comment's text. The earlier text is kept for moderators,
    the comment says "edited", and it goes through the policy again: a comment that no
    longer passes (a new link, a blocklisted word) waits for a moderator.
    Raises NotYours, TooLate (see changeable_comment) or Banned.
    """
    changeable_comment(comment, reader)
    commenter_standing(
        user=reader.user, email=comment.author_email, address_hashes=reader.address_hashes
    )
    before_status, before_body = comment.status, comment.body
    if body == before_body:
        return comment
    now = timezone.now()
    with transaction.atomic():
        _keep_earlier_text(comment, before_body, now)
        decision = moderate(
            body=body,
            user=comment.user,
            guest_email=comment.author_email,
            guest_confirmed=comment.status != Status.UNCONFIRMED,
            address_banned=Comment.Reason.BANNED_ADDRESS in comment.reasons,
        )
        reasons = list(decision.reasons)
        if before_status == Status.APPROVED:
            # A moderator already let this guest's comment through: being new is no
            # reason to hold its corrected text again, but a new link still is.
            reasons = [r for r in reasons if r != Comment.Reason.GUEST]
        if before_status != Status.APPROVED:
            # Editing never publishes what waits: what readers' reports or a moderator
            # put on hold stays on hold, with the reasons it had.
            kept = [r for r in comment.reasons if r not in reasons and r != Comment.Reason.EDITED]
            reasons = [*reasons, *kept]
            status = before_status
            if status == Status.PENDING:
                reasons.append(Comment.Reason.EDITED)
        elif reasons:
            status = Status.PENDING
            reasons.append(Comment.Reason.EDITED)
        else:
            status = Status.APPROVED
        comment.body = body
        comment.edited_at = now
        comment.status = status
        comment.reasons = reasons
        comment.save()
        _log_edit(
            comment, before_body, before_status, actor=reader.user, actor_name=comment.author_name
        )
    comments_changed([comment.article_id])
    return comment


def _keep_earlier_text(comment: Comment, text: str, now) -> None:
    """Keep the text an edit replaces (call before the comment's edit time moves on)."""
    CommentVersion.objects.create(
        comment=comment, body=text, written_at=comment.edited_at or comment.submitted_at,
        replaced_at=now,
    )  # fmt: skip


def _log_edit(comment: Comment, before_text: str, before_status: str, *, actor, actor_name=""):
    _log(
        action=Action.EDIT,
        comment=comment,
        actor=actor,
        actor_name=actor_name,
        before=before_status,
        after=comment.status,
        details={"before": before_text, "after": comment.body},
    )


def comment_text_replaced(*, comment: Comment, before: str, moderator) -> None:
    """A moderator rewrote a comment's text (in the admin): keep the earlier text as a
    version and log the edit, as for an author's edit. The caller saves the comment."""
    _keep_earlier_text(comment, before, timezone.now())
    _log_edit(comment, before, comment.status, actor=moderator)
    comments_changed([comment.article_id])


def comment_withdraw(*, comment: Comment, reader) -> Comment:
    """The author takes their comment down. The row stays (soft state) for the record.
    Raises NotYours or TooLate (see changeable_comment)."""
    changeable_comment(comment, reader)
    before = comment.status
    comment.status = Status.WITHDRAWN
    comment.save(update_fields=["status"])
    _log(
        action=Action.WITHDRAW,
        comment=comment,
        actor=reader.user,
        actor_name=comment.author_name,
        before=before,
        after=comment.status,
    )
    comments_changed([comment.article_id])
    return comment


def comment_report(*, comment: Comment, reader, reason: str, note: str = "") -> Report:
    """`reader` reports a public comment, once each. At COMMENTS_FLAG_THRESHOLD
    unresolved reports the comment is hidden until a moderator decides.

    Raises NotYours for a comment readers cannot see, TooManyReports past
    COMMENTS_REPORTS_PER_HOUR reports from this reader in an hour, AlreadyReported when
    they reported it before (which uses none of their hour's reports).
    """
    if not Comment.objects.public().filter(pk=comment.pk).exists():
        raise NotYours()
    key = f"comments:reports:{reader.reporter}"
    if (cache.get(key) or 0) >= settings.COMMENTS_REPORTS_PER_HOUR:
        raise TooManyReports(retry_after=seconds_left(key, window=REPORT_WINDOW))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment,
                reporter=reader.reporter,
                user=reader.user,
                reason=reason,
                note=note[:300],
            )
    except IntegrityError as error:
        raise AlreadyReported() from error
    count_in_window(key, seconds=REPORT_WINDOW)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        reports = Report.objects.unresolved().filter(comment=locked).count()
        if locked.status == Status.APPROVED and reports >= settings.COMMENTS_FLAG_THRESHOLD:
            locked.status = Status.PENDING
            locked.reasons = [*locked.reasons, Comment.Reason.FLAGGED]
            locked.save(update_fields=["status", "held_reasons"])
            _log(
                action=Action.HIDE,
                comment=locked,
                before=Status.APPROVED,
                after=Status.PENDING,
                details={"reports": reports},
            )
            comments_changed([locked.article_id])
    return report


# --- Moderators ------------------------------------------------------------------------


def comments_decide(
    *,
    comments,
    status: str,
    moderator,
    reason: ModerationReason | None = None,
    note: str = "",
) -> int:
    """Set the status of `comments` (a queryset), logging each change: who decided, when,
    the status before and after, and the reason given. Readers' reports on them are
    resolved: the moderator has looked.
    """
    now = timezone.now()
    action = DECISION_ACTIONS[status]
    with transaction.atomic():
        ids = list(comments.values_list("pk", flat=True))
        changed = list(
            Comment.objects.select_for_update().filter(pk__in=ids).exclude(status=status)
        )
        if not changed:
            # Deciding again what is already so still settles the reports on them.
            Report.objects.unresolved().filter(comment__in=ids).update(resolved_at=now)
            return 0
        Comment.objects.filter(pk__in=[c.pk for c in changed]).update(
            status=status, decided_by=moderator, decided_at=now
        )
        Report.objects.unresolved().filter(comment__in=changed).update(resolved_at=now)
        ModerationEvent.objects.bulk_create(
            ModerationEvent(
                action=action,
                comment=comment,
                actor=moderator,
                actor_name=_actor_name(moderator),
                at=now,
                status_before=comment.status,
                status_after=status,
                reason=reason,
                reason_label=reason.label if reason else "",
                note=note[:300],
            )
            for comment in changed
        )
    comments_changed(c.article_id for c in changed)
    return len(changed)


def decision_reverse(*, event: ModerationEvent, moderator, note: str = "") -> ModerationEvent:
    """Put a comment back as it was before `event`, and log the reversal.

    Only the latest word on a comment can be reversed: if it changed since, the
    moderator decides afresh instead.
    """
    if not event.is_reversible:
        raise NotReversible("not-decision")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=event.comment_id)
        if ModerationEvent.objects.filter(reverses=event).exists():
            raise NotReversible("reversed")
        if comment.status != event.status_after:
            raise NotReversible("moved-on")
        now = timezone.now()
        Comment.objects.filter(pk=comment.pk).update(
            status=event.status_before, decided_by=moderator, decided_at=now
        )
        # A moderator has looked, as with any decision: the open reports are settled.
        Report.objects.unresolved().filter(comment=comment).update(resolved_at=now)
        reversal = _log(
            action=Action.REVERSE,
            comment=comment,
            actor=moderator,
            before=event.status_after,
            after=event.status_before,
            note=note,
            reverses=event,
            details={"reversed": event.get_action_display()},
        )
    comments_changed([comment.article_id])
    return reversal


def ban_create(
    *,
    kind: str,
    moderator,
    user=None,
    email: str = "",
    address_hash: str = "",
    period: timedelta | None = None,
    reason: ModerationReason | None = None,
    note: str = "",
    comment: Comment | None = None,
) -> Ban:
    """Ban an account, an email address or a client address (by its hash), for `period`
    or for good (None), and log it."""
    ban = Ban(
        kind=kind,
        user=user if kind == Ban.Kind.ACCOUNT else None,
        email=email.strip().lower() if kind == Ban.Kind.EMAIL else "",
        address_hash=address_hash if kind == Ban.Kind.ADDRESS else "",
        reason=reason,
        note=note[:300],
        created_by=moderator,
        expires_at=timezone.now() + period if period else None,
    )
    ban.full_clean(exclude=["user", "created_by", "lifted_by", "reason"])
    with transaction.atomic():
        ban.save()
        log_ban(ban=ban, moderator=moderator, comment=comment)
    return ban


def log_ban(*, ban: Ban, moderator, comment: Comment | None = None) -> ModerationEvent:
    """Log a new ban (made here or in the admin)."""
    return _log(
        action=Action.BAN,
        ban=ban,
        comment=comment,
        actor=moderator,
        reason=ban.reason,
        note=ban.note,
        details={"target": ban.target_display, "period": ban.period_display()},
    )


def ban_lift(*, ban: Ban, moderator, note: str = "") -> Ban:
    if ban.lifted_at is not None:
        return ban
    with transaction.atomic():
        ban.lifted_at = timezone.now()
        ban.lifted_by = moderator
        ban.save(update_fields=["lifted_at", "lifted_by"])
        _log(
            action=Action.UNBAN,
            ban=ban,
            actor=moderator,
            note=note,
            details={"target": ban.target_display},
        )
    return ban


# --- Members and retention ----------------------------------------------------------------


def member_forget(*, user, delete_comments: bool) -> int:
    """Before a member's account is deleted: delete their comments, or keep them under
    "Former member" with no email. Replies others wrote to deleted comments are kept, as
    comments of their own. Returns how many comments were deleted or anonymised.
    """
    with transaction.atomic():
        own = Comment.objects.filter(user=user)
        article_ids = set(own.values_list("article_id", flat=True))
        if delete_comments:
            Comment.objects.filter(parent__in=own).exclude(user=user).update(parent=None)
            count = own.count()
            own.delete()
        else:
            count = own.update(author_name=FORMER_MEMBER, author_email="", user=None)
        Report.objects.filter(user=user).update(user=None)
    comments_changed(article_ids)
    return count


@dataclass
class Cleanup:
    unconfirmed_deleted: int = 0
    comment_hashes_cleared: int = 0
    ban_hashes_cleared: int = 0
    report_hashes_cleared: int = 0


def comments_cleanup(*, now=None) -> Cleanup:
    """Retention: purge unconfirmed comments after COMMENTS_UNCONFIRMED_PURGE_DAYS, and
    clear the address hashes of comments, finished bans and guests' reports after
    COMMENTS_ADDRESS_RETENTION_DAYS. Bans still in force keep theirs.
    """
    now = now or timezone.now()
    result = Cleanup()
    purge_before = now - timedelta(days=settings.COMMENTS_UNCONFIRMED_PURGE_DAYS)
    _, deleted = Comment.objects.unconfirmed().filter(submitted_at__lt=purge_before).delete()
    result.unconfirmed_deleted = deleted.get("comments.Comment", 0)
    keep_after = now - timedelta(days=settings.COMMENTS_ADDRESS_RETENTION_DAYS)
    result.comment_hashes_cleared = (
        Comment.objects.filter(submitted_at__lt=keep_after)
        .exclude(client_hash="")
        .update(client_hash="")
    )
    finished = Ban.objects.exclude(pk__in=Ban.objects.in_force(now).values("pk"))
    result.ban_hashes_cleared = (
        finished.filter(kind=Ban.Kind.ADDRESS, created_at__lt=keep_after)
        .exclude(address_hash="")
        .update(address_hash="")
    )
    old_reports = Report.objects.filter(reported_at__lt=keep_after, reporter__startswith="address:")
    for report in old_reports.only("pk"):
        Report.objects.filter(pk=report.pk).update(reporter=f"expired:{report.pk}")
        result.report_hashes_cleared += 1
    return result
