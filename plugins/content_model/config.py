"""What the content model reads from settings: folders, kinds, vocabularies, URL patterns, dates.

``ContentConfig.from_settings`` takes a plain dict (Pelican's settings in a
build, any dict in tests) whose defaults are already installed (see
``settings``); nothing here imports Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from .kinds import Kind, RegistryKind, VocabularyKind
from .schema import ReadContext
from .text import SLUG_MAX_BYTES
from .vocabulary import VOCABULARY_SETTINGS, Vocabulary

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(moment, pattern: str) -> str:
    """``strftime`` with English names whatever the process locale, so output never depends on it.

    Supports %d %-d %e %m %-m %Y %y %B %b %A %a %H %M %% (what date formats of a news site use).
    """
    codes = {
        "d": f"{moment.day:02d}", "-d": str(moment.day), "e": f"{moment.day:2d}", "m": f"{moment.month:02d}",
        "-m": str(moment.month), "Y": f"{moment.year:04d}", "y": f"{moment.year % 100:02d}",
        "B": MONTHS[moment.month - 1], "b": MONTHS[moment.month - 1][:3], "A": WEEKDAYS[moment.weekday()],
        "a": WEEKDAYS[moment.weekday()][:3], "%": "%",
        "H": f"{getattr(moment, 'hour', 0):02d}", "M": f"{getattr(moment, 'minute', 0):02d}",
    }  # fmt: skip
    out, index = [], 0
    while index < len(pattern):
        character = pattern[index]
        if character != "%" or index + 1 == len(pattern):
            out.append(character)
            index += 1
            continue
        code = pattern[index + 1 : index + 3] if pattern[index + 1] == "-" else pattern[index + 1]
        if code not in codes:
            raise ValueError(f'date format "{pattern}" uses %{code}, which is not supported; use {", ".join("%" + c for c in codes)}')
        out.append(codes[code])
        index += 1 + len(code)
    return "".join(out)


@dataclass(frozen=True)
class ContentConfig:
    """Everything validation and the model need to know about the site."""

    content_path: Path
    article_folders: tuple[str, ...] = ("articles",)
    page_folders: tuple[str, ...] = ("pages",)
    timezone: tzinfo = ZoneInfo("UTC")
    kinds: tuple[Kind, ...] = ()
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    exchanges: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # kind name -> (URL pattern, save_as pattern), each formatted with {slug}
    kind_urls: dict[str, tuple[str, str]] = field(default_factory=dict)
    article_url: str = "news/{date:%Y}/{date:%m}/{slug}/"
    article_save_as: str = "news/{date:%Y}/{date:%m}/{slug}/index.html"
    page_url: str = "{slug}/"
    page_save_as: str = "{slug}/index.html"
    date_format: str = "%-d %B %Y"
    slug_max_bytes: int = SLUG_MAX_BYTES
    title_max_length: int = 200
    summary_max_length: int = 400
    # Future-dated articles are embargoed (held back) unless this is set.
    with_future_dates: bool = False
    # A preview (the development server) shows drafts and embargoed stories, marked; a build never does.
    preview: bool = False
    # Top-level output folders that sections of the site write into, which no page slug may take.
    reserved_folders: frozenset[str] = frozenset()
    # Files the site writes at the top of the output folder (index.html, sitemap.xml ...).
    reserved_files: frozenset[str] = frozenset()
    # Top-level entries of the output folder that builds keep (OUTPUT_RETENTION): no linked file replaces them.
    output_retention: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: dict) -> ContentConfig:
        kinds = tuple(settings["KINDS"])
        kind_urls = {kind.name: (settings[f"{kind.setting_prefix}_URL"], settings[f"{kind.setting_prefix}_SAVE_AS"]) for kind in kinds}
        vocabularies = {}
        for name, (setting, _) in VOCABULARY_SETTINGS.items():
            with_pages = next((kind for kind in kinds if isinstance(kind, VocabularyKind) and kind.vocabulary == name), None)
            patterns = kind_urls[with_pages.name] if with_pages else ("", "")
            vocabularies[name] = Vocabulary.from_labels(name.replace("_", " "), settings[setting], *patterns)
        return cls(
            content_path=Path(settings["PATH"]),
            article_folders=tuple(settings["ARTICLE_PATHS"]),
            page_folders=tuple(settings["PAGE_PATHS"]),
            timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
            kinds=kinds,
            vocabularies=vocabularies,
            exchanges=dict(settings["EXCHANGES"]),
            kind_urls=kind_urls,
            article_url=settings["ARTICLE_URL"],
            article_save_as=settings["ARTICLE_SAVE_AS"],
            page_url=settings["PAGE_URL"],
            page_save_as=settings["PAGE_SAVE_AS"],
            date_format=settings["DEFAULT_DATE_FORMAT"],
            with_future_dates=bool(settings["WITH_FUTURE_DATES"]),
            preview=bool(settings.get("PREVIEW", False)),
            reserved_folders=reserved_folders(settings, kinds),
            reserved_files=reserved_files(settings),
            output_retention=_names(settings.get("OUTPUT_RETENTION") or ()),
        )

    @property
    def read_context(self) -> ReadContext:
        return ReadContext(self.vocabularies, self.exchanges)

    @property
    def registry_kinds(self) -> tuple[RegistryKind, ...]:
        return tuple(kind for kind in self.kinds if isinstance(kind, RegistryKind))

    def kind(self, name: str) -> Kind:
        return next(kind for kind in self.kinds if kind.name == name)

    def format_date(self, moment) -> str:
        return format_date(moment, self.date_format)


FIXED_FOLDERS = ("page", "pagefind", "feeds", "search", "theme", "_nginx")
# Top-level files of every site: the plugins' own, and those `invoke publish` adds for hosts (publishing/hostfiles.py).
FIXED_FILES = (
    "index.html", "404.html", "robots.txt", "sitemap.xml", "urls.json", "favicon.ico", "favicon.svg",
    "_headers", "_redirects",
)  # fmt: skip


def absolute_site_url(settings: dict) -> str:
    """The site's absolute URL without a trailing slash: SITEURL, or LOCAL_SITEURL when SITEURL is
    relative (local builds). Feeds, the sitemap and structured data need absolute links."""
    for candidate in (settings.get("SITEURL", ""), settings.get("LOCAL_SITEURL", "")):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.rstrip("/")
    return "http://127.0.0.1:8000"


def reserved_folders(settings: dict, kinds: tuple[Kind, ...]) -> frozenset[str]:
    """Top-level output folders the site's sections write into (companies/, news/, feeds/ ...)."""
    patterns = [value for key, value in settings.items() if key.endswith(("_SAVE_AS", "_URL")) and isinstance(value, str)]
    patterns += [f"{kind.plural}/" for kind in kinds]
    folders = {pattern.split("/", 1)[0] for pattern in patterns if "/" in pattern}
    folders.update(FIXED_FOLDERS)
    folders.add(settings.get("THEME_STATIC_DIR", "theme"))
    return frozenset(folder for folder in folders if folder and "{" not in folder)


def _names(value) -> tuple[str, ...]:
    """A setting that lists names, given one name or a list (outputdir refuses the single text itself)."""
    return (value,) if isinstance(value, str) else tuple(value)


def reserved_files(settings: dict) -> frozenset[str]:
    """Files the site writes at the top of the output folder: the fixed ones and every top-level *_SAVE_AS."""
    patterns = [value for key, value in settings.items() if key.endswith("_SAVE_AS") and isinstance(value, str)]
    top_level = {pattern for pattern in patterns if pattern and "/" not in pattern and "{" not in pattern}
    return frozenset(FIXED_FILES) | top_level


def feed_links(settings: dict, kind, slug: str) -> dict[str, str]:
    """The site paths of an entity's feeds, by format (rss, atom, json), from the ``{NAME}_FEED_*``
    settings of the feeds plugin; none when the kind has no feeds or the plugin is not loaded."""
    if not getattr(kind, "feeds", False):
        return {}
    links = {}
    for format_name in ("atom", "rss", "json"):
        pattern = settings.get(f"{kind.setting_prefix}_FEED_{format_name.upper()}")
        if pattern:
            links[format_name] = pattern.format(slug=slug)
    return links


__all__ = ["ContentConfig", "absolute_site_url", "feed_links", "format_date", "reserved_files", "reserved_folders"]
