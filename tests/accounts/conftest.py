"""What the account tests share: running a request's work-after-commit as production does."""

from contextlib import contextmanager

import pytest


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """A context in which requests' on-commit work runs when it ends, as a commit would.

    Each test runs inside a transaction that is never committed, so what a view leaves
    for after the commit (the mail it queued) would never happen: this runs it when the
    block ends. The test suite's task backend runs the delivery task at once, so the
    mail is in the outbox by then.
    """

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
