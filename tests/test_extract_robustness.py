"""No single class, id or role word can throw the article away.

Corpus pages rendered in every markup family; for each, a furniture word is added to one ancestor of the
article at a time (from the body field up to <body>), and the notice must keep its body (token F1 >= 0.95
against the unmodified page's truth) and its publish date. Needs ../shared/corpus (skips without it,
fails under CI=true).
"""

import sys
from pathlib import Path

import lxml.html
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.append(str(BENCH))
from shared_data import require  # noqa: E402

render = pytest.importorskip("render")
evaluate = pytest.importorskip("evaluate")

require(render.CORPUS, "the shared corpus")

from crawler.extraction import extract_notice  # noqa: E402

# Words CMSs put on wrappers for reasons that have nothing to do with what the wrapper holds.
CLASS_WORDS = [
    "hidden",
    "sr-only",
    "visually-hidden",
    "print",
    "hidden-print",
    "related",
    "latest",
    "sidebar",
    "footer",
    "nav",
    "menu",
    "widget",
    "teaser",
    "comments",
    "cookie",
    "promo",
    "field--label-hidden",
    "region-sidebar-first",
]
ROLES = ["navigation", "complementary", "banner"]
PAGES_PER_FAMILY = 2


def article_of(tree, truth_body):
    """The element holding the truth body: the lowest common ancestor of its first and last paragraphs."""
    words = set(evaluate.tokens(truth_body))
    blocks = [
        el
        for el in tree.iter("p", "li", "blockquote", "div", "h2", "h3")
        if len(el) == 0 and len(el.text_content()) > 20 and set(evaluate.tokens(el.text_content())) <= words
    ]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    ancestors = set(first.iterancestors()) | {first}
    el = last
    while el is not None and el not in ancestors:
        el = el.getparent()
    return el


def cases():
    records = render.load_corpus()
    picked = [r for r in records[::997] if len(r["body"]) > 600][: PAGES_PER_FAMILY * len(render.FAMILIES)]
    for i, rec in enumerate(picked):
        family = render.FAMILIES[i % len(render.FAMILIES)]
        data, url, truth = render.render(rec, family, seed=5, traps=True)
        yield pytest.param(data, url, truth, id=f"{family}-{rec['file'][:8]}")


@pytest.mark.parametrize("data,url,truth", list(cases()))
def test_a_furniture_word_on_any_ancestor_keeps_the_article(data, url, truth):
    base = extract_notice(data, url)
    assert evaluate.token_f1(truth["body"], base["body"]) >= 0.95
    tree = lxml.html.document_fromstring(data)
    article = article_of(tree, truth["body"])
    assert article is not None
    chain = [article] + [a for a in article.iterancestors() if a.tag not in ("html", "body")]
    failures = []
    for depth in range(len(chain)):
        for attr, words in (("class", CLASS_WORDS), ("role", ROLES), ("id", ["sidebar", "related-news"])):
            for word in words:
                tree = lxml.html.document_fromstring(data)
                target = article_of(tree, truth["body"])
                for _ in range(depth):
                    target = target.getparent()
                old = target.get(attr)
                target.set(attr, f"{old} {word}" if old and attr == "class" else word)
                rec = extract_notice(lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>"), url)
                f1 = evaluate.token_f1(truth["body"], rec["body"])
                if f1 < 0.95 or rec["published"] != base["published"]:
                    failures.append(
                        f"<{target.tag}> {attr}+={word!r} (depth {depth}): body F1 {f1:.2f}, "
                        f"published {rec['published']} (was {base['published']})"
                    )
    assert not failures, "\n".join(failures[:15]) + f"\n… {len(failures)} in all"
