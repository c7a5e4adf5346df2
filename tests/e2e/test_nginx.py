"""Deployment as documented: Debian's nginx with deploy/nginx.conf serves the site precompressed, with its headers.

The self-check works through it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PROJECT
from tests.e2e.conftest import PAGE_POLICY, WORKER_POLICY, free_port
from tests.e2e.test_every_page import Trouble
from tests.e2e.test_selfcheck import CHECKER, fill_answers, personas

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
CONFIG = PROJECT / "deploy" / "nginx.conf"

pytestmark = pytest.mark.skipif(
    NGINX is None or not BROTLI_MODULE.exists(),
    reason="nginx with brotli_static is not installed (make test installs it as root with apt-get)",
)


def site_config(site: Path, port: int) -> str:
    """Return deploy/nginx.conf with its listen address and root pointed at a test site."""
    text = CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", text, count=1)
    return re.sub(r"root /srv/trialsite/site;", f"root {site};", text, count=1)


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start nginx (daemonised: the command returns once it listens) on a free port; stop it after the tests."""
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    temp_paths = "".join(
        f"{name}_temp_path {prefix}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"load_module {BROTLI_MODULE};\n"
        # As root, workers would run as nobody, who may not read a test's temporary folder.
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nworker_processes 1;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\naccess_log off;\n"
        f"{temp_paths}{site_config(built_site, port)}\n}}\n",
        encoding="utf-8",
    )
    command = [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    started = subprocess.run(command, capture_output=True, text=True, check=False)
    assert started.returncode == 0, started.stderr
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        subprocess.run([*command, "-s", "quit"], capture_output=True, check=False)


def fetch(url: str, encoding: str = "br, gzip") -> tuple[int, dict[str, str], bytes]:
    """GET a URL with an Accept-Encoding; return status, headers and the body as sent."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def runtime_folder(site: Path) -> str:
    """Return the site-relative folder of the shipped runtime."""
    manifest = json.loads((site / "assets/trialsite/engine/manifest.json").read_text(encoding="utf-8"))
    return f"assets/{manifest['runtime']}"


def test_the_runtime_is_sent_precompressed_typed_and_cached_for_good(built_site: Path, nginx_url: str) -> None:
    folder = runtime_folder(built_site)
    status, headers, body = fetch(nginx_url + folder + "pyodide.asm.wasm")
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Encoding"] == "br"
    assert body == (built_site / folder / "pyodide.asm.wasm.br").read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, gzip_headers, gzip_body = fetch(nginx_url + folder + "pyodide.asm.wasm", encoding="gzip")
    assert (
        gzip_headers["Content-Encoding"] == "gzip"
        and gzip_body == (built_site / folder / "pyodide.asm.wasm.gz").read_bytes()
    )
    _, module_headers, _ = fetch(nginx_url + folder + "pyodide.mjs")
    assert module_headers["Content-Type"].startswith("text/javascript")


def test_pages_carry_the_recommended_headers_and_revalidate(built_site: Path, nginx_url: str) -> None:
    status, headers, _ = fetch(nginx_url + "zh/trials/msc-dlc-2/")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert headers["Content-Security-Policy"] == PAGE_POLICY + "; frame-ancestors 'none'"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    bundle = next((built_site / "assets/javascripts").glob("bundle.*.min.js")).name
    _, bundle_headers, _ = fetch(nginx_url + "assets/javascripts/" + bundle)
    assert bundle_headers["Cache-Control"] == "public, max-age=31536000, immutable"  # named by its content's hash
    worker = next(built_site.glob("assets/start/*/engine-worker.js")).relative_to(built_site).as_posix()
    _, worker_headers, _ = fetch(nginx_url + worker)
    assert worker_headers["Content-Security-Policy"] == WORKER_POLICY
    assert worker_headers["Cache-Control"] == "public, max-age=31536000, immutable"  # its folder is named by a hash


def test_a_missing_page_gets_its_languages_404_page(nginx_url: str) -> None:
    status, _, body = fetch(nginx_url + "zh/no-such-page/", encoding="identity")
    assert status == 404 and b'<html lang="zh"' in body
    status, _, body = fetch(nginx_url + "no-such-page/", encoding="identity")
    assert status == 404 and b'<html lang="en"' in body


def test_the_host_headers_file_says_what_nginx_sends(built_site: Path) -> None:
    host = (built_site / "_headers").read_text(encoding="utf-8")
    nginx = CONFIG.read_text(encoding="utf-8")
    for name, value in re.findall(r'^\s*add_header ([\w-]+) "([^"]+)" always;', nginx, flags=re.M):
        assert f"  {name}: {value}\n" in host
    for folder in ("runtime", "start"):
        assert f"/assets/{folder}/*\n  Cache-Control: public, max-age=31536000, immutable" in host


def test_the_self_check_works_through_nginx(page: Page, nginx_url: str) -> None:
    trouble = Trouble()
    address = nginx_url + "trials/msc-dlc-2/self-check/"
    trouble.watch(page, address, 200)
    page.goto(address)
    page.locator("#ts-selfcheck[data-engine='ready']").wait_for(timeout=90_000)
    persona = personas()[0]
    fill_answers(page, persona.answers)
    expect(page.locator("#ts-selfcheck")).to_have_attribute("data-verdict", CHECKER.check(persona.answers)["verdict"])
    assert trouble.console_errors == [] and trouble.failed_requests == []
