"""`make bench`: run the site the production way and measure its pages with wrk.

Starts gunicorn on a loopback port with DJANGO_DEBUG=0, a secret key made for the run,
collected static files (WhiteNoise) and the cached template loader, on a benchmark
database of its own (SQLite under var/bench/, or DATABASE_URL and REDIS_URL when set).
It builds the data set (bench/data.py), warms every page up, then drives
each page with wrk at a few concurrency levels, /healthz first at each level so every
page is compared with Django doing almost nothing in the same conditions. It writes
the table to bench/results/latest.md, prints it, and exits non-zero if a page answered
with an error, a posted comment went missing or was counted twice, or the POSTs' comments
did not go to moderation.

The comment POST is a confirmed guest's (the CSRF cookie and token, and the signed
`newsroom_commenter` cookie a confirmed browser carries), so the moderation policy holds
each comment as "pending". Each POST carries a form token of its own (the `issued`
field, saved once): they are made here with the run's secret key, as the form makes
them, and handed to wrk in a file.

The work after the response (issue 13): a real SMTP server runs for the whole run
(bench/mail_server.py, slow: BENCH_MAIL_DELAY seconds over each message), and one worker
of the task queue beside gunicorn, as `make serve` runs them. After the rows above, a
guest's POST is measured three ways: with the confirmation mail queued (the site as
configured), sent inside the request (a second gunicorn whose task backend runs each job
at once, as before the queue) and off (a third, NEWSROOM_COMMENTS_CONFIRM_EMAILS=0);
each POST from an unconfirmed address of its own, so each saved comment asks for one
mail. Then an editor's photo upload through the admin, renditions queued and made in the
request. Then the mail server is made fast again and the worker given BENCH_DRAIN_SECONDS
to empty the queue; the report says how many mails were queued, sent and received, and
how many photos have their renditions. The run also fails if a row with its work queued
(or the mail-off one) answered with an error, a comment, mail or photo went missing, or
a mail was delivered twice.

Settings (environment): BENCH_PORT (8100; the comparison servers take the next two
ports), BENCH_WORKERS (2), BENCH_CONNECTIONS ("1,8,32"; the rows that wait on a slow
job run at those up to 8), BENCH_DURATION (seconds per measurement, 5), BENCH_MAIL_DELAY
(1.0), BENCH_DRAIN_SECONDS (60), DATABASE_URL, REDIS_URL.
"""

import gzip
import http.cookiejar
import io
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import production
from mail_server import Mailbox
from production import ROOT, manage

VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "latest.md"
# Where wrk.lua's POST threads note that they stopped (see wrk()).
STOPPED = VAR / "wrk-stopped.txt"
LUA = ROOT / "bench" / "wrk.lua"

PORT = int(os.environ.get("BENCH_PORT", "8100"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,8,32").split(",")]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
BASE = f"http://127.0.0.1:{PORT}"
SEARCH_QUERY = "erbil"
POSTER_NAME = "Bench Poster"
ARTICLE = "article (500 comments)"
# Form tokens made per connection level: enough for this many POSTs a second for the
# whole measurement, far above what the site sustains; a thread that runs out stops
# early and fails the run rather than reuse one.
TOKENS_PER_SECOND = 2_000
# How long a POST run's wrk may go on after the measurement, for the last responses: a
# request still in flight when wrk ends could save a comment that no response counted.
POST_GRACE_SECONDS = 15


def configure_environment() -> None:
    """The production settings, pointed at the benchmark's own database and files."""
    production.configure_environment(VAR, "bench.sqlite3")


def start_server() -> subprocess.Popen:
    return production.start_gunicorn(
        name="bench", port=PORT, workers=WORKERS, options=["--backlog", "256"]
    )


def worker_memory(server) -> dict[int, dict[str, int]]:
    """Resident and peak resident memory (kB) of each gunicorn worker."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    memory = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        memory[pid] = {
            key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE).group(1))
            for key in ("VmRSS", "VmHWM")
        }
    return memory


def wrk(
    url: str, connections: int, seconds: float, env: dict | None = None, timeout: int = 10
) -> dict:
    threads = min(connections, 2)
    if env:  # a POST run: one connection per thread (see bench/wrk.lua)
        threads = connections
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        str(LUA),
        url,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    if env:
        # wrk sleeps out its whole -d even when every thread has stopped: interrupt it
        # once they all have (on SIGINT it reports as usual).
        while process.poll() is None:
            if STOPPED.exists() and len(STOPPED.read_text().split()) >= threads:
                process.send_signal(signal.SIGINT)
                break
            time.sleep(0.02)
    output, errors = process.communicate()
    if process.returncode:
        sys.exit(f"bench: wrk failed for {url} ({process.returncode}):\n{output}{errors}")
    found = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not found:
        sys.exit(f"bench: no result from wrk for {url}:\n{output}")
    return json.loads(found.group(1))


def comment_form() -> dict[str, str]:
    """What a confirmed guest's browser posts, but the form token (see form_tokens):
    the CSRF cookie and token, and the cookie that says its address is confirmed."""
    from django.http import HttpResponse

    from comments.guests import COOKIE_NAME, remember_confirmed

    confirmed = HttpResponse()
    remember_confirmed(confirmed, POSTER_EMAIL)
    # As a browser sends it back (the signed value is quoted: it holds an "@").
    commenter = confirmed.cookies[COOKIE_NAME].coded_value

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{BASE}{PAGES[ARTICLE]}").read().decode()

    def field(name):
        found = re.search(rf'name="{name}" value="([^"]*)"', html)
        if not found:
            sys.exit(f"bench: the busy article has no {name} in its comment form")
        return unescape(found.group(1))

    field("issued")  # the form still carries one; each POST brings its own instead
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    fields = {
        "csrfmiddlewaretoken": field("csrfmiddlewaretoken"),
        "author_name": POSTER_NAME,
        "author_email": POSTER_EMAIL,
        "website": "",
        "parent": "",
    }
    return {
        "BENCH_COOKIE": f"csrftoken={cookie}; {COOKIE_NAME}={commenter}",
        "BENCH_POST_FIELDS": urllib.parse.urlencode(fields),
    }


def form_tokens(count: int) -> list[str]:
    """`count` fresh form tokens, made as the form makes them, with the run's secret key."""
    from comments.forms import new_form_token

    return [new_form_token() for _ in range(count)]


def token_file(name: str, tokens: list[str]) -> Path:
    """The tokens, URL-encoded, one a line, for wrk.lua to put in the `issued` field."""
    path = VAR / f"tokens-{name}.txt"
    path.write_text("".join(f"{urllib.parse.quote(token, safe='')}\n" for token in tokens))
    return path


def posted_since(last_pk: int) -> tuple[dict[str, int], int]:
    """The POSTs' comments saved after row `last_pk`, counted by status; and the last row."""
    from django.db import connection
    from django.db.models import Count, Max

    rows = Comment.objects.filter(author_email=POSTER_EMAIL, pk__gt=last_pk).order_by()
    statuses = dict(rows.values_list("status").annotate(n=Count("pk")))
    last = Comment.objects.aggregate(last=Max("pk"))["last"] or 0
    connection.close()
    return statuses, last


def duplicate_probe(form: dict) -> str:
    """Send one token three times through wrk.lua; "" when one comment was saved and
    counted once and the two repeats were answered "already sent" and not counted, else
    what happened."""
    _, last = posted_since(0)
    tokens = token_file("probe", form_tokens(1) * 3)
    result = post_comments(form, 1, tokens, 3, time.time() + 3600, POST_GRACE_SECONDS)
    statuses, _ = posted_since(last)
    errors = result["status_errors"] + result["socket_errors"] + result["timeouts"]
    # "Already sent" is a redirect to the first comment (counted as a duplicate) or, for
    # a browser without the cookie of the one that posted it, elsewhere: either way, not saved.
    repeats = result["duplicates"] + result["other_redirects"]
    seen = (result["requests"], result["successes"], repeats, sum(statuses.values()))
    if seen != (3, 1, 2, 1) or errors:
        return (
            f"one token sent 3 times: {seen[0]} responses, {seen[1]} counted as saved, "
            f"{seen[2]} as already sent, {seen[3]} rows saved, {errors} errors "
            "(expected 3, 1, 2, 1 and no error)"
        )
    return ""


def post_comments(
    form: dict,
    connections: int,
    tokens: Path,
    per_thread: int,
    stop_at: float,
    seconds: int,
    *,
    base: str = BASE,
    timeout: int = 10,
) -> dict:
    """wrk's POST mode (bench/wrk.lua): each thread posts until the first response after
    `stop_at` or its last token; wrk is stopped once they all have, or after `seconds`.
    `base` is the server's address; `timeout` how long wrk waits for one answer."""
    STOPPED.unlink(missing_ok=True)
    return wrk(
        f"{base}{PAGES['comment POST']}",
        connections,
        seconds,
        timeout=timeout,
        env={
            **form,
            "BENCH_TOKENS": str(tokens),
            "BENCH_TOKENS_PER_THREAD": str(per_thread),
            "BENCH_STOP_AT": f"{stop_at:.3f}",
            "BENCH_STOPPED": str(STOPPED),
        },
    )


def measure_post(
    connections: int,
    form: dict,
    tokens: Path,
    per_thread: int,
    *,
    base: str = BASE,
    timeout: int = 10,
) -> dict:
    started = time.time()
    stop_at = started + DURATION
    # wrk runs on after the window until the last answer is in, however slow it is.
    grace = max(POST_GRACE_SECONDS, timeout + 5)
    result = post_comments(
        form, connections, tokens, per_thread, stop_at, DURATION + grace, base=base, timeout=timeout
    )
    # Every response counts for "nothing lost"; the rate counts those inside the window.
    result["rate"] = result["in_window"] / (stop_at - started)
    return result


# --- Work after the response ---------------------------------------------------------
# Issue 13's proof: the comment POST and the photo upload with a slow mail server, the
# job queued for the worker versus done inside the request as before, and the POST with
# the confirmation mail off as the baseline. Three servers on the same database and
# settings: the site as configured (the queue in the database, one worker beside it), one
# whose task backend runs each job at once inside the request (Django's
# ImmediateBackend: the old behaviour, exactly), and one that sends guests no
# confirmation mail.


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    environment: dict

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SERVERS = {
    "queued": Server("queued", PORT, {}),
    "in-request": Server(
        "in-request",
        PORT + 1,
        {"NEWSROOM_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    ),
    "mail-off": Server("mail-off", PORT + 2, {"NEWSROOM_COMMENTS_CONFIRM_EMAILS": "0"}),
}


@dataclass(frozen=True)
class Row:
    key: str  # in the guests' addresses: the row's comments and mails are told apart by it
    name: str
    server: str
    # A row whose answer waits for the mail server or for the renditions: a long wrk
    # timeout, and only the lower connection levels (at 32 each answer would take 16 s).
    slow: bool = False

    @property
    def levels(self) -> list[int]:
        return SLOW_LEVELS if self.slow else CONNECTIONS

    @property
    def timeout(self) -> int:
        return SLOW_TIMEOUT if self.slow else 10


MAIL_DELAY = float(os.environ.get("BENCH_MAIL_DELAY", "1.0"))
DRAIN_SECONDS = int(os.environ.get("BENCH_DRAIN_SECONDS", "60"))
SLOW_LEVELS = [c for c in CONNECTIONS if c <= 8]
SLOW_TIMEOUT = 30
GUEST_ROWS = [
    Row("off", "guest comment POST (confirmation mail off)", "mail-off"),
    Row("queued", f"guest comment POST (mail queued, SMTP {MAIL_DELAY:g} s)", "queued"),
    Row(
        "inreq",
        f"guest comment POST (mail sent in the request, SMTP {MAIL_DELAY:g} s)",
        "in-request",
        slow=True,
    ),
]
UPLOAD_ROWS = [
    Row("upq", "photo upload (renditions queued)", "queued", slow=True),
    Row("upi", "photo upload (renditions made in the request)", "in-request", slow=True),
]
UPLOAD_SIZE = (1600, 1000)
WORKER_LOG = VAR / "worker.log"


def guest_prefix(run_id: str, row: Row, connections: int) -> str:
    """The start of the addresses of one row's guests at one level (wrk.lua adds
    "-<thread>-<n>@domain"): unique to this run, so no address is seen twice."""
    return f"bench-{run_id}-{row.key}{connections}"


def guest_form() -> dict[str, str]:
    """What an unconfirmed guest's browser posts, but the form token and the address
    (wrk.lua adds both): the CSRF cookie and token, and no `newsroom_commenter` cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{BASE}{PAGES[ARTICLE]}").read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
    if not found:
        sys.exit("bench: the busy article has no CSRF token in its comment form")
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    fields = {
        "csrfmiddlewaretoken": unescape(found.group(1)),
        "author_name": "Bench Guest",
        "website": "",
        "parent": "",
    }
    return {
        "BENCH_COOKIE": f"csrftoken={cookie}",
        "BENCH_POST_FIELDS": urllib.parse.urlencode(fields),
    }


def guests_saved(prefix: str) -> dict[str, int]:
    """The comments of the guests whose addresses start with `prefix`, by status."""
    from django.db import connection
    from django.db.models import Count

    rows = Comment.objects.filter(
        author_email__startswith=f"{prefix}-", author_email__endswith=f"@{GUEST_DOMAIN}"
    ).order_by()
    statuses = dict(rows.values_list("status").annotate(n=Count("pk")))
    connection.close()
    return statuses


def editor_session() -> dict[str, str]:
    """Sign an editor in through the admin's own form; the cookies a browser then
    carries (the session and CSRF ones) and the add-photo form's CSRF token."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    password = secrets.token_urlsafe(18)
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"email": "editor@bench.example.com"}
    )
    editor.is_staff = editor.is_active = True
    editor.set_password(password)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    connection.close()

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_token(html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
        if not found:
            sys.exit("bench: no CSRF token in the admin's form")
        return unescape(found.group(1))

    login = "/admin/login/"
    token = csrf_token(opener.open(f"{BASE}{login}").read().decode())
    signed_in = opener.open(
        f"{BASE}{login}",
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": editor.username,
                "password": password,
                "next": "/admin/",
            }
        ).encode(),
    )
    if urllib.parse.urlsplit(signed_in.url).path != "/admin/":
        sys.exit(f"bench: the editor could not sign in to the admin ({signed_in.url})")
    add_form = opener.open(f"{BASE}{ADMIN_PAGES['photo upload']}").read().decode()
    cookies = {c.name: c.value for c in jar}
    return {
        "cookie": "; ".join(f"{name}={value}" for name, value in sorted(cookies.items())),
        "csrf": csrf_token(add_form),
    }


def upload_body(session: dict[str, str]) -> tuple[Path, str]:
    """The add-photo form as a browser sends it, in a file for wrk: multipart, with a
    JPEG of UPLOAD_SIZE made here (a smooth picture with some grain, so it weighs what
    a photo of that size does); and its content type."""
    from PIL import Image, ImageFilter

    width, height = UPLOAD_SIZE
    gradient = Image.linear_gradient("L").resize(UPLOAD_SIZE)
    grain = Image.effect_noise(UPLOAD_SIZE, 24).filter(ImageFilter.GaussianBlur(1))
    picture = Image.merge("RGB", (gradient, grain, gradient.rotate(180)))
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG", quality=85)

    boundary = f"----bench{secrets.token_hex(12)}"
    fields = {
        "csrfmiddlewaretoken": session["csrf"],
        "alt_text": UPLOAD_ALT_TEXT,
        "caption": "A picture uploaded by make bench.",
        "credit": "Bench",
        "photographer": "",
        "copyright_notice": "",
        "_save": "Save",
    }
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    disposition = (
        f'Content-Disposition: form-data; name="image"; filename="bench-{width}x{height}.jpg"'
    )
    parts.append(
        f"--{boundary}\r\n{disposition}\r\nContent-Type: image/jpeg\r\n\r\n".encode()
        + jpeg.getvalue()
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    path = VAR / "upload-body.bin"
    path.write_bytes(b"".join(parts))
    return path, f"multipart/form-data; boundary={boundary}"


def last_photo() -> int:
    from django.db import connection
    from django.db.models import Max

    from articles.models import Photo

    last = Photo.objects.aggregate(last=Max("pk"))["last"] or 0
    connection.close()
    return last


def photos_between(after_pk: int, upto_pk: int) -> tuple[int, int]:
    """The benchmark's photos saved in rows `after_pk` (excluded) to `upto_pk`: how many,
    and how many of them have their renditions."""
    from django.db import connection

    from articles.models import Photo

    photos = Photo.objects.filter(pk__gt=after_pk, pk__lte=upto_pk, alt_text=UPLOAD_ALT_TEXT)
    counts = photos.count(), photos.renditions_ready().count()
    connection.close()
    return counts


def measure_upload(connections: int, upload: dict, server: Server, timeout: int) -> dict:
    """wrk posting the add-photo form (wrk.lua's upload mode), as the comment POSTs are
    measured: each thread stops at its first answer after the window."""
    started = time.time()
    stop_at = started + DURATION
    STOPPED.unlink(missing_ok=True)
    result = wrk(
        f"{server.base}{ADMIN_PAGES['photo upload']}",
        connections,
        DURATION + timeout + 5,
        timeout=timeout,
        env={
            **upload,
            "BENCH_STOP_AT": f"{stop_at:.3f}",
            "BENCH_STOPPED": str(STOPPED),
        },
    )
    result["rate"] = result["in_window"] / (stop_at - started)
    return result


def server_log(name: str) -> Path:
    return VAR / f"gunicorn-{name}.log"


def start_comparison_servers(started: dict) -> None:
    """The in-request and mail-off servers, into `started` as each answers (so that a
    failure leaves the caller the ones to stop), each warmed up."""
    for name in ("in-request", "mail-off"):
        server = SERVERS[name]
        started[name] = production.start_gunicorn(
            name=f"bench ({name})",
            port=server.port,
            workers=WORKERS,
            options=["--backlog", "256"],
            environment=server.environment,
            # The in-request server logs each job it runs (django.tasks, at INFO).
            log=server_log(name),
        )
        for path in ("/healthz", PAGES[ARTICLE]):
            wrk(f"{server.base}{path}", 8, 1)


def mail_counts(run_id: str, mailbox) -> dict:
    """The confirmation mails of this run's guest rows: queued, by status, and received."""
    from django.db import connection
    from django.db.models import Count

    from mailing.models import OutgoingMail

    counts = {}
    received = [str(m["To"]) for m in mailbox.messages]
    for key in ("queued", "inreq"):
        prefix = f"bench-{run_id}-{key}"
        mails = OutgoingMail.objects.filter(recipient__startswith=prefix).order_by()
        counts[key] = {
            "rows": mails.count(),
            **dict(mails.values_list("status").annotate(n=Count("pk"))),
            "received": sum(1 for to in received if to.startswith(prefix)),
        }
    connection.close()
    return counts


def drain(mailbox) -> float:
    """Make the mail server fast again and let the worker empty the queue, for at most
    DRAIN_SECONDS; how long it took (DRAIN_SECONDS when it did not)."""
    from django.db import connection
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    mailbox.delay = 0
    started = time.monotonic()
    unfinished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    while time.monotonic() - started < DRAIN_SECONDS:
        left = unfinished.count()
        connection.close()
        if not left:
            break
        time.sleep(0.5)
    return time.monotonic() - started


def measure_work_after_response(run_id: str, mailbox, floors: dict) -> dict:
    """The rows of issue 13's proof and what they left for the worker (see above)."""
    from django.db import connection

    from workers.queue import queue_states

    results = []
    failures = []
    guest = guest_form()

    # Every POST carries a form token of its own, here too: made before the rows run.
    plan = {
        (row, c): -(-TOKENS_PER_SECOND * DURATION // c) for row in GUEST_ROWS for c in row.levels
    }
    tokens = iter(form_tokens(sum(c * n for (_, c), n in plan.items())))
    token_files = {
        (row, c): token_file(f"{row.key}-c{c}", [next(tokens) for _ in range(c * n)])
        for (row, c), n in plan.items()
    }

    for connections in CONNECTIONS:
        for row in GUEST_ROWS:
            if connections not in row.levels:
                continue
            print(f"== {row.name} at {connections} connection(s)", flush=True)
            prefix = guest_prefix(run_id, row, connections)
            result = measure_post(
                connections,
                {**guest, "BENCH_GUEST_EMAIL": f"{prefix}@{GUEST_DOMAIN}"},
                token_files[row, connections],
                plan[row, connections],
                base=SERVERS[row.server].base,
                timeout=row.timeout,
            )
            statuses = guests_saved(prefix)
            result.update(
                name=row.name,
                connections=connections,
                ratio=result["rate"] / floors[connections],
                row=row,
                saved=sum(statuses.values()),
                statuses=statuses,
            )
            results.append(result)

    while_slow = mail_counts(run_id, mailbox)

    session = editor_session()
    body, content_type = upload_body(session)
    upload = {
        "BENCH_COOKIE": session["cookie"],
        "BENCH_UPLOAD_BODY": str(body),
        "BENCH_UPLOAD_TYPE": content_type,
        "BENCH_UPLOAD_DONE": ADMIN_PAGES["photo list"],
    }
    for connections in SLOW_LEVELS:
        for row in UPLOAD_ROWS:
            print(f"== {row.name} at {connections} connection(s)", flush=True)
            before = last_photo()
            result = measure_upload(connections, upload, SERVERS[row.server], row.timeout)
            after = last_photo()
            photos, ready = photos_between(before, after)
            result.update(
                name=row.name,
                connections=connections,
                ratio=result["rate"] / floors[connections],
                row=row,
                saved=photos,
                photo_rows=(before, after),
                renditions_when_answered=ready,
            )
            results.append(result)

    print(
        f"== the mail server is fast again: the worker empties the queue "
        f"(at most {DRAIN_SECONDS} s)",
        flush=True,
    )
    drained_in = drain(mailbox)
    for result in results:
        if "photo_rows" in result:
            _, result["renditions_ready"] = photos_between(*result["photo_rows"])
    mails = mail_counts(run_id, mailbox)
    messages = mailbox.messages
    recipients = Counter(str(m["To"]) for m in messages)
    message_ids = Counter(str(m["Message-ID"]) for m in messages)
    states = {state.name: state for state in queue_states()}
    connection.close()

    # The checks: nothing lost, nothing sent twice, no error where the work is queued (the
    # in-request rows measure the old way, errors included: theirs are only reported).
    for r in results:
        row, at = r["row"], f"{r['row'].name} at {r['connections']}"
        errors = r["status_errors"] + r["socket_errors"] + r["timeouts"]
        if errors and row.server != "in-request":
            log = f" (see {server_log(row.server)})" if row.server != "queued" else ""
            failures.append(f"{at}: {errors} error(s){log}")
        if r["saved"] != r["successes"]:
            failures.append(f"{at}: {r['saved']} rows saved but {r['successes']} success responses")
        if repeated := r["duplicates"] + r["other_redirects"]:
            failures.append(f"{at}: {repeated} answered 'already sent' or elsewhere")
        if r["threads_out_of_tokens"]:
            failures.append(f"{at}: {r['threads_out_of_tokens']} wrk thread(s) ran out of tokens")
        answered_otherwise = (
            r["requests"] - r["successes"] - r["other_redirects"] - r["status_errors"]
        )
        if row in UPLOAD_ROWS and answered_otherwise > 0:
            failures.append(f"{at}: {answered_otherwise} answer(s) gave the form back, no photo")
        if row in GUEST_ROWS:
            expected = "pending" if row.server == "mail-off" else "unconfirmed"
            if set(r["statuses"]) - {expected}:
                failures.append(f"{at}: saved as {r['statuses']}, not all '{expected}'")
    queued_comments = sum(r["saved"] for r in results if r["row"].key == "queued")
    if mails["queued"]["rows"] != queued_comments:
        failures.append(
            f"mail queued: {mails['queued']['rows']} mails queued for {queued_comments} "
            "unconfirmed comments"
        )
    twice = sum(n - 1 for n in recipients.values() if n > 1)
    if twice or len(message_ids) != len(messages):
        failures.append(
            f"mail: {twice} address(es) sent a mail more than once, "
            f"{len(messages) - len(message_ids)} Message-ID(s) delivered twice"
        )
    return {
        "results": results,
        "failures": failures,
        "mails": mails,
        "queued_comments": queued_comments,
        "in_request_comments": sum(r["saved"] for r in results if r["row"].key == "inreq"),
        "while_slow": while_slow,
        "received": len(messages),
        "recipients": len(recipients),
        "message_ids": len(message_ids),
        "duplicates": twice,
        "drained_in": drained_in,
        "queues": states,
    }


def page_weight(path: str) -> tuple[int, int]:
    with urllib.request.urlopen(f"{BASE}{path}") as response:  # nosec B310
        body = response.read()
    return len(body), len(gzip.compress(body, compresslevel=6))


def main() -> int:
    configure_environment()
    print(
        f"== bench: database {os.environ['DATABASE_URL'].split('@')[-1]}, "
        f"cache {os.environ.get('REDIS_URL') or 'local memory'}",
        flush=True,
    )
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")

    # Django set up here reads the environment configure_environment() set, as the
    # commands above and the server below do: the data lands in the benchmark's database.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    global Comment, POSTER_EMAIL, GUEST_DOMAIN, UPLOAD_ALT_TEXT
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connection
    from django.urls import reverse

    from articles import editions
    from articles.models import Article, Section
    from bench.data import BUSY_SLUG, GUEST_DOMAIN, POSTER_EMAIL, UPLOAD_ALT_TEXT, build
    from comments.models import Comment

    print(build(), flush=True)
    busy = Article.objects.get(slug=BUSY_SLUG)
    PAGES.update(
        {
            "/healthz": "/healthz",
            "static CSS": staticfiles_storage.url("css/site.css"),
            "front page": "/en/",
            "section page": Section.objects.in_edition(editions.default())
            .first()
            .get_absolute_url(),
            ARTICLE: busy.get_absolute_url(),
            "search": f"{reverse('articles:search')}?q={SEARCH_QUERY}",
            "RSS feed": reverse("articles:feed-latest"),
            "comment POST": reverse("comments:post", args=[busy.pk]),
        }
    )
    ADMIN_PAGES.update(
        {
            "photo upload": reverse("admin:articles_photo_add"),
            "photo list": reverse("admin:articles_photo_changelist"),
        }
    )
    connection.close()

    # Every POST of the run carries a token of its own: made now, before the server runs.
    per_thread = {c: -(-TOKENS_PER_SECOND * DURATION // c) for c in CONNECTIONS}
    count = sum(c * per_thread[c] for c in CONNECTIONS)
    started = time.perf_counter()
    tokens = iter(form_tokens(count))
    made_in = time.perf_counter() - started
    token_files = {
        c: token_file(f"c{c}", [next(tokens) for _ in range(c * per_thread[c])])
        for c in CONNECTIONS
    }
    print(f"== {count:,} form tokens made in {made_in:.2f} s", flush=True)

    # The mail server the site sends to (slow: MAIL_DELAY a message), and the worker of the
    # task queue beside gunicorn, as `make serve` runs them; the worker enqueues no daily
    # job during the run (NEWSROOM_TASKS_DAILY_AT=24:00), which would be measured too.
    mailbox = Mailbox(delay=MAIL_DELAY).__enter__()
    os.environ.update(mailbox.environment())
    run_id = secrets.token_hex(3)
    comparison_servers = {}
    server = worker = None
    failures = []
    try:
        server = start_server()
        worker = production.start_worker(WORKER_LOG, {"NEWSROOM_TASKS_DAILY_AT": "24:00"})
        form = comment_form()
        print("== warming up", flush=True)
        for name, path in PAGES.items():
            if name != "comment POST":
                wrk(f"{BASE}{path}", 8, 1)
        print("== comment POST: one token sent three times", flush=True)
        if problem := duplicate_probe(form):
            failures.append(f"comment POST duplicate check: {problem}")
        memory_before = worker_memory(server)
        _, last_pk = posted_since(0)

        results = []
        floors = {}
        for connections in CONNECTIONS:
            floor = None
            for name, path in PAGES.items():
                print(f"== {name} at {connections} connection(s)", flush=True)
                if name == "comment POST":
                    result = measure_post(
                        connections, form, token_files[connections], per_thread[connections]
                    )
                else:
                    result = wrk(f"{BASE}{path}", connections, DURATION)
                    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
                floor = floors[connections] = floor or result["rate"]
                result.update(name=name, connections=connections, ratio=result["rate"] / floor)
                results.append(result)
                errors = result["status_errors"] + result["socket_errors"] + result["timeouts"]
                if errors:
                    failures.append(f"{name} at {connections}: {errors} error(s)")
        memory_after = worker_memory(server)
        html_size = page_weight(PAGES[ARTICLE])
        css_size = page_weight(PAGES["static CSS"])

        print("== work after the response: starting the comparison servers", flush=True)
        start_comparison_servers(comparison_servers)
        work = measure_work_after_response(run_id, mailbox, floors)
        failures += work["failures"]
        if worker.poll() is not None:
            failures.append(f"the task worker stopped during the run: see {WORKER_LOG}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        for process in comparison_servers.values():
            production.stop(process)
        if worker is not None:
            production.stop(worker)
        mailbox.__exit__(None, None, None)

    posts = [r for r in results if r["name"] == "comment POST"]
    statuses, _ = posted_since(last_pk)
    saved = sum(statuses.values())
    answered = sum(r["successes"] for r in posts)
    if saved != answered:
        failures.append(f"comment POST: {saved} rows saved but {answered} success responses")
    if repeated := sum(r["duplicates"] + r["other_redirects"] for r in posts):
        failures.append(f"comment POST: {repeated} answered 'already sent' or elsewhere")
    if starved := sum(r["threads_out_of_tokens"] for r in posts):
        failures.append(f"comment POST: {starved} wrk thread(s) ran out of form tokens")
    if set(statuses) - {"pending"}:
        failures.append(f"comment POST: saved as {statuses}, not all 'pending' (moderation)")

    # The table: each connection level's rows, then the rows of the work after the response.
    table = sorted(results + work["results"], key=lambda r: CONNECTIONS.index(r["connections"]))
    report = render(
        table, memory_before, memory_after, html_size, css_size, saved, answered, statuses
    )
    report += render_work(work)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print(report)
    for failure in failures:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


PAGES: dict[str, str] = {}
# The admin's pages the photo upload rows use: not measured as pages.
ADMIN_PAGES: dict[str, str] = {}


def render(
    results, memory_before, memory_after, html_size, css_size, saved, answered, statuses
) -> str:
    database = os.environ["DATABASE_URL"].split("://")[0]
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    lines = [
        f"# make bench: {database} + {cache} cache",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, gunicorn with "
        f"{WORKERS} sync workers, wrk for {DURATION} s per row over loopback.",
        "",
        "| page | connections | requests/s | p50 ms | p99 ms | vs /healthz | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        errors = r["status_errors"] + r["socket_errors"] + r["timeouts"]
        lines.append(
            f"| {r['name']} | {r['connections']} | {_rate(r['rate'])} | {r['p50_us'] / 1000:.2f} "
            f"| {r['p99_us'] / 1000:.2f} | {_share(r['ratio'])} | {errors} |"
        )
    lines += ["", "| worker | RSS after warm-up | RSS after the run | growth | peak RSS |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for pid, before in memory_before.items():
        after = memory_after.get(pid)
        if after is None:
            lines.append(f"| {pid} | {before['VmRSS'] / 1024:.1f} MB | (restarted) | | |")
            continue
        growth = (after["VmRSS"] - before["VmRSS"]) / before["VmRSS"]
        lines.append(
            f"| {pid} | {before['VmRSS'] / 1024:.1f} MB | {after['VmRSS'] / 1024:.1f} MB "
            f"| {growth:+.1%} | {after['VmHWM'] / 1024:.1f} MB |"
        )
    lines += [
        "",
        f"Comment POST: {saved} rows saved, {answered} success responses "
        f"({'nothing lost' if saved == answered else 'MISMATCH'}); their status: "
        + (", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "none")
        + ".",
        f"Article page (500 comments, page 1): {html_size[0] / 1024:.1f} KB HTML, "
        f"{html_size[1] / 1024:.1f} KB gzipped; site.css {css_size[0] / 1024:.1f} KB, "
        f"{css_size[1] / 1024:.1f} KB gzipped.",
        "",
    ]
    return "\n".join(lines)


def _rate(rate: float) -> str:
    # A row that waits on a slow job makes a few requests a second: a decimal then.
    return f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"


def _share(ratio: float) -> str:
    return f"{ratio:.1%}" if ratio < 0.01 else f"{ratio:.0%}"


def comparison(results: list[dict], connections: int) -> str:
    """One line: the guest POST's rate and p99 at `connections`, each way it was measured."""
    ways = [
        f"{label} {_rate(r['rate'])}/s, p99 {r['p99_us'] / 1000:.0f} ms"
        for row, label in zip(GUEST_ROWS, ("mail off", "queued", "in the request"), strict=True)
        for r in results
        if r["row"] is row and r["connections"] == connections
    ]
    return f"- Guest comment POST at {connections} connection(s): " + "; ".join(ways) + "."


def render_work(work: dict) -> str:
    """The section on the work after the response: the mails and photos the rows left."""
    queued, in_request = work["mails"]["queued"], work["mails"]["inreq"]
    slow = work["while_slow"]["queued"]
    states = work["queues"]
    uploads = {row.key: [r for r in work["results"] if r["row"] is row] for row in UPLOAD_ROWS}
    photos = {key: sum(r["saved"] for r in rows) for key, rows in uploads.items()}
    answered = {key: sum(r["successes"] for r in rows) for key, rows in uploads.items()}
    ready = {key: sum(r["renditions_ready"] for r in rows) for key, rows in uploads.items()}
    at_once = {
        key: sum(r["renditions_when_answered"] for r in rows) for key, rows in uploads.items()
    }
    drained = work["drained_in"] < DRAIN_SECONDS
    lines = [
        "",
        "## Work after the response",
        "",
        f"The mail server (aiosmtpd on loopback) took {MAIL_DELAY:g} s over each message. "
        "The rows marked queued ran on the site as configured, its task queue in the "
        "database and one worker (`manage.py run_worker`) beside gunicorn; those marked "
        "in the request on a second gunicorn with `NEWSROOM_TASKS_BACKEND="
        "django.tasks.backends.immediate.ImmediateBackend` (the job runs inside the "
        "request, as before the queue); the mail-off row on a third with "
        "`NEWSROOM_COMMENTS_CONFIRM_EMAILS=0`. Each guest POST came from an address of its "
        "own, unconfirmed, so each saved comment asked for one confirmation mail.",
        "",
        f"- Confirmation mails queued: {queued['rows']} for {work['queued_comments']} "
        f"unconfirmed comments; delivered by the end of the POST rows (the server slow): "
        f"{slow.get('sent', 0)}; then, the server fast again, the worker "
        + (
            f"emptied the queue in {work['drained_in']:.0f} s"
            if drained
            else f"was given {DRAIN_SECONDS} s, the queue not empty by then"
        )
        + f": {queued.get('sent', 0)} sent, {queued.get('waiting', 0)} still waiting, "
        f"{queued.get('failed', 0)} failed; the SMTP server received {queued['received']} "
        "of them.",
        f"- Sent inside the request: {in_request.get('sent', 0)} mails for "
        f"{work['in_request_comments']} comments ({in_request['received']} received).",
        f"- The SMTP server received {work['received']} messages in all, for "
        f"{work['recipients']} addresses and {work['message_ids']} Message-IDs: "
        f"{work['duplicates']} duplicate(s).",
        f"- Photo uploads, renditions queued: {photos['upq']} photos for {answered['upq']} "
        f"success responses; with their renditions when the row ended: {at_once['upq']}, "
        f"by the end: {ready['upq']}, still waiting: {photos['upq'] - ready['upq']}. "
        f"Renditions made in the request: {photos['upi']} photos for {answered['upi']} "
        f"success responses, {at_once['upi']} with their renditions when the row ended.",
        *(comparison(work["results"], c) for c in CONNECTIONS),
        "- The queue at the end: "
        + ", ".join(
            f"{state.name} {state.waiting} waiting"
            + (f" (+{state.scheduled} later)" if state.scheduled else "")
            for state in states.values()
        )
        + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
