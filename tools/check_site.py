"""Check what readers click on in the built site: launch buttons and downloads.

* every Binder, Colab and JupyterHub link must point at an ``.ipynb`` file that exists in
  the repository at that path (Binder and Colab cannot open MyST Markdown);
* every page with code cells must have those buttons;
* no page shows the same image twice (a figure glued without being closed appears once
  as a plain output and once as the numbered figure);
* no equation reference in doubled parentheses, "((3))" (the reference prints its own), and
  no unresolved "??";
* every image has a text alternative that is not its file name;
* no cell writes to stderr (a library's warning or log printed into the page);
* page weight: no page loads Font Awesome's 1.5 MB script or a render-blocking search index
  in its ``<head>``, and the first-party scripts and stylesheets a page loads stay within
  ``PAGE_BUDGET`` bytes as served compressed (gzip, as GitHub Pages serves them);
* with ``--browser``: a sample of pages opened in headless Chromium raises no JavaScript
  error, and at phone width (390 px) the two table-of-contents buttons of a chapter open
  their drawers (skipped, with a message, when Chromium or its driver is not installed);
* with ``--pdf``: every "PDF of this page" / "PDF of the book" link must point at a file
  that exists in ``_build/html``; no PDF's text (``pdftotext``) holds "??" or a raw label
  ("lincls-chapter"); and every reference to another page's equation prints the same
  chapter-qualified number on the web page, in the page's PDF and in the book's PDF.

Usage: python tools/check_site.py [--pdf] [--browser] [_build/html]
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from neurocomp_book import BOOK_PDF, pdf_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BINDER = re.compile(r'href="https://mybinder\.org/v2/gh/[^"]*?urlpath=([^"&]+)')
COLAB = re.compile(r'href="https://colab\.research\.google\.com/github/[^/]+/[^/]+/blob/[^/]+/([^"]+)"')
PDF = re.compile(r'href="([^"]*pdf/[^"]+\.pdf)"')
IMG = re.compile(r'<img[^>]*\bsrc="([^"]+)"')
ALT = re.compile(r'<img\b[^>]*>')
#: A link to another page's equation: its target page and the number it prints, "(5.8)".
EQUATION_LINK = re.compile(r'<a class="reference internal" href="([^"#]+)\.html#equation-[^"]+">'
                           r'(?:<span[^>]*>)?\((\d+\.\d+)\)')
TAG = re.compile(r"<[^>]+>")
STDERR = re.compile(r'<div class="output stderr[^"]*"><div class="highlight"><pre>(.*?)</pre>', re.S)
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


#: First-party scripts and stylesheets one page may load, in bytes as served (gzip). The
#: theme's own CSS and JavaScript take about 130 KB; Font Awesome's script alone took 540 KB.
PAGE_BUDGET = 200_000
ASSET = re.compile(r'<(?:script\b[^>]*?\bsrc|link\b[^>]*?\brel="stylesheet"[^>]*?\bhref)="([^"]+)"'
                   r'|<link\b[^>]*?\bhref="([^"]+)"[^>]*?\brel="stylesheet"')
BLOCKING_SCRIPT = re.compile(r'<script\b(?![^>]*\b(?:defer|async)\b)[^>]*\bsrc="([^"]+)"')
_gzip_sizes: dict[Path, int] = {}


def gzip_size(path: Path) -> int:
    if path not in _gzip_sizes:
        _gzip_sizes[path] = len(gzip.compress(path.read_bytes(), 6))
    return _gzip_sizes[path]


def page_weight_problems(html_file: Path, site: Path, text: str) -> list[str]:
    """What makes a first visit slow: Font Awesome's script (it redraws every icon, 1.5 MB),
    the search index (340 KB) blocking the page's rendering in its ``<head>``, and more
    first-party JavaScript and CSS than ``PAGE_BUDGET`` (gzip bytes)."""
    rel = html_file.relative_to(site)
    head = text.split("</head>", 1)[0]
    problems = []
    if re.search(r'<script\b[^>]*\bsrc="[^"]*/fontawesome\.js', text):
        problems.append(f"{rel}: loads Font Awesome's script (the theme's CSS and "
                        "_static/icons draw the icons)")
    for src in BLOCKING_SCRIPT.findall(head):
        if src.split("?")[0].endswith(("searchindex.js", "fontawesome.js")):
            problems.append(f"{rel}: {src} blocks rendering in the <head>")
    total, files = 0, []
    for found in ASSET.findall(text):
        href = unquote((found[0] or found[1]).split("?")[0].split("#")[0])
        path = (html_file.parent / href).resolve()
        if "://" in href or not path.is_file() or (path.name == "searchindex.js" and
                                                     rel.as_posix() == "search.html"):
            continue  # a CDN, or the search page's own content (loaded deferred)
        total += gzip_size(path)
        files.append((gzip_size(path), path.name))
    if total > PAGE_BUDGET:
        largest = ", ".join(f"{name} {size // 1000} KB" for size, name in sorted(files)[::-1][:3])
        problems.append(f"{rel}: {total // 1000} KB of first-party JavaScript and CSS (gzip), "
                        f"more than the budget of {PAGE_BUDGET // 1000} KB (largest: {largest})")
    return problems


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
    for block in STDERR.findall(text):  # warnings and logs of a library belong in no page
        first = html.unescape(TAG.sub("", block)).strip().splitlines()[:1]
        problems.append(f"{rel}: a cell writes to stderr: {first[0][:120] if first else ''}")
    has_code = 'class="cell docutils container"' in text
    if has_code and not targets:
        problems.append(f"{rel}: a page with code cells but no Binder/Colab buttons")
    for name in duplicate_images(html_file, text):
        problems.append(f"{rel}: the image {name} is shown more than once")
    body = body_text(text)
    for match in DOUBLE_PARENS.findall(body):
        problems.append(f"{rel}: an equation reference in double parentheses: {match}")
    if "Project name not set" in text:  # Sphinx's default project name, never set by the book
        problems.append(f"{rel}: a title or text says 'Project name not set'")
    if "??" in body:
        problems.append(f"{rel}: an unresolved reference '??' in the text")
    for tag in ALT.findall(text.split("<main", 1)[-1]):
        alt = re.search(r'\balt="([^"]*)"', tag)
        if alt is None or not alt.group(1).strip() or re.search(r"\.(png|jpe?g|svg)$|_images/", alt.group(1)):
            src = re.search(r'\bsrc="([^"]+)"', tag)
            problems.append(f"{rel}: the image {src.group(1) if src else tag} has no text alternative"
                            f" (alt={alt.group(1) if alt else None!r})")
    problems += page_weight_problems(html_file, site, text)
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


#: The page on which the phone-width navigation is tried.
PHONE_PAGE = "book/linear/optimization.html"


def phone_navigation_problems(site: Path, chromium: str) -> list[str]:
    """At phone width, the visible site-navigation and page-contents buttons open drawers."""
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        driver_path = None
    if driver_path is None:
        print("site: selenium or chromedriver is missing; the phone navigation check is skipped "
              "(make browser-deps as root)")
        return []
    options = Options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(flag)
    options.binary_location = shutil.which(chromium)
    problems = []
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get((site / PHONE_PAGE).resolve().as_uri())
        for toggle, drawer in (("primary-toggle", "pst-primary-sidebar-modal"),
                               ("secondary-toggle", "pst-secondary-sidebar-modal")):
            buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, f".{toggle}")
                       if b.is_displayed()]
            if len(buttons) != 1:
                problems.append(f"{PHONE_PAGE} at 390 px: {len(buttons)} visible .{toggle} buttons")
                continue
            buttons[0].click()
            opened = driver.execute_script(
                "const d = document.getElementById(arguments[0]);"
                "const open = !!d && d.open && d.querySelectorAll('a').length > 0;"
                "if (d && d.open) { d.close(); } return open;", drawer)
            if not opened:
                problems.append(f"{PHONE_PAGE} at 390 px: the visible .{toggle} button does not "
                                f"open #{drawer} with its links")
    finally:
        driver.quit()
    return problems


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
    if (site / PHONE_PAGE).is_file():
        problems += phone_navigation_problems(site, chromium)
    return problems


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True)
    return re.sub(r"-\n\s*", "-", result.stdout)  # a label broken at its hyphen


def pdf_problems(site: Path, pages: list[Path]) -> list[str]:
    """Unresolved and raw references in the PDFs, and equation numbers that disagree."""
    references = json.loads((site.parent / "references.json").read_text(encoding="utf-8"))
    labels = [name for name in references["labels"] if "-" in name]
    raw = re.compile(r"(?<![\w/#.-])(" + "|".join(map(re.escape, labels)) + r")(?![\w-])")
    texts = {pdf.name: pdf_text(pdf) for pdf in sorted((site / "pdf").glob("*.pdf"))}
    # a label that is also an ordinary word of the web pages ("multi-label") is not a defect
    web = " ".join(body_text(p.read_text(encoding="utf-8")) for p in pages)
    problems = []
    for name, text in texts.items():
        if "??" in text:
            problems.append(f"pdf/{name}: an unresolved reference '??'")
        problems += [f"pdf/{name}: a raw label '{m}'" for m in sorted(set(raw.findall(text)))
                     if m not in web]
    book = texts.get(BOOK_PDF, "")
    for page in pages:
        doc = page.relative_to(site).with_suffix("").as_posix()
        own = texts.get(pdf_name(doc, "book/intro"))
        for target, number in EQUATION_LINK.findall(page.read_text(encoding="utf-8")):
            if target.rsplit("/", 1)[-1] == page.stem:
                continue  # the page's own equation
            if own is not None and not re.search(re.escape(f"({number} in") + r"\s", own):
                problems.append(f"pdf of {doc}: the reference to equation ({number}) of "
                                f"{target} does not print '({number} in ...'")
            if f"({number})" not in book:
                problems.append(f"pdf/{BOOK_PDF}: no equation reference ({number}) as on {doc}")
    return problems


def main(argv: list[str]) -> int:
    check_pdf = "--pdf" in argv
    check_browser = "--browser" in argv
    args = [a for a in argv[1:] if a not in ("--pdf", "--browser")]
    site = Path(args[0]) if args else ROOT / "_build" / "html"
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]
    problems = [msg for page in sorted(pages) for msg in check_page(page, site, check_pdf)]
    if check_pdf:
        problems += pdf_problems(site, sorted(pages))
    if check_browser:
        problems += browser_problems(site)
    for msg in problems:
        print(msg, file=sys.stderr)
    print(f"site: {len(pages)} pages checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
