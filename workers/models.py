"""The worker processes that run the task queue, as each reports itself."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerQuerySet(models.QuerySet):
    def alive(self, now=None):
        """Workers heard from within TASKS_WORKER_TIMEOUT seconds."""
        now = now or timezone.now()
        return self.filter(seen_at__gte=now - timedelta(seconds=settings.TASKS_WORKER_TIMEOUT))


class Worker(models.Model):
    """One `manage.py run_worker` process: it says it is alive every few seconds, so the
    jobs it was running when it died (a SIGKILL, a lost host) are given to others."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=200)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["host", "started_at"]

    def __str__(self) -> str:
        return f"{self.host} pid {self.pid}"

    @property
    def is_alive(self) -> bool:
        timeout = timedelta(seconds=settings.TASKS_WORKER_TIMEOUT)
        return self.seen_at >= timezone.now() - timeout


class DailyRun(models.Model):
    """That the daily jobs were enqueued on `day`: the first worker to create the row for
    a day enqueues them, so however many workers run, each job runs once a day."""

    day = models.DateField(unique=True)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Daily jobs of {self.day}"
