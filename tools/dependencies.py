"""Which parts of the ``neurocomp`` package a page runs, and a hash of exactly those.

jupyter-cache keys an executed notebook on its cell sources only. A page must also be
re-executed when code it runs changes, and only then: editing one module re-executes
the pages that use it, not the whole book. The rule:

* a page depends on the ``neurocomp`` modules its code cells import (``import neurocomp.x``,
  ``from neurocomp.x import ...``, ``from neurocomp import x``), on the modules those import
  inside the package (relative or absolute imports, followed transitively), always on
  ``neurocomp/__init__.py``, and on ``requirements.txt`` and its lock ``constraints.txt``;
* the module ``datasets`` also owns the files under ``neurocomp/data/``.

The stamp of a page is the SHA-256 of the paths and bytes of those files.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

PACKAGE = "neurocomp"


def package_dir(root: Path) -> Path:
    return root / "code" / "src" / PACKAGE


def _imported_modules(source: str, *, inside_package: bool) -> set[str]:
    """Top-level ``neurocomp`` submodules named by the imports of ``source``."""
    # IPython magics and shell escapes are not Python: blank them before parsing
    lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines()]
    try:
        trees = [ast.parse("\n".join(lines))]
    except SyntaxError:  # parse what can be parsed, line by line
        trees = []
        for line in lines:
            try:
                trees.append(ast.parse(line.strip()))
            except SyntaxError:
                continue
    modules: set[str] = set()
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE and len(parts) > 1:
                    modules.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            relative = inside_package and node.level == 1
            parts = (node.module or "").split(".") if node.module else []
            if relative:
                if parts:
                    modules.add(parts[0])
                else:  # from . import x, y
                    modules.update(alias.name for alias in node.names)
            elif parts and parts[0] == PACKAGE:
                if len(parts) > 1:
                    modules.add(parts[1])
                else:  # from neurocomp import x
                    modules.update(alias.name for alias in node.names)
    return modules


def module_files(root: Path) -> dict[str, list[Path]]:
    """Every module of the package and the files that belong to it."""
    pkg = package_dir(root)
    files: dict[str, list[Path]] = {}
    if not pkg.is_dir():
        return files
    for path in sorted(pkg.glob("*.py")):
        files[path.stem] = [path]
    for sub in sorted(p for p in pkg.iterdir() if p.is_dir() and p.name != "__pycache__"):
        if (sub / "__init__.py").is_file():  # a sub-package counts as one module
            files[sub.name] = sorted(p for p in sub.rglob("*.py") if "__pycache__" not in p.parts)
    data = pkg / "data"
    if data.is_dir() and "datasets" in files:
        files["datasets"] += sorted(p for p in data.rglob("*") if p.is_file())
    return files


def module_closure(names: set[str], root: Path) -> set[str]:
    """The modules ``names`` and everything they import inside the package."""
    files = module_files(root)
    todo = [n for n in names if n in files]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for path in files[name]:
            if path.suffix == ".py":
                imported = _imported_modules(path.read_text(encoding="utf-8"), inside_package=True)
                todo.extend(m for m in imported if m in files and m not in seen)
    if "__init__" in files:
        seen.add("__init__")
    return seen


def page_modules(code_sources: list[str], root: Path) -> list[str]:
    """The package modules a page's code cells run, sorted."""
    named: set[str] = set()
    for source in code_sources:
        named |= _imported_modules(source, inside_package=False)
    return sorted(module_closure(named, root))


def stamp(modules: list[str], root: Path) -> str:
    """SHA-256 of ``requirements.txt``, ``constraints.txt`` and of the files of ``modules``."""
    files = module_files(root)
    paths = [root / "requirements.txt", root / "constraints.txt"]
    for name in sorted(modules):
        paths += files.get(name, [])
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


TENSORFLOW = ("import tensorflow", "from tensorflow", "import keras", "from keras",
              "setup_tensorflow")


def uses_tensorflow(code_sources: list[str], modules: list[str], root: Path) -> bool:
    """Whether a page runs TensorFlow: in its own cells or in a package module it imports."""
    files = module_files(root)
    texts = list(code_sources) + [
        path.read_text(encoding="utf-8") for name in modules if name != "utils"
        for path in files.get(name, []) if path.suffix == ".py"
    ]
    return any(marker in text for text in texts for marker in TENSORFLOW)
