"""Code that a reader sees fits its box: no line of a page's code wider than ``WIDTH``.

The code box of a page holds 80-84 characters at 1366 px with the book's code font
(measured in Chromium; 79 at 768 px and from about 1024 to 1199 px; fewer between 1200 and
1279 px, where both sidebars take room, and on a phone, where long lines wrap). The package
follows the same rule through ruff (``line-length = 79`` and ``E501`` in
``code/pyproject.toml``), and the chapters show its code with ``literalinclude``.
This module applies the rule to the pages: every line of a code cell that the reader can
see (all cells but those tagged ``remove-input`` or ``remove-cell``) and of every code
block in the prose (``python``, ``bash``, ...; a block indented inside a list counts its
indentation, which the list takes from the box).

    python tools/code_width.py [page.md ...]     # list the lines that are too wide; exit 1 if any
    python tools/code_width.py --format page.md  # run ruff format on the cells that are too wide
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 79
HIDDEN_TAGS = {"remove-input", "remove-cell"}
_CELL = re.compile(r"^(`{3,})\{code-cell\}")
_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[\w+-]+\s*$")


@dataclass
class Block:
    """The code of one cell or code block: its first line number (1-based) and its lines."""

    start: int
    lines: list[str]
    tags: tuple[str, ...] = ()
    is_cell: bool = True

    @property
    def visible(self) -> bool:
        return not HIDDEN_TAGS.intersection(self.tags)


def blocks(text: str) -> list[Block]:
    """The code cells and fenced code blocks of a MyST page, in order."""
    lines = text.split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines):
        cell, plain = _CELL.match(lines[i]), _FENCED.match(lines[i])
        if not (cell or plain):
            i += 1
            continue
        fence = (cell or plain).group(1)
        i += 1
        tags: tuple[str, ...] = ()
        if cell:
            options: list[str] = []
            if i < len(lines) and lines[i].strip() == "---":
                end = lines.index("---", i + 1)
                options, i = lines[i + 1 : end], end + 1
            else:
                while i < len(lines) and lines[i].startswith(":"):
                    options.append(lines[i][1:].replace(":", ": ", 1))
                    i += 1
            meta = yaml.safe_load("\n".join(options)) if options else None
            tags = tuple((meta or {}).get("tags", ()))
        start = i
        while i < len(lines) and lines[i].strip() != fence:
            i += 1
        if i == len(lines):
            raise ValueError(f"code block opened at line {start} is never closed")
        found.append(Block(start + 1, lines[start:i], tags, bool(cell)))
        i += 1
    return found


def too_wide(text: str, width: int = WIDTH) -> list[tuple[int, str]]:
    """(line number, line) of every visible code line wider than ``width``."""
    return [
        (block.start + k, line)
        for block in blocks(text)
        if block.visible
        for k, line in enumerate(block.lines)
        if len(line) > width
    ]


def format_page(path: Path, width: int = WIDTH) -> int:
    """Run ``ruff format`` on every code cell of a page that has a line wider than ``width``.

    Cells with IPython syntax (``%``, ``!``) are left alone. Returns the number of cells
    rewritten.
    """
    text = path.read_text()
    lines = text.split("\n")
    changed = 0
    for block in reversed(blocks(text)):
        if not block.is_cell or all(len(x) <= width for x in block.lines):
            continue
        code = "\n".join(block.lines)
        if re.search(r"^\s*(%|!(?!=))", code, re.M):
            continue
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "format", f"--line-length={width}",
             "--stdin-filename", "cell.py", "-"],
            input=code, capture_output=True, text=True, check=True,
        )
        new = result.stdout.rstrip("\n").split("\n")
        if new != block.lines:
            start = block.start - 1
            lines[start : start + len(block.lines)] = new
            changed += 1
    path.write_text("\n".join(lines))
    return changed


def pages(root: Path = ROOT) -> list[Path]:
    """Every page of the book (MyST Markdown under ``book/``)."""
    return sorted((root / "book").rglob("*.md"))


def _checked(path: Path) -> list[tuple[int, str]]:
    try:
        return too_wide(path.read_text())
    except ValueError as err:
        raise SystemExit(f"{path}: {err}") from err


def main(argv: list[str]) -> int:
    fmt = "--format" in argv
    paths = [Path(a) for a in argv if a != "--format"] or pages()
    if fmt:
        for path in paths:
            print(f"{path}: {format_page(path)} cell(s) formatted")
        return 0
    problems = [
        f"{path.relative_to(ROOT) if path.is_absolute() else path}:{n}: "
        f"{len(line)} > {WIDTH} characters: {line.strip()[:60]}"
        for path in paths
        for n, line in _checked(path)
    ]
    print("\n".join(problems) or f"every visible code line of {len(paths)} page(s) fits "
          f"in {WIDTH} characters")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
