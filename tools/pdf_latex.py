"""Rewrite the LaTeX that Sphinx writes so that the PDFs read like the web pages.

The site numbers chapters 1, 2, ... through Parts I-IV and the exercises, and figures,
tables and equations per chapter (Fig. 6.2, eq. (6.3)); the front and back matter are not
numbered. ``_build/references.json`` (written by the Sphinx extension) holds every number
the build gave. This module makes the PDFs agree with it:

* the book: each part sets how deep LaTeX numbers its headings (as ``numbered:`` in
  ``_toc.yml``), so that chapter numbers match the site; the References page is the
  bibliography itself (not a one-sentence chapter followed by a "Bibliography" chapter);
* a page's own PDF: its sections, figures, tables and equations carry the chapter's number
  (6.1, Fig. 6.2, (6.3)), and a reference to another page, which Sphinx leaves as a raw
  label ("lincls-chapter") or "??", prints the target's title, number and chapter, and
  links to it on the web;
* a page's own PDF starts on its first page with the page's title as a chapter heading
  (numbered like the site's chapter, "Chapter 6") and its text: no title page and no
  contents page, which left one or two blank pages before the text (the PDF's bookmarks
  list its sections);
* both: a repeated citation prints its footnote number, not "Page 23, 3"; the running
  footer is the page's title (in the book, empty on the home page's text before Part I),
  not "CONTENTS"; two footnote marks in a row are separated by a superscript comma
  ("SVM¹,²", not "SVM¹²"); "the exercise Exercise 5: ..." reads "the Exercise 5: ...".
"""

from __future__ import annotations

import posixpath
import re

import yaml

#: ``\\DUrole{xref,std,std-ref}{label}``: a reference Sphinx could not resolve in this PDF.
XREF = re.compile(r"\\DUrole\{xref,std,std-(ref|doc|numref)\}\{((?:[^{}]|\{[^{}]*\})*)\}")
#: ``\\ref{equation:doc:label}``: an equation reference (LaTeX prints ?? if not in this PDF).
EQREF = re.compile(r"\\ref\{equation:([^:}]+):([^}]+)\}")
DOC_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]+)::doc\}\}")
#: In the book, the References page is followed by Sphinx's own bibliography chapter.
REFERENCES_CHAPTER = re.compile(
    r"\\chapter\{References\}\n(\\label\{[^\n]*\n).*?(?=\\begin\{sphinxthebibliography\})", re.S)
#: Sphinx's prefix for a footnote cited again on a later page ("Page 23, 3").
FOOTNOTE_MARK = "\\renewcommand\\sphinxthefootnotemark[2]{#1}\n"
LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                 "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\^{}"}


#: A footnote (or a repeated footnote's mark) directly followed by another one.
ADJACENT_FOOTNOTES = re.compile(
    r"(\\end\{footnote\}|\\sphinxfootnotemark\[\d+\])(%?\n?)(?=\\begin\{footnote\}|\\sphinxfootnotemark\[)")


#: "chapter" or "exercise" in the prose right before a link that prints "Chapter 5, ..." or
#: "Exercise 3: ..." itself, which would read "chapter Chapter 5": in a page's PDF the link
#: written by ``PageReferences``, in the book Sphinx's own ``\\hyperref`` (whose text is the
#: target's title, "Exercise 5: Backpropagation").
DOUBLED_NOUN = re.compile(
    r"\b([Cc]hapter|[Ee]xercise)\s+("
    r"\\sphinxhref\{[^{}]*\}\{(?:\\emph\{)?"
    r"|\{\\hyperref\[[^\]]*\]\{\\sphinxcrossref\{(?:\\DUrole\{[^{}]*\}\{)?"
    r")(Chapter|Exercise)\b")


def drop_doubled_nouns(tex: str) -> str:
    """"the chapter Chapter 5, Linear regression" -> "the Chapter 5, Linear regression"."""
    return DOUBLED_NOUN.sub(lambda m: m.group(2) + m.group(3)
                            if m.group(1).lower() == m.group(3).lower() else m.group(0), tex)


def separate_footnotes(tex: str) -> str:
    """Put a superscript comma between footnote marks that follow each other directly."""
    return ADJACENT_FOOTNOTES.sub(lambda m: m.group(1) + "\\textsuperscript{,}" + m.group(2), tex)


def escape(text: str) -> str:
    return "".join(LATEX_SPECIAL.get(c, c) for c in text)


def unescape(tex: str) -> str:
    """Plain text of a label as Sphinx writes it: ``lincls\\sphinxhyphen{}chapter``."""
    return tex.replace("\\sphinxhyphen{}", "-").replace("\\_", "_").replace("\\&", "&")


def part_depths(toc_text: str) -> dict[str, int]:
    """LaTeX ``secnumdepth`` of every part of ``_toc.yml``: ``numbered: n`` numbers headings
    down to level n (1 = chapters, LaTeX depth 0); unnumbered parts get -1."""
    depths = {}
    for part in yaml.safe_load(toc_text).get("parts", []):
        numbered = part.get("numbered", False)
        levels = 3 if numbered is True else int(numbered or 0)
        depths[part["caption"]] = levels - 1 if levels else -1
    return depths


def number_book(tex: str, depths: dict[str, int]) -> str:
    """Number the book's headings part by part as the site does (after ``unnumbered_parts``)."""
    for caption, depth in depths.items():
        start = f"\\addcontentsline{{toc}}{{part}}{{{caption}}}"
        if start not in tex:
            raise SystemExit(f"the book's LaTeX has no part '{caption}' (from _toc.yml)")
        tex = tex.replace(start, f"{start}\n\\setcounter{{secnumdepth}}{{{depth}}}", 1)
    match = REFERENCES_CHAPTER.search(tex)
    if match:  # the bibliography starts its own chapter: call it References, keep the labels
        tex = tex[:match.start()] + "\\renewcommand{\\bibname}{References}\n" \
            + match.group(1) + tex[match.end():]
    # The home page's text follows the table of contents without a heading of its own (its
    # title is the book's): without a mark of its own its footer would read "CONTENTS".
    tex = tex.replace("\\sphinxtableofcontents\n", "\\sphinxtableofcontents\n\\markboth{}{}\n", 1)
    return tex.replace("\\begin{document}", FOOTNOTE_MARK + "\\begin{document}", 1)


class PageReferences:
    """Resolve references of one page's PDF with ``_build/references.json``."""

    def __init__(self, references: dict, doc: str) -> None:
        self.refs, self.doc = references, doc
        self.problems: list[str] = []

    def url(self, doc: str, anchor: str | None = None) -> str:
        url = f"{self.refs['baseurl']}{doc}.html" + (f"#{anchor}" if anchor else "")
        return url.replace("%", "\\%").replace("#", "\\#")

    def link(self, doc: str, anchor: str | None, title: str) -> str:
        """"Chapter 5, *Linear regression*", "*Polynomial regression* in Chapter 5", or for
        pages without a chapter number (front matter, exercise sheets) their title."""
        number = self.refs["docs"][doc].get("number")
        chapter = number if number and "." not in number else None
        doc_title = self.refs["docs"][doc]["title"]
        if title == doc_title:
            text = f"Chapter {chapter}, " * bool(chapter) + f"\\emph{{{escape(title)}}}"
        else:
            where = f"Chapter {chapter}" if chapter else f"\\emph{{{escape(doc_title)}}}"
            text = f"\\emph{{{escape(title)}}} in {where}"
        return f"\\sphinxhref{{{self.url(doc, anchor)}}}{{{text}}}"

    def label(self, match: re.Match) -> str:
        kind, text = match.group(1), unescape(match.group(2))
        if kind == "doc":
            doc = self.find_doc(text)
            if doc is None:
                self.problems.append(f"{self.doc}: unresolved page reference '{text}'")
                return match.group(0)
            return self.link(doc, None, self.refs["docs"][doc]["title"])
        info = self.refs["labels"].get(text)
        if info is None:
            self.problems.append(f"{self.doc}: unresolved reference '{text}'")
            return match.group(0)
        if kind == "numref" and info.get("number"):  # "Fig. 6.2" names its chapter already
            text = self.refs["numfig_format"].get(info["kind"], "%s") % info["number"]
            return f"\\sphinxhref{{{self.url(info['doc'], info['anchor'])}}}{{{escape(text)}}}"
        title = info["title"]
        anchor = None if info["title"] == self.refs["docs"][info["doc"]]["title"] else info["anchor"]
        return self.link(info["doc"], anchor, title)

    def find_doc(self, text: str) -> str | None:
        """``/book/x/y`` (set by the Sphinx extension), or a path relative to this page."""
        docs = self.refs["docs"]
        for candidate in (text.lstrip("/"),
                          posixpath.normpath(posixpath.join(posixpath.dirname(self.doc), text))):
            if candidate in docs:
                return candidate
        return None

    def equation(self, match: re.Match) -> str:
        doc, label = match.group(1), match.group(2)
        if doc == self.doc:
            return match.group(0)
        info = self.refs["equations"].get(label)
        if info is None:
            self.problems.append(f"{self.doc}: unresolved equation reference '{label}'")
            return match.group(0)
        title = escape(self.refs["docs"][info["doc"]]["title"])
        return (f"\\sphinxhref{{{self.url(info['doc'], info['anchor'])}}}{{{info['number']}}}"
                f" in \\sphinxstyleemphasis{{{title}}}")


def counter_offsets(references: dict, doc: str) -> dict[str, tuple[str, int]]:
    """For figures, tables and equations of ``doc``: the chapter prefix and the count before
    the page's first one (an exercise sheet continues its chapter's numbering)."""
    numbers: dict[str, list[str]] = {"figure": [], "table": [], "equation": []}
    for info in references["labels"].values():
        if info["doc"] == doc and info.get("number") and info["kind"] in ("figure", "table"):
            numbers[info["kind"]].append(info["number"])
    for info in references["equations"].values():
        if info["doc"] == doc and "." in info["number"]:
            numbers["equation"].append(info["number"])
    offsets = {}
    for counter, found in numbers.items():
        if found:
            prefix, first = min((n.rsplit(".", 1) for n in found), key=lambda p: int(p[1]))
            offsets[counter] = (prefix, int(first) - 1)
    return offsets


def number_page(tex: str, references: dict, depths: dict[str, int], part: str | None) -> str:
    """Number a page's own PDF as the site numbers the page, and resolve its references."""
    match = DOC_LABEL.search(tex)
    if match is None:
        raise SystemExit("a page's LaTeX has no document label")
    doc = match.group(1)
    info = references["docs"].get(doc)
    if info is None:
        raise SystemExit(f"{doc} is not in _build/references.json: run make html first")
    number = info.get("number")
    levels = depths.get(part, -1) - (number.count(".") if number else 0)  # below the title
    setup = [FOOTNOTE_MARK.strip(), f"\\setcounter{{secnumdepth}}{{{levels if number else -1}}}"]
    tex = tex.replace("\\begin{document}", "\\begin{document}\n" + "\n".join(setup), 1)
    counters = []  # after the title, which (as \\chapter) resets them
    if number:
        counters.append(f"\\renewcommand{{\\thesection}}{{{number}.\\arabic{{section}}}}")
    for counter, (prefix, offset) in counter_offsets(references, doc).items():
        counters.append(f"\\renewcommand{{\\the{counter}}}{{{prefix}.\\arabic{{{counter}}}}}"
                        f"\\setcounter{{{counter}}}{{{offset}}}")
    tex = inline_bibliography(page_opening(tex, escape(info["title"]), number, "\n".join(counters)))
    resolver = PageReferences(references, doc)
    tex = EQREF.sub(resolver.equation, XREF.sub(resolver.label, tex))
    if resolver.problems:
        raise SystemExit("references the PDF cannot resolve:\n  " + "\n  ".join(resolver.problems))
    return tex


#: Sphinx's title page and table of contents at the start of a document.
TITLE_AND_CONTENTS = re.compile(
    r"(?:\\pagestyle\{empty\}\n)?(?:\\sphinxmaketitle\n)?(?:\\pagestyle\{plain\}\n)?"
    r"\\sphinxtableofcontents\n(?:\\pagestyle\{normal\}\n)?")


def page_opening(tex: str, title: str, number: str | None, setup: str = "") -> str:
    """Open a page's own PDF with its title and text on the first page.

    Sphinx starts every document with a title page and a table of contents, each followed by
    a blank page in a two-sided document; for one page of the book that is two pages before
    the text, and the text itself starts without a heading (a page's title is only on the
    title page) under a running footer "CONTENTS". Instead the title becomes the heading of
    the first page: ``\\chapter`` numbered as the site numbers the chapter ("Chapter 6"), or
    ``\\chapter*`` for exercise sheets ("Exercise 3: ...", numbered 28.3 on the site) and
    unnumbered pages. The PDF's title and author (which Sphinx sets on the title page) are set
    here, and ``setup`` (counters that ``\\chapter`` would reset) comes after the heading.
    """
    if not TITLE_AND_CONTENTS.search(tex):
        raise SystemExit(f"the LaTeX of '{title}' has no table of contents to replace")
    if number and number.isdigit():
        heading = (f"\\setcounter{{chapter}}{{{int(number) - 1}}}\n"
                   f"\\chapter[{title}]{{{title}}}")
    else:
        heading = (f"\\chapter*{{{title}}}\n"
                   f"\\phantomsection\\addcontentsline{{toc}}{{chapter}}{{{title}}}")
    opening = ("\\makeatletter\\hypersetup{pdfauthor={\\@author}, pdftitle={\\@title}}\\makeatother\n"
               "\\pagestyle{normal}\n"
               f"{heading}\n\\markboth{{{title}}}{{{title}}}\n" + (setup + "\n" if setup else ""))
    return TITLE_AND_CONTENTS.sub(lambda m: opening, tex, count=1)


#: In a page's PDF, the bibliography (of the References page) continues the page's text under
#: its title, instead of a chapter "Bibliography" of its own after a blank page.
INLINE_BIBLIOGRAPHY = (
    "\\makeatletter\\renewenvironment{sphinxthebibliography}[1]"
    "{\\begingroup\\def\\chapter*##1{}\\let\\@mkboth\\@gobbletwo\\begin{thebibliography}{#1}}"
    "{\\end{thebibliography}\\endgroup}\\makeatother\n")


def inline_bibliography(tex: str) -> str:
    """Let a page's bibliography follow its text (see ``INLINE_BIBLIOGRAPHY``)."""
    start = "\\begin{sphinxthebibliography}"
    return tex.replace(start, INLINE_BIBLIOGRAPHY + start, 1) if start in tex else tex


def part_of(doc: str, toc_text: str) -> str | None:
    """Caption of the part that lists ``doc`` (at any depth), or None (the root page)."""
    def lists(entries) -> bool:
        return any(e.get("file") == doc or lists(e.get("sections", []))
                   for e in entries or [])

    for part in yaml.safe_load(toc_text).get("parts", []):
        if lists(part.get("chapters", [])):
            return part["caption"]
    return None
