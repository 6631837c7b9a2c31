"""Readers' comments on articles and what keeps them civil: the blocklist, the moderators'
reasons and log, bans and readers' reports."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .text import count_links, render_comment_body, strip_direction_controls


def approved_condition(prefix: str = "") -> models.Q:
    """The one definition of an approved comment, as a condition on a query of comments,
    or of another model through `prefix` (such as "comments__" from Article): approved
    itself, and a reply only while the comment it answers is approved too."""
    approved = Comment.Status.APPROVED
    return models.Q(**{f"{prefix}status": approved}) & (
        models.Q(**{f"{prefix}parent__isnull": True})
        | models.Q(**{f"{prefix}parent__status": approved})
    )


class CommentQuerySet(models.QuerySet):
    """Who may see which comment. Pages, counts, feeds and the sidebar use only these:

    - public(): what every reader sees (approved, on a published article);
    - visible_to(reader): that, and the reader's own comments that wait (held);
    - held(): waiting for a moderator or an email confirmation, or caught as spam (which
      its sender is shown as waiting, so a bot learns nothing).
    """

    def held_for(self, reason: str):
        return self.filter(held_reasons__contains=f" {reason} ")

    def approved(self):
        """Approved, and shown: a reply counts only while the comment it answers does."""
        return self.filter(approved_condition())

    def held(self):
        return self.filter(status__in=Comment.HELD)

    def written_by(self, reader):
        """The comments `reader` wrote: a member's by their account, a guest's by the
        comments their browser remembers posting (see comments.readers)."""
        mine = models.Q(pk__in=sorted(reader.posted_ids), user__isnull=True)
        if reader.user is not None:
            mine |= models.Q(user=reader.user)
        return self.filter(mine)

    def visible_to(self, reader):
        """What `reader` may see: the public comments, and their own held ones (on
        published articles). Moderators see others' held comments in the queue, not on
        readers' pages."""
        if reader.is_anonymous:
            return self.public()
        own_held = models.Q(pk__in=self.written_by(reader).held().values("pk"))
        return self.on_published_articles().filter(approved_condition() | own_held)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def rejected(self):
        return self.filter(status=Comment.Status.REJECTED)

    def unconfirmed(self):
        return self.filter(status=Comment.Status.UNCONFIRMED)

    def reported(self):
        """Comments readers reported that no moderator has looked at since."""
        return self.filter(pk__in=Report.objects.unresolved().values("comment"))

    def withdrawn(self):
        return self.filter(status=Comment.Status.WITHDRAWN)

    def by_guest_email(self, email: str):
        """A guest's comments: their email is stored lowercased (see comment_create)."""
        return self.filter(user__isnull=True, author_email=email.strip().lower())

    def on_published_articles(self):
        return self.filter(article__in=Article.objects.published())

    def public(self):
        """Approved comments on articles readers can see: what every reader is shown."""
        return self.approved().on_published_articles()


# The name kept on the comments of a member who left and chose to keep them (stored in
# English; shown in the reader's edition's words: Comment.shown_name).
FORMER_MEMBER = "Former member"


class Comment(models.Model):
    """What a reader wrote under an article: by a member (`user`) or a guest (name, email)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", pgettext_lazy("comment status", "Approved")
        REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")
        SPAM = "spam", pgettext_lazy("comment status", "Spam")
        # A guest's first comment from an address, until they follow the emailed link.
        UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
        # Taken down by the person who wrote it.
        WITHDRAWN = "withdrawn", pgettext_lazy("comment status", "Deleted by its author")

    class Reason(models.TextChoices):
        GUEST = "guest", _("Guest comment")
        FIRST_COMMENT = "first-comment", _("Member's first comment")
        MEMBER_TRUST_OFF = "members-moderated", _("Members are moderated")
        UNCONFIRMED = "unconfirmed", _("Email not confirmed")
        LINKS = "links", _("Too many links")
        BLOCKLIST = "blocklist", _("Blocklisted word")
        FLAGGED = "flagged", _("Reported by readers")
        BANNED_ADDRESS = "banned-address", _("Posted from a banned address")
        EDITED = "edited", _("Edited after posting")
        HONEYPOT = "honeypot", _("Filled the hidden field (a bot)")

    # Waiting, as their senders see them: for a moderator, an email confirmation, or
    # caught as spam (shown to its sender as waiting).
    HELD = (Status.PENDING, Status.SPAM, Status.UNCONFIRMED)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField("name", max_length=60)
    author_email = models.EmailField("email", blank=True)
    body = models.TextField(max_length=3000)
    body_html = models.TextField(editable=False, default="")
    link_count = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    # Codes of Comment.Reason, space-separated with a space at each end (" guest links "),
    # so the queue can filter on one reason with a plain `contains` on any database.
    held_reasons = models.CharField(max_length=200, blank=True, editable=False)
    # A keyed hash (HMAC) of the client's address: never the address itself.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The token of the form it was sent from: the same form sent twice saves one comment.
    # Empty (NULL) for comments made otherwise, which the unique index then leaves alone.
    form_token = models.CharField(
        max_length=32, null=True, blank=True, default=None, unique=True, editable=False
    )
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "submitted_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-submitted_at"], name="comment_recent_idx"),
            # A guest's trust: their approved comments, found by their (lowercased) email.
            models.Index(
                fields=["author_email", "status"],
                condition=models.Q(user__isnull=True),
                name="comment_guest_email_idx",
            ),
        ]
        permissions = [("moderate_comment", "Can approve, reject and mark comments as spam")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        # Every way a comment is written (posted, edited, confirmed, changed in the admin,
        # a member's display name copied in) passes here.
        self.author_name = strip_direction_controls(self.author_name)
        self.body = strip_direction_controls(self.body)
        self.body_html = render_comment_body(self.body)
        self.link_count = count_links(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def fingerprint(self) -> str:
        """A short tag telling moderators which comments came from the same address."""
        return self.client_hash[:8]

    @property
    def reasons(self) -> list[str]:
        return self.held_reasons.split()

    @reasons.setter
    def reasons(self, codes) -> None:
        self.held_reasons = f" {' '.join(codes)} " if codes else ""

    def get_held_reasons_display(self) -> list[str]:
        labels = dict(self.Reason.choices)
        return [labels.get(code, code) for code in self.reasons]

    @property
    def apparent_status(self) -> str:
        """The status its sender is shown. What the honeypot caught looks like an honest
        comment (awaiting moderation, or a guest's awaiting confirmation), so a bot learns
        nothing; what a moderator marked as spam reads as rejected."""
        if self.status != self.Status.SPAM:
            return self.status
        if self.Reason.HONEYPOT not in self.reasons:
            return self.Status.REJECTED
        if self.Reason.UNCONFIRMED in self.reasons:
            return self.Status.UNCONFIRMED
        return self.Status.PENDING

    @property
    def apparent_status_display(self) -> str:
        return self.Status(self.apparent_status).label

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD

    @property
    def shown_name(self) -> str:
        """The author's name as pages show it: a former member's in the edition's words."""
        if self.user_id is None and not self.author_email and self.author_name == FORMER_MEMBER:
            return gettext("Former member")
        return self.author_name

    @property
    def is_public(self) -> bool:
        """What CommentQuerySet.public() selects, for one comment (its parent and article
        are read: fetch them with it)."""
        return (
            self.status == self.Status.APPROVED
            and (self.parent is None or self.parent.status == self.Status.APPROVED)
            and self.article.is_published()
        )

    def is_visible_to(self, reader) -> bool:
        """What CommentQuerySet.visible_to(reader) selects, for one comment."""
        if self.is_held:
            return reader.wrote(self) and self.article.is_published()
        return self.is_public

    @property
    def published_at(self):
        """When the comment became public: a moderator's approval, or its posting."""
        if self.status != self.Status.APPROVED:
            return None
        return self.decided_at or self.submitted_at

    def editable_until(self):
        """When its author's ten minutes (COMMENTS_EDIT_SECONDS) from publication end."""
        if self.published_at is None:
            return None
        return self.published_at + timedelta(seconds=settings.COMMENTS_EDIT_SECONDS)

    def is_editable(self, now=None) -> bool:
        """Whether its author may still edit or delete it: while it waits for a moderator
        or a confirmation, and for ten minutes once it is public."""
        if self.status in (self.Status.PENDING, self.Status.UNCONFIRMED):
            return True
        until = self.editable_until()
        return until is not None and (now or timezone.now()) < until


class CommentVersion(models.Model):
    """What a comment said before its author edited it, kept for moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField()
    written_at = models.DateTimeField(help_text="When this text was posted or last edited.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "replaced_at", "pk"]

    def __str__(self) -> str:
        return f"Version of comment {self.comment_id} from {self.written_at:%Y-%m-%d %H:%M}"


class BlockedWord(models.Model):
    """A word or phrase that sends a comment to the moderators' queue."""

    word = models.CharField(max_length=60, unique=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)


class ModerationReason(models.Model):
    """A reason moderators give for a decision ("Off-topic", "Abusive"), from a short list
    they keep themselves."""

    label = models.CharField(max_length=60, unique=True)
    explanation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown to the commenter on their comment's status page.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered in the queue and ban form.")

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class BanQuerySet(models.QuerySet):
    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def matching(self, *, user=None, email: str = "", address_hashes=()):
        """Bans on this account, this email address or any of these address hashes."""
        match = models.Q(pk__in=[])
        if user is not None:
            match |= models.Q(kind=Ban.Kind.ACCOUNT, user=user)
        if email:
            match |= models.Q(kind=Ban.Kind.EMAIL, email__iexact=email)
        hashes = [value for value in address_hashes if value]
        if hashes:
            match |= models.Q(kind=Ban.Kind.ADDRESS, address_hash__in=hashes)
        return self.filter(match)


class Ban(models.Model):
    """A commenter who may not comment: an account, a confirmed email or a client address,
    for a period or for good. Lifting a ban keeps the row, for the record."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Member account")
        EMAIL = "email", _("Email address")
        ADDRESS = "address", _("Client address")

    class Period(models.TextChoices):
        """How long a ban made in the queue lasts: the value is its number of days."""

        DAY = "1", _("One day")
        WEEK = "7", _("A week")
        MONTH = "30", _("A month")
        YEAR = "365", _("A year")
        FOREVER = "forever", pgettext_lazy("how long a ban lasts", "For good")

        @property
        def duration(self) -> timedelta | None:
            return None if self == self.FOREVER else timedelta(days=int(self.value))

    kind = models.CharField(max_length=10, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_bans",
    )
    email = models.EmailField(blank=True)
    # A keyed hash of the address, as on comments; never the address itself.
    address_hash = models.CharField(max_length=64, blank=True)
    reason = models.ForeignKey(
        ModerationReason, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "address_hash"], name="ban_address_idx")]

    def __str__(self) -> str:
        return f"Ban on {self.target_display}"

    @property
    def target_display(self) -> str:
        """Whom the ban stops, in the moderator's words (kept as said in the log)."""
        if self.kind == self.Kind.ACCOUNT:
            if self.user is None:
                return gettext("a deleted member")
            return gettext("member %(username)s") % {"username": self.user.username}
        if self.kind == self.Kind.EMAIL:
            return self.email
        return gettext("address %(hash)s") % {"hash": self.address_hash[:8]}

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.expires_at is None or self.expires_at > now)

    def period_display(self) -> str:
        if self.expires_at is None:
            return pgettext("how long a ban lasts", "for good")
        moment = date_format(timezone.localtime(self.expires_at), "j M Y, H:i")
        return gettext("until %(moment)s") % {"moment": moment}


class ReportQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """A reader's report that an approved comment breaks the rules: one per reader."""

    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("Abusive or hateful")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off-topic", _("Off-topic")
        PERSONAL = "personal", _("Shares someone's personal information")
        FALSE = "false", _("Deliberately false or misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    # "user:<id>" for a member, "address:<hash>" for a guest: one report each.
    reporter = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=Reason)
    note = models.CharField(max_length=300, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator decides on the comment: later reports count afresh.
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["reported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}: {self.reason}"


class ModerationEventQuerySet(models.QuerySet):
    """The log only grows: a bulk update or delete of it is refused like a single one."""

    def update(self, **kwargs):
        raise PermissionDenied("The moderation log is append-only.")

    def delete(self):
        raise PermissionDenied("The moderation log is append-only.")


class ModerationEvent(models.Model):
    """One line of the append-only moderation log: who did what to which comment or ban,
    when, the status before and after, and why. Rows are never changed or deleted."""

    class Action(models.TextChoices):
        APPROVE = "approve", pgettext_lazy("moderation log action", "Approved")
        REJECT = "reject", pgettext_lazy("moderation log action", "Rejected")
        SPAM = "spam", _("Marked as spam")
        RESTORE = "restore", _("Sent back to the queue")
        HIDE = "hide", _("Hidden after reports")
        BAN = "ban", pgettext_lazy("moderation log action", "Banned")
        UNBAN = "unban", _("Lifted a ban")
        EDIT = "edit", pgettext_lazy("moderation log action", "Edited")
        WITHDRAW = "withdraw", pgettext_lazy("moderation log action", "Deleted by its author")
        CONFIRM = "confirm", _("Email confirmed")
        REVERSE = "reverse", _("Reversed a decision")

    action = models.CharField(max_length=10, choices=Action)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    ban = models.ForeignKey(
        Ban, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    # Empty for what the site did by itself (hiding after reports) or a guest did.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    status_before = models.CharField(max_length=12, blank=True)
    status_after = models.CharField(max_length=12, blank=True)
    reason = models.ForeignKey(
        ModerationReason, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The reason's words at the time, kept even if moderators later rename or drop it.
    reason_label = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # Other before/after facts: the text of an edit, the terms of a ban.
    details = models.JSONField(default=dict, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reversed_by"
    )

    objects = ModerationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_name or 'the site'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The moderation log is append-only.")
        if self.reason is not None and not self.reason_label:
            self.reason_label = self.reason.label
        # Always an INSERT: a new object given an existing row's id fails rather than
        # overwriting that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The moderation log is append-only.")

    @property
    def is_reversible(self) -> bool:
        decisions = {
            self.Action.APPROVE,
            self.Action.REJECT,
            self.Action.SPAM,
            self.Action.RESTORE,
            self.Action.HIDE,
        }
        return self.action in decisions and self.comment_id is not None
