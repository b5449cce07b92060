"""Execute the book's pages into the jupyter-cache and measure what each one costs.

The Sphinx build (``execute_notebooks: cache``) reads executed notebooks from the
jupyter-cache. This script fills that cache itself, page by page, so that it can
measure what Jupyter Book does not: the wall time of every cell, the peak resident
memory of the kernel, and the total. It writes

* ``_build/reports/execution.json`` -- every page, every cell;
* ``_build/reports/execution.md`` -- the tables shown on the book's *Build report* page.

A page whose code cells are unchanged since its last successful run is taken from the
cache (its earlier measurements are kept). A failing or timed-out cell fails the run
with the page, the cell number and the line of the cell in the Markdown source.

Usage::

    python tools/execute.py                 # every page listed in _toc.yml
    python tools/execute.py book/linear/optimization.md   # just these pages
    python tools/execute.py --force ...     # execute even when cached
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import os
import platform
import re
import sys
import time
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
#: Budgets of DESIGN.md: they are reported against, never enforced here.
BUDGETS = {"cell_seconds": 60, "page_seconds": 180, "book_seconds": 900, "page_memory_mb": 2048}


def dependency_hash() -> str:
    """Hash of everything the pages run besides their own cells: the package and the pins.

    jupyter-cache keys a notebook on its cell sources only; a change to ``code/`` or to
    ``requirements.txt`` must invalidate every cached page as well.
    """
    digest = hashlib.sha256()
    package = ROOT / "code" / "src" / "neurocomp"  # not the egg-info that pip rewrites
    files = sorted(package.rglob("*")) + [ROOT / "requirements.txt"]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def open_cache(cache_dir: Path):
    """Open the jupyter-cache, emptying it first when the package or the pins changed."""
    stamp = cache_dir / "dependencies.sha256"
    current = dependency_hash()
    if cache_dir.exists() and (not stamp.is_file() or stamp.read_text().strip() != current):
        why = "code/ or requirements.txt changed" if stamp.is_file() else "no dependency stamp"
        print(f"{why}: emptying the cache {cache_dir}", flush=True)
        shutil.rmtree(cache_dir)
    cache = get_cache(str(cache_dir))
    cache_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return cache


def toc_pages() -> list[Path]:
    """Return the source files of all pages listed in ``_toc.yml``, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files: list[str] = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    pages = []
    for name in files:
        candidates = [ROOT / f"{name}{ext}" for ext in (".md", ".ipynb", ".rst")]
        found = [c for c in candidates if c.is_file()]
        if not found:
            raise SystemExit(f"_toc.yml lists '{name}', but no file {name}.md exists")
        pages.append(found[0])
    return pages


def is_notebook(path: Path) -> bool:
    """A page is executed when it is a MyST notebook (a jupytext header with a kernel)."""
    text = path.read_text(encoding="utf-8")
    return text.startswith("---") and "kernelspec:" in text.split("---", 2)[1]


def read_page(path: Path) -> nbformat.NotebookNode:
    """Read a page exactly as MyST-NB does, so that the cache keys agree."""
    return read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"), add_source_map=True, path=path
    )


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cell_line(nb: nbformat.NotebookNode, index: int) -> int | None:
    source_map = nb.metadata.get("source_map")
    if source_map and index < len(source_map):
        return int(source_map[index])  # 1-based line of the code-cell fence
    return None


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _error_summary(err: Exception) -> str:
    if isinstance(err, CellTimeoutError):
        return f"the cell exceeded the timeout ({err})"
    text = ANSI.sub("", str(err)).strip().splitlines()
    # nbclient puts the exception name and message last
    tail = [line for line in text if line.strip()][-1:] if text else [repr(err)]
    return tail[0]


def execute_page(path: Path, timeout: int) -> tuple[nbformat.NotebookNode, dict]:
    """Execute one page cell by cell; return the notebook and its measurements."""
    nb = read_page(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        record_timing=False,  # cell metadata is part of the cache key
    )
    cells = []
    start = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.perf_counter()
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
                line = _cell_line(nb, index)
                where = f"{path.relative_to(ROOT)}, cell {index}" + (
                    f" (line {line})" if line else ""
                )
                raise PageError(f"{where}: {_error_summary(err)}", err) from err
            cells.append(
                {
                    "index": index,
                    "line": _cell_line(nb, index),
                    "seconds": round(time.perf_counter() - t0, 3),
                    "peak_memory_mb": round(_peak_rss_mb(pid), 1),
                }
            )
        peak = _peak_rss_mb(pid)
    seconds = time.perf_counter() - start
    return nb, {
        "status": "executed",
        "seconds": round(seconds, 2),
        "peak_memory_mb": round(peak, 1),
        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cells": cells,
    }


class PageError(RuntimeError):
    """A cell of a page failed; the message names the page, the cell and its line."""

    def __init__(self, message: str, cause: Exception):
        super().__init__(message)
        self.cause = cause


def load_report(path: Path) -> dict:
    if path.is_file():
        try:
            return json.loads(path.read_text())
        except json.JSONDecodeError:
            pass
    return {"pages": {}}


def markdown_report(report: dict) -> str:
    """Render the report as Markdown tables (pages, slowest cells, totals)."""
    pages = report["pages"]
    b = report["budgets"]
    lines = [
        f"Measured on {report['machine']['cpus']} CPU cores, Python "
        f"{report['machine']['python']}; last run {report['generated']}.",
        "",
        "| page | time (s) | peak memory (MiB) | slowest cell (s) | within budget |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, info in pages.items():
        cells = info.get("cells", [])
        slow = max(cells, key=lambda c: c["seconds"]) if cells else None
        ok = (
            info["seconds"] < b["page_seconds"]
            and info["peak_memory_mb"] < b["page_memory_mb"]
            and (slow is None or slow["seconds"] < b["cell_seconds"])
        )
        slow_txt = f"{slow['seconds']:.1f} (line {slow['line']})" if slow else "-"
        lines.append(
            f"| `{name}` | {info['seconds']:.1f} | {info['peak_memory_mb']:.0f} | "
            f"{slow_txt} | {'yes' if ok else '**no**'} |"
        )
    total = report["total_seconds"]
    lines += [
        "",
        f"**Total execution time: {total:.0f} s** ({total / 60:.1f} min; budget "
        f"{b['book_seconds'] // 60} min). Budgets: a cell < {b['cell_seconds']} s, a page "
        f"< {b['page_seconds']} s, peak memory of a page < {b['page_memory_mb']} MiB.",
        "",
        "The ten slowest cells:",
        "",
        "| page | cell | line | time (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    every = [(n, c) for n, info in pages.items() for c in info.get("cells", [])]
    for name, cell in sorted(every, key=lambda nc: -nc[1]["seconds"])[:10]:
        lines.append(f"| `{name}` | {cell['index']} | {cell['line']} | {cell['seconds']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to execute (default: _toc.yml)")
    parser.add_argument("--force", action="store_true", help="execute even when cached")
    parser.add_argument("--cache", type=Path, default=None, help="jupyter-cache folder")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder")
    parser.add_argument("--report-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    ROOT = args.root.resolve()
    args.report_dir = args.report_dir or ROOT / "_build" / "reports"

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    timeout = int(config["execute"]["timeout"])
    cache_dir = args.cache or ROOT / config["execute"]["cache"]
    cache = open_cache(cache_dir)

    pages = [p.resolve() for p in args.pages] if args.pages else toc_pages()
    report_path = args.report_dir / "execution.json"
    report = load_report(report_path)
    known = report.get("pages", {})
    failures = []
    for path in pages:
        if not path.is_file():
            failures.append(f"{path}: no such page")
            continue
        if not is_notebook(path):
            continue
        name = str(path.relative_to(ROOT))
        nb = read_page(path)
        cached = None
        if not args.force:
            try:
                cached = cache.match_cache_notebook(nb)
            except KeyError:
                cached = None
        if cached is not None and name in known:
            known[name]["status"] = "cached"
            print(f"cached    {name}", flush=True)
            continue
        print(f"executing {name} ...", flush=True)
        try:
            executed, info = execute_page(path, timeout)
        except PageError as err:
            print(f"FAILED    {err}", file=sys.stderr, flush=True)
            failures.append(str(err))
            known.pop(name, None)
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(executed, str(path), data={"execution_seconds": info["seconds"]}),
            check_validity=False,
            overwrite=True,
        )
        known[name] = info
        slow = max(info["cells"], key=lambda c: c["seconds"], default=None)
        slow_txt = f", slowest cell {slow['seconds']:.1f} s (line {slow['line']})" if slow else ""
        print(
            f"          {info['seconds']:.1f} s, peak {info['peak_memory_mb']:.0f} MiB{slow_txt}",
            flush=True,
        )

    # keep the book's order and drop pages that are no longer in the book
    try:
        order = [str(p.relative_to(ROOT)) for p in toc_pages()]
    except SystemExit:  # the toc names a page that does not exist yet: keep what we have
        order = list(known)
    report = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "budgets": BUDGETS,
        "pages": {n: known[n] for n in order if n in known},
    }
    report["total_seconds"] = round(sum(p["seconds"] for p in report["pages"].values()), 1)
    args.report_dir.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=1))
    (args.report_dir / "execution.md").write_text(markdown_report(report))
    print(f"report: {report_path.relative_to(ROOT) if report_path.is_relative_to(ROOT) else report_path}"
          f" (total {report['total_seconds']:.0f} s)")
    if failures:
        print("\nExecution failed:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
