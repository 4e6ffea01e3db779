"""Publishing settings: SITEURL is required and checked; deploy settings come from publishconf.py or the environment."""

from __future__ import annotations

import pytest

import sitebuild
from publishing.errors import SettingInvalid, SettingMissing
from publishing.settings import from_settings

from .conftest import PUBLISH_SETTINGS


@pytest.mark.parametrize("value", [None, ""])
def test_an_unset_siteurl_is_an_error_that_says_how_to_set_it(value):
    with pytest.raises(SettingMissing) as error:
        from_settings({"SITEURL": value}, environ={})
    assert "SITEURL is not set" in str(error.value)
    assert "SITEURL=https://news.example.com invoke publish" in str(error.value)


def test_publishconf_takes_siteurl_from_the_environment_and_has_no_fallback(monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)
    assert sitebuild.load_settings(PUBLISH_SETTINGS)["SITEURL"] == ""
    monkeypatch.setenv("SITEURL", "https://news.example.org")
    assert sitebuild.load_settings(PUBLISH_SETTINGS)["SITEURL"] == "https://news.example.org"


@pytest.mark.parametrize(("value", "fragment"), [
    ("news.example.com", "not an absolute http(s) address"),
    ("ftp://news.example.com", "not an absolute http(s) address"),
    ("https://news.example.com/", "write it without one: https://news.example.com"),
    ("https://news.example.com/?x=1", "query or fragment"),
])
def test_a_malformed_siteurl_is_refused_with_the_fix(value, fragment):
    with pytest.raises(SettingInvalid, match="SITEURL") as error:
        from_settings({"SITEURL": value}, environ={})
    assert fragment in str(error.value)


def test_the_environment_overrides_deploy_settings_from_publishconf():
    conf = {"SITEURL": "https://news.example.com", "RSYNC_DESTINATION": "a:/srv/", "RCLONE_REMOTE": "s3:bucket"}
    settings = from_settings(conf, environ={"RSYNC_DESTINATION": "b:/srv/site/"})
    assert settings.rsync_destination == "b:/srv/site/"
    assert settings.rclone_remote == "s3:bucket"


def test_a_missing_destination_names_the_setting_the_variable_and_an_example():
    settings = from_settings({"SITEURL": "https://news.example.com"}, environ={})
    with pytest.raises(SettingMissing) as error:
        settings.required("RCLONE_REMOTE")
    message = str(error.value)
    assert message.startswith("RCLONE_REMOTE is not set")
    assert 'RCLONE_REMOTE = "s3remote:bucket/site"' in message
    assert "RCLONE_REMOTE=s3remote:bucket/site invoke publish --target rclone" in message


@pytest.mark.parametrize(("site_url", "setting", "cname"), [
    ("https://news.example.com", None, "news.example.com"),
    ("https://pharma.github.io/news", None, None),
    ("https://news.example.com", "www.example.com", "www.example.com"),
    ("https://news.example.com", "", None),
])
def test_the_github_pages_cname_follows_siteurl_unless_set(site_url, setting, cname):
    settings = from_settings({"SITEURL": site_url, "GITHUB_PAGES_CNAME": setting}, environ={})
    assert settings.cname == cname


def test_urls_keep_the_path_of_siteurl():
    settings = from_settings({"SITEURL": "https://example.org/news"}, environ={})
    assert settings.url_path("news/2024/05/slug/") == "/news/news/2024/05/slug/"
    assert from_settings({"SITEURL": "https://example.org"}, environ={}).url_path("") == "/"


@pytest.mark.parametrize(("key", "value"), [
    ("RSYNC_RETAIN", ".well-known/"),
    ("RSYNC_RETAIN", ["/etc/"]),
    ("RSYNC_RETAIN", ["../up"]),
    ("REDIRECTS_FORCE", "yes"),
    ("THEME_STATIC_DIR", "../theme"),
])
def test_settings_of_the_wrong_shape_are_refused(key, value):
    with pytest.raises(SettingInvalid, match=key):
        from_settings({"SITEURL": "https://news.example.com", key: value}, environ={})


def test_a_siteurl_path_that_host_files_would_need_to_escape_is_refused():
    with pytest.raises(SettingInvalid, match="its path may hold only"):
        from_settings({"SITEURL": "https://example.org/news;x"}, environ={})
