"""Jobs the worker tests enqueue: they leave their trace in a file the test reads."""

import time
from pathlib import Path

from django.tasks import task


@task
def note_run(path: str, hang_first_run: float = 0) -> None:
    """Write "start", then "end", to the file at `path`. The first run waits
    `hang_first_run` seconds between the two: long enough to be killed in."""
    trace = Path(path)
    with trace.open("a") as out:
        out.write("start\n")
    if trace.read_text().count("start") == 1:
        time.sleep(hang_first_run)
    with trace.open("a") as out:
        out.write("end\n")
