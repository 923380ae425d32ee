"""Extraction accuracy on a fixed subsample of real corpus pages rendered as realistic HTML.

300 seeded pages plus every labelled page (tests/labels/consultations.jsonl), five markup families,
run through extract_notice in-process and held to the project's targets. Skips when ../shared/corpus
is absent. `python benchmarks/evaluate.py` prints the same numbers at scale with the failures.
"""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.append(str(BENCH))
from shared_data import require  # noqa: E402

render = pytest.importorskip("render")
evaluate = pytest.importorskip("evaluate")

require(render.CORPUS, "the shared corpus")

N, SEED = 300, 2021


@pytest.fixture(scope="module")
def run():
    from crawler.extraction import apply_standing, extract_notice, load_rules
    from crawler.extraction.signoffs import learn
    from crawler.registry import load_registry

    labels = evaluate.load_labels()
    corpus = render.load_corpus()
    pages = evaluate.render_pages(evaluate.select(corpus, N, SEED, labels), SEED)
    # Each force's standing sign-offs as an archive holding all its notices knows them: learned from the
    # whole corpus's bodies (Markdown, as the archive keeps them) and publish dates.
    registry, rules = load_registry(), load_rules()
    slugs = {}
    for r in corpus:
        if r["force"] not in slugs and r["meta"].get("url"):
            slugs[r["force"]] = registry.force_for_url(r["meta"]["url"]).slug
    standing = learn((slugs.get(r["force"]), render.published_of(r), r["body"]) for r in corpus)
    records = []
    for data, url, _ in pages:
        try:
            rec = extract_notice(data, url, registry=registry, rules=rules)
            records.append(apply_standing(rec, rules, set(standing.get(rec["force"], ()))))
        except Exception as e:  # one bad page must not hide the others' numbers
            records.append({"error": f"{type(e).__name__}: {e}"})
    stats, failures = evaluate.score(pages, records, labels)
    return evaluate.summarise(stats["all"]), failures, labels


def _show(failures, field, n=5):
    return "\n".join([str(f)[:300] for f in failures if f["field"] == field][:n])


def test_no_page_errors(run):
    s, failures, _ = run
    assert s["errors"] == 0, _show(failures, "error")


def test_title(run):
    s, failures, _ = run
    assert s["title"] >= evaluate.TARGETS["title"], _show(failures, "title")


def test_published(run):
    s, failures, _ = run
    assert s["published"] >= evaluate.TARGETS["published"], _show(failures, "published")


def test_published_never_wrong_more_than_rarely(run):
    # a wrong date misleads; a null one is merely missing
    s, failures, _ = run
    assert s["date_wrong"] <= 0.005, _show([f for f in failures if f.get("verdict") == "wrong"], "published")


def test_og(run):
    s, failures, _ = run
    assert s["og"] >= evaluate.TARGETS["og"], _show(failures, "og")


def test_body(run):
    s, failures, _ = run
    assert s["body_f1"] >= evaluate.TARGETS["body_f1"], _show(failures, "body", 3)


def test_site_feedback_banner_is_not_a_survey_link(run):
    s, failures, _ = run
    assert s["banner_leaks"] == 0, _show(failures, "survey_links")


def _labelled(run):
    s, failures, labels = run
    if not labels:
        pytest.fail("tests/labels/consultations.jsonl is empty or missing: it is part of the repository")
    return s, failures


def test_anpr_topic(run):
    s, failures = _labelled(run)
    assert s["anpr_recall"] in (None, 1.0) and s["anpr_fp"] == 0, _show(failures, "topics")


# Floors a little under what this version measures (the targets, 0.95/0.95 and 0.95, are met): on the labels
# re-judged under the purpose rule (extractor version 4), with survey URLs on every page that invites and two
# generic home pages taken out (tests/labels/README.md), it measures consultation P/R 0.969/0.989 and survey
# link recall 0.975 (precision 1.0). A drop below fails.
FLOORS = {"consult_p": 0.96, "consult_r": 0.97, "survey_r": 0.96}


def test_consultation_flag(run):
    s, failures = _labelled(run)
    assert s["consult_p"] is not None and s["consult_r"] is not None, "no labelled consultation or none found"
    assert s["consult_p"] >= FLOORS["consult_p"], _show(failures, "is_consultation")
    assert s["consult_r"] >= FLOORS["consult_r"], _show(failures, "is_consultation")


def test_survey_link_recall(run):
    s, failures = _labelled(run)
    assert s["survey_r"] is not None, "no labelled survey link"
    assert s["survey_r"] >= FLOORS["survey_r"], _show(failures, "survey_links")


def test_survey_link_precision(run):
    s, failures = _labelled(run)
    assert (s["survey_p"] or 0) >= evaluate.TARGETS["survey_p"], _show(failures, "survey_links")


def test_scoring_is_perfect_on_the_truth():
    # the tooling itself: the truth scored against itself gives every target exactly
    labels = evaluate.load_labels()
    pages = evaluate.render_pages(evaluate.select(render.load_corpus(), 50, SEED, {}), SEED)
    stats, failures = evaluate.score(pages, evaluate.run_expected(pages, labels), labels)
    s = evaluate.summarise(stats["all"])
    assert failures == [] and s["title"] == s["og"] == s["published"] == 1.0 and s["body_f1"] == 1.0


def test_date_parser_formats():
    p = render.parse_visible_date
    assert p("13:35 15/02/2021") == "2021-02-15T13:35:00+00:00"
    assert p("12:30 30/07/2020") == "2020-07-30T12:30:00+01:00"  # BST
    assert p("Posted at 09:48 on 12th August 2020") == "2020-08-12T09:48:00+01:00"
    assert p("Mar 31, 2021 20:10 BST") == "2021-03-31T20:10:00+01:00"
    assert p("Tuesday, March 2, 2021") == "2021-03-02"
    assert p("5 Mar 2021") == "2021-03-05"
    assert p("no date here") is None
