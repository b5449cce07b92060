"""The heuristic that finds measured numbers typed by hand into the prose."""

from __future__ import annotations

import check_numbers as cn
import nbformat
from conftest import HEADER, code_cell


def test_significant_digits():
    assert cn.significant_digits("0.659") == 3
    assert cn.significant_digits("0.0659") == 3
    assert cn.significant_digits("97.7") == 3
    assert cn.significant_digits("1.45e-3") == 3
    assert cn.significant_digits("12,345") == 5
    assert cn.significant_digits("10,000") == 1
    assert cn.significant_digits("1.50") == 3
    assert cn.significant_digits("0.5") == 1


def test_candidates_skip_imprecise_numbers_years_and_small_integers():
    text = "In 1998 we got 0.659 and 97.7 %, 1.45e-3, 12,345 images, 10,000 tests, 784 inputs, 0.5."
    assert cn.candidates(text) == ["0.659", "97.7", "1.45e-3", "12,345"]


def test_numbers_inside_words_are_not_numbers():
    assert cn.candidates("the layer conv2d_123 and x1.234 and v1.2.3") == []


def test_matches_rounds_the_printed_number_to_the_prose():
    assert cn.matches("97.7", "97.70")
    assert cn.matches("97.7", "97.695")
    assert cn.matches("0.659", "0.6591")
    assert cn.matches("12,345", "12345")
    assert not cn.matches("97.7", "97.8")
    assert not cn.matches("97.70", "97.7")  # the printout is less precise than the text
    assert not cn.matches("1235", "1234.6")  # an integer in the text, a float printed


def test_prose_lines_drop_code_maths_roles_links_and_options():
    page = HEADER + "\n".join([
        "(label)=",
        "# Title 12.34",
        "Text 0.659 and {glue:text}`key:.3f` and {eq}`eq-1.234` and `0.777` and $x = 3.141$.",
        "A [link 1.111](https://example.org/2.222) and {footcite}`smith2.345`.",
        "$$",
        "y = 9.876",
        "$$ (eq-label)",
        code_cell("print(5.555)"),
        "```python",
        "z = 6.666",
        "```",
        "```{admonition} Answer",
        ":class: dropdown",
        "",
        "Inside 4.321.",
        "```",
        "+++ {\"tags\": [\"solution\"]}",
    ])
    found = [n for _, line in cn.prose_lines(page) for n in cn.candidates(line)]
    assert found == ["12.34", "0.659", "1.111", "4.321"]


def test_line_numbers_point_into_the_source():
    page = HEADER + "\nFirst line.\n\nThe error is 0.123.\n"
    line = HEADER.count("\n") + 4  # the header, an empty line, two lines, the number
    assert cn.find(page, "error 0.1234\n") == [(line, "0.123")]


def test_find_only_reports_numbers_that_a_cell_prints():
    page = HEADER + "\nWe reach 97.7 % accuracy, with 0.659 loss, in 12.3 s.\n"
    assert [n for _, n in cn.find(page, "accuracy 97.71 %\nloss 0.6590")] == ["97.7", "0.659"]
    assert cn.find(page, "nothing printed here: 1.0") == []


def test_output_text_skips_glued_values():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="loss 0.659\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "97.7"}, execution_count=1),
        nbformat.v4.new_output("display_data", data={"text/plain": "1.234"},
                               metadata={"scrapbook": {"name": "key"}}),
    ]
    nb.cells.append(cell)
    text = cn.output_text(nb)
    assert "0.659" in text and "97.7" in text and "1.234" not in text


def test_published_numbers_with_a_citation_are_skipped():
    page = HEADER + "\n".join([
        "",
        "LeNet-5 has 48,120 and",
        "10,164 parameters {footcite}`lecun1998`. We measured 0.659 here.",
        "And 0.777 here. {footcite}`other`",
    ])
    assert [n for _, n in cn.find(page, "48120 10164 0.659 0.777")] == ["0.659", "0.777"]
