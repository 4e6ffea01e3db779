from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from content_model import ArticleRules


@pytest.fixture(scope="session")
def rules() -> ArticleRules:
    return ArticleRules(timezone=ZoneInfo("Asia/Shanghai"))
