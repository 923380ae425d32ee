"""Seeded crash trials (benchmarks/crash_trials.py): three kill -9 trials, with delay 0 and beside a concurrent
writer; after each resume the archive equals an uninterrupted crawl's (URLs, hashes, versions, classification,
standing phrases). `python benchmarks/crash_trials.py --trials 20` runs more."""

from benchmarks.crash_trials import run_trials


def test_three_seeded_crash_trials_resume_to_the_uninterrupted_archive():
    lines = []
    summary = run_trials(trials=3, seed=11, delay=0.0, log=lines.append)
    assert summary["trials"] == 3 and summary["by_mode"] == {"delay": 2, "writer": 1}
    assert summary["killed"] >= 1 and summary["mid_crawl"] >= 1  # the kills landed while the crawl was at work
    assert summary["equal"] == 3, "\n".join(lines)
