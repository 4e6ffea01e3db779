"""deploy/nginx.conf, run by Debian's nginx on 127.0.0.1 over the post-processed production site."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import re
import subprocess
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup
from theme_assets.generator import HASH_LENGTH

from publishing import policy

from .conftest import ROOT, article_url, free_port, require_tool, stop, wait_for_port

EXAMPLE = ROOT / "deploy" / "nginx.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITE_ROOT = "/var/www/pharma-news"


def site_config(site: Path, port: int, with_brotli: bool) -> str:
    """The example as README tells an admin to adapt it: the site's folder and the port replaced."""
    text = EXAMPLE.read_text()
    for placeholder in (SITE_ROOT, "listen 80;", "# brotli_static on;"):
        assert placeholder in text, f"{EXAMPLE} no longer contains {placeholder!r}, which README names"
    text = text.replace(SITE_ROOT, str(site)).replace("listen 80;", f"listen 127.0.0.1:{port};")
    return text.replace("# brotli_static on;", "brotli_static on;") if with_brotli else text


@pytest.fixture(scope="module")
def server(published_site, tmp_path_factory):
    """nginx with its own prefix, pid file and logs in a temporary folder; yields (port, Brotli module loaded)."""
    nginx = require_tool("nginx", "nginx")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    with_brotli = BROTLI_MODULE.is_file()
    (prefix / "site.conf").write_text(site_config(published_site, port, with_brotli))
    main = [f"load_module {BROTLI_MODULE};"] if with_brotli else []
    # The workers must read the test's private temporary folders, which only their owner may enter.
    main += ["user root;"] if os.geteuid() == 0 else []
    main += [
        f"pid {prefix}/nginx.pid;",
        f"error_log {prefix}/error.log;",
        "events {}",
        "http {",
        "  access_log off;",
        *(f"  {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        f"  include {prefix}/site.conf;",
        "}",
    ]
    (prefix / "nginx.conf").write_text("\n".join(main) + "\n")
    log = prefix / "error.log"
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"))
    wait_for_port(port, process, log)
    yield port, with_brotli
    stop(process)


def get(port: int, path: str, encoding: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = connection.getresponse()
    result = response.status, response.headers, response.read()
    connection.close()
    return result


def test_pages_are_html_cached_briefly_and_served_uncompressed_by_default(server, published_site):
    port, _ = server
    status, headers, body = get(port, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert "Content-Encoding" not in headers
    assert body == (published_site / "index.html").read_bytes()


def test_a_gzip_client_gets_the_gz_file(server, published_site):
    port, _ = server
    status, headers, body = get(port, "/companies/", "gzip")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == (published_site / "companies" / "index.html").read_bytes()


def test_a_brotli_client_gets_the_br_file(server, published_site):
    port, with_brotli = server
    if not with_brotli:
        pytest.skip(f"{BROTLI_MODULE} is missing (apt-get install libnginx-mod-http-brotli-static): gzip only")
    status, headers, body = get(port, "/companies/", "gzip, deflate, br")
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == (published_site / "companies" / "index.html").read_bytes()


def test_hashed_stylesheets_and_scripts_are_cached_for_a_year(server, published_site):
    port, _ = server
    soup = BeautifulSoup((published_site / "search" / "index.html").read_text(encoding="utf-8"), "lxml")
    assets = [soup.select_one('link[rel="stylesheet"]')["href"], soup.select_one("script[src]")["src"]]
    for url, media_type in zip(assets, ("text/css", "text/javascript"), strict=True):
        path = url.removeprefix("https://news.example.com")
        digits = re.fullmatch(r"/theme/(?:css|js)/\w+\.([0-9a-f]{10})\.(?:css|js)", path)
        assert digits, path
        status, headers, body = get(port, path, "gzip")
        assert status == 200
        assert hashlib.sha256(gzip.decompress(body)).hexdigest().startswith(digits.group(1))
        assert headers["Content-Type"] in (f"{media_type}; charset=utf-8", "application/javascript; charset=utf-8")
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Content-Encoding"] == "gzip"


def test_a_theme_file_under_its_own_name_is_cached_briefly(server, published_site):
    port, _ = server
    status, headers, body = get(port, "/favicon.ico")
    assert status == 200
    assert headers["Content-Type"] == "image/x-icon"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert body == (published_site / "favicon.ico").read_bytes()


@pytest.mark.parametrize(("path", "media_type"), [
    ("/feeds/all.rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/all.atom.xml", "application/atom+xml; charset=utf-8"),
    ("/feeds/companies/vcanbio.rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/all.json", "application/feed+json; charset=utf-8"),
    ("/feeds/entities.opml", "text/x-opml; charset=utf-8"),
    ("/sitemap.xml", "text/xml; charset=utf-8"),
    ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
])
def test_feeds_have_their_content_types_and_short_caching(server, path, media_type):
    port, _ = server
    status, headers, _ = get(port, path, "gzip")
    assert status == 200
    assert headers["Content-Type"] == media_type
    assert headers["Cache-Control"] == "public, max-age=300"


def test_pagefind_index_files_are_cached_for_a_year_and_its_loader_briefly(server, published_site):
    port, _ = server
    fragment = next((published_site / "pagefind" / "fragment").iterdir()).name
    status, headers, _ = get(port, f"/pagefind/fragment/{fragment}")
    assert (status, headers["Cache-Control"]) == (200, "public, max-age=31536000, immutable")
    status, headers, _ = get(port, "/pagefind/pagefind.js")
    assert (status, headers["Cache-Control"]) == (200, "public, max-age=300")


def test_an_alias_redirects_permanently_to_its_article(server, published_site):
    port, _ = server
    url = article_url(published_site, "cde-accepts-vum02-filing-in-agvhd.md")
    alias = url.rstrip("/") + "-first-headline"
    for requested in (f"/{alias}/", f"/{alias}", f"/{alias}/index.html"):
        status, headers, _ = get(port, requested)
        assert (status, headers["Location"]) == (301, f"/{url}"), requested
    status, _, _ = get(port, f"/{url}")
    assert status == 200


@pytest.mark.parametrize("path", ["/news/2024/05/no-such-story/", "/theme/css/", "/theme/css/gone.0123456789.css",
                                  "/pagefind/fragment/"])
def test_a_missing_page_is_the_site_404_page_with_status_404(server, published_site, path):
    port, _ = server
    status, headers, body = get(port, path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (published_site / "404.html").read_bytes()


def test_a_folder_without_its_slash_redirects_to_it(server):
    port, _ = server
    status, headers, _ = get(port, "/companies")
    assert (status, headers["Location"]) == (301, "/companies/")


@pytest.mark.parametrize("path", ["/_nginx/redirects.conf", "/_headers", "/_redirects"])
def test_files_written_for_hosts_are_not_served(server, path):
    port, _ = server
    status, _, _ = get(port, path)
    assert status == 404


def test_the_example_and_publishing_know_hashed_theme_files_by_the_builds_rule():
    assert policy.HASH_LENGTH == HASH_LENGTH
    assert f'location ~ "{policy.HASHED_SUFFIX}$"' in EXAMPLE.read_text()
