"""`make soak`: many readers and commenters at once against the production setup, and
every worker killed mid-run; afterwards nothing acknowledged is missing or doubled, and
every confirmation mail arrived once.

Starts gunicorn (several workers, DJANGO_DEBUG=0) on a loopback port, on a database of
its own (SQLite under var/soak/, or DATABASE_URL and REDIS_URL when set), two workers of
the task queue (`manage.py run_worker`) beside it, and a real SMTP server on loopback
(bench/mail_server.py) that takes SOAK_MAIL_DELAY seconds over each mail, so that some
mail is on its way when the workers die. Then, bounded in time:

- 20 commenters post 1,000 comments between them, each from a fresh rendering of the
  article's form; one post in ten is sent twice, as a double click does; half of the
  commenters are guests whose browser confirmed their address; a quarter are guests who
  never confirm one address (its confirmation mails stop at the daily limit); a quarter
  type a new address with each comment, so each of those comments asks for a mail;
- they report some published comments, once each;
- readers load the front page, sections, articles and the feed meanwhile;
- a moderator approves and rejects from the queue in batches;
- every gunicorn worker and every task worker is killed (SIGKILL) at once mid-run, when
  a mail is being delivered; a commenter whose request was lost sends the same form
  again, as a browser retrying would; new task workers start, as gunicorn starts new
  web workers, and take back the killed ones' jobs after NEWSROOM_TASKS_WORKER_TIMEOUT
  (5 seconds here).

Then it checks: no response was a 5xx; every comment acknowledged (a redirect to its
permalink) is stored exactly once, and nothing else was stored; a form sent twice gave
one comment; the moderation log holds one entry per decision the moderator was told
of; every report is stored once. Once no mail waits (90 seconds at most), it checks the
mail: every confirmation mail queued (one per unconfirmed comment, keyed by the
comment, unless the address's daily limit was reached; every comment sent with a new
address has one) reached the SMTP server exactly once, at its comment's address, and
none is still waiting or failed. The one exception is a mail whose job the kill cut
short after the server had taken it and before the worker could record that: sent again
by the job taken back, it may arrive twice, but only with the same Message-ID (which
mail services show once); any other copy fails the check. It prints the figures, writes
bench/results/soak.md, and exits non-zero when a check fails.

Loopback only. Settings (environment): SOAK_PORT (8200), SOAK_WORKERS (3),
SOAK_COMMENTS (1000), SOAK_CLIENTS (20), SOAK_SECONDS (the time limit, 300),
SOAK_MAIL_DELAY (seconds the SMTP server takes over each mail, 0.2), DATABASE_URL,
REDIS_URL.
"""

import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parseaddr
from html import unescape
from pathlib import Path

import production
from mail_server import Mailbox
from production import BIN, ROOT, manage

VAR = ROOT / "var" / "soak"
RESULTS = ROOT / "bench" / "results" / "soak.md"
TASK_LOG = VAR / "task-workers.log"

PORT = int(os.environ.get("SOAK_PORT", "8200"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
COMMENTS = int(os.environ.get("SOAK_COMMENTS", "1000"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "20"))
TIME_LIMIT = int(os.environ.get("SOAK_SECONDS", "300"))
MAIL_DELAY = float(os.environ.get("SOAK_MAIL_DELAY", "0.2"))
TASK_WORKERS = 2
# How long the run may take, after the last comment, to deliver the mail still waiting.
MAIL_WAIT = 90
READERS = 4
MODERATOR = ("soak-moderator", "a-soak-moderator-password-7")
BODY_PREFIX = "Soak comment"
# The guests who type a new address each time use this run's own: a confirmation count
# kept in Redis by an earlier run (the daily limit per address) does not apply to them.
RUN = secrets.token_hex(4)
NEW_ADDRESS_PREFIX = f"soak-{RUN}-new-"
CONFIRMED, ONE_ADDRESS, NEW_ADDRESSES = "confirmed", "unconfirmed", "new address each time"


def configure_environment() -> None:
    production.configure_environment(
        VAR,
        "soak.sqlite3",
        # Each simulated browser has an address of its own, given as the one proxy in
        # front would (X-Forwarded-For).
        NEWSROOM_PROXY_COUNT="1",
        NEWSROOM_COMMENTS_FLAG_THRESHOLD="3",
        # A killed task worker's job is taken back after 5 seconds rather than a minute,
        # and the daily jobs stay out of the run ("24:00" is never reached).
        NEWSROOM_TASKS_WORKER_TIMEOUT="5",
        NEWSROOM_TASKS_DAILY_AT="24:00",
    )


def prepare() -> dict:
    """A fresh data set: the demo articles, a moderator; returns what the clients need."""
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("seed_demo", "--if-empty")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.http import HttpResponse
    from django_tasks_db.models import DBTaskResult

    from accounts.models import User
    from articles.models import Article
    from comments.guests import COOKIE_NAME, remember_confirmed
    from comments.models import Comment
    from comments.policy import comments_open
    from mailing.models import OutgoingMail
    from workers.models import Worker

    Comment.objects.filter(body__startswith=BODY_PREFIX).delete()
    # The database is the soak's own: what an earlier run left queued (one stopped half
    # way, say) would be delivered during this one and blur its mail counts.
    OutgoingMail.objects.all().delete()
    DBTaskResult.objects.all().delete()
    Worker.objects.all().delete()
    moderator, _ = User.objects.get_or_create(
        username=MODERATOR[0], defaults={"email": "soak-moderator@example.com", "is_staff": True}
    )
    moderator.set_password(MODERATOR[1])
    moderator.save()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    articles = [
        article.get_absolute_url()
        for article in Article.objects.published().select_related("section")
        if comments_open(article)
    ]
    if not articles:
        sys.exit("soak: no article takes comments (the demo content is over 30 days old?)")
    confirmed_cookies = {}
    for n in range(CLIENTS):
        response = HttpResponse()
        remember_confirmed(response, guest_email(n))
        confirmed_cookies[n] = response.cookies[COOKIE_NAME].value
    return {
        "articles": articles,
        "confirmed": confirmed_cookies,
        "cookie_name": COOKIE_NAME,
    }


def guest_email(n: int) -> str:
    return f"soak-guest-{n}@example.com"


def guest_kind(n: int) -> str:
    """Half the commenters confirmed their address (the browser's cookie says so); a
    quarter keep one unconfirmed address; a quarter type a new address each time."""
    return (CONFIRMED, ONE_ADDRESS, CONFIRMED, NEW_ADDRESSES)[n % 4]


def new_address(n: int, posted: int) -> str:
    return f"{NEW_ADDRESS_PREFIX}{n}-{posted}@example.com"


def start_server() -> subprocess.Popen:
    return production.start_gunicorn(
        name="soak", port=PORT, workers=WORKERS, options=["--graceful-timeout", "5"]
    )


def workers_of(server) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


class TaskWorkers:
    """The task-queue workers (`manage.py run_worker`), on gunicorn's environment; started
    again after a kill, as a process manager in production would. They log every job, so
    their output goes to TASK_LOG rather than between the soak's lines."""

    def __init__(self, count: int):
        self.count = count
        self.processes: list[subprocess.Popen] = []
        self.started = 0
        self.log = TASK_LOG.open("w")

    def start(self) -> None:
        for _ in range(self.count):
            self.processes.append(
                subprocess.Popen(
                    [str(BIN / "python"), "manage.py", "run_worker", "--no-reload"],
                    cwd=ROOT,
                    stdout=self.log,
                    stderr=subprocess.STDOUT,
                )
            )
        self.started += self.count

    def taken_back(self) -> int:
        """How many times a worker took back a dead worker's job (their log says so)."""
        return TASK_LOG.read_text().count("Took back job")

    def kill(self) -> int:
        """SIGKILL every worker: no job it runs is finished or handed back; how many."""
        killed = 0
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait(timeout=10)
        self.processes = []
        return killed

    def stop(self) -> None:
        """SIGTERM: each finishes the job in hand and says goodbye."""
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes = []
        self.log.close()


class Lost(Exception):
    """The request got no answer (the worker serving it was killed)."""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    server_errors: list = field(default_factory=list)
    acknowledged: dict = field(default_factory=dict)  # comment id -> body
    refused: Counter = field(default_factory=Counter)
    double_sent: int = 0
    doubles_split: list = field(default_factory=list)
    lost_then_resent: int = 0
    reports_acknowledged: int = 0
    reads: int = 0
    approved_told: int = 0
    rejected_told: int = 0

    def record(self, method, path, status):
        with self.lock:
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{method} {path} -> {status}")


class Browser:
    """One reader's browser: its own cookies and client address, over plain HTTP."""

    def __init__(self, tally: Tally, address: str, cookies: dict | None = None):
        self.tally = tally
        self.address = address
        self.cookies = dict(cookies or {})

    def request(self, method, path, form=None):
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        headers = {"X-Forwarded-For": self.address, "Host": f"127.0.0.1:{PORT}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
            raise Lost(f"{method} {path}: {error}") from error
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.tally.record(method, path, response.status)
        return response.status, response.getheader("Location", ""), content

    def form_of(self, html: str) -> dict:
        def hidden(name):
            found = re.search(rf'name="{name}" value="([^"]*)"', html)
            return unescape(found.group(1)) if found else ""

        return {"csrfmiddlewaretoken": hidden("csrfmiddlewaretoken"), "issued": hidden("issued")}


def commenter(n, quota, data, tally, deadline, stop):
    rng = random.Random(n)
    kind = guest_kind(n)
    cookies = {data["cookie_name"]: data["confirmed"][n]} if kind == CONFIRMED else {}
    browser = Browser(tally, f"10.77.0.{n + 1}", cookies)
    posted = 0
    while posted < quota and time.monotonic() < deadline and not stop.is_set():
        article = rng.choice(data["articles"])
        try:
            status, _, html = browser.request("GET", article)
        except Lost:
            continue
        if status != 200:
            continue
        form = browser.form_of(html) | {
            "author_name": f"Soak Guest {n}",
            "author_email": new_address(n, posted) if kind == NEW_ADDRESSES else guest_email(n),
            "body": f"{BODY_PREFIX} {n}-{posted}: a view on the article, from client {n}.",
            "website": "",
        }
        # The form's address is under the article's edition's prefix (/ckb/comments/on/...).
        post_path = re.search(r'action="(/[a-z]+/comments/on/\d+/)', html)
        if not post_path:
            continue
        sends = 2 if rng.random() < 0.1 else 1
        locations = []
        for _ in range(sends):
            for attempt in range(8):  # about 7 seconds in all: new workers are up by then
                try:
                    status, location, _ = browser.request("POST", post_path.group(1), form)
                    break
                except Lost:
                    with tally.lock:
                        tally.lost_then_resent += 1
                    time.sleep(0.25 * (attempt + 1))
            else:
                status, location = None, ""
            if status == 302 and (found := re.fullmatch(r"/[a-z]+/comments/(\d+)/", location)):
                locations.append(int(found.group(1)))
            elif status is not None:
                with tally.lock:
                    tally.refused[status] += 1
        with tally.lock:
            for comment_id in set(locations):
                tally.acknowledged[comment_id] = form["body"]
            if sends == 2:
                tally.double_sent += 1
                if len(set(locations)) > 1:
                    tally.doubles_split.append(locations)
        posted += 1
        # Now and then, report a published comment on the page just read.
        # Only the soak's own comments: a demo comment hidden by reports would reach the
        # moderator's queue, and their decisions are counted on the soak's comments.
        with tally.lock:
            own = set(tally.acknowledged)
        shown = [
            path
            for path, comment_id in re.findall(r'href="(/[a-z]+/comments/(\d+)/report/)"', html)
            if int(comment_id) in own
        ]
        if shown and rng.random() < 0.15:
            report_path = rng.choice(shown)
            try:
                status, _, page = browser.request("GET", report_path)
            except Lost:
                continue
            if status == 200:
                form = browser.form_of(page) | {"reason": "off-topic", "note": "soak"}
                # A report lost with its worker may have been stored: the browser sends it
                # again, and a second one from this reader is answered "already reported".
                for attempt in range(8):
                    try:
                        status, _, _ = browser.request("POST", report_path, form)
                        break
                    except Lost:
                        time.sleep(0.25 * (attempt + 1))
                else:
                    status = None
                if status == 302:
                    with tally.lock:
                        tally.reports_acknowledged += 1


def reader(n, data, tally, deadline, stop):
    rng = random.Random(1000 + n)
    browser = Browser(tally, f"10.78.0.{n + 1}")
    paths = ["/en/", "/en/feeds/latest/", "/en/search/?q=erbil", *data["articles"]]
    while time.monotonic() < deadline and not stop.is_set():
        try:
            browser.request("GET", rng.choice(paths))
            with tally.lock:
                tally.reads += 1
        except Lost:
            pass


def moderator(data, tally, deadline, stop):
    rng = random.Random(7)
    browser = Browser(tally, "10.79.0.1")
    status, _, html = browser.request("GET", "/en/accounts/login/")
    form = browser.form_of(html) | {"username": MODERATOR[0], "password": MODERATOR[1]}
    status, _, _ = browser.request("POST", "/en/accounts/login/", form)
    if status != 302:
        sys.exit(f"soak: the moderator could not sign in ({status})")
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(1.0)
        try:
            status, _, html = browser.request("GET", "/en/comments/moderation/")
            ids = re.findall(r'name="ids" value="(\d+)"', html)
            if status != 200 or not ids:
                continue
            action = "reject" if rng.random() < 0.2 else "approve"
            form = browser.form_of(html) | {"bulk": "1", "bulk_action": action, "ids": ids[:40]}
            status, _, _ = browser.request("POST", "/en/comments/moderation/", form)
            if status != 302:
                continue
            status, _, page = browser.request("GET", "/en/comments/moderation/")
            told = re.search(r"(\d+) comment\(s\) marked (approved|rejected)", page)
            if told:
                with tally.lock:
                    if told.group(2) == "approved":
                        tally.approved_told += int(told.group(1))
                    else:
                        tally.rejected_told += int(told.group(1))
        except Lost:
            pass


def mail_jobs():
    """The queue's records of mailing.tasks.deliver jobs."""
    from django_tasks_db.models import DBTaskResult

    from mailing.tasks import deliver

    return DBTaskResult.objects.filter(task_path=deliver.module_path)


def wait_for_mail_in_flight(stop, seconds: float) -> None:
    """Wait (at most `seconds`) until a worker is delivering a mail."""
    from django.db import connection

    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and not stop.is_set():
            if mail_jobs().running().exists():
                return
            time.sleep(0.02)
    finally:
        connection.close()


def kill_workers(server, task_workers, tally, progress, stop):
    """Once about a third of the comments are in, SIGKILL every web worker and every task
    worker at once, at a moment a mail is being delivered: with 20 commenters posting,
    some requests are in hand too. gunicorn starts new web workers; new task workers are
    started here, and take back the killed ones' jobs."""
    from django.db import connection

    while not stop.is_set():
        with tally.lock:
            done = len(tally.acknowledged)
        if done >= COMMENTS // 3:
            wait_for_mail_in_flight(stop, seconds=10)
            victims = workers_of(server)
            # gunicorn logs each as "sent SIGKILL! Perhaps out of memory?": it is this.
            print(
                f"== soak: killing all {len(victims)} web workers and "
                f"{len(task_workers.processes)} task workers (SIGKILL) mid-run",
                flush=True,
            )
            for victim in victims:
                os.kill(victim, signal.SIGKILL)
            progress["task_workers_killed"] = task_workers.kill()
            progress["killed"] = len(victims)
            try:
                # The killed workers can no longer finish these: they are the mail cut short.
                cut = mail_jobs().running().values_list("args_kwargs", flat=True)
                progress["mail_cut"] = {job["args"][0] for job in cut}
                progress["mail_jobs_cut"] = len(progress["mail_cut"])
            finally:
                connection.close()
            task_workers.start()
            return
        time.sleep(0.05)


def wait_for_mail(seconds: float) -> float:
    """Wait (at most `seconds`) until no mail waits to be delivered; how long it took."""
    from mailing.models import OutgoingMail

    started = time.monotonic()
    while OutgoingMail.objects.waiting().exists() and time.monotonic() - started < seconds:
        time.sleep(0.5)
    return time.monotonic() - started


def confirmation_of(message: Message) -> int | None:
    """The comment whose confirmation link `message` holds, if it holds one."""
    from django.core import signing

    from comments.guests import read_confirmation_token

    for part in message.walk():
        if part.get_content_type() != "text/plain":
            continue
        text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        if found := re.search(r"/[a-z]+/comments/confirm/([^/\s]+)/", text):
            try:
                return read_confirmation_token(found.group(1))[0]
            except signing.BadSignature:
                return None
    return None


@dataclass
class MailCount:
    expected: int = 0
    delivered: int = 0
    duplicated: int = 0
    sent_again_after_kill: int = 0
    not_sent: dict = field(default_factory=dict)
    jobs_run_again: int = 0
    jobs_failed: int = 0


def check_mail(mailbox, cut: set[int]) -> tuple[MailCount, list[str]]:
    """The confirmation mails queued against what the SMTP server received.

    Expected: one mail per comment that asked for one (keyed comment-confirm:<id>), which
    every unconfirmed comment does until its address's daily limit; a comment sent with a
    new address always does. Each must reach the server once, at the comment's address;
    only a mail whose job the kill cut short (its id in `cut`) may arrive again, as the
    same message (one Message-ID).
    """
    from comments.models import Comment
    from mailing.models import OutgoingMail

    comments = dict(
        Comment.objects.filter(body__startswith=BODY_PREFIX).values_list("pk", "author_email")
    )
    queued = {}  # comment id -> (status, recipient)
    mail_of = {}  # comment id -> the mail's id
    other_mail = 0
    for pk, key, status, recipient in OutgoingMail.objects.values_list(
        "pk", "key", "status", "recipient"
    ):
        kind, _, comment_id = (key or "").partition(":")
        if kind == "comment-confirm" and comment_id.isdigit():
            queued[int(comment_id)] = (status, recipient.lower())
            mail_of[int(comment_id)] = pk
        else:
            other_mail += 1
    received = Counter()
    message_ids = defaultdict(set)  # comment id -> the Message-IDs its copies carried
    unexpected = []
    for message in mailbox.messages:
        comment_id = confirmation_of(message)
        address = parseaddr(message.get("To", ""))[1].lower()
        if comment_id in queued and queued[comment_id][1] == address:
            received[comment_id] += 1
            message_ids[comment_id].add(message.get("Message-ID"))
        else:
            unexpected.append(f"{address}: {message.get('Subject', '')!r}")
    jobs = mail_jobs()
    count = MailCount(
        expected=len(queued),
        delivered=sum(received.values()),
        duplicated=sum(1 for times in received.values() if times > 1),
        not_sent=dict(
            Counter(status for status, _ in queued.values() if status != OutgoingMail.Status.SENT)
        ),
        jobs_run_again=sum(1 for ids in jobs.values_list("worker_ids", flat=True) if len(ids) > 1),
        jobs_failed=jobs.failed().count(),
    )
    failures = []
    without_mail = [
        pk
        for pk, email in comments.items()
        if email.startswith(NEW_ADDRESS_PREFIX) and pk not in queued
    ]
    if without_mail:
        failures.append(
            f"{len(without_mail)} comments sent with a new address have no confirmation mail "
            f"queued: {sorted(without_mail)[:10]}"
        )
    strays = set(queued) - set(comments)
    if strays or other_mail:
        failures.append(
            f"mail queued for {len(strays)} comments not stored, and {other_mail} other mails"
        )
    missing = [pk for pk in queued if not received[pk]]
    if missing:
        failures.append(f"{len(missing)} confirmation mails never arrived: {sorted(missing)[:10]}")
    doubled = sorted(pk for pk, times in received.items() if times > 1)
    # At-least-once delivery's one window: the server took the mail, the worker died
    # before recording it. Allowed for a mail the kill cut short, as the same message.
    explained = [
        pk
        for pk in doubled
        if mail_of[pk] in cut and received[pk] == 2 and len(message_ids[pk]) == 1
    ]
    count.sent_again_after_kill = len(explained)
    unexplained = [pk for pk in doubled if pk not in explained]
    if unexplained:
        failures.append(
            f"{len(unexplained)} confirmation mails arrived twice: {unexplained[:10]} "
            f"(Message-IDs: {[sorted(map(str, message_ids[pk])) for pk in unexplained[:3]]})"
        )
    if unexpected:
        failures.append(f"{len(unexpected)} mails nobody should get: {unexpected[:3]}")
    if count.not_sent:
        failures.append(f"mail not sent at the end (status: count): {count.not_sent}")
    if count.jobs_failed:
        failures.append(f"{count.jobs_failed} mail jobs raised an error (see Task results)")
    return count, failures


def check(tally) -> list[str]:
    from comments.models import Comment, ModerationEvent, Report

    stored = dict(Comment.objects.filter(body__startswith=BODY_PREFIX).values_list("pk", "body"))
    failures = []
    if tally.server_errors:
        failures.append(f"{len(tally.server_errors)} server errors: {tally.server_errors[:5]}")
    missing = set(tally.acknowledged) - set(stored)
    if missing:
        failures.append(f"{len(missing)} acknowledged comments are missing: {sorted(missing)[:10]}")
    unacknowledged = set(stored) - set(tally.acknowledged)
    if unacknowledged:
        failures.append(f"{len(unacknowledged)} comments stored without an acknowledgement")
    bodies = Counter(stored.values())
    doubled = [body for body, count in bodies.items() if count > 1]
    if doubled:
        failures.append(f"{len(doubled)} comments stored twice: {doubled[:3]}")
    if tally.doubles_split:
        failures.append(f"a form sent twice gave two comments: {tally.doubles_split[:3]}")
    approvals = ModerationEvent.objects.filter(
        action=ModerationEvent.Action.APPROVE, comment__body__startswith=BODY_PREFIX
    ).count()
    rejections = ModerationEvent.objects.filter(
        action=ModerationEvent.Action.REJECT, comment__body__startswith=BODY_PREFIX
    ).count()
    if (approvals, rejections) != (tally.approved_told, tally.rejected_told):
        failures.append(
            f"the log holds {approvals} approvals and {rejections} rejections; the moderator "
            f"was told of {tally.approved_told} and {tally.rejected_told}"
        )
    reports = Report.objects.filter(comment__body__startswith=BODY_PREFIX).count()
    if reports > tally.reports_acknowledged:
        failures.append(f"{reports} reports stored, {tally.reports_acknowledged} acknowledged")
    return failures


def main() -> int:
    configure_environment()
    mailbox = Mailbox(delay=MAIL_DELAY)
    # The site's own SMTP settings (DJANGO_DEBUG=0), pointed at the loopback server.
    os.environ.update(mailbox.environment())
    print(
        f"== soak: database {os.environ['DATABASE_URL'].split('@')[-1]}, "
        f"cache {os.environ.get('REDIS_URL') or 'local memory'}, {WORKERS} web workers, "
        f"{TASK_WORKERS} task workers, {CLIENTS} commenters, {COMMENTS} comments, "
        f"{TIME_LIMIT}s at most, {MAIL_DELAY}s per mail",
        flush=True,
    )
    with mailbox:
        return soak(mailbox)


def soak(mailbox) -> int:
    data = prepare()
    server = start_server()
    task_workers = TaskWorkers(TASK_WORKERS)
    task_workers.start()
    tally = Tally()
    stop = threading.Event()
    progress = {}
    deadline = time.monotonic() + TIME_LIMIT
    started = time.monotonic()
    quota = -(-COMMENTS // CLIENTS)
    threads = [
        threading.Thread(target=commenter, args=(n, quota, data, tally, deadline, stop))
        for n in range(CLIENTS)
    ]
    background = [
        threading.Thread(target=reader, args=(n, data, tally, deadline, stop))
        for n in range(READERS)
    ]
    background.append(threading.Thread(target=moderator, args=(data, tally, deadline, stop)))
    background.append(
        threading.Thread(target=kill_workers, args=(server, task_workers, tally, progress, stop))
    )
    try:
        for thread in threads + background:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stop.set()
        for thread in background:
            thread.join()
        mail_waited = wait_for_mail(MAIL_WAIT)
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        task_workers.stop()
        server.wait(timeout=30)

    from comments.models import Comment

    by_status = Counter(
        Comment.objects.filter(body__startswith=BODY_PREFIX).values_list("status", flat=True)
    )
    failures = check(tally)
    mail, mail_failures = check_mail(mailbox, progress.get("mail_cut", set()))
    failures += mail_failures
    kinds = Counter(guest_kind(n) for n in range(CLIENTS))
    mail_line = (
        f"Mail: {mail.expected} expected, {mail.delivered} delivered, {mail.duplicated} duplicated"
    )
    if len(tally.acknowledged) < COMMENTS and elapsed >= TIME_LIMIT:
        failures.append(f"only {len(tally.acknowledged)} of {COMMENTS} comments in {TIME_LIMIT}s")
    requests = sum(tally.statuses.values())
    lines = [
        f"# Soak: {os.environ['DATABASE_URL'].split('://')[0]}, "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'local-memory cache'}",
        "",
        "| figure | value |",
        "| --- | --: |",
        f"| time | {elapsed:.1f} s |",
        f"| requests answered | {requests} |",
        f"| answers by status | {dict(sorted(tally.statuses.items()))} |",
        f"| server errors (5xx) | {len(tally.server_errors)} |",
        f"| comments acknowledged | {len(tally.acknowledged)} |",
        f"| comments stored | {sum(by_status.values())} |",
        f"| stored by status | {dict(sorted(by_status.items()))} |",
        f"| forms sent twice (double clicks) | {tally.double_sent} |",
        f"| requests lost to the killed workers, then resent | {tally.lost_then_resent} |",
        f"| web workers killed mid-run (SIGKILL) | {progress.get('killed', 0)} |",
        f"| guests: {CONFIRMED} / {ONE_ADDRESS} / {NEW_ADDRESSES} | "
        f"{kinds[CONFIRMED]} / {kinds[ONE_ADDRESS]} / {kinds[NEW_ADDRESSES]} |",
        f"| task workers killed mid-run (SIGKILL) / started in all | "
        f"{progress.get('task_workers_killed', 0)} / {task_workers.started} |",
        f"| mail jobs cut short by the kill | {progress.get('mail_jobs_cut', 0)} |",
        f"| mail jobs run more than once / jobs taken back (all queues) | "
        f"{mail.jobs_run_again} / {task_workers.taken_back()} |",
        f"| SMTP server's delay per mail | {MAIL_DELAY} s |",
        f"| wait for the last mail after the last comment | {mail_waited:.1f} s |",
        f"| confirmation mails expected / delivered / duplicated | "
        f"{mail.expected} / {mail.delivered} / {mail.duplicated} |",
        f"| of which sent again, same Message-ID, after the kill cut their job short | "
        f"{mail.sent_again_after_kill} |",
        f"| posts refused (status: count) | {dict(tally.refused)} |",
        f"| reports acknowledged | {tally.reports_acknowledged} |",
        f"| moderator approvals / rejections (told = logged) | "
        f"{tally.approved_told} / {tally.rejected_told} |",
        f"| page reads | {tally.reads} |",
        "",
        mail_line,
        "",
        f"The task workers' log: {TASK_LOG.relative_to(ROOT)}.",
        "",
        "Checks: " + ("all passed." if not failures else "FAILED"),
        *[f"- {failure}" for failure in failures],
    ]
    report = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print(report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
