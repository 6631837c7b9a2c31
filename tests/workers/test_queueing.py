"""A write and its job stand or fall together (workers.queueing)."""

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from workers.queueing import enqueue_on_commit

from .jobs import note_run
from .test_supervision import DATABASE_QUEUE

pytestmark = pytest.mark.django_db


@override_settings(TASKS=DATABASE_QUEUE)
def test_on_the_database_queue_the_job_is_written_in_the_writes_own_transaction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as waiting_for_commit, transaction.atomic():
        enqueue_on_commit(note_run, "/trace")
        # Already there, in the same transaction: nothing is left for after the commit, so
        # a process killed the moment the transaction commits loses no job.
        assert DBTaskResult.objects.filter(task_path="tests.workers.jobs.note_run").exists()

    assert waiting_for_commit == []


@override_settings(TASKS=DATABASE_QUEUE)
def test_on_the_database_queue_a_rolled_back_write_leaves_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(note_run, "/trace")
        raise RuntimeError("the write fails")

    assert not DBTaskResult.objects.exists()


def test_on_a_queue_elsewhere_the_job_is_enqueued_once_the_transaction_commits(
    django_capture_on_commit_callbacks, tmp_path
):
    trace = tmp_path / "trace.txt"
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as waiting_for_commit, transaction.atomic():
        enqueue_on_commit(note_run, str(trace))
        assert not trace.exists()  # the tests' backend runs a job as it is enqueued

    assert len(waiting_for_commit) == 1
    assert trace.read_text() == "start\nend\n"
