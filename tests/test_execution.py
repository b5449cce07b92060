"""The build must fail loudly, naming the page and the cell, when a page is broken."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, code_cell

EXECUTE = [sys.executable, str(ROOT / "tools" / "execute.py")]
JUPYTER_BOOK = [str(Path(sys.executable).parent / "jupyter-book"), "build"]


def run(cmd, cwd=None):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=600)


def test_report_measures_every_cell(tiny_book):
    book = tiny_book(code_cell("x = sum(range(10))\nprint(x)") + "\nText.\n" + code_cell("y = x + 1"))
    result = run(EXECUTE + ["--root", str(book)])
    assert result.returncode == 0, result.stderr
    report = json.loads((book / "_build" / "reports" / "execution.json").read_text())
    page = report["pages"]["book/page.md"]
    assert page["status"] == "executed"
    assert [c["index"] for c in page["cells"]] == [1, 3]  # cell 0 is the title
    assert page["peak_memory_mb"] > 10
    assert "book/page.md" in (book / "_build" / "reports" / "execution.md").read_text()
    # a second run takes the page from the cache
    again = run(EXECUTE + ["--root", str(book)])
    assert "cached    book/page.md" in again.stdout


def test_failing_cell_names_page_cell_and_line(tiny_book):
    body = code_cell("a = 1") + "\nSome text.\n\n" + code_cell("raise ValueError('broken on purpose')")
    book = tiny_book(body)
    result = run(EXECUTE + ["--root", str(book)])
    assert result.returncode == 1
    assert "book/page.md, cell 3" in result.stderr
    assert "ValueError: broken on purpose" in result.stderr
    line = (book / "book" / "page.md").read_text().splitlines().index("raise ValueError('broken on purpose')")
    assert f"(line {line})" in result.stderr  # the line of the ```{code-cell} fence


def test_timeout_fails_the_page(tiny_book):
    book = tiny_book(code_cell("import time\ntime.sleep(30)"), timeout=2)
    result = run(EXECUTE + ["--root", str(book)])
    assert result.returncode == 1
    assert "book/page.md, cell 1" in result.stderr
    assert "timeout" in result.stderr.lower()


def test_code_change_invalidates_the_cache(tiny_book, monkeypatch):
    import execute

    book = tiny_book(code_cell("pass"))
    monkeypatch.setattr(execute, "ROOT", book)
    (book / "requirements.txt").write_text("numpy\n")
    first = execute.dependency_hash()
    (book / "requirements.txt").write_text("numpy==2.0\n")
    second = execute.dependency_hash()
    assert second != first
    package = book / "code" / "src" / "neurocomp"
    package.mkdir(parents=True)
    (package / "model.py").write_text("W = 1\n")
    third = execute.dependency_hash()
    assert third != second
    # what pip writes beside the package, and byte code, do not count
    (book / "code" / "src" / "neurocomp.egg-info").mkdir()
    (book / "code" / "src" / "neurocomp.egg-info" / "PKG-INFO").write_text("x")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "model.cpython-311.pyc").write_bytes(b"x")
    assert execute.dependency_hash() == third


@pytest.mark.parametrize(
    "body, message",
    [
        (code_cell("1 / 0"), "ZeroDivisionError"),
        ("See {cite}`nobody1999`.\n", "nobody1999"),
        ("See {ref}`no-such-label`.\n", "no-such-label"),
    ],
)
def test_strict_sphinx_build_fails(tiny_book, body, message):
    """Without the executor, the Sphinx build itself stops on errors and warnings."""
    book = tiny_book(body)
    result = run(JUPYTER_BOOK + [str(book), "-W", "-n", "--keep-going"], cwd=book)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in output
    assert "page.md" in output


def test_missing_dataset_fails_the_page_loudly(tiny_book, tmp_path):
    """A page that loads a missing or corrupt dataset stops the build with the page named."""
    corrupt = tmp_path / "mnist-copy.zarr.zip"
    corrupt.write_bytes(b"not a zip archive")
    body = code_cell(
        "from neurocomp.datasets import load_mnist\n"
        f"(x_train, y_train), _ = load_mnist(archive={str(corrupt)!r})"
    )
    book = tiny_book(body)
    result = run(EXECUTE + ["--root", str(book)])
    assert result.returncode == 1
    assert "book/page.md, cell 1" in result.stderr
    assert "DatasetError: cannot read the MNIST archive" in result.stderr
