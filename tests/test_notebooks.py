"""The generated notebooks: student versions hide solutions, and staleness is detected."""

from __future__ import annotations

import json
import re
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
    (tmp_path / "_build").mkdir()
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    (tmp_path / "_build" / "references.json").write_text(json.dumps({
        "baseurl": "https://example.org/", "numfig_format": {}, "math_eqref_format": "({number})",
        "docs": {"book/exercises/squares": {"title": "An exercise"}}, "labels": {}, "equations": {}}))
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


def test_notebooks_need_a_built_book(tmp_path):
    make_book(tmp_path)
    (tmp_path / "_build" / "references.json").unlink()
    try:
        notebooks.expected_files(tmp_path)
    except notebooks.NotBuilt as err:
        assert "make book" in str(err)
    else:
        raise AssertionError("expected_files worked without the build's references")


def test_myst_leftovers_are_found():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "(a-label)=\n# T\n\nSee {eq}`x`.\n\n$$ y $$ (lab)\n\n```{note}\nhi\n```\n\n"
        "```md\n{eq}`shown-as-code`\n```\n\nand `{ref}` inline")])
    found = notebooks.myst_leftovers(nbformat.writes(nb))
    assert found == ["(a-label)=", "{eq}`x`", "$$ y $$ (lab)", "```{note}"]


def test_paragraphs_split_by_a_markdown_parser_are_found():
    def notebook(*markdown):
        return nbformat.writes(nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(m) for m in markdown]))
    broken = notebook("so $Z = a\n+ b$ holds", "Accuracy\n<!--glue acc-->0.9<!--/glue--> %")
    assert len(notebooks.split_formulas(broken)) == 3  # two halves of the formula, one marker
    fine = notebook("so $Z = a + b$ holds\n- an item `$x`", "$$\nx\n- y\n$$",
                    "Accuracy <!--glue acc-->0.9<!--/glue--> %")
    assert notebooks.split_formulas(fine) == []


def test_a_numpy_chapter_twin_draws_every_figure_in_a_plain_kernel():
    """Executed as Binder or Colab would, the notebook shows each figure of the page."""
    from nbclient import NotebookClient

    page = ROOT / "book" / "linear" / "optimization.md"
    figures = re.findall(r"^```\{glue:figure\}\s*(\S+)", page.read_text(), re.M)
    nb = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(page.parent)}}).execute()
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert len(figures) >= 5
    assert len(images) >= len(figures), (len(images), figures)
    for key in figures:  # the cell that glues a figure shows it
        cell = next(c for c in nb.cells if c.cell_type == "code" and f'"{key}"' in c.source)
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), key
