"""A real worker process on the real queue: killed mid-job, its job runs again, once."""

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.worker_process import WorkerProcess, wait_until
from workers.models import Worker

from .jobs import note_run

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "media"],
    }
}
# A worker not heard from for 2 seconds counts as dead; no daily jobs in these runs.
QUICK = {"NEWSROOM_TASKS_WORKER_TIMEOUT": "2", "NEWSROOM_TASKS_DAILY_AT": "24:00"}


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_job_whose_worker_is_killed_runs_again_elsewhere_and_completes_once(tmp_path):
    trace = tmp_path / "trace.txt"
    result = note_run.enqueue(str(trace), hang_first_run=60)

    first = WorkerProcess(**QUICK)
    try:
        assert wait_until(lambda: trace.exists()), first.stop()
        first.kill()
    finally:
        first.stop()
    assert status_of(result) == TaskResultStatus.RUNNING
    assert trace.read_text() == "start\n"

    second = WorkerProcess(**QUICK)
    try:
        assert wait_until(lambda: status_of(result) == TaskResultStatus.SUCCESSFUL), second.stop()
    finally:
        output = second.stop()
    assert trace.read_text() == "start\nstart\nend\n"
    assert "Took back job" in output


@override_settings(TASKS=DATABASE_QUEUE)
def test_jobs_wait_while_no_worker_runs_and_a_worker_started_later_runs_them(tmp_path):
    traces = [tmp_path / f"trace-{n}.txt" for n in range(3)]
    results = [note_run.enqueue(str(trace)) for trace in traces]
    assert {status_of(result) for result in results} == {TaskResultStatus.READY}

    worker = WorkerProcess("--batch", **QUICK)
    worker.wait()

    assert {status_of(result) for result in results} == {TaskResultStatus.SUCCESSFUL}
    assert [trace.read_text() for trace in traces] == ["start\nend\n"] * 3


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_running_worker_is_listed_and_one_stopped_cleanly_is_not():
    worker = WorkerProcess(**QUICK)
    try:
        assert wait_until(lambda: Worker.objects.alive().exists()), worker.stop()
        (listed,) = Worker.objects.all()
        assert listed.pid == worker.process.pid
        assert listed.queues == "*"
    finally:
        worker.stop()
    assert not Worker.objects.exists()
