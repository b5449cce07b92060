"""Shared fixtures of the book's own tests: a tiny book in a temporary folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def code_cell(source: str, tags: list[str] | None = None) -> str:
    meta = f":tags: [{', '.join(tags)}]\n" if tags else ""
    return f"```{{code-cell}} ipython3\n{meta}{source}\n```\n"


@pytest.fixture
def tiny_book(tmp_path: Path):
    """A two-page book using the real _config.yml (with a short timeout)."""

    def make(page_body: str, timeout: int = 20) -> Path:
        book = tmp_path / "book-src"
        (book / "book").mkdir(parents=True)
        config = (ROOT / "_config.yml").read_text()
        config = config.replace("timeout: 300", f"timeout: {timeout}")
        config = config.replace("neurocomp_book: tools/", f"neurocomp_book: {ROOT / 'tools'}/")
        (book / "_config.yml").write_text(config)
        (book / "_toc.yml").write_text(
            "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/page\n"
        )
        shutil.copy(ROOT / "references.bib", book / "references.bib")
        (book / "book" / "intro.md").write_text("# Tiny book\n\nA test.\n")
        (book / "book" / "page.md").write_text(HEADER + "\n# A page\n\n" + page_body)
        return book

    return make
