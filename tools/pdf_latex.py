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
* both: a repeated citation prints its footnote number, not "Page 23, 3"; the running head
  of a page's PDF is its title, not "CONTENTS"; two footnote marks in a row are separated
  by a superscript comma ("SVM¹,²", not "SVM¹²").
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
#: "Exercise 3: ..." itself (in a page's PDF), which would read "chapter Chapter 5".
DOUBLED_NOUN = re.compile(r"\b([Cc]hapter|[Ee]xercise)\s+(\\sphinxhref\{[^{}]*\}\{(?:\\emph\{)?)(Chapter|Exercise)\b")


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
    setup = [FOOTNOTE_MARK.strip()]
    levels = depths.get(part, -1) - (number.count(".") if number else 0)  # below the title
    setup.append(f"\\setcounter{{secnumdepth}}{{{levels if number else -1}}}")
    if number:
        setup.append(f"\\renewcommand{{\\thesection}}{{{number}.\\arabic{{section}}}}")
    for counter, (prefix, offset) in counter_offsets(references, doc).items():
        setup.append(f"\\renewcommand{{\\the{counter}}}{{{prefix}.\\arabic{{{counter}}}}}"
                     f"\\setcounter{{{counter}}}{{{offset}}}")
    tex = tex.replace("\\begin{document}", "\\begin{document}\n" + "\n".join(setup), 1)
    title = escape(info["title"])
    tex = tex.replace("\\sphinxtableofcontents",
                      f"\\sphinxtableofcontents\n\\markboth{{{title}}}{{{title}}}", 1)
    resolver = PageReferences(references, doc)
    tex = EQREF.sub(resolver.equation, XREF.sub(resolver.label, tex))
    if resolver.problems:
        raise SystemExit("references the PDF cannot resolve:\n  " + "\n  ".join(resolver.problems))
    return tex


def part_of(doc: str, toc_text: str) -> str | None:
    """Caption of the part that lists ``doc`` (at any depth), or None (the root page)."""
    def lists(entries) -> bool:
        return any(e.get("file") == doc or lists(e.get("sections", []))
                   for e in entries or [])

    for part in yaml.safe_load(toc_text).get("parts", []):
        if lists(part.get("chapters", [])):
            return part["caption"]
    return None
