"""Production overrides: absolute URLs for links and feeds."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://pharma-pipeline.example.com")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
