"""What each worker does beside running jobs (see run_worker): say it is alive, give the
jobs of workers that died back to the queue, and enqueue the day's jobs once a day.

django-tasks-db marks a job "running" when a worker claims it and "successful" or
"failed" when the worker is done. A worker killed mid-job (SIGKILL, a host lost) never
says either, so its job would stay "running" for good. Every worker therefore writes a
heartbeat every TASKS_WORKER_TIMEOUT / 6 seconds, and any worker takes back a job whose
worker has not been heard from for TASKS_WORKER_TIMEOUT: the job runs again, elsewhere.
Jobs are written to be safe to run twice, which is also what a job cut short needs.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .models import DailyRun, Worker

logger = logging.getLogger(__name__)
# Beats within TASKS_WORKER_TIMEOUT: a worker is taken for dead only after this many in a
# row failed (each may wait out SQLite's 20-second busy timeout with the default 90).
BEATS_PER_TIMEOUT = 6


def beat(worker_id: str, *, queues: str) -> None:
    """Say that worker `worker_id` (this process) is alive."""
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "queues": queues,
            "seen_at": timezone.now(),
        },
        create_defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "queues": queues,
        },
    )


def forget(worker_id: str) -> None:
    """The worker stopped cleanly: nothing of it is left to take back."""
    Worker.objects.filter(worker_id=worker_id).delete()


def take_back_abandoned(now: datetime | None = None) -> int:
    """Put back in the queue every running job whose worker is no longer heard from;
    how many. A job is only taken back once it has run longer than the timeout itself,
    so a worker that has just claimed one and not yet beaten is left alone."""
    now = now or timezone.now()
    alive = set(Worker.objects.alive(now).values_list("worker_id", flat=True))
    cutoff = now - timedelta(seconds=settings.TASKS_WORKER_TIMEOUT)
    taken = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for job in running.only("worker_ids", "started_at"):
        if job.worker_ids and job.worker_ids[-1] in alive:
            continue
        # Only as it was read: another worker may have taken it back since and a live one
        # claimed it again (which gives it a new start), and that run is left alone.
        taken += DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("Took back job %s: its worker stopped answering.", job.pk)
    return taken


def enqueue_daily(now: datetime | None = None) -> bool:
    """Enqueue the jobs of TASKS_DAILY once a day, from TASKS_DAILY_AT (site time) on;
    whether this call did. The day's row and the jobs commit together."""
    local = timezone.localtime(now or timezone.now())
    if local.strftime("%H:%M") < settings.TASKS_DAILY_AT:
        return False
    with transaction.atomic():
        _, created = DailyRun.objects.get_or_create(day=local.date())
        if created:
            for path in settings.TASKS_DAILY:
                import_string(path).enqueue()
    if created:
        logger.info("Enqueued the daily jobs of %s.", local.date())
    return created


class Heartbeat(threading.Thread):
    """A thread beside the worker's loop: beats, takes back, enqueues the daily jobs."""

    def __init__(self, worker_id: str, *, queues: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.queues = queues
        self.stopping = threading.Event()

    def tick(self) -> None:
        beat(self.worker_id, queues=self.queues)
        take_back_abandoned()
        enqueue_daily()

    def run(self) -> None:
        interval = max(settings.TASKS_WORKER_TIMEOUT / BEATS_PER_TIMEOUT, 0.5)
        while not self.stopping.wait(interval):
            try:
                self.tick()
            except DatabaseError:
                # The database is away for a moment: the worker's own loop says so too.
                logger.exception("The worker's heartbeat could not reach the database.")
            except Exception:
                # Whatever else went wrong (a daily job that cannot be imported, say), the
                # heartbeat goes on: a silent worker would have its jobs run twice.
                logger.exception("The worker's heartbeat failed; it carries on.")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
