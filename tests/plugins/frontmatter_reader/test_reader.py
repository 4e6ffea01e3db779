"""The reader itself: Pelican's reader interface and the model's, on one file."""

from __future__ import annotations

import pytest
from pelican.readers import Readers

from content_model import ContentInvalid
from frontmatter_reader import FrontMatterReader

from ...conftest import FIXTURE_SITE, settings_for, write_site


@pytest.fixture(scope="module")
def reader(fixture_settings):
    return FrontMatterReader(fixture_settings)


def test_pelican_finds_it_as_the_md_reader(fixture_settings):
    import frontmatter_reader

    frontmatter_reader.register()
    assert isinstance(Readers(fixture_settings).readers["md"], FrontMatterReader)


def test_read_article_validates_and_renders_once(reader):
    path = FIXTURE_SITE / "articles/2024/vum02-trial-approval.md"
    source, problems = reader.read_article(path.read_bytes(), "vum02-trial-approval.md", path.stem, "2024")
    assert problems == []
    assert source.slug == "vum02-trial-approval"
    assert source.names["indications"] == [("ACLF", 6), ("ARDS", 6)]
    assert source.html == "<p>VUM02 may now be tested in two indications.</p>"


def test_pelicans_read_gives_html_and_metadata(reader):
    html, metadata = reader.read(str(FIXTURE_SITE / "articles/2024/vum02-filing.md"))
    assert html == "<p>The filings are under review.</p>"
    assert metadata["title"] == "CDE accepts VUM02 filings"
    assert metadata["names"]["company"] == [("SSE 600645", 4)]  # resolved only when the whole site is read


def test_a_body_problem_refuses_the_article(tmp_path):
    content = write_site(tmp_path, {"articles/2024/bad.md": "---\ntitle: T\ndate: 2024-01-01\ncompany: Vcanbio\nsummary: S\n---\n[x]({author}me)\n"})
    reader = FrontMatterReader(settings_for(content))
    source, [problem] = reader.read_article((content / "articles/2024/bad.md").read_bytes(), "bad.md", "bad", "2024")
    assert source is None and problem.line == 7 and problem.message.startswith("{author} is not a kind of link")
    with pytest.raises(ContentInvalid):
        reader.read(str(content / "articles/2024/bad.md"))


def test_pages_are_read_as_pages(tmp_path):
    content = write_site(tmp_path, {"pages/about.md": "---\ntitle: About us\n---\nWe report.\n"})
    reader = FrontMatterReader(settings_for(content))
    html, metadata = reader.read(str(content / "pages/about.md"))
    assert (html, metadata["title"], metadata["slug"]) == ("<p>We report.</p>", "About us", "about")
