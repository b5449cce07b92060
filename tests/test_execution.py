"""The build must fail loudly, naming the page and the cell, when a page is broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEADER, ROOT, code_cell

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


def test_kernels_share_two_malloc_arenas_in_the_build_and_on_binder(tiny_book):
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    book = tiny_book(code_cell('import os\nassert os.environ["MALLOC_ARENA_MAX"] == "2"'))
    result = subprocess.run(EXECUTE + ["--root", str(book)], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    binder = subprocess.run([str(ROOT / "start"), "env"], capture_output=True, text=True,
                            env=env, timeout=60, check=True)
    assert "MALLOC_ARENA_MAX=2" in binder.stdout.splitlines()


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


def _package_book(tmp_path: Path) -> Path:
    """A book of three pages over a small package: a -> b (a imports b), c alone."""
    book = tmp_path / "deps-book"
    pkg = book / "code" / "src" / "neurocomp"
    (book / "book").mkdir(parents=True)
    pkg.mkdir(parents=True)
    config = (ROOT / "_config.yml").read_text().replace("timeout: 300", "timeout: 60")
    (book / "_config.yml").write_text(config)
    (book / "requirements.txt").write_text("numpy\n")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import B\nA = B\n")
    (pkg / "b.py").write_text("B = 1\n")
    (pkg / "c.py").write_text("C = 1\n")
    pages = {"uses_a": "neurocomp.a", "uses_c": "neurocomp.c", "plain": None}
    for name, module in pages.items():
        # the kernel imports the real neurocomp, which has no module a or c: the import is
        # only there for the executor's static analysis
        body = f"try:\n    import {module}\nexcept ImportError:\n    pass" if module else "x = 1"
        (book / "book" / f"{name}.md").write_text(HEADER + f"\n# {name}\n\n" + code_cell(body))
    toc = "format: jb-book\nroot: book/plain\nchapters:\n  - file: book/uses_a\n  - file: book/uses_c\n"
    (book / "_toc.yml").write_text(toc)
    return book


def _executed(result) -> set[str]:
    return {line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("done ")}


def test_a_module_change_re_executes_exactly_the_pages_that_use_it(tmp_path):
    book = _package_book(tmp_path)
    every = {"book/plain.md", "book/uses_a.md", "book/uses_c.md"}
    first = run(EXECUTE + ["--root", str(book)])
    assert first.returncode == 0, first.stderr
    assert _executed(first) == every
    assert _executed(run(EXECUTE + ["--root", str(book)])) == set()  # all cached
    kept = json.loads((book / "_build/reports/execution.json").read_text())["run"]
    assert kept["executed"] == 3  # a run that executes nothing keeps the last run's figures
    # b is used by a page only through a: that page, and only it, runs again
    (book / "code/src/neurocomp/b.py").write_text("B = 2\n")
    assert _executed(run(EXECUTE + ["--root", str(book)])) == {"book/uses_a.md"}
    (book / "code/src/neurocomp/c.py").write_text("C = 2\n")
    assert _executed(run(EXECUTE + ["--root", str(book)])) == {"book/uses_c.md"}
    # the package's __init__ and the pins concern every page
    (book / "requirements.txt").write_text("numpy==2.3.5\n")
    again = run(EXECUTE + ["--root", str(book), "--jobs", "2"])
    assert _executed(again) == every
    report = json.loads((book / "_build/reports/execution.json").read_text())
    assert report["run"]["executed"] == 3 and report["run"]["cached"] == 0
    assert report["run"]["jobs"] == 2 and report["run"]["threads"] == [1]
    assert report["pages"]["book/uses_a.md"]["modules"] == ["__init__", "a", "b"]


def test_pages_are_scheduled_longest_first():
    import execute

    known = {"a": {"seconds": 5.0}, "b": {"seconds": 50.0}}
    heavy = {"a": False, "b": False, "tf": True, "np": False}
    # measured pages by their time; a TensorFlow page never measured counts as long
    assert execute.schedule(["a", "np", "b", "tf"], known, heavy) == ["tf", "b", "np", "a"]


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


def test_two_executions_are_compared_apart_from_timings():
    from determinism import differences

    def notebook(*outputs):
        return {"cells": [{"cell_type": "markdown", "source": "x"},
                          {"cell_type": "code", "outputs": list(outputs)}]}

    stream = {"output_type": "stream", "name": "stdout", "text": "loss 0.123 after 3.2 s\n"}
    image = {"output_type": "display_data", "data": {"image/png": "AAAA", "text/plain": "<Figure>"}}
    slower = {**stream, "text": "loss 0.123 after 41.7 s\n"}
    assert differences(notebook(stream, image), notebook(slower, image)) == (3, [])
    other = {**stream, "text": "loss 0.124 after 3.2 s\n"}
    compared, problems = differences(notebook(stream, image), notebook(other, image))
    assert compared == 3 and problems == ["code cell 1: 'stdout:loss 0.123 after <time>' vs "
                                          "'stdout:loss 0.124 after <time>'"]
    redrawn = {**image, "data": {"image/png": "AAAB", "text/plain": "<Figure>"}}
    assert differences(notebook(image), notebook(redrawn))[1]


def test_a_stream_split_into_several_messages_is_the_same_output():
    from determinism import differences

    whole = {"output_type": "stream", "name": "stdout", "text": "a\nb\n"}
    parts = [{"output_type": "stream", "name": "stdout", "text": "a\n"},
             {"output_type": "stream", "name": "stdout", "text": "b\n"}]
    nb = lambda outputs: {"cells": [{"cell_type": "code", "outputs": outputs}]}  # noqa: E731
    assert differences(nb([whole]), nb(parts)) == (1, [])
