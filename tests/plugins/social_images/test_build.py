"""Social images in a build: one beside every article and entity page, and the site's; fonts checked first."""

from __future__ import annotations

import pytest
from PIL import Image

import sitebuild

from ...conftest import FIXTURE_SITE, build_content, write_site


PLURALS = ("companies", "diseases", "products", "regulators", "events", "therapeutic-areas")


def test_every_article_and_entity_page_has_its_image(fixture_site):
    articles = list(fixture_site.glob("news/*/*/*/index.html"))
    entities = [page for plural in PLURALS for page in fixture_site.glob(f"{plural}/*/index.html")]
    assert len(articles) == 2 and len(entities) > 8
    for page in articles + entities:
        with Image.open(page.parent / "social.png") as image:
            assert image.size == (1200, 630), page
    with Image.open(fixture_site / "social.png") as site_image:
        assert site_image.size == (1200, 630)


def test_a_title_no_font_can_draw_stops_the_build_with_every_such_file(tmp_path):
    article = """
        ---
        title: "Vcanbio 中源协和 {n}"
        date: 2024-06-0{n}
        company: Vcanbio
        summary: A story.
        ---
        Body.
        """
    content = write_site(tmp_path, {f"articles/2024/cjk-{n}.md": article.replace("{n}", str(n)) for n in (1, 2)})
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content, tmp_path / "output", SOCIAL_IMAGE_FALLBACK_FONTS={"bold": (), "regular": ()})
    lines = "\n".join(failure.value.lines)
    assert "cjk-1.md: the social image cannot draw 中 (U+4E2D)" in lines and "cjk-2.md" in lines
    assert "fonts-noto-cjk" in lines
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())


def test_a_missing_theme_font_stops_the_build(tmp_path):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(FIXTURE_SITE, tmp_path / "output", SOCIAL_IMAGE_FONTS={"bold": ("nowhere/Bold.ttf",), "regular": ("nowhere/Regular.ttf",)})
    assert "nowhere/Bold.ttf: no such font file; see SOCIAL_IMAGE_FONTS" in "\n".join(failure.value.lines)
