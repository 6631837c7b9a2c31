"""The MDN HTTP Observatory's grade for the site as production runs it, behind TLS.

gunicorn serves the site with DJANGO_DEBUG=0 and the README's production variables
(DJANGO_BEHIND_TLS_PROXY=1 among them) on a database of its own; Debian's nginx
terminates TLS in front of it with a certificate this test signs with a throwaway CA,
which Node is told to trust (NODE_EXTRA_CA_CERTS), and sends plain HTTP on its TLS port
to HTTPS (nginx's 497), as a site's port 80 would. Everything listens on 127.0.0.1, on
free ports, and is stopped when the module is done.

The scanner is the @mdn/mdn-http-observatory package of package.json, run by Node. Two
things about it: its `mdn-http-observatory-scan` wrapper only sets NODE_EXTRA_CA_CERTS
to Mozilla's CA bundle (overwriting ours) before running `src/scan.js`, so the test runs
`src/scan.js` itself; and its scoring reads the browsers' HSTS preload list from
`conf/hsts-preload.json`, which its install script downloads from the web (`make tools`
installs with --ignore-scripts, and the machines reach no such host). The test runs a
copy of the scanner's code beside an empty list: no test host is on the real one, and a
shared install is left as it is. The scanner takes `host[:port][/path]` and puts
`https://` or `http://` in front.

A score is 100 (A+) plus bonuses, only while no test costs points: see SCORE_TABLE in
the scanner's src/grader/charts.js. 140 is the most a site off the preload list gets.
"""

import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.production import production_environment

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
SCANNER = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
)
NODE = shutil.which("node")
OPENSSL = shutil.which("openssl")

MINIMUM_SCORE = 130
START_SECONDS = 20

pytestmark = pytest.mark.skipif(
    not (NGINX and NODE and OPENSSL),
    reason=(
        "the Observatory scan needs Debian's nginx, node and openssl "
        f"(found nginx={NGINX}, node={NODE}, openssl={OPENSSL}); "
        "apt-get install nginx-light nodejs openssl"
    ),
)

# What the site shows: a few sections of articles, one with a photo, tags and comments.
CONTENT = """
from tests.articles.factories import make_article, make_photo, make_section, make_tag
from tests.comments.factories import make_comment

sections = [make_section(name=name, slug=name.lower()) for name in ("World", "Business")]
tags = [make_tag(), make_tag()]
lead = make_article(section=sections[0], lead_photo=make_photo(), tags=tags)
for number in range(6):
    make_article(section=sections[number % 2])
for _ in range(3):
    make_comment(article=lead)
print(lead.get_absolute_url(), lead.lead_photo.url)
"""

NGINX_CONF = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {folder}/site.pem;
        ssl_certificate_key {folder}/site.key;
        # Plain HTTP sent to this port goes to HTTPS, as port 80 would send it.
        error_page 497 =301 https://$http_host$request_uri;
{media}
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # Pages are buffered in memory only: no worker writes to this test's folder.
            proxy_buffers 16 16k;
            proxy_max_temp_file_size 0;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*command, **options) -> str:
    result = subprocess.run(  # noqa: S603 (fixed commands of this test)
        command, capture_output=True, text=True, check=False, timeout=60, **options
    )
    assert result.returncode == 0, f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{name} stopped at start (exit {process.returncode})"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{name} did not listen on 127.0.0.1:{port} within {START_SECONDS} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_certificates(folder: Path) -> None:
    """A CA of the test's own, and a certificate for 127.0.0.1 that it signs."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run(
        OPENSSL, "req", "-x509", *key, "-keyout", folder / "ca.key", "-out", folder / "ca.pem",
        "-days", "2", "-subj", "/CN=newsroom test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    run(
        OPENSSL, "req", *key, "-keyout", folder / "site.key", "-out", folder / "site.csr",
        "-subj", "/CN=127.0.0.1",
    )  # fmt: skip
    (folder / "site.ext").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    run(
        OPENSSL, "x509", "-req", "-in", folder / "site.csr", "-CA", folder / "ca.pem",
        "-CAkey", folder / "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", folder / "site.ext", "-out", folder / "site.pem",
    )  # fmt: skip


@pytest.fixture(scope="module")
def folder() -> Path:
    """The test's files. nginx's workers run as another user when the test runs as root,
    and serve the photos from here, so the folder is readable by all, unlike pytest's."""
    path = Path(tempfile.mkdtemp(prefix="newsroom-observatory-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def readme_media_location(media_root: Path) -> str:
    """The README's nginx `location /media/` block, serving from `media_root`."""
    section = README.read_text().split("## Running in production", 1)[1]
    config = section.split("```nginx", 1)[1].split("```", 1)[0]
    found = re.search(r"^( *location /media/ \{.*?^ *\})", config, re.MULTILINE | re.DOTALL)
    assert found, "the README's nginx example has a location /media/ block"
    block = re.sub(r"alias [^;]+;", f"alias {media_root}/;", found[1])
    return block.replace("{", "{{").replace("}", "}}")


@pytest.fixture(scope="module")
def site(folder) -> tuple[int, str, str]:
    """gunicorn the production way on a database of its own: its port, an article's path
    and a photo's."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        **production_environment(),
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "REDIS_URL": "",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "NEWSROOM_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    assert environment["DJANGO_BEHIND_TLS_PROXY"] == "1", "the README's block sets it"
    manage = [BIN / "python", "manage.py"]
    run(*manage, "migrate", "--noinput", "-v0", cwd=ROOT, env=environment)
    run(*manage, "collectstatic", "--noinput", "-v0", cwd=ROOT, env=environment)
    article, photo = run(*manage, "shell", "-v0", "-c", CONTENT, cwd=ROOT, env=environment).split()
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
        [BIN / "gunicorn", "newsroom.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, server, "gunicorn")
        yield port, article, photo
    finally:
        stop(server)
        log.close()


@pytest.fixture(scope="module")
def tls_proxy(folder, site) -> int:
    """nginx terminating TLS in front of the site; its port."""
    upstream, _article, _photo = site
    make_certificates(folder)
    port = free_port()
    conf = folder / "nginx.conf"
    template = NGINX_CONF.replace("{media}", readme_media_location(folder / "media"))
    conf.write_text(template.format(folder=folder, port=port, upstream=upstream))
    proxy = subprocess.Popen(  # noqa: S603 (Debian's nginx)
        [NGINX, "-p", folder, "-c", conf, "-e", folder / "nginx-error.log", "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(port, proxy, "nginx")
        yield port
    finally:
        stop(proxy)


@pytest.fixture(scope="module")
def scanner(folder) -> Path:
    """The scanner's code, copied beside an empty HSTS preload list (module docstring)."""
    assert (SCANNER / "src" / "scan.js").is_file(), (
        f"{SCANNER} is missing: `make tools` installs it (npm ci)"
    )
    copy = folder / "scanner"
    shutil.copytree(SCANNER / "src", copy / "src")
    shutil.copy(SCANNER / "package.json", copy / "package.json")
    (copy / "conf").mkdir()
    (copy / "conf" / "hsts-preload.json").write_text("{}")
    # Its imports resolve through the project's node_modules, as the installed copy's do.
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    if (SCANNER / "node_modules").is_dir():
        (copy / "node_modules").symlink_to(SCANNER / "node_modules")
    return copy / "src" / "scan.js"


def scan(scanner: Path, folder: Path, target: str) -> dict:
    result = subprocess.run(  # noqa: S603 (Node running the scanner)
        [NODE, scanner, target],
        env={"PATH": os.environ.get("PATH", ""), "NODE_EXTRA_CA_CERTS": str(folder / "ca.pem")},
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, f"the scan of {target} failed:\n{result.stdout}{result.stderr}"
    return json.loads(result.stdout)


def report(page: str, result: dict) -> str:
    summary = result["scan"]
    lines = [f"Observatory, {page}: {summary['score']} ({summary['grade']})"]
    for name, test in sorted(result["tests"].items()):
        verdict = "pass" if test["pass"] else "FAIL"
        lines.append(f"  {name:32} {verdict}  {test['scoreModifier']:+3d}  {test['result']}")
    return "\n".join(lines)


def fetch(folder: Path, port: int, path: str):
    """GET https://127.0.0.1:`port``path`, trusting the test's CA only."""
    context = ssl.create_default_context(cafile=folder / "ca.pem")
    request = urllib.request.Request(f"https://127.0.0.1:{port}{path}")
    with urllib.request.urlopen(request, context=context, timeout=10) as response:  # noqa: S310  # nosec B310
        return response.status, response.headers


def test_the_proxy_serves_the_site_over_trusted_tls(folder, site, tls_proxy):
    # The control: the certificate chain is good, and the site knows it is behind HTTPS
    # (HSTS is only sent then), so what the scanner grades is the setup it means to.
    status, headers = fetch(folder, tls_proxy, "/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_readme_web_server_advice_keeps_photos_a_year(folder, site, tls_proxy):
    _upstream, _article, photo = site
    status, headers = fetch(folder, tls_proxy, photo)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("page", ["front page", "article"])
def test_the_observatory_scores_the_site_at_least_130(page, folder, site, tls_proxy, scanner):
    _upstream, article, _photo = site
    path = "" if page == "front page" else article
    result = scan(scanner, folder, f"127.0.0.1:{tls_proxy}{path}")
    print(report(page, result))
    summary = result["scan"]
    failed = [name for name, test in result["tests"].items() if not test["pass"]]
    assert not failed, report(page, result)
    assert summary["score"] >= MINIMUM_SCORE, report(page, result)
    assert re.fullmatch(r"A\+", summary["grade"])
