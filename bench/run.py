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

Settings (environment): BENCH_PORT (8100), BENCH_WORKERS (2), BENCH_CONNECTIONS
("1,8,32"), BENCH_DURATION (seconds per measurement, 5), DATABASE_URL, REDIS_URL.
"""

import gzip
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import production
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


def wrk(url: str, connections: int, seconds: float, env: dict | None = None) -> dict:
    threads = min(connections, 2)
    if env:  # a POST run: one connection per thread (see bench/wrk.lua)
        threads = connections
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
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
    form: dict, connections: int, tokens: Path, per_thread: int, stop_at: float, seconds: int
) -> dict:
    """wrk's POST mode (bench/wrk.lua): each thread posts until the first response after
    `stop_at` or its last token; wrk is stopped once they all have, or after `seconds`."""
    STOPPED.unlink(missing_ok=True)
    return wrk(
        f"{BASE}{PAGES['comment POST']}",
        connections,
        seconds,
        env={
            **form,
            "BENCH_TOKENS": str(tokens),
            "BENCH_TOKENS_PER_THREAD": str(per_thread),
            "BENCH_STOP_AT": f"{stop_at:.3f}",
            "BENCH_STOPPED": str(STOPPED),
        },
    )


def measure_post(connections: int, form: dict, tokens: Path, per_thread: int) -> dict:
    started = time.time()
    stop_at = started + DURATION
    result = post_comments(
        form, connections, tokens, per_thread, stop_at, DURATION + POST_GRACE_SECONDS
    )
    # Every response counts for "nothing lost"; the rate counts those inside the window.
    result["rate"] = result["in_window"] / (stop_at - started)
    return result


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
    global Comment, POSTER_EMAIL
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connection
    from django.urls import reverse

    from articles.models import Article, Section
    from bench.data import BUSY_SLUG, POSTER_EMAIL, build
    from comments.models import Comment

    print(build(), flush=True)
    busy = Article.objects.get(slug=BUSY_SLUG)
    PAGES.update(
        {
            "/healthz": "/healthz",
            "static CSS": staticfiles_storage.url("css/site.css"),
            "front page": "/",
            "section page": Section.objects.first().get_absolute_url(),
            ARTICLE: busy.get_absolute_url(),
            "search": f"{reverse('articles:search')}?q={SEARCH_QUERY}",
            "RSS feed": reverse("articles:feed-latest"),
            "comment POST": reverse("comments:post", args=[busy.pk]),
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

    server = start_server()
    failures = []
    try:
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
                floor = floor or result["rate"]
                result.update(name=name, connections=connections, ratio=result["rate"] / floor)
                results.append(result)
                errors = result["status_errors"] + result["socket_errors"] + result["timeouts"]
                if errors:
                    failures.append(f"{name} at {connections}: {errors} error(s)")
        memory_after = worker_memory(server)
        html_size = page_weight(PAGES[ARTICLE])
        css_size = page_weight(PAGES["static CSS"])
    finally:
        server.terminate()
        server.wait(timeout=30)

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

    report = render(
        results, memory_before, memory_after, html_size, css_size, saved, answered, statuses
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print(report)
    for failure in failures:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


PAGES: dict[str, str] = {}


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
            f"| {r['name']} | {r['connections']} | {r['rate']:.0f} | {r['p50_us'] / 1000:.2f} "
            f"| {r['p99_us'] / 1000:.2f} | {r['ratio']:.0%} | {errors} |"
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


if __name__ == "__main__":
    sys.exit(main())
