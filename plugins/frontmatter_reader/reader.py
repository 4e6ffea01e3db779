"""The reader class and its registration."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import nh3
from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader

from content_model import ContentInvalid, parse_article, parse_page, rules_from_settings

DEFAULT_SETTINGS = {
    # Tags and attributes allowed to survive from Markdown (and raw HTML in it).
    "BODY_ALLOWED_TAGS": frozenset(nh3.ALLOWED_TAGS) | {"figure", "figcaption"},
    "BODY_ALLOWED_ATTRIBUTES": {
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height"},
        "td": {"align"},
        "th": {"align", "scope"},
        "*": {"lang"},
        "abbr": {"title"},
    },
    "BODY_URL_SCHEMES": frozenset({"http", "https", "mailto"}),
}


FRONT_MATTER = "front_matter"  # metadata key of the ParsedArticle, for plugins that resolve it


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULT_SETTINGS[name])


class FrontMatterReader(BaseReader):
    """Reads ``.md`` files: YAML front matter (validated), then a Markdown body."""

    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self.article_rules, _ = rules_from_settings(settings)
        content = Path(settings["PATH"])
        self.page_roots = [(content / folder).resolve() for folder in settings.get("PAGE_PATHS", ["pages"])]
        self.markdown = Markdown(**settings["MARKDOWN"])
        self.sanitise = functools.partial(
            nh3.clean,
            tags=set(setting(settings, "BODY_ALLOWED_TAGS")),
            attributes={tag: set(names) for tag, names in setting(settings, "BODY_ALLOWED_ATTRIBUTES").items()},
            url_schemes=set(setting(settings, "BODY_URL_SCHEMES")),
        )

    def is_page(self, source_path: str) -> bool:
        path = Path(source_path).resolve()
        return any(root == path or root in path.parents for root in self.page_roots)

    def render(self, body: str) -> str:
        return self.sanitise(self.markdown.reset().convert(body))

    def read(self, source_path):
        data = Path(source_path).read_bytes()
        shown = os.path.relpath(source_path)
        if self.is_page(source_path):
            page, problems = parse_page(data, shown, self.article_rules)
            if page is None:
                raise ContentInvalid(problems)
            metadata = {"title": page.title, "slug": page.slug, "status": page.status}
            if page.summary:
                metadata["summary"] = page.summary
            return self.render(page.body), metadata
        article, problems = parse_article(data, shown, self.article_rules)
        if article is None:
            raise ContentInvalid(problems)
        metadata = {
            "title": article.title,
            "date": article.date,
            "slug": article.slug,
            "summary": article.summary,
            "status": article.status,
            "event": article.event,
            "phase": article.phase,
            "source": article.source,
            # Entity names resolve against the registries in strict_content, then this key goes.
            FRONT_MATTER: article,
        }
        if article.updated:
            metadata["modified"] = article.updated
        return self.render(article.body), {key: value for key, value in metadata.items() if value is not None}


def add_reader(readers) -> None:
    readers.reader_classes["md"] = FrontMatterReader


def register() -> None:
    signals.readers_init.connect(add_reader)
