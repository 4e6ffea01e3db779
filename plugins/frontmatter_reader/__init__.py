"""Pelican reader for Markdown files that open with a YAML front matter block.

Front matter is validated by ``content_model`` (the same code ``invoke check``
runs); the body becomes HTML through Python-Markdown and then an allowlist
sanitiser, so raw HTML in an article cannot inject script or styles.
"""

from .reader import FRONT_MATTER, FrontMatterReader, register

__all__ = ["FRONT_MATTER", "FrontMatterReader", "register"]
