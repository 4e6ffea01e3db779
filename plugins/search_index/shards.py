"""The search index in shards of consecutive years, so no Pagefind run holds the whole archive.

Pagefind keeps everything it indexes in memory (about 87 KiB an article), and
one index must be rebuilt whole when one story changes. Shards bound both: each
holds at most ``limit`` articles, of consecutive years, grouped greedily from
the oldest. Grouping from the oldest makes a shard's articles depend only on
the years before and within it, so new stories change the newest shard alone,
and a corrected old story only its own. A year with more than ``limit``
articles is cut by months the same way, and a month with more in runs of
``limit`` stories in date order.

Plain Python over the content model's ``Article``: tested without Pagefind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from content_model import Article


@dataclass(frozen=True)
class Shard:
    """Articles indexed together, oldest first; ``key`` names their period (``2016-2019``, ``2024-03``)."""

    key: str
    articles: tuple[Article, ...]


def plan_shards(articles: Sequence[Article], limit: int) -> list[Shard]:
    """The shards of these articles, oldest first; every article is in exactly one."""
    if limit < 1:
        raise ValueError("a shard must hold at least one article")
    ordered = sorted(articles, key=lambda article: (article.date, article.url))
    return [Shard(key, tuple(group)) for key, group in _groups(ordered, limit, (_year, _month))]


def _year(article: Article) -> str:
    return f"{article.date.year:04d}"


def _month(article: Article) -> str:
    return f"{article.date.year:04d}-{article.date.month:02d}"


def _groups(ordered: list[Article], limit: int, periods: tuple[Callable[[Article], str], ...]) -> list[tuple[str, list[Article]]]:
    """(key, articles) of consecutive runs of whole periods, each at most ``limit`` articles, keyed by their first
    and last period (``2016--2019``); a period above the limit is cut by the next, finer one, or into numbered runs."""
    period_of = periods[0]
    groups: list[tuple[str, list[Article]]] = []
    current: list[Article] = []

    def close() -> None:
        first, last = period_of(current[0]), period_of(current[-1])
        groups.append((first if first == last else f"{first}--{last}", current))

    for name, run in groupby(ordered, key=period_of):
        period = list(run)
        if len(current) + len(period) > limit and current:
            close()
            current = []
        if len(period) <= limit:
            current += period
        elif len(periods) > 1:
            groups += _groups(period, limit, periods[1:])
        else:
            groups += [(f"{name}.{number}", period[start : start + limit])
                       for number, start in enumerate(range(0, len(period), limit), 1)]  # fmt: skip
    if current:
        close()
    return groups
