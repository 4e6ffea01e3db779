"""Typed settings: declarations, defaults, and every problem on its line."""

from __future__ import annotations

import pytest

from content_model import DEFAULT_KINDS, PerKind, Setting
from content_model.settings import Location, assigned_names, check_settings, expand, install

SCHEMA = (
    Setting("FEED_MAX_ITEMS", int, 50, "Items per feed."),
    Setting("FEED_FULL", bool, True, "Full text."),
    Setting("HUB", str, "", "A hub.", check=lambda value: None if not value or value.startswith("https://") else "must be https"),
    PerKind("{NAME}_FEED_RSS", "feeds/{plural}/{{slug}}.rss.xml", "A {name}'s RSS feed.", applies=lambda kind: kind.feeds),
    PerKind("{PLURAL}_URL", "{plural}/", "The {plural} directory."),
)


def test_per_kind_settings_expand_over_the_kinds():
    names = {setting.name: setting.default for setting in expand(SCHEMA, DEFAULT_KINDS)}
    assert names["COMPANY_FEED_RSS"] == "feeds/companies/{slug}.rss.xml"
    assert names["THERAPEUTIC_AREAS_URL"] == "therapeutic-areas/"
    assert "EVENT_FEED_RSS" not in names  # events have no feeds


def test_install_fills_only_what_is_unset():
    settings = {"FEED_MAX_ITEMS": 10}
    install(settings, SCHEMA)
    assert settings["FEED_MAX_ITEMS"] == 10
    assert settings["FEED_FULL"] is True
    assert settings["PRODUCT_FEED_RSS"] == "feeds/products/{slug}.rss.xml"


def test_the_settings_file_gives_every_problem_with_its_line(tmp_path):
    pelicanconf = tmp_path / "pelicanconf.py"
    pelicanconf.write_text("SITENAME = 'x'\nFEED_MAX_ITEM = 5\nFEED_FULL = 'yes'\nHUB = 'http://hub'\nlocal_helper = 1\n")
    publishconf = tmp_path / "publishconf.py"
    publishconf.write_text("from pelicanconf import *\nCOMPANY_FEED_RS = 'x'\nFEED_MAX_ITEMS = True\n")
    assigned = assigned_names(publishconf, lambda path: path.name)
    assert assigned["SITENAME"] == Location("pelicanconf.py", 1)
    assert assigned["FEED_MAX_ITEMS"] == Location("publishconf.py", 3)
    assert "local_helper" not in assigned
    values = {"SITENAME": "x", "FEED_MAX_ITEM": 5, "FEED_FULL": "yes", "HUB": "http://hub", "COMPANY_FEED_RS": "x", "FEED_MAX_ITEMS": True}
    problems = [str(problem) for problem in check_settings(values, assigned, SCHEMA, {"SITENAME"})]
    assert problems == [
        "pelicanconf.py:2: unknown setting FEED_MAX_ITEM; did you mean FEED_MAX_ITEMS?",
        "publishconf.py:2: unknown setting COMPANY_FEED_RS; did you mean COMPANY_FEED_RSS?",
        "publishconf.py:3: FEED_MAX_ITEMS must be a whole number, not True; Items per feed.",
        "pelicanconf.py:3: FEED_FULL must be True or False, not 'yes'; Full text.",
        "pelicanconf.py:4: HUB must be https",
    ]


def test_an_unknown_name_nothing_resembles_says_to_remove_it():
    [problem] = check_settings({"QWERTY": 1}, {"QWERTY": Location("conf.py", 7)}, SCHEMA, set())
    assert str(problem) == "conf.py:7: unknown setting QWERTY; neither Pelican nor a plugin has a setting of this name; remove it"


@pytest.mark.parametrize("value", [3.5, "50", None])
def test_wrong_types_are_refused(value):
    [problem] = check_settings({"FEED_MAX_ITEMS": value}, {}, SCHEMA, set())
    assert problem.message.startswith("FEED_MAX_ITEMS must be a whole number")
