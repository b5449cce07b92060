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
    """A page's document as Sphinx writes it: title page, contents, then the text."""
    return ("\\begin{document}\n\n\\pagestyle{empty}\n\\sphinxmaketitle\n\\pagestyle{plain}\n"
            "\\sphinxtableofcontents\n\\pagestyle{normal}\n"
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


def test_book_links_to_exercises_do_not_double_the_noun():
    tex = ("see exercise\n{\\hyperref[\\detokenize{book/ex/one::doc}]{\\sphinxcrossref{\\DUrole{doc}"
           "{Exercise 1: Sums}}}} and the chapter {\\hyperref[\\detokenize{book/a/first:first}]"
           "{\\sphinxcrossref{\\DUrole{std,std-ref}{First chapter}}}}")
    out = pdf_latex.drop_doubled_nouns(tex)
    assert out.startswith("see {\\hyperref[\\detokenize{book/ex/one::doc}]{\\sphinxcrossref{")
    assert "the chapter {\\hyperref" in out  # the link does not say "Chapter": kept


def test_a_page_pdf_opens_with_its_title_and_text_not_a_title_page_and_contents():
    depths = pdf_latex.part_depths(TOC)
    tex = pdf_latex.number_page(page("book/a/second", "Text."), REFS, depths, "Part I")
    assert "\\sphinxmaketitle" not in tex and "\\sphinxtableofcontents" not in tex
    assert "\\pagestyle{empty}" not in tex and "\\pagestyle{plain}" not in tex
    opening = tex[tex.index("\\begin{document}"):tex.index("Text.")]
    # numbered like the site's chapter; the counters that \\chapter resets are set after it
    assert opening.index("\\setcounter{secnumdepth}{2}") < opening.index(
        "\\setcounter{chapter}{1}\n\\chapter[Second chapter]{Second chapter}") < opening.index(
        "\\markboth{Second chapter}{Second chapter}") < opening.index(
        "\\renewcommand{\\thefigure}{2.\\arabic{figure}}")
    assert "pdftitle={\\@title}" in opening  # set by the title page before
    sheet = pdf_latex.number_page(page("book/ex/one", "x"), REFS, depths, "Exercises")
    assert "\\chapter*{Exercise 1: Sums}\n\\phantomsection\\addcontentsline{toc}{chapter}{Exercise 1: Sums}" in sheet
    course = pdf_latex.number_page(page("book/course", "x"), REFS, depths, "About")
    assert "\\chapter*{Course}" in course and "\\setcounter{chapter}" not in course
    with pytest.raises(SystemExit, match="no table of contents"):
        pdf_latex.page_opening("\\begin{document}\nx", "T", None)


def test_the_books_front_matter_has_no_contents_footer():
    tex = ("\\begin{document}\n\\pagestyle{empty}\n\\sphinxmaketitle\n\\pagestyle{plain}\n"
           "\\sphinxtableofcontents\n\\pagestyle{normal}\nWelcome.\n"
           "\\part*{About}\\addcontentsline{toc}{part}{About}\n")
    out = pdf_latex.number_book(tex, {"About": -1})
    assert "\\sphinxtableofcontents\n\\markboth{}{}\n\\pagestyle{normal}\nWelcome." in out
    assert "\\sphinxmaketitle" in out  # the book keeps its title page


def test_the_references_page_pdf_lists_its_works_under_its_own_title():
    body = "All works.\n\\begin{sphinxthebibliography}{9}\n\\bibitem[1]{x}\n\\end{sphinxthebibliography}"
    tex = pdf_latex.number_page(page("book/course", body), REFS, pdf_latex.part_depths(TOC), "About")
    assert tex.count("\\chapter*{") == 1 and "\\chapter*{Course}" in tex
    assert f"All works.\n{pdf_latex.INLINE_BIBLIOGRAPHY}\\begin{{sphinxthebibliography}}{{9}}" in tex
    assert pdf_latex.inline_bibliography("no list") == "no list"


def test_pdf_checks_find_wide_tables_ignored_options_and_text_a_reader_would_trip_on(tmp_path):
    import pdf

    (tmp_path / "a.log").write_text(
        "Overfull \\hbox (64.10498pt too wide) in alignment at lines 124--143\n"
        "Overfull \\hbox (0.5pt too wide) in alignment at lines 1--2\n"
        "Overfull \\hbox (33.8pt too wide) in paragraph at lines 2624--2624\n"
        "Package hyperref Warning: Option `pdflang' has already been used,\n")
    (tmp_path / "b.log").write_text("Overfull \\hbox (0.5pt too wide) in alignment at lines 1--2\n")
    assert pdf.wide_tables(tmp_path) == ["a.pdf: a table runs 64 pt into the margin"]
    assert pdf.ignored_options(tmp_path) == ["a.pdf: hyperref ignored the option pdflang"]
    text = "see the chapter\nChapter 5, Linear and exercise Exercise 3; Chapter 4\nCONTENTS\n"
    problems = pdf.text_problems(text, "x.pdf", book=False)
    assert problems == ["x.pdf: 'chapter Chapter' and 1 more doubled noun(s)",
                        "x.pdf: 'CONTENTS' 1 time(s) outside the table of contents"]
    assert pdf.text_problems("CONTENTS\nChapter 1 ... the chapter on Chapter", "b.pdf", book=True) == []
