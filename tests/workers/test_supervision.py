"""What every worker does beside its jobs: take back a dead worker's job, enqueue the
daily jobs once a day, and show operators the queue."""

from datetime import datetime, timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from workers.models import DailyRun, Worker
from workers.queue import queue_states
from workers.supervision import enqueue_daily, take_back_abandoned

from .jobs import note_run

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "media"],
    }
}


def running_job(*, worker_id: str, started_ago: timedelta) -> DBTaskResult:
    result = note_run.enqueue("/nonexistent")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started_ago,
        worker_ids=[worker_id],
    )
    return DBTaskResult.objects.get(pk=result.id)


def worker(worker_id: str, *, seen_ago: timedelta) -> Worker:
    return Worker.objects.create(
        worker_id=worker_id, host="host", pid=1, queues="*", seen_at=timezone.now() - seen_ago
    )


@override_settings(TASKS=DATABASE_QUEUE, TASKS_WORKER_TIMEOUT=60)
def test_the_job_of_a_worker_not_heard_from_goes_back_to_the_queue():
    worker("dead", seen_ago=timedelta(minutes=5))
    abandoned = running_job(worker_id="dead", started_ago=timedelta(minutes=6))

    assert take_back_abandoned() == 1

    abandoned.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert abandoned.started_at is None


@override_settings(TASKS=DATABASE_QUEUE, TASKS_WORKER_TIMEOUT=60)
def test_a_live_workers_long_job_and_a_job_just_claimed_are_left_running():
    worker("alive", seen_ago=timedelta(seconds=5))
    long_job = running_job(worker_id="alive", started_ago=timedelta(hours=1))
    just_claimed = running_job(worker_id="unknown-yet", started_ago=timedelta(seconds=1))

    assert take_back_abandoned() == 0

    assert DBTaskResult.objects.get(pk=long_job.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=just_claimed.pk).status == TaskResultStatus.RUNNING


@override_settings(
    TASKS=DATABASE_QUEUE,
    TASKS_DAILY_AT="03:30",
    TASKS_DAILY=["tests.workers.jobs.note_run"],
)
def test_the_daily_jobs_are_enqueued_once_a_day_from_their_time():
    day = timezone.make_aware(datetime(2026, 12, 2, 3, 0))

    assert enqueue_daily(day) is False  # before 03:30
    assert enqueue_daily(day + timedelta(hours=1)) is True
    assert enqueue_daily(day + timedelta(hours=2)) is False  # a second worker, the same day
    assert enqueue_daily(day + timedelta(days=1, hours=1)) is True

    assert DailyRun.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path="tests.workers.jobs.note_run").count() == 2


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_queue_state_counts_what_waits_and_since_when():
    first = note_run.enqueue("/one")
    note_run.enqueue("/two")
    note_run.using(run_after=timezone.now() + timedelta(hours=1)).enqueue("/later")
    running_job(worker_id="w", started_ago=timedelta(seconds=1))

    states = {state.name: state for state in queue_states()}

    default = states["default"]
    assert (default.waiting, default.scheduled, default.running) == (2, 1, 1)
    assert default.oldest_waiting_since == DBTaskResult.objects.get(pk=first.id).enqueued_at
    assert (states["mail"].waiting, states["mail"].oldest_waiting_since) == (0, None)


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_admin_shows_the_queue_and_its_oldest_waiting_job(admin_client):
    note_run.enqueue("/one")
    worker("w1", seen_ago=timedelta(seconds=1))

    page = admin_client.get("/admin/workers/worker/").content.decode()

    assert "The queue" in page
    assert "Oldest waiting since" in page
    assert "host pid 1" in page
