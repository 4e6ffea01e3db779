"""The whole site's content, read once: registries, every article and page, links and URLs.

``load_site`` is the one pass shared by the build, the development server and
``invoke check``: each file is read, parsed and rendered once (by the reader
given to it, on every core, or taken from the cache when its content has not
changed), each article's names are resolved, and every problem of every file
is collected before anything is written.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote

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
from .source import NO_SUCH_FILE, link_problem, publishable_file_problem, read_bytes

MARKDOWN_EXTENSION = ".md"
# An attribute value of a rendered body that may hold a link to a content file (the reader finds links the same way).
_LINK_ATTRIBUTE = re.compile(r'(?P<attribute>(?:href|src)=")(?P<value>[^"]*)"', re.IGNORECASE)


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


def _walk(root: Path, relative: str, problems: list[Problem], shown_content: str):
    """(DirEntry, its path inside the content folder) for everything under ``root``, sorted, hidden names left out,
    links to folders not followed; a folder that cannot be listed is a problem (its articles would be missing
    without a word).

    ``os.scandir`` gives each entry's type with its name, so telling files, folders and links apart
    costs no system call per file (10,000 articles were 3 s of ``Path`` work).
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(Problem(f"{shown_content}/{relative}", 0, f"the folder cannot be listed ({error.strerror}); let the build read it"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        inside = f"{relative}/{entry.name}"
        yield entry, inside
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), inside, problems, shown_content)


def find_sources(config: ContentConfig, folders: tuple[str, ...], display_root: Path | None) -> tuple[list[SourceFile], list[Problem]]:
    """Every Markdown file under the given content folders.

    A file that is not ``.md`` is a problem rather than ignored: an article saved
    as ``.markdown`` or ``.txt`` would otherwise vanish from the site unnoticed,
    and so would every article of a folder the build may not list.
    """
    files, problems = [], []
    shown_content = display_path(config.content_path, display_root)
    for folder in folders:
        root = config.content_path / folder
        if not os.path.lexists(root):
            continue
        if (problem := link_problem(root, config.content_path, f"{shown_content}/{folder}", allow_folder=True)) is not None:
            problems.append(problem)
            continue
        if not root.is_dir():
            message = f"is a file, but {folder}/ is the folder of the site's {folder}; move it away"
            problems.append(Problem(f"{shown_content}/{folder}", 0, message))
            continue
        for entry, inside in _walk(root, folder, problems, shown_content):
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


def _content_path(config: ContentConfig, path: Path) -> str:
    return path.resolve().relative_to(config.content_path.resolve()).as_posix()


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))


@dataclass(frozen=True)
class _Target:
    """Where a {filename} link leads, and what keeps that page from this build (None when it is published)."""

    url: str
    held_back: str | None = None


class _Links:
    """Resolves {filename}, {static} and {attach} links of every body against the site."""

    def __init__(self, config: ContentConfig, by_content_path: dict[str, _Target], section_folders: tuple[str, ...]):
        self.config = config
        self.content_root = config.content_path.resolve()
        self.by_content_path = by_content_path
        self.sections = frozenset(folder.casefold() for folder in section_folders)
        self.problems: list[Problem] = []
        self.files: list[LinkedFile] = []
        self._checked: dict[str, tuple[Path | None, str]] = {}

    @staticmethod
    def target(owner_folder: str, link: LinkRef) -> str | None:
        """The link's content-relative path: from the content root when it starts with /, else from the owner's folder.

        The target is the attribute value of the rendered body: HTML entities and percent-escapes
        are undone, as a browser would, so "my%20chart.png" is the file "my chart.png" and "%2e%2e" is "..".
        """
        path = unquote(html.unescape(_path_part(link.target)))
        if "\0" in path:
            return None
        base = "" if path.startswith("/") else owner_folder
        return posixpath.normpath(posixpath.join(base, path.lstrip("/")))

    def resolve(self, owner: SourceFile, owner_save_as: str, body: str, links: tuple[LinkRef, ...], publish: bool) -> str:
        """The body with each link to a content file replaced by its URL (after the SITE_ROOT mark), in one pass."""
        if not links:
            return body
        folder = posixpath.dirname(owner.content_path)
        urls = {}
        for link in links:
            url = self.resolve_one(owner.shown, owner_save_as, link, folder, publish)
            if url is not None:
                urls[link.marker] = f"{SITE_ROOT}/{quote(url)}{link.target[len(_path_part(link.target)):]}"

        def replace(match: re.Match) -> str:
            url = urls.get(match["value"])
            return match[0] if url is None else f'{match["attribute"]}{url}"'

        return _LINK_ATTRIBUTE.sub(replace, body)

    def resolve_one(self, owner_shown: str, owner_save_as: str, link: LinkRef, owner_folder: str,
                    publish: bool) -> str | None:  # fmt: skip
        what = f"{{{link.what}}}{link.target}"

        def refuse(message: str) -> None:
            self.problems.append(Problem(owner_shown, link.line, what + message))

        relative = self.target(owner_folder, link)
        if relative is None:
            refuse(" is not a path (it holds a NUL character); write the file's path")
            return None
        if relative.startswith("../") or relative == "..":
            refuse(" points outside content/; link only to files inside content/")
            return None
        if link.what == "filename":
            target = self.by_content_path.get(relative)
            if target is None:
                refuse(f": there is no article or page content/{relative}; check the path")
                return None
            if publish and target.held_back is not None:
                refuse(f" leads to {target.held_back}, so the link would lead nowhere; link to it once it is published")
            return target.url
        resolved, message = self.checked_file(relative)
        if resolved is None:
            refuse(message)
            return None
        save_as = relative if link.what == "static" else posixpath.join(posixpath.dirname(owner_save_as), posixpath.basename(relative))
        if publish:
            self.files.append(LinkedFile(resolved, save_as, owner_shown, link.line, link.what == "attach"))
        return save_as

    def checked_file(self, relative: str) -> tuple[Path | None, str]:
        """The real path of a file a body links to, or None and why it cannot be published (once per path:
        a body may show one image many times)."""
        if relative not in self._checked:
            self._checked[relative] = self._check_file(relative)
        return self._checked[relative]

    def _check_file(self, relative: str) -> tuple[Path | None, str]:
        source_file = (" is a content source file; link to an article or page with {filename}, and keep images in "
                       "content/images/")  # fmt: skip
        hidden = " is a hidden file (a name starting with a dot); hidden files are never published, rename it"
        if relative == ".":
            return None, ": is the content folder itself; link to a file in it"
        if _hidden(relative):
            return None, hidden
        path = self.config.content_path / relative
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            resolved = None
        if resolved is not None and resolved != self.content_root and self.content_root not in resolved.parents:
            return None, " leads outside content/ (through a link); copy the file into content/"
        reason = publishable_file_problem(path)
        if reason == NO_SUCH_FILE:
            return None, f": there is no file content/{relative}; check the path"
        if reason is not None:
            return None, f": content/{relative} cannot be published: {reason}"
        real = resolved.relative_to(self.content_root).as_posix()
        for name in (relative, real):
            if name.split("/", 1)[0].casefold() in self.sections:
                return None, source_file
        if _hidden(real):
            return None, hidden
        return resolved, ""


def _path_part(target: str) -> str:
    """A link target without its query and fragment."""
    return target.split("#", 1)[0].split("?", 1)[0]


def _folders(save_as: str) -> list[str]:
    """The folders an output path lies in: "a/b/c.png" -> ["a", "a/b"]."""
    parts = save_as.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def _collisions(site: Site, changed_last) -> tuple[list[Problem], dict[str, tuple[str, int, str]]]:
    """Two outputs at one path, a page in a section's folder, an alias where the site writes its own pages;
    and what articles, pages and aliases take: save_as -> (source path, line, what).

    ``changed_last`` orders articles so that a collision is reported in the changed file.
    """
    config = site.config
    problems = []
    taken: dict[str, tuple[str, int, str]] = {}

    def claim(save_as: str, path: str, line: int, what: str) -> None:
        first = taken.setdefault(save_as, (path, line, what))
        if first[0] != path or first[2] != what:
            problems.append(Problem(path, line, f"{what} would be written to {save_as}, like {first[2]} of {first[0]}; give one of them another slug or path"))

    for article in changed_last(site.articles):
        claim(article.save_as, article.source_path, article.slug_line, "this article")
    for page in site.pages:
        if page.slug in config.reserved_folders:
            problems.append(Problem(page.source_path, page.slug_line, f'the slug "{page.slug}" is a section of the site ({page.slug}/); choose another "slug:"'))
        claim(page.save_as, page.source_path, page.slug_line, "this page")
    article_folder = config.article_save_as.split("/", 1)[0]
    for article in changed_last(site.articles):
        for alias, line in article.alias_lines:
            top = alias.split("/", 1)[0]
            if top in config.reserved_files or (top in config.reserved_folders and top != article_folder):
                message = (f'aliases: "{alias}" lies in {top}, which the site writes itself; an alias is an earlier URL '
                           "of this article")  # fmt: skip
                problems.append(Problem(article.source_path, line, message))
                continue
            claim(posixpath.join(alias, "index.html"), article.source_path, line, "the alias")
    return problems, taken


class _LinkedFiles:
    """The files bodies link to, each path published once (many bodies may show one image), none in the place
    of a file or folder the site writes itself.

    Paths are compared case-insensitively, as macOS and Windows file systems (and some hosts) see them.
    """

    def __init__(self, config: ContentConfig, taken: dict[str, tuple[str, int, str]]):
        self.config = config
        self.taken = taken
        self.folded = {save_as.casefold(): save_as for save_as in taken}
        self.taken_folders = {folder for save_as in self.folded for folder in _folders(save_as)}
        self.generated_files = {name.casefold() for name in config.reserved_files}
        self.generated_folders = {name.casefold() for name in config.reserved_folders}
        self.kept = {name.casefold() for name in config.output_retention}
        self.published: dict[str, LinkedFile] = {}
        self.folders: set[str] = set()
        self.problems: list[Problem] = []

    def add(self, item: LinkedFile) -> None:
        key = item.save_as.casefold()
        place = self.place_taken(item, key)
        if place is not None:
            message = (f"the linked file would take the place of {place}; move or rename the file (images belong in "
                       "content/images/)")  # fmt: skip
            self.problems.append(Problem(item.linked_from, item.line, message))
            return
        first = self.published.get(key)
        if first is None:
            self.published[key] = item
            self.folders.update(_folders(key))
        elif first.path != item.path or first.save_as != item.save_as:
            case = " (the names differ only in case)" if first.save_as != item.save_as else ""
            this, other = _content_path(self.config, item.path), _content_path(self.config, first.path)
            message = (f"the linked file {this} would be written to {item.save_as}, where {first.linked_from}:{first.line} "
                       f"has {other} written{case}; rename one of the files")  # fmt: skip
            self.problems.append(Problem(item.linked_from, item.line, message))

    def place_taken(self, item: LinkedFile, key: str) -> str | None:
        """What the site writes where the linked file would be, or None."""
        top = key.split("/", 1)[0]
        if key in self.generated_files or (not item.beside_page and top in self.generated_folders):
            return f"the site's own {item.save_as}"
        if key in self.folded:
            return f"the site's own {self.folded[key]}, written for {self.taken[self.folded[key]][0]}"
        if key in self.taken_folders or key in self.folders:
            return f"the folder {item.save_as}/ the site writes pages into"
        for folder in _folders(key):
            if folder in self.folded or folder in self.generated_files or folder in self.published:
                return f"the site's own {folder}, which would have to be a folder"
        if not item.beside_page and top in self.kept:
            kept = item.save_as.split("/", 1)[0]
            return f"{kept}, which the output folder keeps from one build to the next (OUTPUT_RETENTION)"
        return None


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
    by_content_path: dict[str, _Target] = {}
    for job, source in article_sources:
        url = config.article_url.format(date=source.date, slug=source.slug)
        by_content_path[job.file.content_path] = _Target(url, None if preview else _held_back(source, config, now))
    for job, source in page_sources:
        held_back = "a draft page" if source.status == "draft" and not preview else None
        by_content_path[job.file.content_path] = _Target(config.page_url.format(slug=source.slug), held_back)
    for file in unread:  # they exist, and a check needs no URL of theirs
        by_content_path[file.content_path] = _Target("")
    sections = config.article_folders + config.page_folders + tuple(kind.plural for kind in config.registry_kinds)
    links = _Links(config, by_content_path, sections)

    sources: dict[Article, ArticleSource] = {}
    changed_articles: set[Article] = set()
    resolved = cache.articles if cache is not None else {}
    for job, source in article_sources:
        embargoed = _embargoed(source, config, now)
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

    def changed_last(articles: list[Article]) -> list[Article]:
        return sorted(articles, key=lambda article: article in changed_articles)

    found, taken = _collisions(site, changed_last)
    linked_files = _LinkedFiles(config, taken)
    for linked in sorted(links.files, key=lambda linked: (linked.save_as, linked.linked_from, linked.line)):
        linked_files.add(linked)
    site.linked_files = list(linked_files.published.values())
    problems += found + linked_files.problems
    site.notices = _notices(site, sources, changed_last)
    return site, problems


def _names_of_invalid_article(job: _Job, registries: Registries, config: ContentConfig) -> list[Problem]:
    """Unknown names in an article that has other mistakes too, so one run reports them all."""
    data, _ = read_bytes(job.path, job.shown)
    if data is None:
        return []
    return resolve_names(job.shown, written_names(data, job.shown, config), registries, config)[1]


def _embargoed(source: ArticleSource, config: ContentConfig, now: datetime) -> bool:
    return not config.with_future_dates and source.date > now


def _held_back(source: ArticleSource, config: ContentConfig, now: datetime) -> str | None:
    """What keeps an article out of this build, for messages about links to it (None: it is published)."""
    if source.status == "draft":
        return "a draft"
    if _embargoed(source, config, now):
        return f"a story held back until {source.date.isoformat()}"
    return None


__all__ = ["ContentReader", "LinkedFile", "ReadStats", "Site", "find_sources", "load_site"]
