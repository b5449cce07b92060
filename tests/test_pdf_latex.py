"""The PDFs number and resolve references as the site does (tools/pdf_latex.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import pdf_latex  # noqa: E402

TOC = """
root: book/intro
parts:
  - caption: About
    chapters:
      - file: book/course
  - caption: Part I
    numbered: 3
    chapters:
      - file: book/a/first
      - file: book/a/second
  - caption: Exercises
    numbered: 2
    chapters:
      - file: book/ex/index
        sections:
          - file: book/ex/one
"""

REFS = {
    "baseurl": "https://example.org/book/",
    "numfig_format": {"figure": "Fig. %s", "table": "Table %s", "section": "Section %s"},
    "docs": {
        "book/course": {"title": "Course", "number": None},
        "book/a/first": {"title": "First chapter", "number": "1"},
        "book/a/second": {"title": "Second chapter", "number": "2"},
        "book/ex/one": {"title": "Exercise 1: Sums", "number": "3.1"},
    },
    "labels": {
        "first-chapter": {"doc": "book/a/first", "anchor": "first-chapter", "title": "First chapter",
                          "kind": "section", "number": None},
        "first-sec": {"doc": "book/a/first", "anchor": "first-sec", "title": "Gradients & co",
                      "kind": "section", "number": None},
        "first-fig": {"doc": "book/a/first", "anchor": "first-fig", "title": "A plot",
                      "kind": "figure", "number": "1.4"},
        "ex-fig": {"doc": "book/ex/one", "anchor": "ex-fig", "title": "B", "kind": "figure",
                   "number": "3.7"},
        "second-fig": {"doc": "book/a/second", "anchor": "second-fig", "title": "C",
                       "kind": "figure", "number": "2.1"},
    },
    "equations": {
        "first-loss": {"doc": "book/a/first", "anchor": "equation-first-loss", "number": "1.3"},
        "second-eq": {"doc": "book/a/second", "anchor": "equation-second-eq", "number": "2.2"},
        "ex-eq": {"doc": "book/ex/one", "anchor": "equation-ex-eq", "number": "3.5"},
    },
}


def page(doc: str, body: str) -> str:
    return (f"\\begin{{document}}\n\\sphinxtableofcontents\n"
            f"\\phantomsection\\label{{\\detokenize{{{doc}::doc}}}}\n{body}\n\\end{{document}}")


def test_parts_number_their_headings_as_the_toc_says():
    assert pdf_latex.part_depths(TOC) == {"About": -1, "Part I": 2, "Exercises": 1}
    assert pdf_latex.part_of("book/ex/one", TOC) == "Exercises"
    assert pdf_latex.part_of("book/a/second", TOC) == "Part I"
    assert pdf_latex.part_of("book/intro", TOC) is None


def test_a_page_pdf_numbers_like_its_chapter_and_links_other_chapters():
    depths = pdf_latex.part_depths(TOC)
    body = ("see \\DUrole{xref,std,std-ref}{first\\sphinxhyphen{}sec}, "
            "\\DUrole{xref,std,std-ref}{first\\sphinxhyphen{}chapter}, "
            "\\DUrole{xref,std,std-numref}{first\\sphinxhyphen{}fig}, "
            "\\DUrole{xref,std,std-doc}{/book/course} and "
            "(\\ref{equation:book/a/first:first-loss}) but (\\ref{equation:book/a/second:second-eq})")
    tex = pdf_latex.number_page(page("book/a/second", body), REFS, depths, "Part I")
    assert "\\setcounter{secnumdepth}{2}" in tex
    assert "\\renewcommand{\\thesection}{2.\\arabic{section}}" in tex
    assert "\\renewcommand{\\thefigure}{2.\\arabic{figure}}\\setcounter{figure}{0}" in tex
    assert "\\markboth{Second chapter}{Second chapter}" in tex
    url = "https://example.org/book/book/a/first.html"
    assert f"\\sphinxhref{{{url}\\#first-sec}}{{\\emph{{Gradients \\& co}} in Chapter 1}}" in tex
    assert f"\\sphinxhref{{{url}}}{{Chapter 1, \\emph{{First chapter}}}}" in tex
    assert f"\\sphinxhref{{{url}\\#first-fig}}{{Fig. 1.4}}" in tex
    assert "{\\emph{Course}}" in tex and "DUrole{xref" not in tex
    assert (f"(\\sphinxhref{{{url}\\#equation-first-loss}}{{1.3}} in "
            "\\sphinxstyleemphasis{First chapter})") in tex
    assert "(\\ref{equation:book/a/second:second-eq})" in tex  # its own equation: LaTeX numbers it


def test_an_exercise_sheet_continues_its_chapters_numbers_with_unnumbered_headings():
    tex = pdf_latex.number_page(page("book/ex/one", "x"), REFS, pdf_latex.part_depths(TOC),
                                "Exercises")
    assert "\\setcounter{secnumdepth}{0}" in tex
    assert "\\renewcommand{\\thefigure}{3.\\arabic{figure}}\\setcounter{figure}{6}" in tex
    assert "\\renewcommand{\\theequation}{3.\\arabic{equation}}\\setcounter{equation}{4}" in tex


def test_an_unresolvable_reference_fails_with_the_page_named():
    body = "\\DUrole{xref,std,std-ref}{no\\sphinxhyphen{}such\\sphinxhyphen{}label}"
    with pytest.raises(SystemExit, match="book/a/second: unresolved reference 'no-such-label'"):
        pdf_latex.number_page(page("book/a/second", body), REFS, pdf_latex.part_depths(TOC), "Part I")


def test_the_book_numbers_parts_and_makes_references_the_bibliography():
    tex = ("\\begin{document}\n\\part*{About}\\addcontentsline{toc}{part}{About}\n"
           "\\part*{Part I}\\addcontentsline{toc}{part}{Part I}\n"
           "\\part*{Exercises}\\addcontentsline{toc}{part}{Exercises}\n"
           "\\chapter{References}\n\\label{\\detokenize{book/references::doc}}\nOne sentence.\n"
           "\\begin{sphinxthebibliography}{1}\n\\bibitem{x}\n\\end{sphinxthebibliography}")
    out = pdf_latex.number_book(tex, pdf_latex.part_depths(TOC))
    assert "{About}\n\\setcounter{secnumdepth}{-1}" in out
    assert "{Part I}\n\\setcounter{secnumdepth}{2}" in out
    assert "{Exercises}\n\\setcounter{secnumdepth}{1}" in out
    assert "\\chapter{References}" not in out and "One sentence" not in out
    assert "\\renewcommand{\\bibname}{References}" in out and "book/references::doc" in out
    with pytest.raises(SystemExit, match="no part 'Missing'"):
        pdf_latex.number_book(tex, {"Missing": 1})


def test_adjacent_footnotes_are_separated_and_doubled_nouns_dropped():
    import pdf_latex

    tex = ("SVM\\begin{footnote}[10]x\\end{footnote}\\begin{footnote}[11]y\\end{footnote}. "
           "a\\sphinxfootnotemark[3]%\n\\sphinxfootnotemark[4] b\\sphinxfootnotemark[5] c")
    out = pdf_latex.separate_footnotes(tex)
    assert out.count("\\textsuperscript{,}") == 2
    assert "\\end{footnote}\\textsuperscript{,}\\begin{footnote}[11]" in out
    assert "[5] c" in out  # a mark followed by text is left alone
    link = "the chapter \\sphinxhref{https://x/y.html}{Chapter 2, \\emph{Neurons}} and exercise "
    link += "\\sphinxhref{https://x/e.html}{\\emph{Exercise 5: Backpropagation}}; chapter \\sphinxhref{u}{Exercise 1}"
    out = pdf_latex.drop_doubled_nouns(link)
    assert out.startswith("the \\sphinxhref{https://x/y.html}{Chapter 2")
    assert "and \\sphinxhref{https://x/e.html}{\\emph{Exercise 5" in out
    assert out.endswith("chapter \\sphinxhref{u}{Exercise 1}")  # different nouns: kept
