"""What the account tests share: running a request's work-after-commit as production does."""

from contextlib import contextmanager

import pytest

from accounts.mailing import wait_for_sending


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """A context in which requests' on-commit work runs, then their mail is waited for.

    Each test runs inside a transaction that is never committed, so what a view leaves
    for after the commit (mail sent after the response) would never happen: this runs
    it when the block ends, as the commit would, and waits for the mail to be sent.
    """

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        wait_for_sending()

    return run
