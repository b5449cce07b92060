"""Generate the ``.ipynb`` twins of the book's pages, and check that they are current.

Jupyter Book reads MyST Markdown pages, but Binder and Colab open ``.ipynb`` files, so
every executable page ``book/<part>/<page>.md`` gets a twin ``book/<part>/<page>.ipynb``
(no outputs) that the launch buttons point at. Exercises get two notebooks:

* ``<name>.ipynb`` for students: every cell tagged ``solution`` is replaced -- a code
  cell keeps its leading comment lines (the task) followed by a ``# TODO`` stub, a
  Markdown answer becomes an empty "Your answer" cell;
* ``<name>-solution.ipynb`` with everything.

Each notebook starts with a cell that installs the ``neurocomp`` package from the
repository named in ``_config.yml`` when it is missing (as on Colab).

Usage::

    python tools/notebooks.py write   # regenerate all notebooks
    python tools/notebooks.py check   # fail if one is stale, missing, orphaned or leaks a solution
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = "book/exercises"
SOLUTION_TAG = "solution"
TODO = "# TODO: replace this line with your solution"
ANSWER = "**Your answer:** *(write your answer here)*"


def repository_url(root: Path = ROOT) -> tuple[str, str]:
    config = yaml.safe_load((root / "_config.yml").read_text())
    repo = config["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def setup_cell(root: Path = ROOT) -> nbformat.NotebookNode:
    url, branch = repository_url(root)
    source = "\n".join(
        [
            "# Setup (Colab and other fresh environments): install the book's package",
            "# `neurocomp` from the repository when it is not installed yet.",
            "import importlib.util",
            "import subprocess",
            "import sys",
            "",
            'if importlib.util.find_spec("neurocomp") is None:',
            "    subprocess.run(",
            '        [sys.executable, "-m", "pip", "install", "--quiet",',
            f'         "neurocomp[colab] @ git+{url}@{branch}#subdirectory=code"],',
            "        check=True,",
            "    )",
        ]
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["setup"]})
    return cell


def is_notebook_page(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return text.startswith("---") and "kernelspec:" in text.split("---", 2)[1]


def source_pages(root: Path = ROOT) -> list[Path]:
    """Every executable Markdown page under book/."""
    return sorted(p for p in (root / "book").rglob("*.md") if is_notebook_page(p))


def is_exercise(path: Path, root: Path = ROOT) -> bool:
    return path.parent == root / EXERCISES


def has_tag(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def leading_comments(source: str) -> list[str]:
    lines = []
    for line in source.splitlines():
        if line.strip().startswith("#"):
            lines.append(line)
        elif line.strip():
            break
    return lines


def read_source(path: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(path, fmt="md:myst")
    nb.metadata.pop("jupytext", None)
    return nb


def finish(nb: nbformat.NotebookNode, root: Path) -> str:
    """Prepend the setup cell, give cells stable ids and serialise."""
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, setup_cell(root))
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nbformat.writes(nb) + "\n"


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    student = copy.deepcopy(nb)
    for cell in student.cells:
        if not has_tag(cell, SOLUTION_TAG):
            continue
        if cell.cell_type == "code":
            task = leading_comments(cell.source)
            cell.source = "\n".join(task + [TODO])
        else:
            cell.source = ANSWER
        cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t not in (SOLUTION_TAG, "hide-input")]
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    return student


def expected_files(root: Path = ROOT) -> dict[Path, str]:
    """Every generated notebook and its expected content."""
    files: dict[Path, str] = {}
    for page in source_pages(root):
        nb = read_source(page)
        if is_exercise(page, root):
            files[page.with_suffix(".ipynb")] = finish(student_version(nb), root)
            files[page.with_name(page.stem + "-solution.ipynb")] = finish(nb, root)
        else:
            files[page.with_suffix(".ipynb")] = finish(nb, root)
    return files


def solution_leaks(page: Path, student_text: str) -> list[str]:
    """Code lines of solution cells that appear in the student notebook."""
    nb = read_source(page)
    shared = {
        line.strip()
        for cell in nb.cells
        if cell.cell_type == "code" and not has_tag(cell, SOLUTION_TAG)
        for line in cell.source.splitlines()
    }
    student = nbformat.reads(student_text, as_version=4)
    student_lines = {
        line.strip() for cell in student.cells if cell.cell_type == "code"
        for line in cell.source.splitlines()
    }
    leaks = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not has_tag(cell, SOLUTION_TAG):
            continue
        for line in cell.source.splitlines():
            code = line.strip()
            if len(code) > 12 and not code.startswith("#") and code not in shared \
                    and code in student_lines:
                leaks.append(code)
    return leaks


def check(root: Path = ROOT) -> list[str]:
    problems = []
    expected = expected_files(root)
    for path, text in expected.items():
        rel = path.relative_to(root)
        if not path.is_file():
            problems.append(f"{rel} is missing: run `make notebooks`")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{rel} is out of date with its source: run `make notebooks`")
    for path in sorted((root / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts and path not in expected:
            problems.append(f"{path.relative_to(root)} has no source page: delete it")
    for page in source_pages(root):
        if is_exercise(page, root):
            tagged = [c for c in read_source(page).cells if has_tag(c, SOLUTION_TAG)]
            if not tagged:
                problems.append(f"{page.relative_to(root)}: an exercise without solution cells")
            student = page.with_suffix(".ipynb")
            if student.is_file():
                for line in solution_leaks(page, student.read_text(encoding="utf-8")):
                    problems.append(f"{student.relative_to(root)} leaks solution code: {line}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in ("write", "check"):
        print(__doc__)
        return 2
    if argv[1] == "write":
        for path, text in expected_files().items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
        return 0
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"notebooks: {len(expected_files())} generated files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
