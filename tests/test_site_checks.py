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
    site, page = write_site(tmp_path, '<img src="_images/a.png"><img src="_images/b.png">')
    problems = check_site.check_page(page, site, check_pdf=False)
    assert any("shown more than once" in p for p in problems)
    site, page = write_site(tmp_path / "ok", '<img src="_images/a.png"><img src="_images/c.png">')
    assert check_site.check_page(page, site, check_pdf=False) == []


def test_doubled_parentheses_around_an_equation_number_are_reported(tmp_path):
    site, page = write_site(tmp_path, 'by (<a href="#eq"><span>(3.2)</span></a>) we get')
    problems = check_site.check_page(page, site, check_pdf=False)
    assert problems == ["page.html: an equation reference in double parentheses: ((3.2))"]
    site, page = write_site(tmp_path / "ok", 'by <a href="#eq">(3.2)</a>, and f((x)) is fine')
    assert check_site.check_page(page, site, check_pdf=False) == []
