"""Code the reader sees fits its box: the rule of tools/code_width.py and the package's ruff."""

from __future__ import annotations

import tomllib

import code_width
import pytest

PAGE = """# A page

```{code-cell} ipython3
:tags: [hide-input]

shown_when_opened = 1  # a hidden input can be opened by the reader
```

```{code-cell} ipython3
---
tags: [remove-input]
---
never_shown = "%s"
```

Prose with an example:

```python
print("%s")
```

```{code-cell} ipython3
x = 1
```
"""


def test_blocks_read_cells_tags_and_python_blocks():
    blocks = code_width.blocks(PAGE % ("a", "b"))
    assert [b.is_cell for b in blocks] == [True, True, False, True]
    assert [b.tags for b in blocks] == [("hide-input",), ("remove-input",), (), ()]
    assert blocks[0].lines[-1].startswith("shown_when_opened")
    assert blocks[3].start == PAGE.split("\n").index("x = 1") + 1


def test_only_visible_lines_wider_than_the_box_are_reported():
    wide = "w" * code_width.WIDTH
    found = code_width.too_wide(PAGE % (wide, wide))
    lines = (PAGE % (wide, wide)).split("\n")
    assert [n for n, _ in found] == [lines.index(f'print("{wide}")') + 1]


def test_an_unclosed_block_is_an_error():
    with pytest.raises(ValueError, match="never closed"):
        code_width.blocks("```{code-cell} ipython3\nx = 1\n")


def test_every_visible_code_line_of_the_book_fits():
    problems = [(page.name, n, line) for page in code_width.pages()
                for n, line in code_width.too_wide(page.read_text())]
    assert problems == [], f"{len(problems)} code lines wider than {code_width.WIDTH}: " \
        f"{problems[:5]} (python tools/code_width.py lists them)"


def test_the_package_uses_the_same_width():
    config = tomllib.loads((code_width.ROOT / "code" / "pyproject.toml").read_text())
    assert config["tool"]["ruff"]["line-length"] == code_width.WIDTH
    assert "E501" in config["tool"]["ruff"]["lint"]["extend-select"]
