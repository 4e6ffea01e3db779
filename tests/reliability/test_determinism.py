"""The same content gives the same bytes wherever and however it is built.

tests/test_sitebuild.py builds the sample site under another locale, time zone, hash seed and file
system; this builds a site with linked files and attachments from another working folder, with the
content folder somewhere else, under other environment settings, in a process of its own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import LOCAL_SETTINGS, ROOT, build_content, write_site

BUILD = """
import sys
sys.path.insert(0, {root!r})
import sitebuild
sitebuild.build({settings!r}, {{"PATH": sys.argv[1], "OUTPUT_PATH": sys.argv[2], "CACHE_PATH": sys.argv[2] + "-cache", "LOAD_CONTENT_CACHE": False}})
"""
FILES = {
    "articles/2024/linker.md": "---\ntitle: Linker\ndate: 2024-03-01T23:30\ncompany: Vcanbio\nsummary: A story.\n---\n"
    "![chart]({static}/images/chart.png) [data]({attach}/files/data.csv) ![\u56fe]({static}/images/\u56fe\u8868.png)\n",
    "pages/about.md": "---\ntitle: About\n---\n[report]({attach}/files/report.pdf)\n",
    "images/chart.png": "PNG",
    "images/\u56fe\u8868.png": "PNG",
    "files/data.csv": "a,b\n",
    "files/report.pdf": "PDF",
}


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}  # fmt: skip


def test_another_working_folder_content_place_time_zone_hash_seed_and_locale_change_no_byte(tmp_path):
    content = write_site(tmp_path / "here", FILES)
    here = build_content(content, tmp_path / "here" / "output")
    elsewhere = tmp_path / "else" / "where" / "deeper" / "content"
    shutil.copytree(content, elsewhere)
    output = tmp_path / "else" / "output"
    environment = {**os.environ, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "987", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    code = BUILD.format(root=str(ROOT), settings=str(LOCAL_SETTINGS))
    subprocess.run([sys.executable, "-c", code, str(elsewhere), str(output)], cwd=tmp_path / "else", env=environment, check=True,
                   capture_output=True)  # fmt: skip
    assert tree_digest(output) == tree_digest(here)
    assert {"images/chart.png", "news/2024/03/linker/data.csv", "about/report.pdf"} <= set(tree_digest(here))
