"""Speed and memory figures, printed (not asserted): ingest throughput and question latency.

    python -m eval.benchmark ingest PATH... [--data-dir DIR]     # files/s, paragraphs/s, peak RSS
    python -m eval.benchmark ask --gold FILE [--data-dir DIR]    # latency p50/p95 over the gold questions

Run it on an otherwise idle machine and say so when you quote a figure; on a shared one, quote CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant import Assistant, AssistantConfig
from eval.gold import load_gold
from ingest.config import StoreConfig
from ingest.pipeline import ingest_paths


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_ingest(paths: list[str], data_dir: Path) -> str:
    config = StoreConfig.from_env().with_overrides(data_dir=data_dir)
    wall, cpu = time.perf_counter(), _cpu_s()
    summary = ingest_paths(paths, config, progress=True)
    wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
    files = len(summary.stored) + len(summary.skipped)
    return (
        f"ingest: {files} files ({len(summary.stored)} stored, {len(summary.skipped)} skipped), "
        f"{summary.paragraphs} paragraphs in {wall:.1f} s wall / {cpu:.1f} s CPU: "
        f"{summary.paragraphs / wall:.1f} paragraphs/s wall, {summary.paragraphs / cpu:.1f} per CPU-second; "
        f"peak RSS {_peak_rss_mb():.0f} MB; {os.cpu_count()} CPUs"
    )


def bench_ask(gold: list[str], data_dir: Path | None) -> str:
    store = StoreConfig.from_env()
    config = AssistantConfig.from_env(store.with_overrides(data_dir=data_dir))
    started = time.perf_counter()
    assistant = Assistant(config)
    load_s = time.perf_counter() - started
    questions = [item for path in gold for item in load_gold(path)]
    assistant.ask(questions[0].question)  # warm-up: first lexical index build
    latencies = []
    for item in questions:
        t = time.perf_counter()
        assistant.ask(item.question, history=item.history)
        latencies.append(time.perf_counter() - t)
    q = statistics.quantiles(latencies, n=20)
    return (
        f"ask ({assistant.backend.name}): {len(latencies)} questions, {len(assistant.symbols())} documents; "
        f"start-up {load_s:.1f} s; latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {q[18] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; peak RSS {_peak_rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m eval.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("ingest", help="ingest PATHs into a fresh store and time it")
    p.add_argument("paths", nargs="+")
    p.add_argument("--data-dir", help="store location (default: a new temporary folder)")
    p = sub.add_parser("ask", help="time answers to every question of gold files")
    p.add_argument("--gold", action="append", required=True)
    p.add_argument("--data-dir", help="store location (default UNQA_DATA_DIR)")
    args = parser.parse_args()
    if args.what == "ingest":
        data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="unqa-bench-"))
        print(bench_ingest(args.paths, data_dir))
    else:
        print(bench_ask(args.gold, Path(args.data_dir) if args.data_dir else None))


if __name__ == "__main__":
    main()
