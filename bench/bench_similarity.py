"""Precision and recall of the similar-proposal check on the labelled set.

Each proposal of bench/data/similar_proposals.py is written again as if new; the others are the
existing proposals. A suggestion is right when it shares the new proposal's topic.

    .venv/bin/python bench/bench_similarity.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from bench.data.similar_proposals import labelled  # noqa: E402
from hyeopchi.proposals import similarity  # noqa: E402


def evaluate(threshold: float, limit: int) -> tuple[float, float, float, int]:
    rows = labelled()
    topic_of = {key: topic for key, topic, _, _ in rows}
    precisions, recalls, top_hits, asked = [], [], 0, 0
    for key, topic, title, body in rows:
        others = [(k, t, b) for k, _, t, b in rows if k != key]
        matches = similarity.rank(title, body, others, threshold=threshold, limit=limit)
        predicted = [m.key for m in matches]
        relevant = [k for k, tp, _, _ in rows if tp == topic and k != key]
        precision, recall = similarity.precision_recall(predicted, relevant)
        if precision is not None:
            precisions.append(precision)
            asked += 1
            top_hits += topic_of[predicted[0]] == topic
        recalls.append(recall or 0.0)
    return (
        statistics.mean(precisions) if precisions else 0.0,
        statistics.mean(recalls),
        top_hits / asked if asked else 0.0,
        asked,
    )


def main() -> None:
    total = len(labelled())
    print(f"labelled set: {total} proposals in {total // 4} topics of 4")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'top-1':>6} {'answered':>8}")
    for threshold in (0.15, 0.2, similarity.THRESHOLD, 0.3, 0.35):
        started = time.perf_counter()
        precision, recall, top1, asked = evaluate(threshold, similarity.LIMIT)
        elapsed = (time.perf_counter() - started) * 1000
        mark = "  <- default" if threshold == similarity.THRESHOLD else ""
        print(
            f"{threshold:>9.2f} {precision:>9.3f} {recall:>7.3f} {top1:>6.3f} {asked:>5}/{total}"
            f"  ({elapsed:.0f} ms){mark}"
        )


if __name__ == "__main__":
    main()
