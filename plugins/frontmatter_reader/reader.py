"""The reader: one ``.md`` file in, the content model's validated source with its rendered body out."""

from __future__ import annotations

from pathlib import Path

from pelican.readers import BaseReader

from content_model import ArticleSource, ContentConfig, ContentInvalid, PageSource, Problem, parse_article, parse_page

from .render import BodyRenderer


class FrontMatterReader(BaseReader):
    """Reads Markdown files that open with YAML front matter.

    The front matter is validated by ``content_model`` (the same code ``invoke
    check`` runs) and the body rendered by ``BodyRenderer``; names of entities
    stay as written until the whole site is read (``content_model.load_site``
    resolves them). ``read`` is Pelican's reader interface; the news plugin
    calls ``read_article`` and ``read_page``, which return the model's types.
    """

    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self.config = ContentConfig.from_settings(settings)
        self.renderer = BodyRenderer(settings)

    def read_article(self, data: bytes, path: str, stem: str, folder: str) -> tuple[ArticleSource | None, list[Problem]]:
        article, problems = parse_article(data, path, self.config, stem, folder)
        if article is None:
            return None, problems
        article.html, article.links, problems = self.renderer.render(article.body, path, article.body_line)
        return (None if problems else article), problems

    def read_page(self, data: bytes, path: str, stem: str) -> tuple[PageSource | None, list[Problem]]:
        page, problems = parse_page(data, path, self.config, stem)
        if page is None:
            return None, problems
        page.html, page.links, problems = self.renderer.render(page.body, path, page.body_line)
        return (None if problems else page), problems

    def is_page(self, path: Path) -> bool:
        roots = [(self.config.content_path / folder).resolve() for folder in self.config.page_folders]
        return any(root in path.resolve().parents for root in roots)

    def read(self, source_path):
        """Pelican's interface: (HTML, metadata); entities are the names as written."""
        path = Path(source_path)
        if self.is_page(path):
            source, problems = self.read_page(path.read_bytes(), str(source_path), path.stem)
        else:
            source, problems = self.read_article(path.read_bytes(), str(source_path), path.stem, path.parent.name)
        if source is None:
            raise ContentInvalid(problems)
        metadata = {key: value for key, value in vars(source).items() if key not in ("html", "body", "links") and value is not None}
        return source.html, metadata
