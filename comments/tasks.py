"""The comments app's jobs for the task queue."""

from dataclasses import asdict

from django.tasks import task

from .services import comments_cleanup


@task
def cleanup() -> dict:
    """The daily retention pass (services.comments_cleanup): what it purged and cleared."""
    return asdict(comments_cleanup())
