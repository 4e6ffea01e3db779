"""The rule that published URLs keep working, on articles made by the model."""

from __future__ import annotations

import pytest

from content_model.manifest import ManifestError, PublishedArticle, broken_urls, manifest_entries, parse_manifest

from ..conftest import make_article


def check(published, articles, gone=(), notices=None):
    problems, found = broken_urls(
        published, articles, exists=lambda path: path not in gone, shown=lambda path: f"content/{path}"
    )
    if notices is not None:
        notices += [str(notice) for notice in found]
    return [str(problem) for problem in problems]


def test_an_unchanged_site_breaks_nothing(config, registries):
    articles = [
        make_article(config, registries, "a", company="Vcanbio"),
        make_article(config, registries, "b", company="Vcanbio"),
    ]
    for article in articles:
        article.content_path = f"articles/2024/{article.slug}.md"
    assert check(manifest_entries(articles), articles) == []


def test_a_new_slug_needs_the_old_url_as_first_alias(config, registries):
    article = make_article(config, registries, "new-slug", company="Vcanbio")
    article.content_path = "articles/2024/old-slug.md"
    published = [PublishedArticle("news/2024/01/old-slug/", "articles/2024/old-slug.md")]
    assert check(published, [article]) == [
        "new-slug.md:1: this story was published at news/2024/01/old-slug/ and its URL is now news/2024/01/new-slug/, so links "
        "to the old one would break. Add the old URL to the front matter, first in the list (feeds know the story by it): "
        "aliases: [news/2024/01/old-slug/]"
    ]
    moved = make_article(config, registries, "new-slug", company="Vcanbio", aliases="[news/2024/01/old-slug/]")
    moved.content_path = "articles/2024/old-slug.md"
    assert check(published, [moved]) == []


def test_a_withdrawn_story_may_redirect_to_its_replacement(config, registries):
    replacement = make_article(config, registries, "round-up", company="Vcanbio", aliases="[news/2024/01/withdrawn/]")
    replacement.content_path = "articles/2024/round-up.md"
    published = [PublishedArticle("news/2024/01/round-up/", "articles/2024/round-up.md"),
                 PublishedArticle("news/2024/01/withdrawn/", "articles/2024/withdrawn.md")]  # fmt: skip
    notices = []
    assert check(published, [replacement], gone={"articles/2024/withdrawn.md"}, notices=notices) == []
    assert notices == ["round-up.md:6: aliases: with news/2024/01/withdrawn/ as its first alias this story gets a new feed id "
                       "(feeds know a story by its first alias), so feed readers will show it once more as new"]  # fmt: skip
    assert check(published[:1] + [PublishedArticle("news/2024/01/other/", "articles/2024/other.md")], [replacement],
                 gone={"articles/2024/other.md"})[0].startswith("content/articles/2024/other.md: this file was published at")  # fmt: skip


def test_a_dropped_alias_is_a_broken_url(config, registries):
    article = make_article(config, registries, "a", company="Vcanbio")
    article.content_path = "articles/2024/a.md"
    published = [PublishedArticle("news/2024/01/a/", "articles/2024/a.md", ("news/2023/01/first/",))]
    assert "this story was published at news/2023/01/first/" in check(published, [article])[0]


def test_a_draft_would_vanish(config, registries):
    article = make_article(config, registries, "a", company="Vcanbio", status="draft")
    article.content_path = "articles/2024/a.md"
    problems = check([PublishedArticle("news/2024/01/a/", "articles/2024/a.md")], [article])
    assert problems and "as a draft it would vanish from there" in problems[0]


@pytest.mark.parametrize("text, message", [
    ("not json", "is not JSON"),
    ('{"version": 2, "articles": []}', 'is not a urls.json of this site'),
    ('{"version": 1, "articles": [{"url": "x/"}]}', 'article 1 needs "url" and "source"'),
])  # fmt: skip
def test_a_manifest_that_is_not_urls_json_is_refused(text, message):
    with pytest.raises(ManifestError, match=message):
        parse_manifest(text, "urls.json")
