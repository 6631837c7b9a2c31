"""`manage.py run_worker`: a worker of the task queue, as every host should run it.

It is django-tasks-db's `db_worker` (same options; all queues by default) with a
heartbeat beside it (workers.supervision): the jobs of a worker that died are taken back
and run again, and the daily jobs are enqueued once a day by whichever worker comes first.
Run as many as the work needs, on as many hosts: they share the queue in the database.
"""

import os
import signal
import sys

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from workers.supervision import Heartbeat, beat, enqueue_daily, forget, take_back_abandoned


def _stop_at_once(signum, frame):
    """SIGTERM while the worker starts: leave through the finally of Command.handle."""
    sys.exit(0)


class Command(DatabaseWorkerCommand):
    help = (
        "Run a worker of the task queue (all queues by default), with a heartbeat that "
        "takes back the jobs of workers that died and enqueues the daily jobs."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, worker_id: str, queue_name: str, **options):
        reloader = options.get("reload") and not options.get("batch")
        if reloader and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's own process runs no job: only the process it starts (and
            # restarts on a code change) is a worker, with a heartbeat of its own.
            return super().handle(*args, worker_id=worker_id, queue_name=queue_name, **options)
        # Stopped (SIGTERM) before db_worker installs its own graceful handlers, this
        # worker still says goodbye: the finally below runs, and no row of it is left.
        signal.signal(signal.SIGTERM, _stop_at_once)
        heartbeat = None
        try:
            # Before the first job: this worker is known, and what dead ones left runs again.
            beat(worker_id, queues=queue_name)
            take_back_abandoned()
            enqueue_daily()
            heartbeat = Heartbeat(worker_id, queues=queue_name)
            heartbeat.start()
            super().handle(*args, worker_id=worker_id, queue_name=queue_name, **options)
        finally:
            if heartbeat is not None:
                heartbeat.stop()
            forget(worker_id)
