"""`make soak`: many readers and commenters at once against the production setup, and a
worker killed mid-run; afterwards nothing acknowledged is missing or doubled.

Starts gunicorn (several workers, DJANGO_DEBUG=0) on a loopback port, on a database of
its own (SQLite under var/soak/, or DATABASE_URL and REDIS_URL when set). Then, bounded
in time:

- 20 commenters post 1,000 comments between them, each from a fresh rendering of the
  article's form; one post in ten is sent twice, as a double click does; half of the
  commenters are guests whose browser confirmed their address, half are not;
- they report some published comments, once each;
- readers load the front page, sections, articles and the feed meanwhile;
- a moderator approves and rejects from the queue in batches;
- every gunicorn worker is killed (SIGKILL) at once mid-run; a commenter whose request
  was lost sends the same form again, as a browser retrying would.

Then it checks: no response was a 5xx; every comment acknowledged (a redirect to its
permalink) is stored exactly once, and nothing else was stored; a form sent twice gave
one comment; the moderation log holds one entry per decision the moderator was told
of; every report is stored once. It prints the figures, writes bench/results/soak.md,
and exits non-zero when a check fails.

Loopback only. Settings (environment): SOAK_PORT (8200), SOAK_WORKERS (3),
SOAK_COMMENTS (1000), SOAK_CLIENTS (20), SOAK_SECONDS (the time limit, 300),
DATABASE_URL, REDIS_URL.
"""

import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import production
from production import ROOT, manage

VAR = ROOT / "var" / "soak"
RESULTS = ROOT / "bench" / "results" / "soak.md"

PORT = int(os.environ.get("SOAK_PORT", "8200"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
COMMENTS = int(os.environ.get("SOAK_COMMENTS", "1000"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "20"))
TIME_LIMIT = int(os.environ.get("SOAK_SECONDS", "300"))
READERS = 4
MODERATOR = ("soak-moderator", "a-soak-moderator-password-7")
BODY_PREFIX = "Soak comment"


def configure_environment() -> None:
    production.configure_environment(
        VAR,
        "soak.sqlite3",
        # Each simulated browser has an address of its own, given as the one proxy in
        # front would (X-Forwarded-For).
        NEWSROOM_PROXY_COUNT="1",
        NEWSROOM_COMMENTS_FLAG_THRESHOLD="3",
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

    from accounts.models import User
    from articles.models import Article
    from comments.guests import COOKIE_NAME, remember_confirmed
    from comments.models import Comment
    from comments.policy import comments_open

    Comment.objects.filter(body__startswith=BODY_PREFIX).delete()
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


def start_server() -> subprocess.Popen:
    return production.start_gunicorn(
        name="soak", port=PORT, workers=WORKERS, options=["--graceful-timeout", "5"]
    )


def workers_of(server) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


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
    cookies = {data["cookie_name"]: data["confirmed"][n]} if n % 2 == 0 else {}
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
            "author_email": guest_email(n),
            "body": f"{BODY_PREFIX} {n}-{posted}: a view on the article, from client {n}.",
            "website": "",
        }
        post_path = re.search(r'action="(/comments/on/\d+/)', html)
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
            if status == 302 and (found := re.fullmatch(r"/comments/(\d+)/", location)):
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
        shown = re.findall(r'href="/comments/(\d+)/report/"', html)
        if shown and rng.random() < 0.15:
            report_path = f"/comments/{rng.choice(shown)}/report/"
            try:
                status, _, page = browser.request("GET", report_path)
                if status == 200:
                    form = browser.form_of(page) | {"reason": "off-topic", "note": "soak"}
                    status, _, _ = browser.request("POST", report_path, form)
                    if status == 302:
                        with tally.lock:
                            tally.reports_acknowledged += 1
            except Lost:
                pass


def reader(n, data, tally, deadline, stop):
    rng = random.Random(1000 + n)
    browser = Browser(tally, f"10.78.0.{n + 1}")
    paths = ["/", "/feeds/latest/", "/search/?q=erbil", *data["articles"]]
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
    status, _, html = browser.request("GET", "/accounts/login/")
    form = browser.form_of(html) | {"username": MODERATOR[0], "password": MODERATOR[1]}
    status, _, _ = browser.request("POST", "/accounts/login/", form)
    if status != 302:
        sys.exit(f"soak: the moderator could not sign in ({status})")
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(1.0)
        try:
            status, _, html = browser.request("GET", "/comments/moderation/")
            ids = re.findall(r'name="ids" value="(\d+)"', html)
            if status != 200 or not ids:
                continue
            action = "reject" if rng.random() < 0.2 else "approve"
            form = browser.form_of(html) | {"bulk": "1", "bulk_action": action, "ids": ids[:40]}
            status, _, _ = browser.request("POST", "/comments/moderation/", form)
            if status != 302:
                continue
            status, _, page = browser.request("GET", "/comments/moderation/")
            told = re.search(r"(\d+) comment\(s\) marked (approved|rejected)", page)
            if told:
                with tally.lock:
                    if told.group(2) == "approved":
                        tally.approved_told += int(told.group(1))
                    else:
                        tally.rejected_told += int(told.group(1))
        except Lost:
            pass


def kill_workers(server, tally, progress, stop):
    """Once about a third of the comments are in, SIGKILL every worker at once: with 20
    commenters posting, some are mid-request. gunicorn starts new ones."""
    while not stop.is_set():
        with tally.lock:
            done = len(tally.acknowledged)
        if done >= COMMENTS // 3:
            victims = workers_of(server)
            # gunicorn logs each as "sent SIGKILL! Perhaps out of memory?": it is this.
            print(f"== soak: killing all {len(victims)} workers (SIGKILL) mid-run", flush=True)
            for victim in victims:
                os.kill(victim, signal.SIGKILL)
            progress["killed"] = len(victims)
            return
        time.sleep(0.05)


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
    print(
        f"== soak: database {os.environ['DATABASE_URL'].split('@')[-1]}, "
        f"cache {os.environ.get('REDIS_URL') or 'local memory'}, {WORKERS} workers, "
        f"{CLIENTS} commenters, {COMMENTS} comments, {TIME_LIMIT}s at most",
        flush=True,
    )
    data = prepare()
    server = start_server()
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
    background.append(threading.Thread(target=kill_workers, args=(server, tally, progress, stop)))
    try:
        for thread in threads + background:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stop.set()
        for thread in background:
            thread.join()
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    from comments.models import Comment

    by_status = Counter(
        Comment.objects.filter(body__startswith=BODY_PREFIX).values_list("status", flat=True)
    )
    failures = check(tally)
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
        f"| workers killed mid-run (SIGKILL) | {progress.get('killed', 0)} |",
        f"| posts refused (status: count) | {dict(tally.refused)} |",
        f"| reports acknowledged | {tally.reports_acknowledged} |",
        f"| moderator approvals / rejections (told = logged) | "
        f"{tally.approved_told} / {tally.rejected_told} |",
        f"| page reads | {tally.reads} |",
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
