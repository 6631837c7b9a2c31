"""The daily housekeeping jobs that belong to no app (see settings.TASKS_DAILY)."""

from django.core.management import call_command
from django.tasks import task


@task
def clear_sessions() -> None:
    """Delete expired sessions (Django's clearsessions)."""
    call_command("clearsessions")


@task
def prune_task_results() -> None:
    """Delete finished jobs' records after TASKS_RESULTS_KEPT_DAYS (failed ones too)."""
    from django.conf import settings
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task_backends["default"], DatabaseBackend):
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=settings.TASKS_RESULTS_KEPT_DAYS,
            verbosity=0,
        )
