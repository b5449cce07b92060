"""The checks of the built site catch what a reader would notice."""

from __future__ import annotations

import check_site


def write_site(tmp_path, body: str):
    site = tmp_path / "html"
    (site / "_images").mkdir(parents=True)
    (site / "_images" / "a.png").write_bytes(b"\x89PNG one")
    (site / "_images" / "b.png").write_bytes(b"\x89PNG one")  # same content, other name
    (site / "_images" / "c.png").write_bytes(b"\x89PNG two")
    page = site / "page.html"
    page.write_text(f"<html><body><main>{body}</main></body></html>")
    return site, page


def test_an_image_shown_twice_is_reported(tmp_path):
    site, page = write_site(tmp_path, '<img alt="A" src="_images/a.png"><img alt="B" src="_images/b.png">')
    problems = check_site.check_page(page, site, check_pdf=False)
    assert any("shown more than once" in p for p in problems)
    site, page = write_site(tmp_path / "ok", '<img alt="A" src="_images/a.png"><img alt="C" src="_images/c.png">')
    assert check_site.check_page(page, site, check_pdf=False) == []


def test_doubled_parentheses_around_an_equation_number_are_reported(tmp_path):
    site, page = write_site(tmp_path, 'by (<a href="#eq"><span>(3.2)</span></a>) we get')
    problems = check_site.check_page(page, site, check_pdf=False)
    assert problems == ["page.html: an equation reference in double parentheses: ((3.2))"]
    site, page = write_site(tmp_path / "ok", 'by <a href="#eq">(3.2)</a>, and f((x)) is fine')
    assert check_site.check_page(page, site, check_pdf=False) == []


def test_an_image_without_a_text_alternative_and_an_unresolved_reference_are_reported(tmp_path):
    site, page = write_site(tmp_path, '<img alt="../_images/a.png" src="_images/a.png">'
                                      '<img src="_images/c.png"> see (??)')
    problems = check_site.check_page(page, site, check_pdf=False)
    assert sum("has no text alternative" in p for p in problems) == 2
    assert "page.html: an unresolved reference '??' in the text" in problems
    site, page = write_site(tmp_path / "ok", '<img alt="Loss against epochs." src="_images/a.png">')
    assert check_site.check_page(page, site, check_pdf=False) == []


def test_pdf_checks_find_raw_labels_and_equation_numbers_that_disagree(tmp_path, monkeypatch):
    import json

    site, page = write_site(tmp_path, '<a class="reference internal" '
                                      'href="other.html#equation-o-loss">(5.8)</a>')
    (site / "pdf").mkdir()
    for name in ("page.pdf", "neurocomputing.pdf"):
        (site / "pdf" / name).write_bytes(b"%PDF")
    (tmp_path / "references.json").write_text(json.dumps({"labels": {"o-chapter": {}}}))
    texts = {"page.pdf": "as in o-\n   chapter, (5.8 in Other)", "neurocomputing.pdf": "(5.9) ??"}
    monkeypatch.setattr(check_site, "pdf_text", lambda pdf: check_site.re.sub(
        r"-\n\s*", "-", texts[pdf.name].replace("\\n", "\n")))
    monkeypatch.setattr(check_site, "pdf_name", lambda doc, root: f"{doc}.pdf")
    problems = check_site.pdf_problems(site, [page])
    assert "pdf/page.pdf: a raw label 'o-chapter'" in problems
    assert "pdf/neurocomputing.pdf: an unresolved reference '??'" in problems
    assert "pdf/neurocomputing.pdf: no equation reference (5.8) as on page" in problems
    assert not any("does not print" in p for p in problems)


def test_a_cell_writing_to_stderr_is_reported(tmp_path):
    body = ('<div class="output stderr highlight-myst-ansi notranslate"><div class="highlight">'
            "<pre><span></span>WARNING    &#39;v&#39; is an internal variable</pre></div></div>")
    site, page = write_site(tmp_path, body)
    problems = check_site.check_page(page, site, check_pdf=False)
    assert problems == ["page.html: a cell writes to stderr: WARNING    'v' is an internal variable"]
    stdout = body.replace("output stderr", "output stream")
    site, page = write_site(tmp_path / "ok", stdout)
    assert check_site.check_page(page, site, check_pdf=False) == []
