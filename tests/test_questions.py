"""Review questions: the format of CONTRIBUTING.md is read and enforced."""

from __future__ import annotations

import questions


def _page(n_questions: int, answered=None, kind="compute") -> str:
    answered = range(1, n_questions + 1) if answered is None else answered
    asked = "\n\n".join(f"**Q{n}** ({kind}, ★★) What is {n} + 1?" for n in range(1, n_questions + 1))
    answers = "\n\n".join(f"```{{admonition}} Answer Q{n}\n:class: dropdown\n\n{n + 1}.\n```"
                          for n in answered)
    return (f"# Chapter\n\n## Summary\n\nText.\n\n## Check your understanding\n\n{asked}\n\n"
            f"## Further reading\n\nBooks.\n\n## Answers to the review questions\n\n{answers}\n")


def test_a_complete_chapter_passes():
    found, answered, problems = questions.read(_page(8))
    assert problems == []
    assert len(found) == 8 and sorted(answered) == list(range(1, 9))


def test_too_few_questions_missing_answers_and_unknown_kinds_fail():
    assert any("at least 8" in p for p in questions.read(_page(7))[2])
    problems = questions.read(_page(8, answered=range(1, 8)))[2]
    assert any("[8] have no answer" in p for p in problems)
    assert any("unknown kind 'recall'" in p for p in questions.read(_page(8, kind="recall"))[2])
    assert questions.read("# Chapter\n\nNo questions.\n")[2] == [
        'no section "Check your understanding"']


def test_every_chapter_is_found():
    pages = questions.chapters()
    assert len(pages) == 25
    assert all(p.exists() for p in pages)
    assert not any(p.stem == "index" for p in pages)


def test_every_chapter_asks_and_answers_its_review_questions():
    failures = {}
    for page in questions.chapters():
        found, _, problems = questions.read(page.read_text())
        if problems:
            failures[str(page.relative_to(questions.ROOT))] = problems
        kinds = {kind for _, kind, _ in found}
        if "compute" not in kinds:
            failures.setdefault(str(page.relative_to(questions.ROOT)), []).append(
                "no compute-by-hand question")
    assert failures == {}, failures
