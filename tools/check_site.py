"""Check what readers click on in the built site: launch buttons and downloads.

* every Binder, Colab and JupyterHub link must point at an ``.ipynb`` file that exists in
  the repository at that path (Binder and Colab cannot open MyST Markdown);
* every page with code cells must have those buttons;
* no page shows the same image twice (a figure glued without being closed appears once
  as a plain output and once as the numbered figure);
* no equation reference in doubled parentheses, "((3))" (the reference prints its own);
* with ``--browser``: a sample of pages opened in headless Chromium raises no JavaScript
  error (skipped, with a message, when Chromium is not installed);
* with ``--pdf``: every "PDF of this page" / "PDF of the book" link must point at a file
  that exists in ``_build/html``.

Usage: python tools/check_site.py [--pdf] [--browser] [_build/html]
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
BINDER = re.compile(r'href="https://mybinder\.org/v2/gh/[^"]*?urlpath=([^"&]+)')
COLAB = re.compile(r'href="https://colab\.research\.google\.com/github/[^/]+/[^/]+/blob/[^/]+/([^"]+)"')
PDF = re.compile(r'href="([^"]*pdf/[^"]+\.pdf)"')
IMG = re.compile(r'<img[^>]*\bsrc="([^"]+)"')
TAG = re.compile(r"<[^>]+>")
DOUBLE_PARENS = re.compile(r"\(\(\d+(?:\.\d+)*\)\)")


def duplicate_images(html_file: Path, text: str) -> list[str]:
    """Names of images that appear more than once on a page (compared by content)."""
    seen: dict[str, str] = {}
    duplicates = []
    for src in IMG.findall(text):
        path = (html_file.parent / unquote(src)).resolve()
        if not path.is_file() or path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg"}:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen and seen[digest] != "":
            duplicates.append(path.name)
            seen[digest] = ""  # report each image once
        else:
            seen.setdefault(digest, path.name)
    return duplicates


def body_text(text: str) -> str:
    main = text.split('<main', 1)[-1]
    return html.unescape(TAG.sub("", main))


def check_page(html_file: Path, site: Path, check_pdf: bool) -> list[str]:
    text = html_file.read_text(encoding="utf-8")
    rel = html_file.relative_to(site)
    problems = []
    targets = [unquote(m).removeprefix("lab/tree/").removeprefix("tree/") for m in BINDER.findall(text)]
    targets += [unquote(m) for m in COLAB.findall(text)]
    for target in targets:
        if not target.endswith(".ipynb"):
            problems.append(f"{rel}: launch button opens {target}, not a notebook")
        elif not (ROOT / target).is_file():
            problems.append(f"{rel}: launch button opens {target}, which is not in the repository")
    has_code = 'class="cell docutils container"' in text
    if has_code and not targets:
        problems.append(f"{rel}: a page with code cells but no Binder/Colab buttons")
    for name in duplicate_images(html_file, text):
        problems.append(f"{rel}: the image {name} is shown more than once")
    for match in DOUBLE_PARENS.findall(body_text(text)):
        problems.append(f"{rel}: an equation reference in double parentheses: {match}")
    if check_pdf:
        for href in PDF.findall(text):
            if not (html_file.parent / href).resolve().is_file():
                problems.append(f"{rel}: PDF link {href} points at a missing file")
    return problems


#: Pages opened in the browser: the home page, a chapter, a Keras chapter and an exercise.
BROWSER_SAMPLE = ("book/intro.html", "book/linear/optimization.html",
                  "book/deep/neural-networks.html", "book/exercises/cnn.html")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom"]


def javascript_errors(page: Path, chromium: str) -> list[str]:
    """Uncaught JavaScript errors of a page loaded in headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                 page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    return [line.split('"')[1] for line in result.stderr.splitlines() if '"Uncaught' in line]


def browser_problems(site: Path) -> list[str]:
    chromium = next((c for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)
    if chromium is None:
        print("site: Chromium is not installed; the JavaScript check is skipped "
              "(apt-get install chromium, or make browser-deps as root)")
        return []
    problems = []
    for name in BROWSER_SAMPLE:
        if (site / name).is_file():
            problems += [f"{name}: JavaScript error: {e}" for e in javascript_errors(site / name, chromium)]
    return problems


def main(argv: list[str]) -> int:
    check_pdf = "--pdf" in argv
    check_browser = "--browser" in argv
    args = [a for a in argv[1:] if a not in ("--pdf", "--browser")]
    site = Path(args[0]) if args else ROOT / "_build" / "html"
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]
    problems = [msg for page in sorted(pages) for msg in check_page(page, site, check_pdf)]
    if check_browser:
        problems += browser_problems(site)
    for msg in problems:
        print(msg, file=sys.stderr)
    print(f"site: {len(pages)} pages checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
