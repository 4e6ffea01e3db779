"""Shards of the search index: whole periods, oldest first, bounded, and stable as new stories come."""

from __future__ import annotations

import pytest

from search_index.shards import plan_shards

from ...conftest import make_article


@pytest.fixture(scope="module")
def story(config, registries):
    made = {}

    def make(date: str, number: int = 0):
        key = (date, number)
        if key not in made:
            made[key] = make_article(config, registries, f"story-{date}-{number}", date, company="Vcanbio")
        return made[key]

    return make


def dated(story, counts: dict[str, int]) -> list:
    return [story(date, number) for date, count in counts.items() for number in range(count)]


def layout(shards) -> list[tuple[str, int]]:
    return [(shard.key, len(shard.articles)) for shard in shards]


def test_whole_years_grouped_from_the_oldest_up_to_the_limit(story):
    articles = dated(story, {"2019-05-01": 2, "2020-02-01": 2, "2021-03-01": 1, "2022-07-01": 3, "2023-01-01": 1})
    assert layout(plan_shards(articles, 4)) == [("2019--2020", 4), ("2021--2022", 4), ("2023", 1)]


def test_one_shard_when_everything_fits(story):
    articles = dated(story, {"2019-05-01": 2, "2023-01-01": 1})
    shards = plan_shards(articles, 4000)
    assert layout(shards) == [("2019--2023", 3)]
    assert [article.date.year for article in shards[0].articles] == [2019, 2019, 2023]


def test_a_year_above_the_limit_is_cut_by_months_and_a_month_above_it_into_numbered_runs(story):
    articles = dated(story, {"2023-06-01": 1, "2024-01-10": 2, "2024-02-10": 1, "2024-03-05": 5, "2025-01-01": 1})
    assert layout(plan_shards(articles, 3)) == [
        ("2023", 1), ("2024-01--2024-02", 3), ("2024-03.1", 3), ("2024-03.2", 2), ("2025", 1),
    ]  # fmt: skip


def test_every_article_in_exactly_one_shard_in_date_order(story):
    articles = dated(story, {"2018-01-01": 3, "2019-06-01": 4, "2019-07-01": 4, "2020-01-01": 2})
    shards = plan_shards(list(reversed(articles)), 5)
    flat = [article for shard in shards for article in shard.articles]
    assert sorted(map(id, flat)) == sorted(map(id, articles))
    assert [article.date for article in flat] == sorted(article.date for article in articles)
    assert all(len(shard.articles) <= 5 for shard in shards)


def test_new_stories_change_only_the_newest_shard(story):
    before = dated(story, {"2019-05-01": 3, "2020-02-01": 2, "2021-03-01": 2, "2022-07-01": 1})
    after = before + dated(story, {"2022-09-01": 1, "2022-10-01": 1})
    old, new = plan_shards(before, 4), plan_shards(after, 4)
    assert old[:-1] == new[: len(old) - 1]
    assert layout(new) == [("2019", 3), ("2020--2021", 4), ("2022", 3)]


def test_a_limit_below_one_is_refused(story):
    with pytest.raises(ValueError, match="at least one"):
        plan_shards([story("2020-01-01")], 0)
