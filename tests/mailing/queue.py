"""The real task queue for tests that need it: the database backend, and its worker's loop.

The suite runs tasks at once (ImmediateBackend, see pyproject's pytest env). A test that
must see work wait for a worker, as production does, swaps in DATABASE_TASKS (with
pytest-django's `settings` fixture or override_settings) and then runs run_queue(), or a
worker process of its own (tests/mailing/test_worker.py).
"""

from django_tasks_db.management.commands.db_worker import Worker

DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "media"],
    }
}


def run_queue(max_tasks: int | None = None) -> None:
    """Run the tasks that are ready (all, or `max_tasks`), in this process, as
    `manage.py db_worker --batch` would.

    The worker's own loop, without the command's signal handlers (they would outlive
    the test). Only in transactional tests (django_db(transaction=True)): the loop
    checks its connection as a worker does, which closes one a test's transaction holds.
    """
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="tests-in-process",
        excluded_queue_names=[],
    ).run()
