"""Read a Jupyter Book build log and fail on what Sphinx does not treat as an error.

* A page executed by the Sphinx build itself means the cache filled by
  ``tools/execute.py`` did not match, so the execution report would miss that page.
* Any ``WARNING`` or ``ERROR`` line (``-W`` should already have failed the build; this
  repeats the check with the page named, for logs from ``--keep-going`` runs).

Usage: python tools/check_build.py _build/html-build.log
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def problems(log: str) -> list[str]:
    found = []
    for line in log.splitlines():
        if "Executing notebook" in line:
            found.append(f"executed during the Sphinx build (cache miss): {line.strip()}")
        elif re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line):
            found.append(line.strip())
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    log = Path(argv[1]).read_text(encoding="utf-8", errors="replace")
    found = problems(log)
    if found:
        print(f"{argv[1]}: {len(found)} problem(s):", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{argv[1]}: no warnings, no re-execution")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
