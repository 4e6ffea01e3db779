"""Published URLs never break: the manifest a build writes (``urls.json``) and the rule over it.

A production build lists every published article in ``urls.json``: its URL,
its source file and its earlier URLs (``aliases:``). A change may move an
article (a new slug, a new date, a renamed file), merge two, or withdraw one,
but every URL that was published must still lead somewhere: to the article,
or through an alias to its replacement. Feed readers identify a story by the
first URL it was published at, which is its first alias once it has moved, so
that alias must stay first.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .problems import Notice, Problem

MANIFEST_VERSION = 1
FETCH_SECONDS = 30
FIRST_NOTE = " (first in the list: feeds know the story by it)"
FIRST_AS_CLAUSE = ", first in the list (feeds know the story by it)"


class ManifestError(Exception):
    """The published manifest cannot be read, or is not a urls.json of this site."""


@dataclass(frozen=True)
class PublishedArticle:
    """One article as a build published it: URL, source file (inside the content folder), earlier URLs."""

    url: str
    source: str
    aliases: tuple[str, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        return (self.url, *self.aliases)

    @property
    def first_url(self) -> str:
        """The URL it was first published at: what feeds identify it by."""
        return self.aliases[0] if self.aliases else self.url


def parse_manifest(text: str, where: str) -> list[PublishedArticle]:
    """The articles of a ``urls.json`` document; ``where`` names it in errors."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ManifestError(f"{where} is not JSON ({error}); give the urls.json of a production build") from None
    if (
        not isinstance(document, dict)
        or document.get("version") != MANIFEST_VERSION
        or not isinstance(document.get("articles"), list)
    ):
        raise ManifestError(
            f'{where} is not a urls.json of this site (an object with "version": {MANIFEST_VERSION} and "articles")'
        )
    articles = []
    for number, item in enumerate(document["articles"], 1):
        fields = item if isinstance(item, dict) else {}
        aliases = fields.get("aliases", [])
        texts = [fields.get("url"), fields.get("source"), *(aliases if isinstance(aliases, list) else [None])]
        if not all(isinstance(text, str) for text in texts):
            raise ManifestError(
                f'{where}: article {number} needs "url" and "source" (text) and "aliases" (a list of text)'
            )
        articles.append(PublishedArticle(item["url"], item["source"], tuple(aliases)))
    return articles


def load_manifest(location: str) -> list[PublishedArticle]:
    """The published articles from a urls.json file, or from its http(s) URL on the published site."""
    if location.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(location, timeout=FETCH_SECONDS) as response:  # noqa: S310 - http(s) only, checked above
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as error:
            raise ManifestError(f"could not fetch {location}: {getattr(error, 'reason', error)}") from None
    else:
        try:
            text = Path(location).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ManifestError(
                f"could not read {location}: {error}; give the urls.json of a production build"
            ) from None
    return parse_manifest(text, location)


def manifest_entries(articles: Iterable) -> list[PublishedArticle]:
    """What urls.json lists for these (published) articles."""
    return [PublishedArticle(article.url, article.content_path, tuple(article.aliases)) for article in articles]


def _first_url(article) -> str:
    return article.aliases[0] if article.aliases else article.url


def _line(article) -> int:
    """Where an alias belongs: on the aliases: line if there is one, else where the slug comes from."""
    return article.alias_lines[0][1] if article.alias_lines else article.slug_line


def _aliases_fix(article, url: str, first: bool) -> str:
    listed = [url, *article.aliases] if first else [*article.aliases, url]
    return f"aliases: [{', '.join(listed)}]"


def broken_urls(
    published: Iterable[PublishedArticle],
    articles: list,
    *,
    exists: Callable[[str], bool],
    shown: Callable[[str], str],
    renamed: dict[str, str] | None = None,
) -> tuple[list[Problem], list[Notice]]:
    """Every published URL that the current articles no longer serve, and every moved story whose feed id would change
    (problems); stories whose feed id changes because they took in another's URL (notices).

    ``articles`` are the site's articles (drafts included); only published ones serve URLs. ``exists``
    tells whether a content path (articles/2024/x.md) is a file now; a published article whose file exists
    but was not read (a quick check of changed files) or did not validate (its problems are reported
    already) is left out. ``shown`` turns a content path into the path editors see; ``renamed`` maps old
    content paths to new ones (git's rename detection), so a renamed file is told to add the alias.
    """
    renamed = renamed or {}
    by_source = {article.content_path: article for article in articles}
    served = {}
    for article in articles:
        if article.status == "published" and not article.embargoed:
            for url in (article.url, *article.aliases):
                served.setdefault(url, article)
    published = list(published)
    published_sources = {entry.source for entry in published}
    problems, notices = [], []
    for entry in published:
        own = by_source.get(entry.source) or by_source.get(renamed.get(entry.source, ""))
        if own is None and exists(entry.source):
            continue
        for url in entry.urls:
            if url in served:
                continue
            first = url == entry.first_url
            if own is None:
                note = FIRST_NOTE if first else ""
                message = (
                    f"this file was published at {url} and is gone, so that URL would break. If you renamed or "
                    f"moved it, add to the front matter of the renamed file: aliases: [{url}]{note}. "
                    f"If the story is withdrawn, list {url} under aliases: of the article that replaces it"
                )
                problems.append(Problem(shown(entry.source), 0, message))
            elif own.status != "published" or own.embargoed:
                why = "as a draft" if own.status != "published" else "dated in the future"
                message = (
                    f"this story was published at {url}; {why} it would vanish from there. Keep it published "
                    f"(correct it in the text, with updated:), or list {url} under aliases: of the article that "
                    "replaces it"
                )
                problems.append(Problem(own.source_path, _line(own), message))
            else:
                message = (
                    f"this story was published at {url} and its URL is now {own.url}, so links to the old one would "
                    f"break. Add the old URL to the front matter{FIRST_AS_CLAUSE if first else ''}: "
                    f"{_aliases_fix(own, url, first)}"
                )
                problems.append(Problem(own.source_path, _line(own), message))
        mover = served.get(entry.first_url)
        moved_here = mover is not None and (mover is own or mover.content_path not in published_sources)
        if not moved_here or _first_url(mover) == entry.first_url:
            continue
        if mover.url == entry.first_url:
            # It kept its URL and took in another story's: no order of aliases keeps its feed id.
            message = (
                f"aliases: with {mover.aliases[0]} as its first alias this story gets a new feed id (feeds know a "
                "story by its first alias), so feed readers will show it once more as new"
            )
            notices.append(Notice(mover.source_path, _line(mover), message))
            continue
        ordered = ", ".join([entry.first_url, *(alias for alias in mover.aliases if alias != entry.first_url)])
        message = (
            f"aliases: the first alias must be {entry.first_url}, the URL this story was first published at: feeds "
            f"know the story by it, and subscribers would see it again as new. Put it first: aliases: [{ordered}]"
        )
        problems.append(Problem(mover.source_path, _line(mover), message))
    return sorted(set(problems)), sorted(set(notices), key=lambda notice: (notice.path, notice.line))


__all__ = [
    "MANIFEST_VERSION",
    "ManifestError",
    "PublishedArticle",
    "broken_urls",
    "load_manifest",
    "manifest_entries",
    "parse_manifest",
]
