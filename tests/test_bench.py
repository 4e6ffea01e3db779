"""The benchmarks' synthetic corpus: valid for this project, and the same articles for stock Pelican."""

from __future__ import annotations

from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

import sitebuild
from bench.corpus import Corpus
from content_model import check_site

from .conftest import LOCAL_SETTINGS


def test_generated_content_passes_the_content_check(tmp_path):
    corpus = Corpus(30, seed=7)
    corpus.write_content(tmp_path)
    site, problems = check_site(tmp_path, sitebuild.load_settings(LOCAL_SETTINGS, {"PATH": str(tmp_path)}))
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
