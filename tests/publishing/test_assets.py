"""Content-hashed theme assets: new names, every reference rewritten, nothing else touched."""

from __future__ import annotations

import hashlib
import re
import shutil
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from publishing.assets import hash_assets, hashed_name
from publishing.errors import AssetCycle

from .conftest import SITE_URL, tree_digest

HASHED = re.compile(r"\.[0-9a-f]{8}\.[a-z0-9]+$")


def write(root, files: dict[str, str | bytes]):
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


@pytest.fixture
def small_site(tmp_path):
    """Every form of reference: absolute, root-relative, relative, from HTML, CSS, JS and XML."""
    write(tmp_path, {
        "theme/css/site.css": "@import url(fonts.css);\nbody{background:url('../img/logo.png')}\n",
        "theme/css/fonts.css": '@font-face{src:url("/theme/fonts/serif.woff2") format("woff2")}\n',
        "theme/fonts/serif.woff2": b"wOF2\x00\x01font",
        "theme/img/logo.png": b"\x89PNG\r\n\x1a\nlogo",
        "theme/js/app.js": 'import("./util.js"); const logo = "/theme/img/logo.png";\n',
        "theme/js/util.js": "export const x = 1;\n",
        "index.html": (f'<link rel="stylesheet" href="{SITE_URL}/theme/css/site.css">'
                       '<script type="module" src="/theme/js/app.js"></script>'
                       '<img src="theme/img/logo.png" alt="">'
                       '<p>Our site.css file and theme/css/site.css.map stay.</p>'),
        "news/2024/05/slug/index.html": '<link href="../../../../theme/css/site.css" rel="stylesheet">',
        "feeds/all.atom.xml": f"<feed><logo>{SITE_URL}/theme/img/logo.png</logo></feed>",
        "other/logo.png": b"not the theme's logo",
        "other/page.html": '<img src="logo.png"><img src="https://elsewhere.example/theme/img/logo.png">',
    })
    return tmp_path


def test_every_asset_gets_the_hash_of_its_final_bytes_and_the_old_name_goes(small_site):
    renamed = hash_assets(small_site, SITE_URL)
    assert set(renamed) == {"theme/css/site.css", "theme/css/fonts.css", "theme/fonts/serif.woff2",
                            "theme/img/logo.png", "theme/js/app.js", "theme/js/util.js"}
    for old, new in renamed.items():
        assert not (small_site / old).exists()
        digest = hashlib.sha256((small_site / new).read_bytes()).hexdigest()[:8]
        assert new == old.rsplit("/", 1)[0] + "/" + hashed_name(old.rsplit("/", 1)[1], digest)


def test_references_of_every_form_are_rewritten_and_nothing_else(small_site):
    renamed = hash_assets(small_site, SITE_URL)
    name = {old: new.rsplit("/", 1)[1] for old, new in renamed.items()}
    index = (small_site / "index.html").read_text()
    assert f'href="{SITE_URL}/theme/css/{name["theme/css/site.css"]}"' in index
    assert f'src="/theme/js/{name["theme/js/app.js"]}"' in index
    assert f'src="theme/img/{name["theme/img/logo.png"]}"' in index
    assert "Our site.css file and theme/css/site.css.map stay." in index
    article = (small_site / "news/2024/05/slug/index.html").read_text()
    assert f'href="../../../../theme/css/{name["theme/css/site.css"]}"' in article
    site_css = (small_site / renamed["theme/css/site.css"]).read_text()
    assert f"@import url({name['theme/css/fonts.css']});" in site_css
    assert f"url('../img/{name['theme/img/logo.png']}')" in site_css
    assert name["theme/fonts/serif.woff2"] in (small_site / renamed["theme/css/fonts.css"]).read_text()
    app = (small_site / renamed["theme/js/app.js"]).read_text()
    assert f'import("./{name["theme/js/util.js"]}")' in app and f'"/theme/img/{name["theme/img/logo.png"]}"' in app
    assert f"{SITE_URL}/theme/img/{name['theme/img/logo.png']}" in (small_site / "feeds/all.atom.xml").read_text()
    assert (small_site / "other/page.html").read_text() == (
        '<img src="logo.png"><img src="https://elsewhere.example/theme/img/logo.png">')


def test_a_changed_font_renames_the_stylesheets_that_name_it(small_site, tmp_path_factory):
    other = tmp_path_factory.mktemp("other-font") / "site"
    shutil.copytree(small_site, other)
    (other / "theme/fonts/serif.woff2").write_bytes(b"wOF2\x00\x02another font")
    first, second = hash_assets(small_site, SITE_URL), hash_assets(other, SITE_URL)
    assert first["theme/css/fonts.css"] != second["theme/css/fonts.css"]
    assert first["theme/css/site.css"] != second["theme/css/site.css"]
    assert first["theme/js/app.js"] == second["theme/js/app.js"]


def test_hashing_a_hashed_site_again_changes_nothing(small_site):
    hash_assets(small_site, SITE_URL)
    before = tree_digest(small_site)
    assert hash_assets(small_site, SITE_URL) == {}
    assert tree_digest(small_site) == before


def test_assets_that_name_each_other_in_a_circle_are_an_error(tmp_path):
    write(tmp_path, {"theme/css/a.css": "@import url(b.css);", "theme/css/b.css": "@import url(a.css);"})
    with pytest.raises(AssetCycle, match="refer to each other in a circle"):
        hash_assets(tmp_path, SITE_URL)


def test_the_production_build_references_only_hashed_assets_that_exist(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    renamed = hash_assets(site, SITE_URL)
    assert renamed and all(HASHED.search(new) for new in renamed.values())
    assert all(HASHED.search(path.name) for path in (site / "theme").rglob("*") if path.is_file())
    linking = set()
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        page_url = f"{SITE_URL}/{page.relative_to(site).as_posix()}"
        for element in soup.select("link[href], script[src], img[src]"):
            url = urljoin(page_url, element.get("href") or element.get("src"))
            if url.startswith(f"{SITE_URL}/theme/"):
                assert HASHED.search(url) and (site / url.removeprefix(f"{SITE_URL}/")).is_file(), (page, url)
                linking.add(page.relative_to(site).as_posix())
    assert {"index.html", "404.html", "search/index.html", "companies/index.html"} <= linking
    before, after = tree_digest(built_site), tree_digest(site)
    pagefind = {path: digest for path, digest in before.items() if path.startswith("pagefind/")}
    assert pagefind and all(after[path] == digest for path, digest in pagefind.items())
