"""sitemap.xml and robots.txt of the built sample site."""

from __future__ import annotations

from lxml import etree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_article_and_entity_page_with_absolute_urls(sample_site):
    tree = etree.parse(str(sample_site / "sitemap.xml"))
    locations = tree.xpath("//s:url/s:loc/text()", namespaces=NS)
    assert len(locations) == len(set(locations))
    assert all(location.startswith("http://127.0.0.1:8000/") for location in locations)
    paths = {location.removeprefix("http://127.0.0.1:8000/") for location in locations}
    articles = {path.relative_to(sample_site).parent.as_posix() + "/" for path in sample_site.glob("news/*/*/*/index.html")}
    assert articles <= paths
    assert {"companies/vcanbio/", "diseases/acute-on-chronic-liver-failure/", "products/vum02/", "regulators/nmpa/", "companies/"} <= paths
    for path in paths:
        assert (sample_site / path / "index.html").is_file() or path == "", path
    modified = {
        url.findtext("s:loc", namespaces=NS).removeprefix("http://127.0.0.1:8000/"): url.findtext("s:lastmod", namespaces=NS)
        for url in tree.xpath("//s:url", namespaces=NS)
    }
    assert all(modified[path] for path in articles)
    assert modified["companies/vcanbio/"] == max(modified[path] for path in articles if "vum02" in path)
    assert modified["companies/"] is None


def test_robots_points_to_the_sitemap(sample_site):
    robots = (sample_site / "robots.txt").read_text()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
