from django.db import models


class OutgoingMailQuerySet(models.QuerySet):
    def waiting(self):
        """Mail not delivered yet: queued, or between two attempts."""
        return self.filter(status=OutgoingMail.Status.WAITING)

    def failed(self):
        """Mail given up on after MAIL_MAX_ATTEMPTS: what an administrator must look at."""
        return self.filter(status=OutgoingMail.Status.FAILED)


class OutgoingMail(models.Model):
    """One mail the site sends, from the moment it is queued until the server takes it.

    The bodies are kept only until then: they hold password-reset, registration and
    confirmation links, which nobody should be able to read back from the database.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # Names what the mail is for ("comment-confirm:<comment id>"): a key queued twice
    # makes one mail. Unkeyed mails leave it empty (NULL never clashes).
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    sender = models.CharField(max_length=254)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=998)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
