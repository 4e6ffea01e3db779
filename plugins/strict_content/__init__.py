"""Strict builds: validate all content before Pelican writes anything.

The whole site is checked once, with ``content_model.check_site`` (the same
check as ``invoke check``), when the articles generator starts; any problem
stops the build with every problem listed. Articles then get their entity
objects from the validated registries, and after writing, the number of
article pages on disk must equal the number of published article files.
"""

from .plugin import register

__all__ = ["register"]
