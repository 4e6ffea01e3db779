"""How long the content check takes: the whole site (``invoke check``) and the commit hook (the changed files).

Builds a git repository with the sample content, or with a synthetic corpus of ``--articles``
articles (bench/corpus.py), edits one article, and times each way of checking it in a fresh
process, as an editor meets it: ``python contentcheck.py FILE`` (what pre-commit runs) and
``python contentcheck.py --all FILE`` (every file read, as ``invoke check``), median of
``--repeat`` runs.

    .venv/bin/python bench/check_bench.py --sample
    .venv/bin/python bench/check_bench.py --articles 2000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from bench.corpus import Corpus  # noqa: E402


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def make_repository(folder: Path, articles: int | None, seed: int) -> Path:
    """The content (sample or corpus), its schemas and a settings file, committed on main."""
    if articles is None:
        shutil.copytree(ROOT / "content", folder / "content")
    else:
        Corpus(articles, seed).write_content(folder / "content")
    (folder / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\nPATH = 'content'\n"
    )
    subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "schemas", "--settings", "conf.py"], cwd=folder, check=True,
                   capture_output=True)  # fmt: skip
    git(folder, "init", "-q", "-b", "main")
    git(folder, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "add", "-A")
    git(folder, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "content")
    return folder


def timed(command: list[str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if completed.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--sample", action="store_true", help="the repository's own content")
    which.add_argument("--articles", type=int, help="a synthetic corpus of this many articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-bench-") as temporary:
        folder = make_repository(Path(temporary), None if args.sample else args.articles, args.seed)
        edited = sorted((folder / "content" / "articles").rglob("*.md"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        relative = str(edited.relative_to(folder))
        count = len(list((folder / "content" / "articles").rglob("*.md")))
        hook = [sys.executable, str(ROOT / "contentcheck.py"), "--settings", "conf.py", relative]
        print(f"{count} articles, one edited; median of {args.repeat} runs, each in a new process")
        print(f"  commit hook (the changed file and every registry): {timed(hook, folder, args.repeat):6.2f} s")
        print(
            f"  whole site (every file read, as invoke check):     {timed([*hook[:-1], '--all', relative], folder, args.repeat):6.2f} s"
        )


if __name__ == "__main__":
    main()
