"""The SocialImagesGenerator: a social image for every article, entity and term page, and the site's."""

from __future__ import annotations

import functools
import importlib.metadata
import logging
from pathlib import Path

from pelican.generators import Generator

from content_model import Article, Entity, RegistryKind, Site, Taxonomy, VocabularyKind, digest
from content_model.schema import Choice, Reference, Text, Tickers
from site_writer import FileOutput, fingerprint

from .render import HEIGHT, WIDTH, Card, CardRenderer, FontFile, GlyphMissing

logger = logging.getLogger(__name__)

# Text fields short enough for an image's line of facts (headquarters, country); descriptions are not.
SHORT_TEXT = 40


class SocialImagesGenerator(Generator):
    """Shares where social images are (``social_images``); draws them."""

    def generate_context(self):
        self.context.setdefault("page_globals", {})["social_images"] = {
            "file": self.settings["SOCIAL_IMAGE_NAME"],
            "site": self.settings["SOCIAL_IMAGE_SITE_SAVE_AS"],
            "width": WIDTH,
            "height": HEIGHT,
        }

    def renderer(self) -> CardRenderer:
        """The renderer with the fonts of SOCIAL_IMAGE_FONTS (which must exist), then the fallback fonts that do."""
        fonts = {
            style: [FontFile.load(Path(path)) for path in self.settings["SOCIAL_IMAGE_FONTS"][style]]
            + [FontFile(Path(path)) for path in self.settings["SOCIAL_IMAGE_FALLBACK_FONTS"][style] if Path(path).is_file()]
            for style in ("bold", "regular")
        }  # fmt: skip
        return CardRenderer(fonts["bold"], fonts["regular"])

    def generate_output(self, writer):
        site: Site = self.context["site"]
        taxonomy: Taxonomy = self.context["taxonomy"]
        name = self.settings["SOCIAL_IMAGE_NAME"]
        sitename = self.settings["SITENAME"]
        cards = [(self.settings["SOCIAL_IMAGE_SITE_SAVE_AS"], Card("", sitename, self.settings.get("SITESUBTITLE") or "", sitename,
                                                                    "the site's social image"))]  # fmt: skip
        cards += [(article.url + name, self.article_card(article, sitename)) for article in site.listed_articles]
        for kind in site.config.kinds:
            for term in taxonomy.terms(kind):
                articles = taxonomy.articles_of(term)
                if articles or self.settings["ENTITY_PAGES_FOR_UNUSED"] or isinstance(kind, VocabularyKind):
                    cards.append((term.url + name, self.entity_card(kind, term, articles, sitename)))
        renderer = self.renderer()
        used, problems = set(), []
        for _, card in cards:
            try:
                used |= renderer.fonts_of(card)
            except GlyphMissing as problem:
                problems.append(str(problem))
        if problems:
            raise GlyphMissing("\n".join(problems))
        # What the images are drawn with: the bytes of the fonts used, and Pillow's version.
        fonts = fingerprint(sorted((str(font.path), digest(font.path.read_bytes())) for font in used), importlib.metadata.version("pillow"))
        writer.write_outputs(self, [
            FileOutput(save_as, fingerprint(card, fonts), make=functools.partial(renderer.render, card), source=card.source, kept=True)
            for save_as, card in cards
        ])  # fmt: skip
        logger.info("Social images: %d", len(cards))

    @staticmethod
    def article_card(article: Article, sitename: str) -> Card:
        names = [entity.name for entity in (*article.named("company"), *article.named("product"))]
        kicker = article.event.label if article.event else "News"
        return Card(kicker, article.title, " · ".join([article.locale_date, *names]), sitename, article.source_path)

    @staticmethod
    def entity_card(kind, term, articles: list, sitename: str) -> Card:
        facts = []
        if isinstance(term, Entity) and isinstance(kind, RegistryKind):
            for spec, value in term.facts():
                if isinstance(spec, Tickers):
                    facts += [str(ticker) for ticker in value]
                elif isinstance(spec, (Reference, Choice)):
                    facts.append(value.name)
                elif isinstance(spec, Text) and len(value) <= SHORT_TEXT:
                    facts.append(value)
        count = len(articles)
        facts.append(f"{count} {'story' if count == 1 else 'stories'}" + (f", latest {articles[0].locale_date}" if articles else ""))
        return Card(kind.label, term.name, " · ".join(facts), sitename, getattr(term, "source_path", f"{kind.name} {term.slug}"))
