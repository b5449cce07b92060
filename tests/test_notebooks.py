"""The generated notebooks: student versions hide solutions, and staleness is detected."""

from __future__ import annotations

import shutil

import nbformat
import notebooks
from conftest import HEADER, ROOT, code_cell

EXERCISE = HEADER + """
# An exercise

## 1. Square numbers

""" + code_cell("import numpy as np") + "\n" + code_cell(
    "# Compute the squares of 0..4 into `squares`.\nsquares = np.arange(5) ** 2\nprint(squares)",
    ["solution", "hide-input"],
) + """
What do you notice?

+++ {"tags": ["solution"]}

The squares grow quadratically.

+++

The end.
"""


def make_book(tmp_path):
    (tmp_path / "book" / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    page = tmp_path / "book" / "exercises" / "squares.md"
    page.write_text(EXERCISE)
    return page


def test_student_and_solution_versions(tmp_path):
    page = make_book(tmp_path)
    files = notebooks.expected_files(tmp_path)
    student = nbformat.reads(files[page.with_suffix(".ipynb")], as_version=4)
    solution = nbformat.reads(files[page.with_name("squares-solution.ipynb")], as_version=4)
    student_code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "np.arange(5) ** 2" not in student_code
    assert "# Compute the squares of 0..4" in student_code
    assert notebooks.TODO in student_code
    assert notebooks.ANSWER in [c.source for c in student.cells]
    assert "The squares grow quadratically." not in "".join(c.source for c in student.cells)
    solution_code = "\n".join(c.source for c in solution.cells if c.cell_type == "code")
    assert "np.arange(5) ** 2" in solution_code
    # both start with the cell that installs the package on Colab
    url, _ = notebooks.repository_url(tmp_path)
    assert url in student.cells[0].source and url in solution.cells[0].source
    assert all(c.get("outputs", []) == [] for c in solution.cells)


def test_check_reports_missing_stale_orphan_and_leak(tmp_path):
    page = make_book(tmp_path)
    problems = notebooks.check(tmp_path)
    assert any("squares.ipynb is missing" in p for p in problems)
    for path, text in notebooks.expected_files(tmp_path).items():
        path.write_text(text)
    assert notebooks.check(tmp_path) == []
    page.write_text(EXERCISE.replace("The end.", "The very end."))
    assert any("out of date" in p for p in notebooks.check(tmp_path))
    for path, text in notebooks.expected_files(tmp_path).items():
        path.write_text(text)
    (tmp_path / "book" / "exercises" / "old.ipynb").write_text("{}")
    assert any("old.ipynb has no source page" in p for p in notebooks.check(tmp_path))
    (tmp_path / "book" / "exercises" / "old.ipynb").unlink()
    leaked = page.with_suffix(".ipynb").read_text().replace(notebooks.TODO, "squares = np.arange(5) ** 2")
    page.with_suffix(".ipynb").write_text(leaked)
    assert any("leaks solution code" in p for p in notebooks.check(tmp_path))


def test_repository_notebooks_are_current():
    """The committed twins and exercise notebooks match their sources."""
    assert notebooks.check(ROOT) == []
