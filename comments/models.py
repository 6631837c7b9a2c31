"""Readers' comments on articles, the moderators' blocklist, and their visibility rules."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .text import count_links, render_comment_body


class CommentQuerySet(models.QuerySet):
    """Who may see which comment. Pages, counts, feeds and the sidebar use only these."""

    def held_for(self, reason: str):
        return self.filter(held_reasons__contains=f" {reason} ")

    def approved(self):
        """Approved, and shown: a reply counts only while the comment it answers does."""
        return self.filter(status=Comment.Status.APPROVED).filter(
            models.Q(parent__isnull=True) | models.Q(parent__status=Comment.Status.APPROVED)
        )

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def rejected(self):
        return self.filter(status=Comment.Status.REJECTED)

    def on_published_articles(self):
        return self.filter(article__in=Article.objects.published())

    def public(self):
        """Approved comments on articles readers can see."""
        return self.approved().on_published_articles()


class Comment(models.Model):
    """What a reader wrote under an article: by a member (`user`) or a guest (name, email)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class Reason(models.TextChoices):
        GUEST = "guest", "Guest comment"
        FIRST_COMMENT = "first-comment", "Member's first comment"
        MEMBER_TRUST_OFF = "members-moderated", "Members are moderated"
        LINKS = "links", "Too many links"
        BLOCKLIST = "blocklist", "Blocklisted word"
        HONEYPOT = "honeypot", "Filled the hidden field (a bot)"

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
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # Codes of Comment.Reason, space-separated with a space at each end (" guest links "),
    # so the queue can filter on one reason with a plain `contains` on any database.
    held_reasons = models.CharField(max_length=200, blank=True, editable=False)
    # A keyed hash (HMAC) of the client's address: never the address itself.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
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
        ]
        permissions = [("moderate_comment", "Can approve, reject and mark comments as spam")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
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
