"""The theme's static files (CSS, JavaScript, icons), published under content-hashed names.

``theme/static/css/site.css`` is written as ``theme/css/site.3f2a1b9c.css``, so
servers and CDNs may cache it for a year: a changed file gets a new name, and
every page that uses it changes with it. Templates find the current names in
``assets`` (``{{ SITEURL }}/{{ assets["css/site.css"] }}``). Files that browsers
and feed readers ask for by name (``ASSETS_UNHASHED``: ``/favicon.ico``) keep
their names and are published at the site's root.
"""

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .generator import ThemeAssetsGenerator, hashed_name

SETTINGS = (
    Setting("ASSETS_UNHASHED", (tuple, list), ("favicon.ico",),
            "Theme static files (paths under the theme's static folder) published under their own names at the site's root."),
)


def get_generators(pelican):
    return ThemeAssetsGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["SETTINGS", "ThemeAssetsGenerator", "hashed_name", "register"]
