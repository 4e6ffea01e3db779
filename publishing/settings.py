"""What publishing reads from the production settings and the environment, checked once.

Every deploy setting may be written in ``publishconf.py`` or given as an
environment variable of the same name; the environment wins, so CI can point a
deploy elsewhere without editing files. ``SITEURL`` is read by
``publishconf.py`` itself from the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import SettingInvalid, SettingMissing

SITEURL_EXAMPLE = "SITEURL=https://news.example.com invoke publish"
# The path of SITEURL goes into every host file; like redirect paths, it must need no escaping there.
SAFE_PATH = re.compile(r"[A-Za-z0-9._~/-]*")

# Deploy settings that an environment variable of the same name overrides.
ENVIRONMENT_OVERRIDES = ("RSYNC_DESTINATION", "GITHUB_PAGES_REMOTE", "GITHUB_PAGES_BRANCH", "GITHUB_PAGES_CNAME",
                         "RCLONE_REMOTE")

# How to set each deploy setting, for the message when it is missing.
EXAMPLES = {
    "RSYNC_DESTINATION": ("the server folder the rsync target copies the site to",
                          "deploy@news.example.com:/var/www/pharma-news/", "rsync"),
    "RCLONE_REMOTE": ("the rclone remote and path the rclone target syncs the site to",
                      "s3remote:bucket/site", "rclone"),
}


@dataclass(frozen=True)
class PublishSettings:
    """The production site's address and every deploy target's destination."""

    site_url: str
    theme_static_dir: str = "theme"
    # The search index's folders (SEARCH_BUNDLE_DIR, SEARCH_ARCHIVE_DIR), where Pagefind names files by content.
    search_dirs: tuple[str, ...] = ("pagefind", "pagefind-archive")
    redirects_force: bool = False
    rsync_destination: str | None = None
    rsync_retain: tuple[str, ...] = ()
    github_pages_remote: str = "origin"
    github_pages_branch: str = "gh-pages"
    github_pages_cname: str | None = None
    rclone_remote: str | None = None

    @property
    def site_path(self) -> str:
        """The path part of SITEURL ("" for a site at the root of its host), without a trailing slash."""
        return urlsplit(self.site_url).path.rstrip("/")

    def url_path(self, relative: str) -> str:
        """The absolute URL path of a site-relative path such as ``news/2024/05/slug/``."""
        return f"{self.site_path}/{relative}"

    @property
    def cname(self) -> str | None:
        """The custom domain for GitHub Pages: the setting, else SITEURL's host unless it is a github.io host."""
        if self.github_pages_cname is not None:
            return self.github_pages_cname or None
        host = urlsplit(self.site_url).hostname or ""
        return None if host.endswith(".github.io") else host

    def required(self, name: str) -> str:
        """The value of a deploy setting a target cannot run without, or ``SettingMissing`` saying how to set it."""
        value = getattr(self, name.lower())
        if value:
            return value
        purpose, example, target = EXAMPLES[name]
        raise SettingMissing(
            f"{name} is not set: it is {purpose}. Set it in publishconf.py ({name} = \"{example}\") "
            f"or in the environment: {name}={example} invoke publish --target {target}"
        )


def checked_site_url(value: object) -> str:
    """SITEURL as an absolute http(s) address without a trailing slash, or an error that says how to set it."""
    if not value:
        raise SettingMissing(
            "SITEURL is not set: a production build needs the site's public address for its links, feeds and "
            f"redirects. Set the environment variable, e.g. `{SITEURL_EXAMPLE}`, or SITEURL in publishconf.py."
        )
    if not isinstance(value, str):
        raise SettingInvalid(f"SITEURL must be a string such as https://news.example.com, not {value!r}.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingInvalid(
            f"SITEURL {value!r} is not an absolute http(s) address; write it like https://news.example.com.")
    if parts.query or parts.fragment:
        raise SettingInvalid(f"SITEURL {value!r} has a query or fragment; give the scheme, host and optional path.")
    if value.endswith("/"):
        raise SettingInvalid(f"SITEURL {value!r} ends with a slash; write it without one: {value.rstrip('/')}")
    if not SAFE_PATH.fullmatch(parts.path):
        raise SettingInvalid(f"SITEURL {value!r}: its path may hold only letters, digits and . _ ~ / -")
    return value


def _retained(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(item, str) and item for item in value):
        raise SettingInvalid(f"RSYNC_RETAIN must be a list of paths such as [\".well-known/\"], not {value!r}.")
    for item in value:
        if item.startswith("/") or ".." in item.split("/"):
            raise SettingInvalid(
                f"RSYNC_RETAIN entry {item!r} must be a path inside the site folder, like \".well-known/\".")
    return tuple(value)


def from_settings(settings: Mapping, environ: Mapping[str, str] = os.environ) -> PublishSettings:
    """Read and check the publishing settings from a Pelican settings dictionary and the environment."""
    merged = {name: settings.get(name) for name in ENVIRONMENT_OVERRIDES}
    merged.update({name: environ[name] for name in ENVIRONMENT_OVERRIDES if name in environ})
    redirects_force = settings.get("REDIRECTS_FORCE", False)
    if not isinstance(redirects_force, bool):
        raise SettingInvalid(f"REDIRECTS_FORCE must be True or False, not {redirects_force!r}.")
    static_dir = str(settings.get("THEME_STATIC_DIR", "theme")).strip("/")
    if not static_dir or ".." in static_dir.split("/"):
        raise SettingInvalid(f"THEME_STATIC_DIR {static_dir!r} must be a folder inside the output, such as \"theme\".")
    return PublishSettings(
        site_url=checked_site_url(settings.get("SITEURL")),
        theme_static_dir=static_dir,
        search_dirs=tuple(str(settings.get(name, default)).strip("/") for name, default in
                          (("SEARCH_BUNDLE_DIR", "pagefind"), ("SEARCH_ARCHIVE_DIR", "pagefind-archive"))),
        redirects_force=redirects_force,
        rsync_destination=merged["RSYNC_DESTINATION"] or None,
        rsync_retain=_retained(settings.get("RSYNC_RETAIN", ())),
        github_pages_remote=merged["GITHUB_PAGES_REMOTE"] or "origin",
        github_pages_branch=merged["GITHUB_PAGES_BRANCH"] or "gh-pages",
        github_pages_cname=merged["GITHUB_PAGES_CNAME"],
        rclone_remote=merged["RCLONE_REMOTE"] or None,
    )


def _declarations():
    """The deploy settings, declared like every plugin's, so a misspelt one is refused on its line."""
    from content_model import Setting

    return (
        Setting("RSYNC_DESTINATION", str, "", "--target rsync: the server folder, e.g. deploy@host:/var/www/site/."),
        Setting("RSYNC_RETAIN", (list, tuple), [".well-known/"], "Paths on the server that rsync never deletes."),
        Setting("GITHUB_PAGES_REMOTE", str, "origin", "--target github-pages: the git remote."),
        Setting("GITHUB_PAGES_BRANCH", str, "gh-pages", "--target github-pages: the branch."),
        Setting("GITHUB_PAGES_CNAME", (str, type(None)), None, "The custom domain (CNAME); None: SITEURL's host; \"\": none."),
        Setting("RCLONE_REMOTE", str, "", "--target rclone: an rclone remote and path, e.g. s3remote:bucket/site."),
        Setting("REDIRECTS_FORCE", bool, False, 'Redirect over the alias pages with "301!" (Netlify).'),
    )


SETTINGS = _declarations()
