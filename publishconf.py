"""Production overrides: absolute URLs for links and feeds, and where `invoke publish --target ...` deploys.

Every deploy setting below may also be given as an environment variable of the
same name, which wins (README, Publishing).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# Required: the site's public address, e.g. `SITEURL=https://news.example.com invoke publish`.
# `invoke publish` stops with that advice when it is empty.
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False

# --target rsync: the server folder, e.g. "deploy@news.example.com:/var/www/pharma-news/".
RSYNC_DESTINATION = ""
# Paths on the server that rsync never deletes although the site does not have them.
RSYNC_RETAIN = [".well-known/"]
# --target github-pages: remote and branch of this clone; CNAME defaults to SITEURL's host
# (none for a github.io host; "" for none at all).
GITHUB_PAGES_REMOTE = "origin"
GITHUB_PAGES_BRANCH = "gh-pages"
GITHUB_PAGES_CNAME = None
# --target rclone: an rclone remote and path, e.g. "s3remote:bucket/site".
RCLONE_REMOTE = ""
# Netlify redirects a path where a file exists (the HTML page the build writes at an alias)
# only with "301!", which Cloudflare Pages rejects. True for Netlify.
REDIRECTS_FORCE = False
