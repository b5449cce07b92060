"""Execute the book's pages into the jupyter-cache and measure what each one costs.

The Sphinx build (``execute_notebooks: cache``) reads executed notebooks from the
jupyter-cache. This script fills that cache itself, page by page, so that it can
measure what Jupyter Book does not: the wall time of every cell, the peak resident
memory of the kernel, and the total. It writes

* ``_build/reports/execution.json`` -- every page, every cell;
* ``_build/reports/execution.md`` -- the tables shown on the book's *Build report* page.

The cache rule (``tools/dependencies.py``): a page is taken from the cache when its code
cells are unchanged *and* the ``neurocomp`` modules it imports (directly or through other
modules of the package) and ``requirements.txt`` are unchanged since its last successful
run; its earlier measurements are then kept. Editing one module re-executes exactly the
pages that use it. A failing or timed-out cell fails the run with the page, the cell
number and the line of the cell in the Markdown source.

Pages run in parallel, ``--jobs`` at a time (default: the number of cores), longest first
(by the time each took in its last run; a page never measured counts as long when it uses
TensorFlow). Every kernel's thread pools (BLAS, OpenMP, TensorFlow's intra- and inter-op
pools) are limited to ``cores // jobs`` threads, so that two pages never fight over one core:
measured on two cores, a TensorFlow page given both cores used them only 57 % of the time,
so two pages on one core each finish the book sooner than one page on two. The report adds the run's
wall time, the sum of page times, the CPU utilisation and the pages executed vs cached.
A run that executes the Keras page ``determinism.TWICE`` executes it a second time in the
same pool and fails if the two executions' outputs differ (apart from timings).

Usage::

    python tools/execute.py                 # every page listed in _toc.yml
    python tools/execute.py book/linear/optimization.md   # just these pages
    python tools/execute.py --force ...     # execute even when cached
    python tools/execute.py --jobs 1        # one page at a time, with all cores
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml
from traitlets.config import Config
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dependencies  # noqa: E402
from determinism import TWICE, differences  # noqa: E402

#: Key of the second execution of the page determinism.TWICE in the worker pool.
SECOND_RUN = "#second-run"

ROOT = Path(__file__).resolve().parent.parent
#: Budgets of DESIGN.md: they are reported against, never enforced here.
BUDGETS = {"cell_seconds": 60, "page_seconds": 90, "book_seconds": 720, "page_memory_mb": 1536}


STAMPS = "page-dependencies.json"


def open_cache(cache_dir: Path):
    """Open the jupyter-cache and the per-page dependency stamps stored beside it."""
    cache = get_cache(str(cache_dir))
    cache_dir.mkdir(parents=True, exist_ok=True)
    old = cache_dir / "dependencies.sha256"  # the whole-package stamp of earlier versions
    old.unlink(missing_ok=True)
    try:
        stamps = json.loads((cache_dir / STAMPS).read_text())
    except (OSError, json.JSONDecodeError):
        stamps = {}
    return cache, stamps


def save_stamps(cache_dir: Path, stamps: dict) -> None:
    (cache_dir / STAMPS).write_text(json.dumps(stamps, indent=1, sort_keys=True))


def page_stamp(nb: nbformat.NotebookNode, root: Path) -> dict:
    """The modules a page runs and the hash of them plus ``requirements.txt``."""
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    modules = dependencies.page_modules(sources, root)
    return {"modules": modules, "sha256": dependencies.stamp(modules, root),
            "heavy": dependencies.uses_tensorflow(sources, modules, root)}


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


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and all its threads, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


#: Environment variables that cap the threads of a kernel's numerical libraries.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
)


#: Further environment of every kernel (unless already set). glibc gives each thread that
#: allocates its own malloc arena, up to 8 per core, and memory freed in one arena is not
#: reused by the threads of another; TensorFlow allocates from many threads. Two shared
#: arenas cut the peak memory of the TensorFlow pages by up to 220 MiB (book/deep/cnn.md:
#: 1377 -> 1153 MiB). Binder readers get the same setting from the repository's ``start``.
KERNEL_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}


def execute_page(path: Path, timeout: int, root: Path) -> tuple[nbformat.NotebookNode, dict]:
    """Execute one page cell by cell; return the notebook and its measurements."""
    nb = read_page(path)
    kernel_name = nb.metadata.get("kernelspec", {}).get("name", "python3")
    # IPC sockets in a private folder: the kernel is not reachable over the network, and
    # ipykernel does not print its warning about unencrypted TCP into the build log
    sockets = tempfile.mkdtemp(prefix="neurocomp-kernel-")
    config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "k")}})
    client = NotebookClient(
        nb,
        config=config,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        record_timing=False,  # cell metadata is part of the cache key
    )
    cells = []
    started = time.time()
    start = time.perf_counter()
    try:
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
                    where = f"{path.relative_to(root)}, cell {index}" + (
                        f" (line {line})" if line else ""
                    )
                    raise PageError(f"{where}: {_error_summary(err)}") from err
                cells.append(
                    {
                        "index": index,
                        "line": _cell_line(nb, index),
                        "seconds": round(time.perf_counter() - t0, 3),
                        "peak_memory_mb": round(_peak_rss_mb(pid), 1),
                    }
                )
            peak = _peak_rss_mb(pid)
            cpu = _cpu_seconds(pid)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    seconds = time.perf_counter() - start
    return nb, {
        "status": "executed",
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_memory_mb": round(peak, 1),
        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "interval": [round(started, 2), round(started + seconds, 2)],
        "cells": cells,
    }


class PageError(RuntimeError):
    """A cell of a page failed; the message names the page, the cell and its line."""


def _run_in_worker(path: str, timeout: int, root: str, threads: int) -> tuple[str, object]:
    """Execute a page in a worker process; return ("ok", (notebook JSON, info)) or an error."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    for name, value in KERNEL_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    print(f"start     {Path(path).relative_to(root)}", flush=True)
    try:
        nb, info = execute_page(Path(path), timeout, Path(root))
    except PageError as err:
        return "error", str(err)
    except Exception as err:  # a kernel that cannot start, a broken page file, ...
        return "error", f"{Path(path).relative_to(root)}: {type(err).__name__}: {err}"
    info["threads"] = threads
    return "ok", (nbformat.writes(nb), info)


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
    run = report.get("run", {})
    lines += [
        "",
        f"**Sum of the page times: {total:.0f} s** ({total / 60:.1f} min of kernel time; the "
        f"pages run in parallel, so the budget of {b['book_seconds'] // 60} min for a cold "
        f"execution of the book applies to the wall time of a run that executes every page, "
        f"below). Budgets: a cell "
        f"< {b['cell_seconds']} s, a page \u2264 {b['page_seconds']} s, peak memory of a page "
        f"< {b['page_memory_mb']} MiB.",
    ]
    if run:
        util = run.get("cpu_utilisation")
        lines += [
            "",
            "The last run of the executor that executed pages:",
            "",
            "| measure | value |",
            "| --- | ---: |",
            f"| pages executed / taken from the cache | {run['executed']} / {run['cached']} |",
            f"| wall time of the run | {run['wall_seconds']:.1f} s |",
            f"| sum of the times of the pages it executed | {run['page_seconds']:.1f} s |",
            f"| parallel jobs; threads per kernel | {run['jobs']}; "
            f"{', '.join(map(str, run['threads'])) or '-'} |",
            f"| CPU time of the kernels | {run['cpu_seconds']:.1f} s |",
            "| CPU utilisation (CPU time \u00f7 (wall time \u00d7 cores)) | "
            + (f"{util:.0%} |" if util is not None else "- |"),
            f"| largest sum of the peak memories of concurrently running pages | "
            f"{run['concurrent_peak_mb']:.0f} MiB |",
        ]
        same = run.get("determinism")
        if same:
            verdict = ("identical apart from timings" if not same["differences"] else
                       "**different**: " + "; ".join(same["differences"]))
            lines += ["", f"Determinism: this run executed `{same['page']}` twice and compared "
                      f"its {same['outputs']} outputs (text and images): {verdict}."]
    lines += [
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


def concurrent_peak(intervals: list[tuple[float, float, float]]) -> float:
    """Largest sum of peak memories of pages whose (start, end, peak) intervals overlap."""
    events = sorted([(t0, peak) for t0, _, peak in intervals] + [(t1, -peak) for _, t1, peak in intervals],
                    key=lambda e: (e[0], e[1]))  # at equal times, ends (negative) first
    best = current = 0.0
    for _, change in events:
        current += change
        best = max(best, current)
    return best


#: Assumed cost (s) of a page never measured: TensorFlow pages train networks.
UNMEASURED_SECONDS = {True: 60.0, False: 10.0}


def schedule(names: list[str], known: dict, heavy: dict[str, bool]) -> list[str]:
    """Longest first: by the last measured time, else by whether the page uses TensorFlow."""
    def cost(name: str) -> float:
        return known.get(name, {}).get("seconds", UNMEASURED_SECONDS[heavy.get(name, False)])

    return sorted(names, key=lambda n: -cost(n))


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to execute (default: _toc.yml)")
    parser.add_argument("--force", action="store_true", help="execute even when cached")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="pages executed in parallel (default: the number of cores)")
    parser.add_argument("--cache", type=Path, default=None, help="jupyter-cache folder")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder")
    parser.add_argument("--report-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be a positive integer; got {args.jobs}")
    ROOT = args.root.resolve()
    args.report_dir = args.report_dir or ROOT / "_build" / "reports"
    cores = os.cpu_count() or 1

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    timeout = int(config["execute"]["timeout"])
    cache_dir = args.cache or ROOT / config["execute"]["cache"]
    cache, stamps = open_cache(cache_dir)

    pages = [p.resolve() for p in args.pages] if args.pages else toc_pages()
    report_path = args.report_dir / "execution.json"
    previous = load_report(report_path)
    known = previous.get("pages", {})
    failures: list[str] = []
    todo: dict[str, tuple[Path, dict]] = {}
    n_cached = 0
    for path in pages:
        if not path.is_file():
            failures.append(f"{path}: no such page")
            continue
        if not is_notebook(path):
            continue
        name = str(path.relative_to(ROOT))
        nb = read_page(path)
        deps = page_stamp(nb, ROOT)
        cached = None
        if not args.force and stamps.get(name, {}).get("sha256") == deps["sha256"]:
            try:
                cached = cache.match_cache_notebook(nb)
            except KeyError:
                cached = None
        measured = known.get(name) or stamps.get(name, {}).get("measured")
        if cached is not None and measured:
            known[name] = {**measured, "status": "cached"}
            n_cached += 1
            print(f"cached    {name}", flush=True)
            continue
        todo[name] = (path, deps)

    jobs = max(1, min(args.jobs, len(todo)))
    run_start = time.perf_counter()
    intervals = []
    if todo:
        heavy = sum(deps["heavy"] for _, deps in todo.values())
        print(f"executing {len(todo)} page(s) ({heavy} with TensorFlow), {jobs} at a time, "
              f"{max(1, cores // jobs)} thread(s) per kernel",
              flush=True)

    runs_of_twice: list[dict] = []  # the page of determinism.TWICE, executed twice

    def finished(name: str, status: str, result) -> None:
        if name.endswith(SECOND_RUN):
            if status == "error":
                failures.append(f"second run: {result}")
            else:
                runs_of_twice.append(nbformat.reads(result[0], as_version=4))
            return
        path, deps = todo[name]
        if status == "error":
            print(f"FAILED    {result}", file=sys.stderr, flush=True)
            failures.append(str(result))
            known.pop(name, None)
            stamps.pop(name, None)
            return
        text, info = result
        executed = nbformat.reads(text, as_version=4)
        if name == TWICE:
            runs_of_twice.insert(0, executed)
        cache.cache_notebook_bundle(
            CacheBundleIn(executed, str(path), data={"execution_seconds": info["seconds"]}),
            check_validity=False,
            overwrite=True,
        )
        info["modules"] = deps["modules"]
        stamps[name] = {**deps, "measured": info}
        save_stamps(cache_dir, stamps)
        known[name] = info
        intervals.append((*info["interval"], info["peak_memory_mb"]))
        slow = max(info["cells"], key=lambda c: c["seconds"], default=None)
        slow_txt = f", slowest cell {slow['seconds']:.1f} s (line {slow['line']})" if slow else ""
        print(
            f"done      {name}: {info['seconds']:.1f} s, peak {info['peak_memory_mb']:.0f} MiB, "
            f"{info['threads']} thread(s){slow_txt}",
            flush=True,
        )

    context = multiprocessing.get_context("spawn")
    threads = max(1, cores // jobs)
    order = schedule(list(todo), known, {n: deps["heavy"] for n, (_, deps) in todo.items()})
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        if TWICE in todo:  # once more, to compare the outputs of two executions
            order.insert(1, TWICE + SECOND_RUN)
        futures = {pool.submit(_run_in_worker, str(todo[n.removesuffix(SECOND_RUN)][0]), timeout,
                               str(ROOT), threads): n
                   for n in order}
        for future in concurrent.futures.as_completed(futures):
            finished(futures[future], *future.result())
    wall = time.perf_counter() - run_start
    save_stamps(cache_dir, stamps)
    determinism = None
    if len(runs_of_twice) == 2:
        compared, problems = differences(*runs_of_twice)
        determinism = {"page": TWICE, "outputs": compared, "differences": problems}
        failures += [f"{TWICE} is not deterministic: {p}" for p in problems]

    # keep the book's order and drop pages that are no longer in the book
    try:
        order = [str(p.relative_to(ROOT)) for p in toc_pages()]
    except SystemExit:  # the toc names a page that does not exist yet: keep what we have
        order = list(known)
    executed_now = [known[n] for n in todo if n in known]
    cpu = sum(i.get("cpu_seconds", 0.0) for i in executed_now)
    run = {
        "executed": len(executed_now),
        "cached": n_cached,
        "failed": len(failures),
        "jobs": jobs,
        "threads": sorted({i["threads"] for i in executed_now if "threads" in i}),
        "wall_seconds": round(wall, 1),
        "page_seconds": round(sum(i["seconds"] for i in executed_now), 1),
        "cpu_seconds": round(cpu, 1),
        "cpu_utilisation": round(cpu / (wall * cores), 3) if executed_now and wall > 0 else None,
        "concurrent_peak_mb": round(concurrent_peak(intervals), 1),
        "determinism": determinism,
    }
    if not executed_now and not failures and previous.get("run", {}).get("executed"):
        run = previous["run"]  # nothing ran: the report keeps the figures of the last real run
    report = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": cores, "python": platform.python_version()},
        "budgets": BUDGETS,
        "run": run,
        "pages": {n: known[n] for n in order if n in known},
    }
    report["total_seconds"] = round(sum(p["seconds"] for p in report["pages"].values()), 1)
    args.report_dir.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=1))
    (args.report_dir / "execution.md").write_text(markdown_report(report))
    r = run if executed_now else {"executed": 0, "cached": n_cached}
    print(
        f"report: {_relative(report_path)} (executed {r['executed']}, cached {r['cached']}"
        + (f"; wall {r['wall_seconds']:.0f} s for {r['page_seconds']:.0f} s of pages, "
           f"CPU utilisation {r['cpu_utilisation']:.0%})" if executed_now else ")")
    )
    if failures:
        print("\nExecution failed:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
