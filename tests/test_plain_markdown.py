"""MyST becomes plain Jupyter Markdown with the numbers and titles of the built page."""

from __future__ import annotations

import inspect
import textwrap

import plain_markdown as pm
import pytest
from conftest import ROOT

REFERENCES = {
    "baseurl": "https://example.org/book/",
    "numfig_format": {"figure": "Fig. %s", "table": "Table %s", "code-block": "Listing %s",
                      "section": "Section %s"},
    "math_eqref_format": "({number})",
    "docs": {"book/part/here": {"title": "Here"}, "book/part/there": {"title": "There"}},
    "labels": {
        "here-sec": {"doc": "book/part/here", "anchor": "here-sec", "title": "A section",
                     "kind": "section", "number": None},
        "there-fig": {"doc": "book/part/there", "anchor": "there-fig", "title": "A plot",
                      "kind": "figure", "number": "7"},
    },
    "equations": {
        "here-eq": {"doc": "book/part/here", "anchor": "equation-here-eq", "number": "2"},
        "there-eq": {"doc": "book/part/there", "anchor": "equation-there-eq", "number": "5"},
    },
}
BIB = {"goodfellow2016": {"label": "Goodfellow et al.", "year": "2016", "entry": "Deep Learning."}}


@pytest.fixture
def ctx(tmp_path):
    page = tmp_path / "book" / "part" / "here.md"
    page.parent.mkdir(parents=True)
    page.write_text("")
    return pm.Context(page, tmp_path, REFERENCES, BIB, {"acc": "0.98765"})


def test_equations_get_the_pages_numbers(ctx):
    text = "The loss\n\n$$\nL = \\sum_i e_i^2\n$$ (here-eq)\n\nby {eq}`here-eq` and {eq}`there-eq`."
    out = pm.convert_markdown(text, ctx)
    assert "$$\nL = \\sum_i e_i^2 \\tag{2}\n$$" in out
    assert "by (2) and [(5)](https://example.org/book/book/part/there.html#equation-there-eq)." in out
    one_line = pm.convert_markdown("$$ a = b $$ (there-eq)", ctx)
    assert one_line == "$$\na = b \\tag{5}\n$$"


def test_references_print_titles_and_numbers(ctx):
    out = pm.convert_markdown(
        "(here-sec)=\n## A section\n\nSee {ref}`here-sec`, {ref}`that one <here-sec>`, "
        "{numref}`there-fig`, {doc}`there` and `{eq}` in code.", ctx)
    assert out.startswith("## A section")
    # a notebook has no anchors of the book's labels: same-page targets link to the site
    here = "https://example.org/book/book/part/here.html#here-sec"
    assert f"See [A section]({here}), [that one]({here}), " in out
    assert "](#" not in out
    assert "[Fig. 7](https://example.org/book/book/part/there.html#there-fig)" in out
    assert "[There](https://example.org/book/book/part/there.html)" in out
    assert "`{eq}` in code" in out  # inline code is left alone


def test_citations_and_their_list(ctx):
    out = pm.convert_markdown(
        "As {footcite:t}`goodfellow2016` show {footcite}`goodfellow2016`.\n\n"
        "```{footbibliography}\n```", ctx)
    assert "As Goodfellow et al. (2016) show (Goodfellow et al., 2016)." in out
    assert out.endswith("**References**\n\n- Deep Learning.")


def test_admonitions_become_block_quotes_and_dropdowns_details(ctx):
    out = pm.convert_markdown(
        "```{admonition} Answer\n:class: dropdown\n\nIt is {eq}`here-eq`.\n\n$$ x $$\n```", ctx)
    assert out == ("<details>\n<summary><b>Answer</b></summary>\n\nIt is (2).\n\n$$\nx\n$$"
                   "\n\n</details>")
    out = pm.convert_markdown("```{admonition} Answer\n\nIt is {eq}`here-eq`.\n```", ctx)
    assert out == "> **Answer**\n>\n> It is (2)."
    assert pm.convert_markdown(":::{note}\nShort.\n:::", ctx) == "> **Note**\n>\n> Short."


def test_literalinclude_shows_the_code_dedented(ctx):
    from neurocomp import optim

    text = ("```{literalinclude} " + str(ROOT / "code/src/neurocomp/optim.py") +
            "\n:pyobject: Quadratic.__call__\n```")
    out = pm.convert_markdown(text, ctx)
    expected = textwrap.dedent(inspect.getsource(optim.Quadratic.__call__)).rstrip()
    assert out == f"```python\n{expected}\n```"
    assert out.startswith("```python\ndef __call__")


def test_glued_values_are_formatted_and_marked(ctx):
    out = pm.convert_markdown("Accuracy {glue:text}`acc:.1%`, loss {glue:text}`loss`.", ctx)
    assert out == "Accuracy <!--glue acc-->98.8%<!--/glue-->, loss <!--glue loss-->[loss]<!--/glue-->."
    assert pm.mask_glued(out) == "Accuracy <!--glue acc--><!--/glue-->, loss <!--glue loss--><!--/glue-->."


def test_unknown_constructs_fail_with_the_page_named(ctx):
    with pytest.raises(pm.ConversionError, match=r"book/part/here.md, line 1: the directive \{tab-set\}"):
        pm.convert_markdown("````{tab-set}\nx\n````", ctx)
    with pytest.raises(pm.ConversionError, match=r"label 'nowhere'"):
        pm.convert_markdown("See {ref}`nowhere`.", ctx)
    with pytest.raises(pm.ConversionError, match="citation 'nobody1999'"):
        pm.convert_markdown("See {footcite}`nobody1999`.", ctx)


def test_lines_that_would_break_a_paragraph_are_joined(ctx):
    # a glue marker at the start of a line is an HTML block in CommonMark: it ends the paragraph
    out = pm.convert_markdown("The accuracy is\n{glue:text}`acc:.3f` on the test set.", ctx)
    assert out == "The accuracy is <!--glue acc-->0.988<!--/glue--> on the test set."
    # a formula running over two lines must not become a list item
    out = pm.convert_markdown("so $Z = \\sum_h \\exp\\big(a\n+ b\\big)$, a sum.\n- a real item", ctx)
    assert out == "so $Z = \\sum_h \\exp\\big(a + b\\big)$, a sum.\n- a real item"
    # a list after a paragraph, a price in code and an escaped dollar stay as they are
    text = "Costs `$5` and \\$3:\n- one\n+ two\n\n<!--glue x-->"
    assert pm.convert_markdown(text, ctx) == text


def test_maths_line_breaks_are_found_only_inside_inline_maths():
    text = ("A sum $a\n+ b$ split.\n\n- a list item $x$\n- another\n\n$$\n"
            "x\n+ y\n$$ (eq-label)\n\n```python\n$a\n+ b\n```\nText $c\n# d$\n")
    assert pm.maths_line_breaks(text) == [(2, "+ b$ split."), (17, "# d$")]


def test_maths_line_breaks_inside_admonitions_are_found_and_code_is_skipped():
    text = ("````{admonition} Answer Q1\n:class: dropdown\n\nSo $a\n+ b$.\n\n"
            "```{code-cell} ipython3\nx = $a\n+ b\n```\n````\n\n"
            "```{glue:figure} key\n:name: fig\n\nCaption $c\n- d$.\n```\n")
    assert pm.maths_line_breaks(text) == [(5, "+ b$."), (17, "- d$.")]


def test_no_page_splits_an_inline_formula():
    found = [f"{page.relative_to(ROOT)}:{n}: {line}"
             for page in sorted((ROOT / "book").rglob("*.md"))
             for n, line in pm.maths_line_breaks(page.read_text())]
    assert found == [], "a line inside $...$ would become a list item or heading:\n" + "\n".join(found)


def test_maths_alphabets_in_sub_and_superscripts_are_braced():
    """x_\\mathcal{B} breaks xelatex with unicode-math ("Missing { inserted"); x_{\\mathcal{B}}
    is the same formula everywhere."""
    import re

    unbraced = re.compile(r"[_^]\\(mathcal|mathbf|mathbb|mathrm|mathit|mathsf|boldsymbol)\{")
    found = []
    for page in sorted((ROOT / "book").rglob("*.md")):
        in_code = False
        for n, line in enumerate(page.read_text().splitlines(), 1):
            if line.startswith("```{code-cell}"):
                in_code = True
            elif in_code and line.startswith("```"):
                in_code = False
            elif not in_code and unbraced.search(line):
                found.append(f"{page.relative_to(ROOT)}:{n}")
    assert found == [], found
