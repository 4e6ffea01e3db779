"""The whole site's content, read once: registries, every article and page, links and URLs.

``load_site`` is the one pass shared by the build, the development server and
``invoke check``: each file is read, parsed and rendered once (by the reader
given to it, on every core, or taken from the cache when its content has not
changed), each article's names are resolved, and every problem of every file
is collected before anything is written.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from .articles import (
    SITE_ROOT,
    Article,
    ArticleSource,
    LinkRef,
    Page,
    PageSource,
    newest_first,
    resolve_names,
    resolve_terms,
    written_names,
)
from .cache import ContentCache, stat_key
from .config import ContentConfig
from .parallel import parallel_map
from .problems import Notice, Problem
from .registry import Registries, digest, display_path, load_registries, registries_key
from .source import link_problem, read_bytes

MARKDOWN_EXTENSION = ".md"
# Root-level files the site writes besides its sections; no linked file may take their place.
SITE_FILES = frozenset({"index.html", "404.html", "robots.txt", "sitemap.xml", "urls.json", "favicon.ico", "favicon.svg"})


class ContentReader(Protocol):
    """Turns one file's bytes into a validated source with its body rendered (frontmatter_reader)."""

    def read_article(self, data: bytes, path: str, stem: str, folder: str) -> tuple[ArticleSource | None, list[Problem]]: ...

    def read_page(self, data: bytes, path: str, stem: str) -> tuple[PageSource | None, list[Problem]]: ...


@dataclass(frozen=True)
class LinkedFile:
    """A content file a published body links to with {static} or {attach}, and where it is published."""

    path: Path
    save_as: str
    linked_from: str
    line: int
    beside_page: bool  # {attach}: published in the folder of the page that links it


@dataclass
class ReadStats:
    files: int = 0
    parsed: int = 0
    from_cache: int = 0


@dataclass
class Site:
    """Everything validated about a site's content."""

    config: ContentConfig
    registries: Registries
    articles: list[Article] = field(default_factory=list)  # every article, drafts and embargoed too, newest first
    pages: list[Page] = field(default_factory=list)
    linked_files: list[LinkedFile] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stats: ReadStats = field(default_factory=ReadStats)
    # Previews show drafts and embargoed stories (marked as such); builds never do.
    preview: bool = False

    @property
    def published_articles(self) -> list[Article]:
        return [article for article in self.articles if article.status == "published" and not article.embargoed]

    @property
    def listed_articles(self) -> list[Article]:
        """The articles the site shows: the published ones, or in a preview every one."""
        return list(self.articles) if self.preview else self.published_articles

    @property
    def listed_pages(self) -> list[Page]:
        return [page for page in self.pages if self.preview or page.status != "draft"]


@dataclass(frozen=True)
class _Job:
    """One file to read, and whether it is a page (else an article)."""

    is_page: bool
    file: SourceFile

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def shown(self) -> str:
        return self.file.shown

    @property
    def folder(self) -> str:
        return self.file.folder


@dataclass(frozen=True)
class SourceFile:
    """A content file found under the content folder."""

    path: Path
    shown: str  # as the editor knows it (relative to the working folder)
    content_path: str  # inside the content folder, e.g. articles/2024/x.md

    @property
    def folder(self) -> str:
        return self.path.parent.name


def _walk(root: Path, relative: str):
    """(DirEntry, its path inside the content folder) for everything under ``root``, sorted, hidden names left out.

    ``os.scandir`` gives each entry's type with its name, so telling files, folders and links apart
    costs no system call per file (10,000 articles were 3 s of ``Path`` work).
    """
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.startswith("."):
                continue
            inside = f"{relative}/{entry.name}"
            yield entry, inside
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), inside)


def find_sources(config: ContentConfig, folders: tuple[str, ...], display_root: Path | None) -> tuple[list[SourceFile], list[Problem]]:
    """Every Markdown file under the given content folders.

    A file that is not ``.md`` is a problem rather than ignored: an article saved
    as ``.markdown`` or ``.txt`` would otherwise vanish from the site unnoticed.
    """
    files, problems = [], []
    shown_content = display_path(config.content_path, display_root)
    for folder in folders:
        root = config.content_path / folder
        if not root.is_dir():
            continue
        if (problem := link_problem(root, config.content_path, f"{shown_content}/{folder}", allow_folder=True)) is not None:
            problems.append(problem)
            continue
        for entry, inside in _walk(root, folder):
            shown = f"{shown_content}/{inside}"
            path = Path(entry.path)
            if entry.is_symlink():
                if (problem := link_problem(path, config.content_path, shown)) is not None:
                    problems.append(problem)
                    continue
            if entry.is_dir():
                continue
            if inside.endswith(MARKDOWN_EXTENSION):
                files.append(SourceFile(path, shown, inside))
            else:
                problems.append(
                    Problem(shown, 0, f"only Markdown files ending in {MARKDOWN_EXTENSION} belong in {folder}/; rename it to end "
                            f"in {MARKDOWN_EXTENSION} or move it out (images belong in content/images/)")
                )  # fmt: skip
    return files, problems


class _Loader:
    def __init__(self, config: ContentConfig, reader: ContentReader, cache: ContentCache | None, display_root: Path | None,
                 workers: int | None):  # fmt: skip
        self.config = config
        self.reader = reader
        self.cache = cache
        self.display_root = display_root
        self.workers = workers
        self.problems: list[Problem] = []
        self.stats = ReadStats()

    def read_one(self, job: _Job) -> tuple[_Job, Any, bytes, list[Problem], bool]:
        """Read, hash and (unless the cache has it) parse one file: runs in a worker."""
        data, problems = read_bytes(job.path, job.shown)
        if data is None:
            return job, None, b"", problems, False
        content_digest = digest(data, job.shown, job.folder)
        if self.cache is not None and content_digest in self.cache.results:
            result, problems = self.cache.results[content_digest]
            return job, result, content_digest, problems, False
        stem = job.path.stem
        if job.is_page:
            result, problems = self.reader.read_page(data, job.shown, stem)
        else:
            result, problems = self.reader.read_article(data, job.shown, stem, job.folder)
        return job, result, content_digest, problems, True

    def read_all(self, jobs: list[_Job]) -> list[tuple[_Job, Any]]:
        """Every file's source (or None), reading only what the cache does not know by its stamp."""
        stamps = {job: stat_key(job.path) for job in jobs}
        known, unknown = {}, []
        for job in jobs:
            content_digest = self.cache.known_digest(job.shown, stamps[job]) if self.cache else None
            if content_digest is not None and content_digest in self.cache.results:
                known[job] = self.cache.results[content_digest]
            else:
                unknown.append(job)
        results = {}
        for job, (result, problems) in known.items():
            results[job] = result
            self.problems += problems
            self.stats.from_cache += 1
        for job, result, content_digest, problems, parsed in parallel_map(self.read_one, unknown, self.workers):
            results[job] = result
            self.problems += problems
            if parsed:
                self.stats.parsed += 1
            else:
                self.stats.from_cache += 1
            if self.cache is not None and content_digest:
                self.cache.remember(job.shown, stamps[job], content_digest, (result, problems))
        self.stats.files = len(jobs)
        if self.cache is not None:
            self.cache.prune({job.shown for job in jobs})
        return [(job, results[job]) for job in jobs]


class _Links:
    """Resolves {filename}, {static} and {attach} links of every body against the site."""

    def __init__(self, config: ContentConfig, display_root: Path | None, sources_by_content_path: dict[str, Any],
                 section_folders: tuple[str, ...]):  # fmt: skip
        self.config = config
        self.display_root = display_root
        self.by_content_path = sources_by_content_path
        self.section_folders = section_folders
        self.problems: list[Problem] = []
        self.files: list[LinkedFile] = []

    def target(self, owner: SourceFile, link: LinkRef) -> str:
        """The link's content-relative path: from the content root when it starts with /, else from the owner's folder."""
        path = link.target.split("#", 1)[0].split("?", 1)[0]
        base = "" if path.startswith("/") else posixpath.dirname(owner.content_path)
        return posixpath.normpath(posixpath.join(base, path.lstrip("/")))

    def resolve(self, owner: SourceFile, owner_save_as: str, html: str, links: tuple[LinkRef, ...], publish: bool) -> str:
        owner_shown = owner.shown
        for link in links:
            relative = self.target(owner, link)
            suffix = link.target[len(link.target.split("#", 1)[0].split("?", 1)[0]):]
            url = self.resolve_one(owner_shown, owner_save_as, link, relative, publish)
            if url is not None:
                html = html.replace(f'"{link.marker}"', f'"{SITE_ROOT}/{url}{suffix}"')
        return html

    def resolve_one(self, owner_shown: str, owner_save_as: str, link: LinkRef, relative: str, publish: bool) -> str | None:
        what = f"{{{link.what}}}{link.target}"
        if relative.startswith("../") or relative == "..":
            self.problems.append(Problem(owner_shown, link.line, f"{what} points outside content/; link only to files inside content/"))
            return None
        if link.what == "filename":
            target = self.by_content_path.get(relative)
            if target is None:
                self.problems.append(Problem(owner_shown, link.line, f"{what}: there is no article or page content/{relative}; check the path"))
                return None
            return target.url
        path = self.config.content_path / relative
        resolved = path.resolve()
        if self.config.content_path.resolve() not in resolved.parents:
            self.problems.append(Problem(owner_shown, link.line, f"{what} leads outside content/ (through a link); copy the file into content/"))
            return None
        if not resolved.is_file():
            self.problems.append(Problem(owner_shown, link.line, f"{what}: there is no file content/{relative}; check the path"))
            return None
        if relative.split("/", 1)[0] in self.section_folders:
            self.problems.append(Problem(
                owner_shown, link.line,
                f"{what} is a content source file; link to an article or page with {{filename}}, and keep images in content/images/",
            ))  # fmt: skip
            return None
        save_as = relative if link.what == "static" else posixpath.join(posixpath.dirname(owner_save_as), posixpath.basename(relative))
        if publish:
            self.files.append(LinkedFile(resolved, save_as, owner_shown, link.line, link.what == "attach"))
        return save_as


def _collisions(site: Site, linked_files: list[LinkedFile], changed_last) -> list[Problem]:
    """Two outputs at one path, a page in a section's folder, a linked file in a generated file's place.

    ``changed_last`` orders articles so that a collision is reported in the changed file.
    """
    problems = []
    taken: dict[str, tuple[str, int, str]] = {}

    def claim(save_as: str, path: str, line: int, what: str) -> None:
        first = taken.setdefault(save_as, (path, line, what))
        if first[0] != path or first[2] != what:
            problems.append(Problem(path, line, f"{what} would be written to {save_as}, like {first[2]} of {first[0]}; give one of them another slug or path"))

    for article in changed_last(site.articles):
        claim(article.save_as, article.source_path, article.slug_line, "this article")
    for page in site.pages:
        if page.slug in site.config.reserved_folders:
            problems.append(Problem(page.source_path, page.slug_line, f'the slug "{page.slug}" is a section of the site ({page.slug}/); choose another "slug:"'))
        claim(page.save_as, page.source_path, page.slug_line, "this page")
    for article in changed_last(site.articles):
        for alias, line in article.alias_lines:
            claim(posixpath.join(alias, "index.html"), article.source_path, line, "the alias")
    for linked in linked_files:
        in_section = not linked.beside_page and linked.save_as.split("/", 1)[0] in site.config.reserved_folders
        first = taken.get(linked.save_as)
        if linked.save_as in SITE_FILES or in_section or (first is not None and first[2] != "the linked file"):
            owner = f", written for {first[0]}" if first is not None and first[2] != "the linked file" else ""
            problems.append(Problem(
                linked.linked_from, linked.line,
                f"the linked file would take the place of the site's own {linked.save_as}{owner}; "
                "move or rename the file (images belong in content/images/)",
            ))  # fmt: skip
            continue
        taken.setdefault(linked.save_as, (linked.linked_from, linked.line, "the linked file"))
    return problems


def _embargo_notice(article: Article, line: int) -> Notice:
    """When an embargoed story appears, as the front matter writes it and as a reader would say it."""
    when, spoken = f"{article.date:%Y-%m-%d}", article.locale_date
    if (article.date.hour, article.date.minute) != (0, 0):
        offset = f"{article.date:%z}"
        when += f" {article.date:%H:%M}"
        spoken += f" at {article.date:%H:%M}, UTC{offset[:3]}:{offset[3:5]}"
    return Notice(article.source_path, line, f"held back until {when} ({spoken}): it is dated in the future, and appears on "
                  "the site with the first build after that")  # fmt: skip


def _notices(site: Site, sources: dict[Article, ArticleSource], changed_last) -> list[Notice]:
    notices = [_embargo_notice(article, sources[article].date_line) for article in site.articles if article.embargoed]
    by_story = defaultdict(list)
    for article in changed_last(site.articles):
        key = (article.date.date(), article.event, *(frozenset(article.named(kind)) for kind in ("company", "product")))
        if article.event is not None:
            by_story[key].append(article)
    for same in by_story.values():
        for article in same[1:]:
            notices.append(Notice(article.source_path, sources[article].date_line,
                                  f"looks like the same story as {same[0].source_path} (same company, product, event and date); "
                                  "if it is, keep one"))  # fmt: skip
    return notices


def load_site(
    config: ContentConfig,
    reader: ContentReader,
    *,
    cache: ContentCache | None = None,
    display_root: Path | None = None,
    now: datetime | None = None,
    workers: int | None = None,
    changed: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> tuple[Site, list[Problem]]:
    """Read and validate the whole site once; return it with every problem found.

    In a preview (``config.preview``, the development server) drafts and
    embargoed articles are listed and their linked files published; a build
    leaves them out of every listing.

    ``changed`` (absolute paths of files being added or edited): a clash between two files is
    reported in the changed one, where a pull request shows it. ``only`` (absolute paths): read
    just these articles and pages, with every registry, for a quick check of a commit; links to
    the files not read are only checked to exist, and collisions with them are not seen.
    """
    preview = config.preview
    key = registries_key(config)
    if cache is not None and not changed and cache.registries is not None and cache.registries[0] == key:
        _, registries, problems = cache.registries
        problems = list(problems)
    else:
        registries, problems = load_registries(config, display_root, changed)
        if cache is not None and not changed:
            cache.registries = (key, registries, list(problems))
    article_files, found = find_sources(config, config.article_folders, display_root)
    page_files, more = find_sources(config, config.page_folders, display_root)
    problems += found + more
    unread: list[SourceFile] = []
    if only is not None:
        unread = [file for file in article_files + page_files if os.path.abspath(file.path) not in only]
        article_files = [file for file in article_files if os.path.abspath(file.path) in only]
        page_files = [file for file in page_files if os.path.abspath(file.path) in only]
    jobs = [_Job(False, file) for file in article_files] + [_Job(True, file) for file in page_files]
    loader = _Loader(config, reader, cache, display_root, workers)
    read = loader.read_all(jobs)
    problems += loader.problems
    for job, source in read:
        if source is None and not job.is_page:
            problems += _names_of_invalid_article(job, registries, config)

    now = now or datetime.now(timezone.utc)
    site = Site(config, registries, stats=loader.stats, preview=preview)
    article_sources = [(job, source) for job, source in read if not job.is_page and source is not None]
    page_sources = [(job, source) for job, source in read if job.is_page and source is not None]
    by_content_path: dict[str, Any] = {}
    for job, source in article_sources:
        by_content_path[job.file.content_path] = _Target(config.article_url.format(date=source.date, slug=source.slug))
    for job, source in page_sources:
        by_content_path[job.file.content_path] = _Target(config.page_url.format(slug=source.slug))
    for file in unread:  # they exist, and a check needs no URL of theirs
        by_content_path[file.content_path] = _Target("")
    sections = config.article_folders + config.page_folders + tuple(kind.plural for kind in config.registry_kinds)
    links = _Links(config, display_root, by_content_path, sections)

    sources: dict[Article, ArticleSource] = {}
    changed_articles: set[Article] = set()
    resolved = cache.articles if cache is not None else {}
    for job, source in article_sources:
        embargoed = not config.with_future_dates and source.date > now
        listed = source.status == "published" and not embargoed
        save_as = config.article_save_as.format(date=source.date, slug=source.slug)
        body = links.resolve(job.file, save_as, source.html, source.links, publish=listed or preview) if source.links else source.html
        made_with = (key, embargoed, body, job.file.content_path)
        known = resolved.get(id(source))
        if known is not None and known[0] is source and known[1] == made_with:
            _, _, article, found = known
        else:
            terms, found = resolve_terms(source, registries, config)
            article = Article(source, terms, config, body, embargoed, job.file.content_path)
            resolved[id(source)] = (source, made_with, article, found)
        problems += found
        sources[article] = source
        if os.path.abspath(job.path) in changed:
            changed_articles.add(article)
        site.articles.append(article)
    for job, source in page_sources:
        save_as = config.page_save_as.format(slug=source.slug)
        body = links.resolve(job.file, save_as, source.html, source.links, publish=source.status != "draft" or preview)
        page = Page(source, config, body)
        site.pages.append(page)
    problems += links.problems
    if cache is not None:
        current = {id(source) for _, source in article_sources}
        cache.articles = {key: value for key, value in resolved.items() if key in current}
    site.articles.sort(key=newest_first)
    site.pages.sort(key=lambda page: (page.title.casefold(), page.slug))
    site.linked_files = sorted(set(links.files), key=lambda linked: (linked.save_as, linked.linked_from))

    def changed_last(articles: list[Article]) -> list[Article]:
        return sorted(articles, key=lambda article: article in changed_articles)

    problems += _collisions(site, site.linked_files, changed_last)
    site.notices = _notices(site, sources, changed_last)
    return site, problems


def _names_of_invalid_article(job: _Job, registries: Registries, config: ContentConfig) -> list[Problem]:
    """Unknown names in an article that has other mistakes too, so one run reports them all."""
    data, _ = read_bytes(job.path, job.shown)
    if data is None:
        return []
    return resolve_names(job.shown, written_names(data, job.shown, config), registries, config)[1]


@dataclass(frozen=True)
class _Target:
    url: str


__all__ = ["ContentReader", "LinkedFile", "ReadStats", "SITE_FILES", "Site", "find_sources", "load_site"]
