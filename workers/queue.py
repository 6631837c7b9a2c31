"""The task queue's state, as operators read it: how many jobs wait in each queue, since
when the oldest has waited, what runs, what failed lately, and which workers answer."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@dataclass(frozen=True)
class QueueState:
    name: str
    waiting: int  # ready to run now
    scheduled: int  # waiting for a later time (a mail's retry, say)
    running: int
    failed_last_day: int
    oldest_waiting_since: datetime | None  # when the longest-waiting ready job was enqueued

    @property
    def oldest_wait(self) -> timedelta | None:
        if self.oldest_waiting_since is None:
            return None
        return timezone.now() - self.oldest_waiting_since


def queue_states(now: datetime | None = None) -> list[QueueState]:
    """Every queue of the default backend's QUEUES, with its figures: one query."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready().values("pk")
    rows = {
        row["queue_name"]: row
        for row in DBTaskResult.objects.values("queue_name")
        .annotate(
            waiting=Count("pk", filter=Q(pk__in=ready)),
            scheduled=Count("pk", filter=Q(status=TaskResultStatus.READY) & ~Q(pk__in=ready)),
            running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
            failed_last_day=Count(
                "pk",
                filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1)),
            ),
            oldest_waiting_since=Min("enqueued_at", filter=Q(pk__in=ready)),
        )
        .order_by()
    }
    names = list(settings.TASKS["default"].get("QUEUES", ["default"]))
    names += sorted(set(rows) - set(names))
    return [
        QueueState(
            name=name,
            waiting=rows.get(name, {}).get("waiting", 0),
            scheduled=rows.get(name, {}).get("scheduled", 0),
            running=rows.get(name, {}).get("running", 0),
            failed_last_day=rows.get(name, {}).get("failed_last_day", 0),
            oldest_waiting_since=rows.get(name, {}).get("oldest_waiting_since"),
        )
        for name in names
    ]
