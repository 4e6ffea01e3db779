"""The one pass over a site: each file read once, links to content files, URLs, embargoes and notices."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from content_model import SITE_ROOT, ContentCache, ContentConfig, load_site
from frontmatter_reader import FrontMatterReader

from ..conftest import settings_for, write_site

STORY = """\
---
title: {title}
date: {date}
company: Vcanbio
summary: A story.
{extra}
---
{body}
"""


def story(title="A story", date="2024-03-01", extra="", body="Body."):
    return STORY.format(title=title, date=date, extra=extra, body=body)


def load(content, **settings):
    """The site and its problems, as strings."""
    full = settings_for(content, **settings)
    reader = FrontMatterReader(full)
    site, problems = load_site(ContentConfig.from_settings(full), reader, display_root=content.parent, workers=1)
    return site, [str(problem) for problem in problems]


class CountingReader(FrontMatterReader):
    """Counts the files it parses (in this process: the load runs with one worker)."""

    parsed = 0

    def read_article(self, *args):
        type(self).parsed += 1
        return super().read_article(*args)


def test_each_file_is_parsed_once_and_the_cache_spares_unchanged_files(tmp_path):
    content = write_site(tmp_path, {"articles/2024/third.md": story("Third")})
    settings = settings_for(content)
    config = ContentConfig.from_settings(settings)
    reader = CountingReader(settings)
    cache = ContentCache(b"key")
    site, problems = load_site(config, reader, cache=cache, workers=1)
    assert problems == []
    files = len(site.articles) + len(site.pages)
    assert (CountingReader.parsed, site.stats.parsed, site.stats.files) == (3, 3, 3) == (files,) * 3
    CountingReader.parsed = 0
    load_site(config, reader, cache=cache, workers=1)
    assert CountingReader.parsed == 0
    (content / "articles/2024/third.md").write_text(story("Third, corrected"), encoding="utf-8")
    site, _ = load_site(config, reader, cache=cache, workers=1)
    assert CountingReader.parsed == 1 and site.stats.from_cache == 2
    assert "Third, corrected" in [article.title for article in site.articles]


def test_reading_on_several_cores_gives_the_same_site(tmp_path):
    content = write_site(tmp_path, {f"articles/2024/story-{n:03d}.md": story(f"Story {n}") for n in range(150)})
    settings = settings_for(content)
    config = ContentConfig.from_settings(settings)
    one, _ = load_site(config, FrontMatterReader(settings), workers=1)
    two, _ = load_site(config, FrontMatterReader(settings), workers=2)
    assert [(a.url, a.digest) for a in one.articles] == [(a.url, a.digest) for a in two.articles]
    assert len(one.articles) == 152


def test_links_to_articles_and_files_resolve_and_publish_only_from_published_bodies(tmp_path):
    content = write_site(tmp_path, {
        "images/chart.png": "PNG",
        "articles/2024/linker.md": story("Linker", body="See [the filing]({filename}vum02-filing.md#top) and ![chart]({static}/images/chart.png)."),
        "articles/2024/attacher.md": story("Attacher", body="[data]({attach}../../images/chart.png)"),
        "articles/2024/draft.md": story("Draft", extra="status: draft", body="![x]({static}/images/secret.png)"),
        "images/secret.png": "SECRET",
    })  # fmt: skip
    site, problems = load(content)
    assert problems == []
    linker = next(article for article in site.articles if article.slug == "linker")
    assert f'href="{SITE_ROOT}/news/2024/02/vum02-filing/#top"' in linker.body
    assert f'src="{SITE_ROOT}/images/chart.png"' in linker.body
    assert sorted((linked.save_as, linked.linked_from.split("/")[-1]) for linked in site.linked_files) == [
        ("images/chart.png", "linker.md"),
        ("news/2024/03/attacher/chart.png", "attacher.md"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[x]({filename}missing.md)", "{filename}missing.md: there is no article or page content/articles/2024/missing.md"),
        ("![x]({static}/images/none.png)", "there is no file content/images/none.png"),
        ("![x]({static}../../../etc/passwd)", "points outside content/"),
        ("![x]({static}/articles/2024/vum02-filing.md)", "is a content source file"),
        ("![x]({static}/index.html)", "would take the place of the site's own index.html"),
        ("![x]({static}/feeds/all.atom.xml)", "would take the place of the site's own feeds/all.atom.xml"),
        ("![x]({attach}/images/index.html)", "would take the place of the site's own news/2024/03/bad/index.html"),
        ("[x]({tag}news)", "{tag} is not a kind of link here"),
    ],
)
def test_bad_links_are_refused_on_their_line(tmp_path, body, message):
    content = write_site(tmp_path, {"articles/2024/bad.md": story("Bad", body=f"First line.\n\n{body}"),
                                    "index.html": "x", "feeds/all.atom.xml": "x", "images/index.html": "x"})  # fmt: skip
    _, problems = load(content)
    [problem] = problems
    assert problem.startswith("content/articles/2024/bad.md:10: "), problem
    assert message in problem


def test_a_link_out_of_content_through_a_symlink_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("key")
    content = write_site(tmp_path, {"articles/2024/bad.md": story("Bad", body="![x]({static}/images/leak.txt)")})
    (content / "images").mkdir()
    (content / "images/leak.txt").symlink_to(secret)
    _, problems = load(content)
    assert [problem.split(": ", 1)[1] for problem in problems] == ["{static}/images/leak.txt leads outside content/ (through a link); copy the file into content/"]


def test_two_articles_at_one_url_are_reported_with_both_files(tmp_path):
    content = write_site(tmp_path, {"articles/copies/vum02-filing.md": story("Copy", date="2024-02-10")})
    _, problems = load(content)
    assert len(problems) == 1 and "would be written to news/2024/02/vum02-filing/index.html, like this article of" in problems[0]


def test_a_file_named_so_it_cannot_be_a_slug_says_how_to_rename_it(tmp_path):
    content = write_site(tmp_path, {"articles/2024/Vcanbio News!.md": story()})
    [problem] = load(content)[1]
    assert 'rename the file to vcanbio-news.md or add "slug: vcanbio-news"' in problem


def test_embargoed_and_duplicate_stories_are_noticed(tmp_path):
    content = write_site(tmp_path, {
        "articles/2099/future.md": story("Future", date="2099-01-01"),
        "articles/2024/again.md": "---\ntitle: Again\ndate: 2024-05-20\ncompany: Vcanbio\nproduct: VUM02\nevent: trial-approval\nsummary: x\n---\n",
    })  # fmt: skip
    site, problems = load(content)
    assert problems == []
    notices = [str(notice) for notice in site.notices]
    assert "content/articles/2099/future.md:3: held back until 2099-01-01 (1 January 2099): it is dated in the future" in notices[0]
    assert "looks like the same story as" in notices[1]
    assert {"content/articles/2024/again.md", "content/articles/2024/vum02-trial-approval.md"} == {
        part.split(":")[0].split()[-1] for part in notices[1].split(" (")[0].split(": looks like the same story as ")
    }
    assert [article.slug for article in site.published_articles] == ["again", "vum02-trial-approval", "vum02-filing"]
    site, _ = load(content, PREVIEW=True)
    assert "future" in [article.slug for article in site.listed_articles]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_read(tmp_path):
    content = write_site(tmp_path, {})
    os.mkfifo(content / "articles/2024/pipe.md")
    [problem] = load(content)[1]
    assert problem == "content/articles/2024/pipe.md: is not a regular file (a pipe, socket or device); remove it from content/"


def test_now_decides_the_embargo(tmp_path, config, fixture_settings):
    content = write_site(tmp_path, {"articles/2024/later.md": story("Later", date="2024-12-01")})
    settings = settings_for(content)
    site, _ = load_site(ContentConfig.from_settings(settings), FrontMatterReader(settings), now=datetime(2024, 6, 1, tzinfo=timezone.utc), workers=1)
    assert [article.slug for article in site.articles if article.embargoed] == ["later"]
