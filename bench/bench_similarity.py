"""Precision and recall of the similar-proposal check, on the tuning set and on the held-out set.

Each proposal of a labelled set is written again as if new; the others are the existing proposals.
A suggestion is right when it is the same request (its group: four ways of asking for one thing;
neighbouring requests on one theme are separate groups). The tuning set
(bench/data/similar_proposals.py, 204 proposals) is where the threshold, the stop words and the
civic concepts were chosen; the held-out sets (bench/data/similar_proposals_heldout.py and
similar_proposals_heldout2.py, 100 proposals each) only measure them. The second was written after
the first had been read against, and has been scored only. Scored in the same run: the method in use (civic concepts,
``proposals.similarity``), the character bigrams it replaced (bench/bigram_baseline.py) and the plain
cosine of content morphemes (``core.korean``).

    .venv/bin/python bench/bench_similarity.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from bench import bigram_baseline  # noqa: E402
from bench.data import similar_proposals, similar_proposals_heldout, similar_proposals_heldout2  # noqa: E402
from hyeopchi.core import korean  # noqa: E402
from hyeopchi.proposals import similarity  # noqa: E402

Row = tuple[int, str, str, str]
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45)


def morpheme_profile(title: str, body: str) -> Counter[str]:
    """Content morphemes, the title counting twice."""
    counts = Counter(korean.content_words(title))
    counts.update(counts)
    counts.update(korean.content_words(body))
    return counts


METHODS: dict[str, Callable[[str, str], Counter[str]]] = {
    "concepts (in use)": similarity.profile,
    "bigrams (before)": bigram_baseline.profile,
    "morphemes": morpheme_profile,
}


def evaluate(rows: list[Row], profile: Callable[[str, str], Counter[str]], threshold: float) -> tuple[float, float]:
    """Mean precision (over proposals with a suggestion) and mean recall, at most LIMIT suggestions."""
    profiles = {key: profile(title, body) for key, _, title, body in rows}
    precisions, recalls = [], []
    for key, topic, _, _ in rows:
        scored = [(similarity.cosine(profiles[key], profiles[other]), other) for other, _, _, _ in rows if other != key]
        kept = sorted((s for s in scored if s[0] >= threshold), key=lambda s: (-s[0], s[1]))[: similarity.LIMIT]
        predicted = [other for _, other in kept]
        relevant = [other for other, t, _, _ in rows if t == topic and other != key]
        precision, recall = similarity.precision_recall(predicted, relevant)
        if precision is not None:
            precisions.append(precision)
        recalls.append(recall or 0.0)
    return (statistics.mean(precisions) if precisions else 0.0), statistics.mean(recalls)


def main() -> None:
    sets = {
        "tuning": similar_proposals.labelled(),
        "held-out": similar_proposals_heldout.labelled(),
        "held-out 2": similar_proposals_heldout2.labelled(),
    }
    korean.warm_up()
    print("target: precision ≥ 0.900 at recall ≥ 0.800")
    for name, rows in sets.items():
        print(f"\n{name} set: {len(rows)} proposals in {len(rows) // 4} topics of 4")
        print(f"{'method':<18} " + " ".join(f"{t:>11.2f}" for t in THRESHOLDS))
        for method, profile in METHODS.items():
            started = time.perf_counter()
            cells = []
            for threshold in THRESHOLDS:
                precision, recall = evaluate(rows, profile, threshold)
                cells.append(f"{precision:.3f}/{recall:.3f}")
            elapsed = (time.perf_counter() - started) * 1000
            print(f"{method:<18} " + " ".join(f"{c:>11}" for c in cells) + f"   ({elapsed:.0f} ms)")
    print(f"\n(precision/recall per threshold; the threshold in use is {similarity.THRESHOLD})")


if __name__ == "__main__":
    main()
