"""Writing mail: compose() renders a message, queue_mail() hands it to the worker."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from workers.queueing import enqueue_on_commit

from .models import OutgoingMail
from .tasks import deliver


def compose(*, to: str, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    """A mail to `to` from `template`.txt, with `template`.html beside it."""
    message = EmailMultiAlternatives(
        # A header holds one line, whatever a template or a name put in it.
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def queue_mail(message: EmailMessage, *, key: str | None = None) -> OutgoingMail:
    """Keep `message` to be sent, and have a worker send it once the transaction commits.

    The row and its delivery job are saved in the caller's transaction: if that rolls
    back, so does the mail, and nothing is sent (workers.queueing). `key` names what
    the mail is for; a key queued already (committed, or earlier in this transaction)
    returns the mail it made, and sends no second one. Render everything before
    calling: the worker only sends what is kept.

    Takes a message with one recipient, a plain text body and at most an HTML
    alternative; anything else (copies, attachments, headers) raises ValueError rather
    than being dropped on the way.
    """
    fields = _fields_of(message)
    # One transaction for the row and its job (the caller's, or one of its own when it
    # has none, as a password reset has not): never a mail that no job will send.
    with transaction.atomic():
        if key is None:
            mail = OutgoingMail.objects.create(**fields)
        else:
            # Insert first, in a savepoint: a new key (the usual case) costs one
            # statement; a key queued already, even at the same moment by another
            # request, clashes on its unique index and the mail made first is returned.
            try:
                with transaction.atomic():
                    mail = OutgoingMail.objects.create(key=key, **fields)
            except IntegrityError:
                return OutgoingMail.objects.get(key=key)
        # On the database queue the job is written in this transaction; elsewhere it is
        # enqueued after it commits (workers.queueing).
        enqueue_on_commit(deliver, mail.pk)
    return mail


def _fields_of(message: EmailMessage) -> dict:
    if len(message.to) != 1 or message.cc or message.bcc or message.reply_to:
        raise ValueError("A queued mail goes to exactly one recipient, with no copies.")
    if message.attachments or message.extra_headers or message.content_subtype != "plain":
        raise ValueError("A queued mail has a plain text body, no attachments nor headers.")
    alternatives = getattr(message, "alternatives", [])
    html = [content for content, mimetype in alternatives if mimetype == "text/html"]
    if len(alternatives) != len(html) or len(html) > 1:
        raise ValueError("A queued mail has a text body and at most one HTML alternative.")
    return {
        "sender": message.from_email,
        "recipient": message.to[0],
        "subject": message.subject,
        "text_body": message.body,
        "html_body": html[0] if html else "",
    }
