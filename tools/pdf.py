"""Build the PDFs: the whole book, and every page on its own.

1. ``jupyter-book build --builder pdflatex --individualpages`` with ``MAKE=true`` (so
   that Jupyter Book does not compile the LaTeX itself) writes LaTeX for the whole
   book (``neurocomputing.tex``) and for every page (``<part>-<page>.tex``), reading the
   executed notebooks from the cache.
2. In a page's own document its sections are demoted one level (Sphinx would otherwise
   turn every ``##`` section of a single page into a chapter).
3. ``latexmk`` (xelatex, through the Makefile Sphinx writes) compiles every document.
4. The PDFs are copied to ``_build/pdf`` and ``_build/html/pdf`` (where the site's
   download menus link them), every page of ``_toc.yml`` must have its PDF, and the page
   counts are printed.

Usage: python tools/pdf.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import ROOT, toc_pages  # noqa: E402
from neurocomp_book import BOOK_PDF, pdf_name  # noqa: E402

import pdf_latex  # noqa: E402

BUILD = ROOT / "_build"
LATEX = BUILD / "latex"
LEVELS = ["part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph"]
SECTIONING = re.compile(r"^\\(" + "|".join(LEVELS) + r")(\*?)\{", re.M)


def demote_sections(tex: str) -> str:
    """Renumber the sectioning of a one-page document so that its top level is ``\\section``.

    In the book the page's ``##`` headings are chapters or, for pages inside parts, LaTeX
    parts; in the page's own PDF they are sections.
    """
    used = [LEVELS.index(m.group(1)) for m in SECTIONING.finditer(tex)]
    if not used:
        return tex
    shift = LEVELS.index("section") - min(used)

    def renamed(match: re.Match) -> str:
        level = min(LEVELS.index(match.group(1)) + shift, len(LEVELS) - 1)
        return f"\\{LEVELS[level]}{match.group(2)}{{"

    return SECTIONING.sub(renamed, tex)  # numbered as on the site by pdf_latex.number_page


def unnumbered_parts(tex: str) -> str:
    """Keep the parts' own captions ("Part I — Introduction") instead of LaTeX's numbers."""
    return re.sub(r"^\\part\{(.*)\}$", r"\\part*{\1}\\addcontentsline{toc}{part}{\1}", tex,
                  flags=re.M)


def sphinx_latex() -> None:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    log = BUILD / "pdf-build.log"
    cmd = [str(jupyter_book), "build", str(ROOT), "--builder", "pdflatex", "--individualpages",
           "-W", "-n", "--keep-going"]
    env = dict(os.environ, MAKE="true")  # we compile in compile_latex()
    with log.open("w") as handle:
        result = subprocess.run(cmd, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"the LaTeX build failed (see {log})")
    check = subprocess.run([sys.executable, str(ROOT / "tools" / "check_build.py"), str(log)])
    if check.returncode != 0:
        raise SystemExit(1)


def number_latex() -> None:
    """Number the book and every page's PDF as the site does; resolve cross-page references."""
    references_file = BUILD / "references.json"
    if not references_file.is_file():
        raise SystemExit(f"{references_file} is missing: run make html first")
    references = json.loads(references_file.read_text(encoding="utf-8"))
    toc_text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    depths = pdf_latex.part_depths(toc_text)
    for tex in LATEX.glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        if tex.name == BOOK_PDF.replace(".pdf", ".tex"):
            text = pdf_latex.number_book(unnumbered_parts(text), depths)
        else:
            doc = pdf_latex.DOC_LABEL.search(text)
            part = pdf_latex.part_of(doc.group(1), toc_text) if doc else None
            text = pdf_latex.number_page(demote_sections(text), references, depths, part)
        text = pdf_latex.drop_doubled_nouns(pdf_latex.separate_footnotes(text))
        tex.write_text(text, encoding="utf-8")


def compile_latex() -> None:
    env = dict(os.environ, LATEXOPTS="-interaction=nonstopmode -halt-on-error")
    result = subprocess.run(["make", "-C", str(LATEX), f"-j{os.cpu_count() or 1}", "all-pdf"],
                            env=env, capture_output=True, text=True)
    (BUILD / "latexmk.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("!")]
        raise SystemExit("xelatex failed (see _build/latexmk.log):\n" + "\n".join(errors[:20]))
    missing = missing_glyphs(LATEX)
    if missing:  # a character xelatex prints as nothing: give it a font in _config.yml
        raise SystemExit(f"{len(missing)} character(s) that the PDF's fonts cannot show "
                         "(printed as nothing; see latex_elements in _config.yml):\n  "
                         + "\n  ".join(missing[:20]))


MISSING_GLYPH = re.compile(r"Missing character: There is no (\S+) \((U\+[0-9A-F]+)\) in font \[?([^\]/:]+)")


def missing_glyphs(folder: Path) -> list[str]:
    """Characters xelatex could not find in a font, per document (from the .log files)."""
    found = set()
    for log in sorted(folder.glob("*.log")):
        for char, code, font in MISSING_GLYPH.findall(log.read_text(encoding="utf-8", errors="replace")):
            found.add(f"{log.stem}.pdf: {char} ({code}) in {font}")
    return sorted(found)


def page_count(pdf: Path) -> int | None:
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    return int(match.group(1)) if match else None


def collect() -> int:
    targets = [BUILD / "pdf", BUILD / "html" / "pdf"]
    missing, rows = [], []
    for page in toc_pages():
        docname = str(page.relative_to(ROOT).with_suffix(""))
        name = pdf_name(docname, "book/intro")
        pdf = LATEX / name
        if not pdf.is_file():
            missing.append(f"{docname} -> {name}")
            continue
        rows.append((name, page_count(pdf)))
        for target in targets:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pdf, target / name)
    for name, pages in rows:
        print(f"  {name:48s} {pages if pages is not None else '?':>5} pages")
    if missing:
        print("PDF missing for: " + ", ".join(missing), file=sys.stderr)
        return 1
    print(f"{len(rows)} PDFs in _build/pdf and _build/html/pdf")
    return 0


def main() -> int:
    shutil.rmtree(LATEX, ignore_errors=True)
    BUILD.mkdir(exist_ok=True)
    sphinx_latex()
    number_latex()
    compile_latex()
    return collect()


if __name__ == "__main__":
    sys.exit(main())
