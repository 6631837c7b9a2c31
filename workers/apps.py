from django.apps import AppConfig


class WorkersConfig(AppConfig):
    """The task queue's worker processes: their heartbeat, taking back the jobs of a worker
    that died, the daily jobs, and the queue's state for operators."""

    name = "workers"
    verbose_name = "Task queue"
    default_auto_field = "django.db.models.BigAutoField"
