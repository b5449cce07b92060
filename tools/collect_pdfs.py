"""Collect the PDFs of ``make pdf`` and publish them beside the HTML site.

``jupyter-book build --builder pdflatex --individualpages`` writes the whole book
(``neurocomputing.pdf``) and one PDF per page into ``_build/latex``. This copies them to
``_build/pdf`` and ``_build/html/pdf`` (where the site's download menus link them), checks
that every page of ``_toc.yml`` got its PDF, and prints the page counts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import ROOT, toc_pages  # noqa: E402
from neurocomp_book import pdf_name  # noqa: E402


def page_count(pdf: Path) -> int | None:
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def main() -> int:
    latex = ROOT / "_build" / "latex"
    targets = [ROOT / "_build" / "pdf", ROOT / "_build" / "html" / "pdf"]
    root_doc = "book/intro"
    missing, rows = [], []
    for page in toc_pages():
        docname = str(page.relative_to(ROOT).with_suffix(""))
        name = pdf_name(docname, root_doc)
        pdf = latex / name
        if not pdf.is_file():
            missing.append(f"{docname} -> {name}")
            continue
        rows.append((name, page_count(pdf)))
        for target in targets:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pdf, target / name)
    for name, pages in rows:
        print(f"  {name:45s} {pages if pages is not None else '?':>5} pages")
    if missing:
        print("PDF missing for: " + ", ".join(missing), file=sys.stderr)
        return 1
    print(f"{len(rows)} PDFs in _build/pdf and _build/html/pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
