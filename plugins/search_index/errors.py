"""The one exception of the search_index plugin."""

from content_model import BuildError


class SearchIndexFailed(BuildError):
    """Pagefind could not index the site: the build fails and the previous site stays."""
