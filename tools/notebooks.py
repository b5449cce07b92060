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

The Markdown is converted to plain Jupyter Markdown by ``plain_markdown.py``, with the
numbers and titles the Sphinx build resolved (``_build/references.json``) and the glued
values of the book's last run (from the jupyter-cache); glued figures are displayed by the
cell that glues them. So both commands need a built book (``make book``) first. The
staleness check ignores glued values (they come from a run and may differ by machine).

Usage::

    python tools/notebooks.py write   # regenerate all notebooks
    python tools/notebooks.py check   # fail if one is stale, missing, orphaned, leaks a
                                      # solution or still contains MyST markup
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plain_markdown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = "book/exercises"
SOLUTION_TAG = "solution"
TODO = "# TODO: replace this line with your solution"
ANSWER = "**Your answer:** *(write your answer here)*"
REFERENCES = "_build/references.json"
GLUE_CALL = re.compile(r"""glue\(\s*(["'])(?P<key>[^"']+)\1(?P<args>.*?),\s*display\s*=\s*False\s*\)""")


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
        cell.metadata.pop("mystnb", None)  # the web page's toggle labels
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


class NotBuilt(RuntimeError):
    """The notebooks need the references of a built book."""


def load_references(root: Path) -> dict:
    path = root / REFERENCES
    if not path.is_file():
        raise NotBuilt(f"{REFERENCES} is missing: build the book first (make book), "
                       "the notebooks take their numbers and titles from it")
    return json.loads(path.read_text(encoding="utf-8"))


def glued_values(page: Path, root: Path) -> dict[str, str]:
    """The text of every value the page glued in its last execution (from the jupyter-cache)."""
    cache_dir = root / "_build" / ".jupyter_cache"
    if not cache_dir.is_dir():
        return {}
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(page.read_text(encoding="utf-8"), add_source_map=True, path=page)
    try:
        record = get_cache(str(cache_dir)).match_cache_notebook(nb)
    except KeyError:
        return {}
    executed = get_cache(str(cache_dir)).get_cache_bundle(record.pk).nb
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if name and text is not None:
                values[name] = text
    return values


def convert(nb: nbformat.NotebookNode, ctx: plain_markdown.Context) -> nbformat.NotebookNode:
    """The notebook with plain Markdown and glued figures shown by the cells that glue them."""
    nb = copy.deepcopy(nb)
    figures = set(re.findall(r"^ {0,3}[`:]{3,}\{glue:figure\}\s*(\S+)", "\n".join(
        c.source for c in nb.cells if c.cell_type == "markdown"), re.M))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown.convert_markdown(cell.source, ctx)
        elif cell.cell_type == "code":
            cell.source = GLUE_CALL.sub(
                lambda m: f"glue({m[1]}{m['key']}{m[1]}{m['args']})" if m["key"] in figures else m[0],
                cell.source,
            )
    return nb


def expected_files(root: Path = ROOT) -> dict[Path, str]:
    """Every generated notebook and its expected content."""
    references = load_references(root)
    bibliography = plain_markdown.load_bibliography(root / "references.bib")
    files: dict[Path, str] = {}
    built = set(references["docs"])  # the pages of _toc.yml, as the build saw them
    for page in source_pages(root):
        if page.relative_to(root).with_suffix("").as_posix() not in built:
            continue
        ctx = plain_markdown.Context(page, root, references, bibliography, glued_values(page, root))
        nb = convert(read_source(page), ctx)
        if is_exercise(page, root):
            files[page.with_suffix(".ipynb")] = finish(student_version(nb), root)
            files[page.with_name(page.stem + "-solution.ipynb")] = finish(nb, root)
        else:
            files[page.with_suffix(".ipynb")] = finish(nb, root)
    return files


def myst_leftovers(text: str) -> list[str]:
    """MyST markup left in the Markdown cells of a notebook (code blocks and spans aside)."""
    nb = nbformat.reads(text, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fence = None
        for line in cell.source.splitlines():
            if fence:  # inside a code block
                if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                    fence = None
                continue
            opener = re.match(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$", line)
            if opener:
                if opener[2].startswith("{"):
                    found.append(line.strip())
                elif opener[1][0] != ":":
                    fence = opener[1]
                continue
            if re.match(r"^\([^()\s]+\)=\s*$", line) or re.search(r"\$\$\s*\([^()\s]+\)\s*$", line):
                found.append(line.strip())
            found += [m[0] for m in plain_markdown.TOKEN.finditer(line) if m["role"]]
    return found


DISPLAY_MATH = re.compile(r"^ {0,3}\$\$.*?\$\$[ \t]*$", re.S | re.M)


def split_formulas(text: str) -> list[str]:
    """Paragraphs of the notebook whose inline formulas a Markdown parser breaks apart.

    Renderers that parse Markdown before maths (nbconvert, some notebook front ends) end a
    paragraph at a line that starts with a list marker or an HTML comment, even inside
    ``$...$``. A paragraph (or other block) with an odd number of ``$`` is such a break.
    """
    nb = nbformat.reads(text, as_version=4)
    parser = MarkdownIt("commonmark")
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = DISPLAY_MATH.sub("DISPLAY", cell.source)  # display maths is a block of its own
        for token in parser.parse(source):
            if token.type == "html_block" and "<!--glue" in token.content:
                found.append(token.content.strip()[:60])
            if token.type == "inline":
                bare = plain_markdown.CODE_SPAN.sub("", token.content)
                if len(plain_markdown.INLINE_DOLLAR.findall(bare)) % 2:
                    found.append(token.content.strip()[:60])
    return found


LITERALINCLUDE = re.compile(
    r"^ {0,3}[`:]{3,}\{literalinclude\}\s*(?P<path>\S+)\s*\n:pyobject:\s*(?P<object>\S+)"
    r"(?P<options>(?:\n:[\w-]+:.*)*)", re.M)


def _select(code: str, options: str) -> str:
    """Apply ``:start-at:``/``:start-after:``/``:end-at:``/``:end-before:`` to ``code``."""
    for key, value in re.findall(r"^:([\w-]+):\s*(.*)$", options, re.M):
        if key in ("start-at", "start-after"):
            cut = code.index(value)
            line_start = code.rfind("\n", 0, cut) + 1
            code = code[line_start:] if key == "start-at" else code[cut:].split("\n", 1)[1]
        elif key in ("end-at", "end-before"):
            cut = code.index(value)
            code = code[:cut + len(value)] if key == "end-at" else code[:cut].rsplit("\n", 1)[0]
    return code


def shown_code(page: Path) -> list[tuple[str, str]]:
    """(object, source) of every ``{literalinclude}`` with ``:pyobject:`` of a page.

    The source comes from ``inspect`` on the imported object: an independent reading of the
    code that the converter took from Sphinx's ``LiteralIncludeReader``.
    """
    import importlib
    import inspect
    import textwrap

    found = []
    for match in LITERALINCLUDE.finditer(page.read_text(encoding="utf-8")):
        path = (page.parent / match["path"]).resolve()
        parts = path.with_suffix("").parts
        module = importlib.import_module(".".join(parts[parts.index("neurocomp"):]))
        obj = module
        for name in match["object"].split("."):
            obj = getattr(obj, name)
        obj = inspect.unwrap(obj)
        code = textwrap.dedent(inspect.getsource(obj))
        found.append((match["object"], textwrap.dedent(_select(code, match["options"])).rstrip()))
    return found


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
        elif plain_markdown.mask_glued(path.read_text(encoding="utf-8")) != plain_markdown.mask_glued(text):
            problems.append(f"{rel} is out of date with its source: run `make notebooks`")
        else:
            for leftover in myst_leftovers(text):
                problems.append(f"{rel} still contains MyST markup: {leftover}")
            for start in split_formulas(text):
                problems.append(f"{rel}: a Markdown parser splits this paragraph: {start!r}")
            source = path.with_suffix(".md") if path.with_suffix(".md").is_file() else \
                path.with_name(path.stem.removesuffix("-solution") + ".md")
            markdown = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells
                                 if c.cell_type == "markdown")
            for name, code in shown_code(source):
                if code not in markdown:
                    problems.append(f"{rel} lacks the code of {name} that its page shows")
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
    try:
        expected = expected_files()
    except (NotBuilt, plain_markdown.ConversionError) as err:
        print(err, file=sys.stderr)
        return 1
    if argv[1] == "write":
        for path, text in expected.items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
        return 0
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"notebooks: {len(expected)} generated files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
