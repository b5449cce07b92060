"""Turn the MyST Markdown of a page into the plain Jupyter Markdown of its notebook twin.

Binder, Colab and JupyterLab render CommonMark with LaTeX maths, not MyST. Every MyST
construct the book uses becomes plain Markdown with the same numbers and titles as the
built page, taken from ``_build/references.json`` (written by the Sphinx extension
``neurocomp_book``), so that page and notebook cannot disagree:

========================================  ==================================================
MyST in the page                          Markdown in the notebook
========================================  ==================================================
``(label)=``                              removed (the heading stays)
``$$ ... $$ (label)``                     ``$$ ... \\tag{n} $$`` with the page's number
``{eq}`label```                           ``(n)``, linked to the other page when it is there
``{ref}`label``` / ``{ref}`text <l>```    the target's title (or the text), linked
``{numref}`label```                       "Fig. n" / "Table n" as on the page, linked
``{doc}`path```                           the page's title, linked to the published page
``{footcite}`k``` / ``{footcite:t}`k```   (Author, year) / Author (year)
``{footbibliography}``                    a "References" list of the works cited
``{glue:text}`key:fmt```                  the value of the book's run, between markers
``{glue:figure} key``                     the caption (the figure is the cell's output)
``{literalinclude}``                      the code itself, as a Python code block
admonitions (``{note}``, ...)             a block quote with a bold title
                                          (a ``:class: dropdown`` one: <details>)
``{raw} html``                            the HTML itself
========================================  ==================================================

Anything else fails with the page and line named: CONTRIBUTING.md lists what a page may use.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from myst_nb.core.variables import format_plain_text
from sphinx.directives.code import LiteralIncludeReader

ADMONITIONS = {"note", "tip", "important", "warning", "caution", "attention", "hint",
               "seealso", "danger", "error", "admonition"}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
PLAIN_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LABEL_LINE = re.compile(r"^\(([^()\s]+)\)=\s*$")
MATH_END = re.compile(r"^(?P<body>.*)\$\$\s*(?:\((?P<label>[^()\s]+)\))?\s*$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
TOKEN = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`|(?P<code>`+).+?(?P=code)")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
BLOCK_START = re.compile(r"^ {0,3}([-+*>#]|\d+[.)])(\s|$)")
INLINE_DOLLAR = re.compile(r"(?<!\\)\$")
CODE_SPAN = re.compile(r"(`+).+?\1")
GLUE_MARK = re.compile(r"<!--glue (?P<key>\S+?)-->.*?<!--/glue-->", re.S)


class ConversionError(ValueError):
    """A construct the converter does not know; the message names the page and the line."""


@dataclass
class Context:
    """What a conversion needs besides the text: resolved references, works, glued values."""

    page: Path                      # the source page
    root: Path                      # the book's folder
    references: dict                # _build/references.json
    bibliography: dict[str, dict]   # key -> {"label": "Author", "year": ..., "entry": text}
    glued: dict[str, str] = field(default_factory=dict)  # key -> text/plain of the run
    cited: list[str] = field(default_factory=list)

    @property
    def docname(self) -> str:
        return self.page.relative_to(self.root).with_suffix("").as_posix()

    def url(self, doc: str, anchor: str | None = None) -> str:
        base = (self.references.get("baseurl") or "").rstrip("/")
        return f"{base}/{doc}.html" + (f"#{anchor}" if anchor else "")

    def link(self, text: str, doc: str, anchor: str | None) -> str:
        # A notebook has no anchors of the book's labels (Jupyter and Colab name headings
        # their own way), so a target on the same page is linked on the published page too.
        if doc == self.docname and not anchor:
            return text
        return f"[{text}]({self.url(doc, anchor)})"

    def fail(self, line: int | None, message: str) -> ConversionError:
        where = f"{self.page.relative_to(self.root)}" + (f", line {line}" if line else "")
        return ConversionError(f"{where}: {message}")


# --------------------------------------------------------------------------- roles
def _equation(ctx: Context, label: str) -> str:
    eq = ctx.references["equations"].get(label)
    if eq is None:
        raise ctx.fail(None, f"equation label '{label}' is not in the build's references")
    text = ctx.references["math_eqref_format"].replace("{number}", eq["number"])
    return ctx.link(text, eq["doc"], eq["anchor"]) if eq["doc"] != ctx.docname else text


def _label(ctx: Context, label: str) -> dict:
    target = ctx.references["labels"].get(label.lower()) or ctx.references["labels"].get(label)
    if target is None:
        raise ctx.fail(None, f"label '{label}' is not in the build's references")
    return target


def _ref(ctx: Context, content: str) -> str:
    explicit = EXPLICIT.match(content)
    text, label = (explicit["text"], explicit["target"]) if explicit else (None, content)
    target = _label(ctx, label)
    return ctx.link(text or target["title"], target["doc"], target["anchor"])


def _numref(ctx: Context, content: str) -> str:
    explicit = EXPLICIT.match(content)
    text, label = (explicit["text"], explicit["target"]) if explicit else (None, content)
    target = _label(ctx, label)
    if target["number"] is None:
        raise ctx.fail(None, f"{{numref}} to '{label}', which has no number")
    fmt = text or ctx.references["numfig_format"].get(target["kind"], "%s")
    shown = fmt.replace("%s", target["number"]).replace("{number}", target["number"])
    shown = shown.replace("{name}", target["title"] or "")
    return ctx.link(shown, target["doc"], target["anchor"])


def _doc(ctx: Context, content: str) -> str:
    explicit = EXPLICIT.match(content)
    text, path = (explicit["text"], explicit["target"]) if explicit else (None, content)
    base = Path(ctx.docname).parent
    doc = path.lstrip("/") if path.startswith("/") else (base / path).as_posix()
    doc = str(Path(doc).as_posix())
    parts: list[str] = []
    for part in doc.split("/"):
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    doc = "/".join(parts)
    info = ctx.references["docs"].get(doc)
    if info is None:
        raise ctx.fail(None, f"{{doc}} to '{path}', which is not a page of the book")
    return ctx.link(text or info["title"], doc, None)


def _cite(ctx: Context, content: str, textual: bool) -> str:
    keys = [k.strip() for k in content.split(",") if k.strip()]
    parts = []
    for key in keys:
        work = ctx.bibliography.get(key)
        if work is None:
            raise ctx.fail(None, f"citation '{key}' is not in references.bib")
        if key not in ctx.cited:
            ctx.cited.append(key)
        parts.append(f"{work['label']} ({work['year']})" if textual else f"{work['label']}, {work['year']}")
    return ", ".join(parts) if textual else "(" + "; ".join(parts) + ")"


def _glue_text(ctx: Context, content: str) -> str:
    key, _, fmt = content.partition(":")
    if key in ctx.glued:
        value = format_plain_text(ctx.glued[key], fmt)
    else:
        value = f"[{key}]"  # not run yet: the marker keeps the place
    return f"<!--glue {key}-->{value}<!--/glue-->"


def convert_roles(text: str, ctx: Context, line: int | None = None) -> str:
    """Replace every role of ``text``; inline code spans are left as they are."""

    def replace(match: re.Match) -> str:
        return _role(match, ctx, line) if match["role"] else match[0]

    return TOKEN.sub(replace, text)


def _role(match: re.Match, ctx: Context, line: int | None) -> str:
    role, content = match["role"], match["content"]
    try:
        if role == "eq":
            return _equation(ctx, content)
        if role == "ref":
            return _ref(ctx, content)
        if role == "numref":
            return _numref(ctx, content)
        if role == "doc":
            return _doc(ctx, content)
        if role in ("footcite", "cite", "cite:p", "footcite:p"):
            return _cite(ctx, content, textual=False)
        if role in ("footcite:t", "cite:t"):
            return _cite(ctx, content, textual=True)
        if role in ("glue:text", "glue"):
            return _glue_text(ctx, content)
        if role == "math":
            return f"${content}$"
    except ConversionError as err:
        raise ctx.fail(line, str(err).split(": ", 1)[-1]) from None
    raise ctx.fail(line, f"the role {{{role}}} has no plain-Markdown form (see CONTRIBUTING.md)")


# ----------------------------------------------------------------------- directives
def _options(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's body into its ``:key: value`` options and its content."""
    options: dict[str, str] = {}
    index = 0
    while index < len(lines) and re.match(r"^:[\w-]+:", lines[index]):
        key, _, value = lines[index][1:].partition(":")
        options[key] = value.strip()
        index += 1
    if index < len(lines) and not lines[index].strip():
        index += 1
    return options, lines[index:]


def literal_include(ctx: Context, arg: str, options: dict[str, str], line: int) -> str:
    """The code a ``{literalinclude}`` shows, read exactly as Sphinx reads it, dedented."""
    path = (ctx.page.parent / arg).resolve()
    if not path.is_file():
        raise ctx.fail(line, f"literalinclude of a missing file {arg}")
    config = SimpleNamespace(source_encoding="utf-8-sig")
    reader_options = {k: v for k, v in options.items() if k in (
        "pyobject", "lines", "start-after", "end-before", "start-at", "end-at", "dedent")}
    if "dedent" in reader_options:
        reader_options["dedent"] = int(reader_options["dedent"] or 0) or None
    text, _ = LiteralIncludeReader(str(path), reader_options, config).read()
    language = options.get("language", "python")
    return f"```{language}\n{textwrap.dedent(text).rstrip()}\n```"


def _directive(name: str, arg: str, body: list[str], ctx: Context, line: int) -> str:
    options, content = _options(body)
    if name in ADMONITIONS:
        title = arg if name == "admonition" else name.capitalize()
        inner = convert_markdown("\n".join(content), ctx, line + len(body) - len(content) + 1)
        if "dropdown" in options.get("class", "").split():
            # a toggle in Jupyter too: the answer stays hidden until the reader clicks
            summary = convert_roles(title or "Show", ctx, line)
            return f"<details>\n<summary><b>{summary}</b></summary>\n\n{inner.strip()}\n\n</details>"
        quoted = "\n".join("> " + row if row else ">" for row in inner.splitlines())
        return f"> **{convert_roles(title, ctx, line)}**\n>\n{quoted}" if title else quoted
    if name == "literalinclude":
        return literal_include(ctx, arg, options, line)
    if name == "glue:figure":
        caption = convert_markdown("\n".join(content), ctx, line).strip()
        label = options.get("name")
        target = ctx.references["labels"].get(label) if label else None
        if target and target["number"]:
            prefix = ctx.references["numfig_format"]["figure"].replace("%s", target["number"])
            return f"*{prefix}: {caption}*"
        return f"*{caption}*" if caption else ""
    if name == "figure":
        caption = convert_markdown("\n".join(content), ctx, line).strip()
        alt = options.get("alt", caption)
        return f"![{alt}]({arg})\n\n*{caption}*"
    if name in ("footbibliography", "bibliography"):
        return bibliography_list(ctx)
    if name == "math":
        tag = ""
        if options.get("label"):
            tag = f" \\tag{{{ctx.references['equations'][options['label']]['number']}}}"
        return "$$\n" + "\n".join(content).strip() + tag + "\n$$"
    if name == "raw" and arg.strip() == "html":
        return "\n".join(content)
    raise ctx.fail(line, f"the directive {{{name}}} has no plain-Markdown form (see CONTRIBUTING.md)")


def bibliography_list(ctx: Context) -> str:
    if not ctx.cited:
        return ""
    rows = [f"- {ctx.bibliography[key]['entry']}" for key in ctx.cited]
    return "**References**\n\n" + "\n".join(rows)


# ----------------------------------------------------------------------- the parser
def _math_block(lines: list[str], start: int, ctx: Context) -> tuple[str, int]:
    """A ``$$ ... $$ (label)`` block starting at ``start``; return its text and the next line."""
    rest = lines[start].strip()[2:]
    index = start
    while True:
        end = MATH_END.match(rest) if "$$" in rest else None
        if end is not None:
            body = lines[start + 1:index] if index > start else []
            first = lines[start].strip()[2:] if index > start else ""
            tex = "\n".join(([first] if first.strip() else []) + body + [end["body"]])
            label = end["label"]
            break
        index += 1
        if index >= len(lines):
            raise ctx.fail(start + 1, "a $$ block that is never closed")
        rest = lines[index]
    tex = tex.strip()
    if label:
        eq = ctx.references["equations"].get(label)
        if eq is None:
            raise ctx.fail(start + 1, f"equation label '{label}' is not in the build's references")
        tex = f"{tex} \\tag{{{eq['number']}}}"
    return f"$$\n{tex}\n$$", index + 1


def convert_markdown(text: str, ctx: Context, first_line: int = 1) -> str:
    """Convert one Markdown cell (or a directive's content) to plain Jupyter Markdown."""
    lines = text.split("\n")
    out: list[str] = []
    in_paragraph: list[int] = []  # indices in out of plain text lines (not blocks)
    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        if LABEL_LINE.match(line):
            index += 1
            continue
        directive = FENCE.match(line)
        if directive:
            fence = directive["fence"]
            closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            if end >= len(lines):
                raise ctx.fail(number, f"the directive {{{directive['name']}}} is never closed")
            out.append(_directive(directive["name"], directive["arg"].strip(),
                                  lines[index + 1:end], ctx, number))
            index = end + 1
            continue
        plain = PLAIN_FENCE.match(line)
        if plain:  # a code block: copied as it is
            closing = re.compile(rf"^ {{0,3}}{re.escape(plain[1][0])}{{{len(plain[1])},}}\s*$")
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            out.extend(lines[index:end + 1])
            index = end + 1
            continue
        if line.strip().startswith("$$"):
            block, index = _math_block(lines, index, ctx)
            out.append(block)
            continue
        converted = convert_roles(line, ctx, number)
        if _continues(out, converted, in_paragraph):
            out[-1] = f"{out[-1].rstrip()} {converted.lstrip()}"
        else:
            out.append(converted)
            in_paragraph.append(len(out) - 1)
        index += 1
    return "\n".join(out).strip("\n")


def _continues(out: list[str], line: str, in_paragraph: list[int]) -> bool:
    """Whether ``line`` must be joined to the previous line of its paragraph.

    CommonMark lets an HTML comment (our glue markers) or a list marker at the start of a
    line break a paragraph, and a renderer that parses Markdown before maths then splits a
    ``$...$`` formula that runs over two lines. A newline inside a paragraph is a space, so
    joining such a line to the previous one changes nothing else.
    """
    if not out or not in_paragraph or in_paragraph[-1] != len(out) - 1 or not out[-1].strip():
        return False
    if line.lstrip().startswith("<!--glue "):
        return True
    if not BLOCK_START.match(line):
        return False
    paragraph: list[str] = []
    for index in reversed(range(len(out))):  # the paragraph's lines so far, back to a blank
        if index not in in_paragraph or not out[index].strip():
            break
        paragraph.append(out[index])
    dollars = len(INLINE_DOLLAR.findall(CODE_SPAN.sub("", " ".join(paragraph))))
    return dollars % 2 == 1  # inside a formula that started on an earlier line


def mask_glued(text: str) -> str:
    """The text with the values of glued variables blanked (they differ from run to run)."""
    return GLUE_MARK.sub(lambda m: f"<!--glue {m['key']}--><!--/glue-->", text)


def _latex_text(value: str) -> str:
    from pybtex.richtext import Text

    return Text.from_latex(value).render_as("text")


class Bibliography(dict):
    """Works of ``references.bib``, each formatted the first time it is asked for."""

    def __init__(self, path: Path):
        from pybtex.database import parse_file

        super().__init__()
        self._data = parse_file(str(path))

    def __contains__(self, key: object) -> bool:
        return key in self._data.entries

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __missing__(self, key: str) -> dict:
        from pybtex.style.formatting.plain import Style

        entry = self._data.entries[key]
        text = next(iter(Style().format_entries([entry]))).text.render_as("markdown")
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_latex_text(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not names:
            label = _latex_text(entry.fields.get("organization", entry.fields.get("title", key)))
        elif len(names) == 1:
            label = names[0]
        elif len(names) == 2:
            label = f"{names[0]} and {names[1]}"
        else:
            label = f"{names[0]} et al."
        work = {"label": label, "year": entry.fields.get("year", "n.d."),
                "entry": text.replace("\n", " ")}
        self[key] = work
        return work


def load_bibliography(path: Path) -> Bibliography:
    """Author-year labels and formatted entries of the works in ``references.bib``."""
    return Bibliography(path)


_MARKDOWN_BODY = ADMONITIONS | {"glue:figure", "figure", "epigraph", "sidebar", "margin"}
_BREAKING_START = re.compile(r"^\s*([-+*]\s|#{1,6}\s|\d+[.)]\s|>)")


def maths_line_breaks(text: str) -> list[tuple[int, str]]:
    """Lines inside inline maths that Markdown would read as a list item, heading or quote.

    An inline formula ``$...$`` may continue on the next line of its paragraph; if that
    line starts with "+ ", "- ", "* ", "# ", "1. " or ">", Markdown ends the paragraph
    there and starts a list (or heading, or quote), splitting the formula. Display maths
    (``$$`` blocks) and code are parsed as blocks and are safe; the Markdown inside an
    admonition or a figure's caption is read like the rest of the page. Returns (line
    number, line) for each such line.
    """
    found: list[tuple[int, str]] = []
    code: str | None = None  # the fence of the code block we are in
    markdown: list[str] = []  # fences of the open directives whose body is Markdown
    display = False
    open_inline = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if code:
            if stripped == code:
                code = None
            continue
        if markdown and stripped == markdown[-1]:
            markdown.pop()
            open_inline = False
            continue
        marker = re.match(r"^(`{3,}|:{3,})(?:\{([\w:-]+)\})?", stripped)
        if marker:
            fence, name = marker.groups()
            if name in _MARKDOWN_BODY:
                markdown.append(fence)
            else:
                code = fence
            open_inline = False
            continue
        if display:
            display = "$$" not in stripped  # a line with $$ closes the block
            continue
        if stripped.startswith("$$"):
            display = stripped.count("$$") == 1  # "$$ x $$" opens and closes at once
            open_inline = False
            continue
        if not stripped or stripped.startswith(":") and markdown:
            open_inline = False  # a blank line, or an option line of a directive
            continue
        if open_inline and _BREAKING_START.match(line):
            found.append((number, line))
        singles = len(re.findall(r"(?<![\\$])\$(?!\$)", line))
        open_inline = open_inline ^ (singles % 2 == 1)
    return found
