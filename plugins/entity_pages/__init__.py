"""Entity pages: a page for every company, disease, product, regulator, therapeutic
area and event type, A–Z directories, and the related-stories navigation of articles.

A Generator over ``content_model.Taxonomy``: ``generate_context`` builds the
taxonomy once from the published articles and shares it in the context (other
plugins, the feeds for one, read it there); ``generate_output`` writes pages.
"""

from .generator import EntityPagesGenerator, register

__all__ = ["EntityPagesGenerator", "register"]
