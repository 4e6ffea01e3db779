"""Every JSON Feed of the sample, local and production, against JSON Feed 1.1 as a JSON Schema.

No maintained JSON Feed validator is published on PyPI, so the schema below is
written from the specification (https://www.jsonfeed.org/version/1.1/), member
by member, and checked by ``jsonschema``. Members the specification does not
name are refused unless they start with "_" (its extensions), so a misspelt
member fails; deprecated 1.0 members (``author``) are refused too.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from feeds import FeedConfig
from feeds.catalog import Feed
from feeds.render import json_item, render_json

from .conftest import json_feed_files

URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
# RFC 3339 date-time, as the specification requires for dates.
RFC_3339 = {"type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}
# RFC 5646 language tag (its common form: language, then subtags).
LANGUAGE = {"type": "string", "pattern": r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"}
EXTENSIONS = {"^_": {}}

AUTHOR = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": URL, "avatar": URL},
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
    # "if you provide an author object, then at least one is required"
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}
ATTACHMENT = {
    "type": "object",
    "properties": {"url": URL, "mime_type": {"type": "string"}, "title": {"type": "string"},
                   "size_in_bytes": {"type": "number"}, "duration_in_seconds": {"type": "number"}},
    "required": ["url", "mime_type"],
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
}
ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "url": URL, "external_url": URL, "title": {"type": "string"},
        "content_html": {"type": "string"}, "content_text": {"type": "string"}, "summary": {"type": "string"},
        "image": URL, "banner_image": URL, "date_published": RFC_3339, "date_modified": RFC_3339,
        "authors": {"type": "array", "items": AUTHOR, "minItems": 1},
        "tags": {"type": "array", "items": {"type": "string"}}, "language": LANGUAGE,
        "attachments": {"type": "array", "items": ATTACHMENT},
    },
    "required": ["id"],
    # "content_html and content_text are each optional strings — but one or both must be present"
    "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
}
JSON_FEED_1_1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": URL, "feed_url": URL, "description": {"type": "string"}, "user_comment": {"type": "string"},
        "next_url": URL, "icon": URL, "favicon": URL,
        "authors": {"type": "array", "items": AUTHOR, "minItems": 1},
        "language": LANGUAGE, "expired": {"type": "boolean"},
        "hubs": {"type": "array", "items": {
            "type": "object", "properties": {"type": {"type": "string"}, "url": URL},
            "required": ["type", "url"], "patternProperties": EXTENSIONS, "additionalProperties": False}},
        "items": {"type": "array", "items": ITEM},
    },
    "required": ["version", "title", "items"],
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
}
VALIDATOR = Draft202012Validator(JSON_FEED_1_1)


def problems(document) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATOR.iter_errors(document)]


def test_the_schema_is_valid_and_refuses_what_the_specification_refuses():
    Draft202012Validator.check_schema(JSON_FEED_1_1)
    item = {"id": "1", "content_text": "x"}
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [item], "_ext": {"any": 1}}
    assert problems(good) == []
    refused = [
        {**good, "version": "https://jsonfeed.org/version/1"},
        {**good, "author": {"name": "n"}},
        {**good, "authors": [{}]},
        {**good, "items": [{"id": "1"}]},
        {**good, "items": [{**item, "date_published": "20 May 2024"}]},
        {**good, "items": [{**item, "tag": ["x"]}]},
        {**good, "hubs": [{"type": "WebSub"}]},
        {key: value for key, value in good.items() if key != "title"},
    ]
    for document in refused:
        assert problems(document), document


@pytest.mark.parametrize("site", ["sample_site", "published_site"])
def test_every_json_feed_of_the_sample_is_json_feed_1_1(site, request):
    folder = request.getfixturevalue(site)
    paths = json_feed_files(folder)
    assert len(paths) > 40
    for path in paths:
        document = json.loads(path.read_bytes())
        assert problems(document) == [], path
        assert document["items"] or path.name != "all.json"
        assert document["feed_url"].endswith("/" + path.relative_to(folder).as_posix())


def test_a_websub_hub_is_a_json_feed_1_1_hub(fixture_settings):
    config = FeedConfig.from_settings({**fixture_settings, "FEED_WEBSUB_HUB": "https://pubsubhubbub.appspot.com/"})
    feed = Feed("tag:pharma-pipeline.example.com,2024:feeds/all", "All", "All news", "News", "",
                {"json": "feeds/all.json"}, (), True)
    document = json.loads(render_json(feed, [], config, json_item))
    assert problems(document) == []
    assert document["hubs"] == [{"type": "WebSub", "url": "https://pubsubhubbub.appspot.com/"}]
