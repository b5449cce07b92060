"""Find measured numbers typed by hand into the prose of the book's pages.

Every number the text states about a run must be glued from that run (``{glue:text}``) or
asserted by a check cell (DESIGN.md). This heuristic flags the obvious offenders: a number
with at least three significant digits (``0.659``, ``97.7``, ``1.45e-3``, ``12,345``; an
integer also needs four digits, so that 128 or 784 pass) that
appears in a page's prose *and* in a text output of the page's executed notebook (the
jupyter-cache of the last build). Prose is the Markdown outside code cells, code blocks,
maths, roles (``{glue:text}``, ``{eq}``, ``{footcite}`` ...), inline code, link targets and
directive options; years 1900-2099 are ignored, and so are published numbers: those in a
sentence that cites its source (``{footcite}``) after them.

An output number matches a prose number when it has at least as many decimals and rounds to
it: ``97.7`` in the text matches ``97.70`` or ``97.695`` printed by a cell.

Usage::

    python tools/check_numbers.py                   # every page of _toc.yml
    python tools/check_numbers.py book/deep/cnn.md  # just these pages
    python tools/check_numbers.py --cache DIR ...   # another jupyter-cache (read only)
    python tools/check_numbers.py --stale           # pages changed since their last run:
                                                    # use the outputs of that run

Exit status 1 when a hand-typed number is found.
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import execute  # noqa: E402
import notebooks  # noqa: E402
import plain_markdown  # noqa: E402

ROOT = execute.ROOT
#: A number: digits with thousands separators, or plain digits, with decimals and exponent.
NUMBER = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w]|\.\d|,\d{3})"
)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})\s*(\{(?P<directive>[^}]+)\})?.*$")
#: Directives whose body is code or data, not prose.
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "literalinclude", "math", "raw"}
INLINE_MATH = re.compile(r"(?<!\\)\$[^$]+?(?<!\\)\$")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
HTML_COMMENT = re.compile(r"<!--.*?-->")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def significant_digits(token: str) -> int:
    """Significant digits of a number as written (leading zeros and integer trailing zeros
    do not count: ``0.0659`` has 3, ``10,000`` has 1, ``1.50`` has 3)."""
    mantissa = re.split(r"[eE]", token.replace(",", ""))[0]
    if "." in mantissa:
        digits = mantissa.replace(".", "").lstrip("0")
    else:
        digits = mantissa.lstrip("0").rstrip("0")
    return len(digits)


def parse(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def decimals(token: str) -> int:
    """Number of decimals the token states (after the exponent is applied)."""
    value = parse(token)
    return max(0, -value.as_tuple().exponent) if value is not None else 0


def is_year(token: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", token) is not None


def is_precise(token: str) -> bool:
    """At least three significant digits; an integer also needs four digits, so that
    sizes such as 128, 256 or 784 (hyper-parameters, image sizes) are not taken for results."""
    if significant_digits(token) < 3 or is_year(token):
        return False
    return bool(re.search(r"[.eE]", token)) or len(token.replace(",", "")) >= 4


def candidates(text: str) -> list[str]:
    """Numbers of a prose line that are precise enough to have come from a run."""
    return [m[0] for m in NUMBER.finditer(text) if is_precise(m[0])]


def strip_inline(line: str) -> str:
    """A prose line without roles, inline code, inline maths, link targets and comments."""
    line = plain_markdown.TOKEN.sub(" ", line)
    line = INLINE_MATH.sub(" ", line)
    line = LINK_TARGET.sub("] ", line)
    return HTML_COMMENT.sub(" ", line)


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, prose) of a MyST Markdown page, everything that is not prose removed."""
    lines = text.splitlines()
    found: list[tuple[int, str]] = []
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    closing: list[str] = []  # stack of open fences; a code fence skips its whole body
    skipping = None
    in_math = False
    for index in range(start, len(lines)):
        line = lines[index]
        if skipping:
            if re.match(rf"^ {{0,3}}{re.escape(skipping[0])}{{{len(skipping)},}}\s*$", line):
                skipping = None
            continue
        if in_math:
            in_math = "$$" not in line
            continue
        fence = FENCE.match(line)
        if fence:
            mark, directive = fence[1], (fence["directive"] or "").split(":")[0].strip()
            if closing and line.strip() == closing[-1]:
                closing.pop()
            elif fence["directive"] is None and mark[0] != ":" and line.strip() != mark:
                skipping = mark  # ```python ... ```: a code block
            elif directive in CODE_DIRECTIVES or (fence["directive"] is None and mark[0] != ":"):
                skipping = mark
            else:
                closing.append(mark)
            continue
        stripped = line.strip()
        if stripped.startswith("$$"):
            in_math = stripped.count("$$") == 1
            continue
        if (stripped.startswith("+++") or re.match(r"^\([^()\s]+\)=$", stripped)
                or (closing and re.match(r"^:[\w-]+:", stripped))):
            continue
        found.append((index + 1, strip_inline(line)))
    return found


def output_text(nb) -> str:
    """The text a reader sees in the outputs of an executed notebook (glue records aside)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook"):
                continue  # a glued value: using it in the text is exactly what we want
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
            elif "text/plain" in output.get("data", {}):
                parts.append(output["data"]["text/plain"])
    return "\n".join(parts)


def printed_numbers(text: str) -> list[str]:
    return [m[0] for m in NUMBER.finditer(text)]


def matches(prose: str, printed: str) -> bool:
    """Does a printed number repeat the prose number (equal after rounding to its decimals)?"""
    a, b = parse(prose), parse(printed)
    if a is None or b is None or decimals(printed) < decimals(prose):
        return False
    return b.quantize(Decimal(1).scaleb(-decimals(prose))) == a if decimals(prose) else \
        round(b) == a and decimals(printed) == 0


def cited(lines: list[str], line: int, token: str) -> bool:
    """Does the sentence of ``token`` (on 1-based ``line``) cite a source after it?"""
    raw = lines[line - 1]
    rest = raw[raw.find(token) + len(token):] if token in raw else raw
    for following in lines[line:]:
        if not following.strip():
            break
        rest += " " + following
    end = SENTENCE_END.search(rest)
    return "{footcite" in (rest[:end.start()] if end else rest)


def find(text: str, outputs: str) -> list[tuple[int, str]]:
    """(line, number) of every prose number of ``text`` that ``outputs`` prints."""
    printed = printed_numbers(outputs)
    lines = text.splitlines()
    hits = []
    for line, prose in prose_lines(text):
        for token in candidates(prose):
            if any(matches(token, p) for p in printed) and not cited(lines, line, token):
                hits.append((line, token))
    return hits


def executed_notebook(page: Path, cache_dir: Path):
    """The page's executed notebook in the jupyter-cache, or None (opened read-only)."""
    if not (cache_dir / "global.db").is_file():
        return None
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    try:
        record = cache.match_cache_notebook(execute.read_page(page))
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def latest_notebook(page: Path, cache_dir: Path):
    """The page's most recent executed notebook in the cache, even if its code has changed
    since (for ``--stale``: the outputs of an older version still show hand-typed numbers)."""
    if not (cache_dir / "global.db").is_file():
        return None
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    records = [r for r in cache.list_cache_records() if r.uri == str(page)]
    if not records:
        return None
    return cache.get_cache_bundle(max(records, key=lambda r: r.created).pk).nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: all of _toc.yml)")
    parser.add_argument("--cache", type=Path, default=ROOT / "_build" / ".jupyter_cache")
    parser.add_argument("--stale", action="store_true",
                        help="for a page whose code changed since its last run, use that run")
    args = parser.parse_args(argv)
    pages = [p.resolve() for p in args.pages] or execute.toc_pages()
    problems, missing = 0, []
    for page in pages:
        if not notebooks.is_notebook_page(page):
            continue
        nb = executed_notebook(page, args.cache)
        rel = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
        note = ""
        if nb is None and args.stale:
            nb, note = latest_notebook(page, args.cache), " (by an earlier version of the page)"
        if nb is None:
            missing.append(str(rel))
            continue
        for line, number in find(page.read_text(encoding="utf-8"), output_text(nb)):
            print(f"{rel}:{line}: number {number} in the text is printed by a cell{note}; glue it")
            problems += 1
    for rel in missing:
        print(f"{rel}: not in the jupyter-cache (or changed since): not checked", file=sys.stderr)
    print(f"check_numbers: {len(pages) - len(missing)} page(s) checked, "
          f"{problems} hand-typed number(s), {len(missing)} page(s) not in the cache")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
