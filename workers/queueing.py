"""Enqueueing a job for a write, so that the write and its job stand or fall together.

A job that a row needs (the mail of a comment, the renditions of a photo) must run if
and only if the row commits. With the queue in the site's own database (django-tasks-db,
on the same database), the job's row is inserted in the same transaction: both commit,
or neither does, even if the process is killed the moment after the commit. With a
queue elsewhere (Redis, or the tests' backend that runs a job at once) the job is
enqueued once the transaction commits; a process killed between the two leaves the row
without its job, which is why the database queue is the default.
"""

from functools import partial

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Have `task(*args, **kwargs)` run only if the current transaction commits."""
    database = router.db_for_write(DBTaskResult) or DEFAULT_DB_ALIAS
    in_transaction = transaction.get_connection(database).in_atomic_block
    if in_transaction and isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        # robust: the write has committed already; a queue that cannot be reached is
        # logged, not turned into an error page, and the row says it still waits.
        transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)
