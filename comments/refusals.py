"""Why a write was refused: one exception for each rule a service enforces.

Services raise them and save nothing; views answer each with the HTTP status it names
and the sentence its template (`comments/refusal.html`, by `code`) says. They carry the
facts the sentence needs (which ban, how long to wait), never words.
"""

from django.conf import settings


class Refusal(Exception):
    """A write a rule stops. `code` names it to templates; `status` is its HTTP answer."""

    code = "refused"
    status = 400

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.__doc__.split("\n")[0])


class CommentsClosed(Refusal):
    """Comments are closed on this article (editors closed them, or it is too old)."""

    code, status = "closed", 403


class FormInvalid(Refusal):
    """The comment form came back with errors: the notes beside its fields say which."""

    code, status = "invalid", 400


class ParentGone(Refusal):
    """The comment replied to is no longer shown."""

    code, status = "parent-gone", 400


class Banned(Refusal):
    """A ban in force stops this commenter; `ban` says which and until when."""

    code, status = "banned", 403

    def __init__(self, ban):
        super().__init__(str(ban))
        self.ban = ban


class TooFast(Refusal):
    """The commenter posted too often: wait `retry_after` seconds. `hourly` says which
    limit: the hour's count (COMMENTS_MAX_PER_HOUR) or the gap between two comments."""

    code, status = "too-fast", 429

    def __init__(self, *, retry_after: int, hourly: bool):
        super().__init__(f"Posting again in {retry_after} s.")
        self.retry_after = retry_after
        self.hourly = hourly
        self.per_hour = settings.COMMENTS_MAX_PER_HOUR
        self.interval = settings.COMMENTS_MIN_INTERVAL_SECONDS


class DuplicatePost(Refusal):
    """The same form was sent again (a double click, a retried request): `comment` is the
    one its first sending saved."""

    code, status = "duplicate", 200

    def __init__(self, comment):
        super().__init__(f"Comment {comment.pk} was already saved from this form.")
        self.comment = comment


class NotYours(Refusal):
    """The comment is not this reader's to change (or is no longer there to change)."""

    code, status = "not-yours", 404


class TooLate(Refusal):
    """The time its author may edit or delete a published comment has passed."""

    code, status = "too-late", 403

    def __init__(self):
        super().__init__()
        self.minutes = settings.COMMENTS_EDIT_SECONDS // 60


class AlreadyReported(Refusal):
    """This reader has reported this comment before."""

    code, status = "already-reported", 200


class TooManyReports(Refusal):
    """The reader sent COMMENTS_REPORTS_PER_HOUR reports in the last hour."""

    code, status = "too-many-reports", 429

    def __init__(self, *, retry_after: int):
        super().__init__()
        self.retry_after = retry_after


class NotReversible(Refusal):
    """The decision cannot be reversed: it is no decision, or the comment has moved on."""

    code, status = "not-reversible", 400

    def __init__(self, reason: str):
        super().__init__(reason)
        # "not-decision", "reversed" or "moved-on": which sentence the log shows.
        self.reason = reason
