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


THEME_HEAD = """<html><head>
<link href="_static/styles/theme.css" rel="stylesheet" />
<script defer src="_static/scripts/fontawesome.js?digest=1"></script>
<script src="_static/documentation_options.js?v=1"></script>
<script src="_static/doctools.js?v=1"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'page';</script>
<script async="async" src="_static/sphinx-thebe.js?v=1"></script>
<script defer="defer" src="https://cdn.example.org/mathjax.js"></script>
    <script src="_static/searchtools.js"></script>
    <script src="_static/language_data.js"></script>
    <script src="searchindex.js"></script>
</head><body>
<button class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search">
<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>
<main><article class="bd-article">
<img alt="First figure." src="_images/a.png" />
<details><summary aria-label="Toggle hidden content"><p>Show code cell source</p></summary></details>
<img alt="Second figure." src="_images/c.png" />
<img alt="Sized by its author." src="_images/c.png" style="width: 50%" />
</article></main></body></html>"""


def write_theme_site(tmp_path, text=THEME_HEAD, name="page.html"):
    import os

    site = tmp_path / "html"
    (site / "_static" / "scripts").mkdir(parents=True, exist_ok=True)
    (site / "_images").mkdir(exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    (site / "_images" / "a.png").write_bytes(png + b"a")
    (site / "_images" / "c.png").write_bytes(png + b"c")
    # incompressible, like a font's outlines: 300 KB also as served (gzip)
    (site / "_static" / "scripts" / "fontawesome.js").write_bytes(os.urandom(300_000))
    for asset in ("styles/theme.css", "documentation_options.js", "doctools.js", "searchtools.js",
                  "language_data.js", "sphinx-thebe.js"):
        (site / "_static" / asset).parent.mkdir(parents=True, exist_ok=True)
        (site / "_static" / asset).write_text("/* theme */\n" * 100)
    (site / "searchindex.js").write_text("Search.setIndex({});")
    page = site / name
    page.write_text(text)
    return site, page


def test_page_weight_a_render_blocking_index_and_font_awesome_script_are_reported(tmp_path):
    site, page = write_theme_site(tmp_path)
    problems = check_site.page_weight_problems(page, site, page.read_text())
    assert "page.html: loads Font Awesome's script (the theme's CSS and _static/icons draw the icons)" in problems
    assert "page.html: searchindex.js blocks rendering in the <head>" in problems
    assert any("more than the budget of 200 KB (largest: fontawesome.js 300 KB" in p for p in problems)
    assert len(problems) == 3


def test_a_lightened_page_is_within_the_budget_and_keeps_what_it_needs(tmp_path):
    from neurocomp_book import lighten_page

    site, page = write_theme_site(tmp_path)
    lighter = lighten_page(page.read_text(), page)
    assert lighten_page(lighter, page) == lighter  # a rebuild leaves a page as it is
    assert check_site.page_weight_problems(page, site, lighter) == []
    assert "fontawesome.js" not in lighter and "searchindex.js" not in lighter
    # the options stay synchronous (the inline script after them extends them), the rest is
    # deferred, and what was async or on a CDN is left alone
    assert '<script src="_static/documentation_options.js?v=1"></script>' in lighter
    assert '<script defer src="_static/doctools.js?v=1"></script>' in lighter
    assert '<script async="async" src="_static/sphinx-thebe.js?v=1"></script>' in lighter
    assert '<script defer="defer" src="https://cdn.example.org/mathjax.js"></script>' in lighter
    # the first figure loads at once, the others when scrolled to; all with their size
    # unless their author sized them
    assert '<img width="640" height="480" decoding="async" alt="First figure."' in lighter
    assert '<img width="640" height="480" loading="lazy" decoding="async" alt="Second figure."' in lighter
    assert '<img loading="lazy" decoding="async" alt="Sized by its author."' in lighter
    # accessible names that contain the visible text
    assert "<summary><p>Show code cell source</p></summary>" in lighter
    assert 'title="Search" aria-label' not in lighter
    assert 'fa-lg" aria-hidden="true" data-mode="light"' in lighter


def test_the_search_page_keeps_its_index_deferred(tmp_path):
    from neurocomp_book import lighten_page

    site, page = write_theme_site(tmp_path, name="search.html")
    lighter = lighten_page(page.read_text(), page, search_page=True)
    scripts = [line.strip() for line in lighter.splitlines() if "search" in line and "<script" in line]
    assert scripts == ['<script defer src="_static/searchtools.js"></script>',
                       '<script defer src="searchindex.js"></script>']
    assert check_site.page_weight_problems(page, site, lighter) == []


def test_icon_glyphs_are_those_of_the_classes_used_and_those_the_stylesheets_name():
    from neurocomp_book import icon_codepoints

    css = ('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-book:before{content:"\\f02d"}'
           ':root{--pst-icon-lightbulb:"\uf0eb"}.onthispage:after{content:"\\f107";}')
    assert icon_codepoints(css, {"fa-navicon", "fa-solid"}) == {0xF0C9, 0xF0EB, 0xF107}


def test_sphinx_design_assets_only_where_a_page_uses_them():
    from neurocomp_book import lighten_page

    head = ('<html><head>\n<link rel="stylesheet" type="text/css" href="_static/sphinx-design.min.css?v=1" />'
            '\n<script data-sd-tabs-storage-prefix="x-" src="_static/design-tabs.js?v=1"></script>\n</head>')
    plain = lighten_page(head + '<body><p class="card">text</p></body></html>')
    assert "sphinx-design" not in plain and "design-tabs" not in plain
    tabs = lighten_page(head + '<body><div class="sd-tab-set docutils">tabs</div></body></html>')
    assert "sphinx-design.min.css" in tabs and '<script defer data-sd-tabs' in tabs


def test_mathjax_only_where_a_page_has_maths():
    from neurocomp_book import lighten_page

    head = ('<html><head>\n<script>window.MathJax = {"loader": {"load": ["ui/lazy"]}}</script>'
            '\n<script defer="defer" src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js">'
            '</script>\n</head>')
    plain = lighten_page(head + "<body><p>A toctree of chapters, no formula.</p></body></html>")
    assert "MathJax" not in plain and "mathjax" not in plain
    for maths in ('<span class="math notranslate nohighlight">\\(x\\)</span>',
                  '<div class="math notranslate nohighlight">\\[x\\]</div>'):
        page = lighten_page(head + f"<body><p>{maths}</p></body></html>")
        assert "window.MathJax" in page and 'defer="defer" src="https://cdn.jsdelivr.net/npm/mathjax@3' in page
