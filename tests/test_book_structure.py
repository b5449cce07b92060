"""The table of contents, the pages and the configuration agree with each other."""

from __future__ import annotations

import re

import check_build
import execute
import yaml
from conftest import ROOT
from neurocomp_book import pdf_name


def test_every_toc_entry_exists_and_every_page_is_listed():
    listed = {p.resolve() for p in execute.toc_pages()}
    pages = {p.resolve() for p in (ROOT / "book").rglob("*.md")}
    assert pages - listed == set(), f"pages missing from _toc.yml: {sorted(pages - listed)}"


def test_page_names_are_kebab_case_without_numbers():
    for page in (ROOT / "book").rglob("*.md"):
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", page.stem), page
        assert not re.match(r"\d", page.stem), page


def test_all_four_parts_and_exercises_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    captions = " ".join(part["caption"] for part in toc["parts"])
    for part in ("Part I", "Part II", "Part III", "Part IV", "Exercises"):
        assert part in captions


def test_pins():
    requirements = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^jupyter-book>=1\.0\.4,<2$", requirements, re.M)
    assert re.search(r"^-e \./code$", requirements, re.M)
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (ROOT / "code" / "__init__.py").exists()


def test_the_lock_pins_every_package_and_agrees_with_the_requirements():
    requirements = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-c constraints\.txt$", requirements, re.M)
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "constraints.txt").read_text(), re.M))
    normal = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in pins.items()}
    assert len(normal) > 100
    assert not re.search(r"^-e ", (ROOT / "constraints.txt").read_text(), re.M)
    for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", requirements, re.M):
        assert normal.get(re.sub(r"[-_.]+", "-", name).lower()) == version, name
    assert normal["jupyter-book"].startswith("1.")
    for transitive in ("pydata-sphinx-theme", "sphinx-design", "jinja2", "docutils"):
        assert transitive in normal, transitive


def test_executed_pages_have_the_standard_header():
    for page in (ROOT / "book").rglob("*.md"):
        if execute.is_notebook(page):
            text = page.read_text()
            assert "name: python3" in text.split("---", 2)[1], page


def test_pdf_names_follow_jupyter_book():
    assert pdf_name("book/intro", "book/intro") == "neurocomputing.pdf"
    assert pdf_name("book/linear/optimization", "book/intro") == "linear-optimization.pdf"


def test_build_log_checker():
    assert check_build.problems("ok\n/x/page.md: Executing notebook using local CWD [mystnb]")
    assert check_build.problems("/x/page.md:3: WARNING: undefined label")
    assert check_build.problems("build succeeded.\nsuppress_warnings=[]") == []


def test_page_pdfs_demote_sections():
    from pdf import demote_sections

    tex = "\\begin{document}\n\\chapter{Intro}\n\\section{A}\n\\subsection*{B}\n\\subsubsection{C}"
    out = demote_sections(tex)
    assert "\\section{Intro}" in out and "\\subsection{A}" in out
    assert "\\subsubsection*{B}" in out and "\\paragraph{C}" in out
    assert "\\chapter" not in out
    # pages inside parts: their ## headings come out of Sphinx as \\part
    out = demote_sections("\\part{A}\n\\chapter{B}\n\\section{C}\n\\(\\partial x\\)")
    assert out.split("\n")[:3] == ["\\section{A}", "\\subsection{B}", "\\subsubsection{C}"]
    assert "\\partial x" in out


def test_book_pdf_keeps_part_captions():
    from pdf import unnumbered_parts

    tex = "\\part{Part I — Introduction}\n\\(\\partial f\\)\n"
    out = unnumbered_parts(tex)
    assert "\\part*{Part I — Introduction}\\addcontentsline{toc}{part}{Part I — Introduction}" in out
    assert "\\(\\partial f\\)" in out


def test_missing_glyphs_of_the_pdf_are_found(tmp_path):
    from pdf import missing_glyphs

    (tmp_path / "deep-cnn.log").write_text(
        "Missing character: There is no ᵀ (U+1D40) in font [FreeMonoOblique.otf]/OT:script=latn;!\n"
        "Missing character: There is no ᵀ (U+1D40) in font [FreeMonoOblique.otf]/OT:script=latn;!\n")
    (tmp_path / "book.log").write_text("Output written on book.pdf (3 pages).\n")
    assert missing_glyphs(tmp_path) == ["deep-cnn.pdf: ᵀ (U+1D40) in FreeMonoOblique.otf"]


def test_plots_without_caption_get_an_alt_text_from_their_labels():
    from neurocomp_book import plain, plot_description

    code = ('ax.set_title(f"N = {n}")\nax.set(xlabel=r"$\\mathbf{w}$ (Hz)", ylabel="loss")\n'
            'ax2.set_title("second")')
    assert plot_description(code) == "Plot: N = …; second, axes x: w (Hz); y: loss."
    assert plot_description("plt.plot(x)") is None
    assert plain(r"rate $1/t_\text{ref}$") == "rate 1/t_ref"


def test_code_never_cites_an_internal_label():
    """Readers of code (a page's cells, the package shown by literalinclude, a notebook) see no
    resolved numbers, so a comment or docstring that cites "(neurons-mp)" means nothing to them."""
    pages = sorted((ROOT / "book").rglob("*.md"))
    labels = set()
    for page in pages:
        text = page.read_text()
        labels |= set(re.findall(r"^\(([\w-]+)\)=\s*$", text, re.M))
        labels |= set(re.findall(r"\$\$\s*\(([\w-]+)\)\s*$", text, re.M))
    labels = {label for label in labels if "-" in label}  # plain words ("math") are no labels
    cited = re.compile(r"[\w-]+")
    found = []
    sources = [(p, re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", p.read_text(), re.S | re.M))
               for p in pages]
    sources += [(p, [p.read_text()]) for p in sorted((ROOT / "code" / "src").rglob("*.py"))]
    for path, blocks in sources:
        for block in blocks:
            # roles in a figure caption are resolved; glue keys may equal labels
            block = re.sub(r"\{[\w:-]+\}`[^`]*`|glue\(\"[^\"]*\"", "", block)
            found += [f"{path.relative_to(ROOT)}: {word}" for word in cited.findall(block)
                      if word in labels]
    assert found == []


def test_the_bibliography_parses_without_duplicates():
    from pybtex.database import parse_file

    text = (ROOT / "references.bib").read_text()
    keys = re.findall(r"^@\w+\{([^,]+),", text, re.M)
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)
    assert len(parse_file(str(ROOT / "references.bib")).entries) == len(keys)


def test_no_noun_doubled_before_a_reference_that_prints_it():
    """{ref}`ex-lstm` prints "Exercise 9: LSTM": "the exercise {ref}`ex-lstm`" would read
    "the exercise Exercise 9: LSTM"."""
    doubled = re.compile(r"\b[Ee]xercises?\s+\{(ref\}`ex-|doc\}`[./]*exercises/)")
    found = [f"{page.relative_to(ROOT)}: {m.group(0)!r}" for page in (ROOT / "book").rglob("*.md")
             for m in doubled.finditer(page.read_text())]
    assert found == [], found
