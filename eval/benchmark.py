"""Speed and memory figures, printed (not asserted): ingest throughput and question latency.

    python -m eval.benchmark ingest PATH... [--data-dir DIR]     # files/s, paragraphs/s, peak RSS
    python -m eval.benchmark ask --gold FILE [--data-dir DIR]    # latency p50/p95 over the gold questions
    python -m eval.benchmark load [--sessions 20] [--questions 2] [--data-dir DIR]
        # `unqa ui` with concurrent sessions (a question and its follow-up each) while an upload is stored:
        # errors, mixed-up conversations, latency p50/p95 per question
    python -m eval.benchmark scale [--sizes 1000,10000,100000] [--questions 40] [--server] [--data-dir DIR]
        [--out DIR]    # synthetic stores of growing size (copies carry perturbed, not model, vectors):
        # ingest, latency, peak RSS and cold start per size with ratios to the smallest (eval.scale)

Run it on an otherwise idle machine and say so when you quote a figure; on a shared one, quote CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from assistant import Assistant, AssistantConfig
from eval.gold import load_gold
from eval.processes import free_port, serving
from ingest.config import StoreConfig
from ingest.ids import normalize_symbol, symbol_from_filename
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


# -- load: concurrent UI sessions while an upload is stored --------------------------------------------------
REPO = Path(__file__).resolve().parent.parent
LIBRARY_GOLD = Path(__file__).parent / "gold" / "library.jsonl"
READY_TIMEOUT_S = 180


@dataclass(frozen=True)
class Conversation:
    """One session's questions: a gold follow-up item's first question, the follow-up, then other questions
    about the same resolution. Asked within that resolution, so an upload of others cannot change them."""

    symbol: str
    questions: tuple[str, ...]


@dataclass
class SessionRun:
    conversation: Conversation
    answers: list[str] = field(default_factory=list)  # the answer message of each question, as shown
    latencies: list[float] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of each question
    errors: list[str] = field(default_factory=list)
    foreign_history: bool = False  # the chat showed a question this session did not ask


@dataclass
class UploadRun:
    files: int
    stored: int = 0
    state: str = "not started"
    seconds: float = 0.0
    span: tuple[float, float] = (0.0, 0.0)
    error: str = ""


@dataclass
class LoadReport:
    sessions: list[SessionRun]
    upload: UploadRun
    alone: list[SessionRun]  # each conversation asked once by itself first: the reference answers
    wall_s: float

    @property
    def errors(self) -> list[str]:
        runs = [*self.alone, *self.sessions]
        return [e for r in runs for e in r.errors] + ([self.upload.error] if self.upload.error else [])

    def _compare(self, run: SessionRun) -> tuple[int, int]:
        """(answers another conversation gets instead of this one's, answers merely different from this
        conversation asked alone): the first is a mix-up, the second a change of the store or ranking."""
        reference = {r.conversation: r.answers for r in self.alone}
        own = reference.get(run.conversation, [])
        others = {a for c, answers in reference.items() if c != run.conversation for a in answers}
        differ = [a for i, a in enumerate(run.answers) if i >= len(own) or a != own[i]]
        foreign = sum(a in others for a in differ)
        return foreign, len(differ) - foreign

    @property
    def mixed(self) -> int:
        """Sessions that showed a question they did not ask or an answer of another conversation."""
        return sum(run.foreign_history or self._compare(run)[0] > 0 for run in self.sessions)

    @property
    def changed(self) -> int:
        return sum(self._compare(run)[1] for run in self.sessions)

    def render(self) -> str:
        latencies = [t for s in self.sessions for t in s.latencies]
        questions = max((len(s.conversation.questions) for s in self.sessions), default=0)
        start, end = self.upload.span
        during = sum(start <= a and b <= end for s in self.sessions for a, b in s.spans)
        by_turn = ", ".join(
            f"question {i + 1} p50 {_ms(statistics.median(ts))}"
            for i in range(questions)
            if (ts := [s.latencies[i] for s in self.sessions if len(s.latencies) > i])
        )
        lines = [
            f"load: {len(self.sessions)} sessions x {questions} questions through the UI in "
            f"{self.wall_s:.1f} s, while an upload of {self.upload.files} files was stored; "
            f"{os.cpu_count()} CPUs",
            f"errors {len(self.errors)}; mixed conversations {self.mixed}; answers different from the same "
            f"conversation asked alone {self.changed}",
            f"latency per question ({len(latencies)}): {_quantiles(latencies)} ({by_turn}); asked one "
            f"session at a time, before: {_quantiles([t for s in self.alone for t in s.latencies])}",
            f"upload: {self.upload.stored} of {self.upload.files} files stored, {self.upload.state}, in "
            f"{self.upload.seconds:.1f} s; {during} questions were asked and answered meanwhile",
        ]
        lines += [f"  error: {e}" for e in self.errors[:10]]
        return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return "p50 " + (_ms(values[0]) if values else "-")
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18]  # never above the max
    return f"p50 {_ms(statistics.median(values))}, p95 {_ms(p95)}, max {_ms(max(values))}"


def corpus_files(corpus: Path) -> dict[str, Path]:
    """The corpus' files by the symbol their names carry (``S_RES_0232_1966_EN_GOLD.txt``)."""
    files = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        if symbol := symbol_from_filename(path.name):
            files.setdefault(normalize_symbol(symbol), path)
    return files


def conversations(count: int, questions: int, available: set[str]) -> list[Conversation]:
    """``count`` conversations about distinct resolutions among ``available``, from the library gold set."""
    items = load_gold(LIBRARY_GOLD)
    found = []
    for item in items:
        symbol = normalize_symbol(item.documents[0]) if len(item.documents) == 1 else ""
        if not item.history or symbol not in available or any(c.symbol == symbol for c in found):
            continue
        first = [turn["content"] for turn in item.history if turn["role"] == "user"]
        more = [i.question for i in items if i.documents == item.documents and not i.history]
        found.append(Conversation(symbol, tuple([*first, item.question, *more][:questions])))
    if len(found) < count:
        raise SystemExit(
            f"only {len(found)} conversations about stored resolutions in {LIBRARY_GOLD.name}: "
            f"ask for at most {len(found)} sessions, or use a store holding the corpus"
        )
    return found[:count]


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def _texts(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content or [] if isinstance(part, dict))


def ask_conversation(
    url: str, conversation: Conversation, start: threading.Barrier | None = None
) -> SessionRun:
    """One session (its own client, so its own Gradio state) asking its questions in turn."""
    run = SessionRun(conversation)
    client = _client(url)
    if start is not None:
        start.wait()
    for index, question in enumerate(conversation.questions):
        began = time.perf_counter()
        try:
            chat, _ = client.predict(question, [conversation.symbol], None, api_name="/ask")
        except Exception as err:  # counted and shown, the session goes on
            run.errors.append(f"{conversation.symbol}: {type(err).__name__}: {err}")
            continue
        ended = time.perf_counter()
        run.latencies.append(ended - began)
        run.spans.append((began, ended))
        asked = [_texts(m) for m in chat if m.get("role") == "user"]
        run.foreign_history |= len(asked) != index + 1 or any(
            escape(q) not in text for q, text in zip(conversation.questions, asked, strict=False)
        )
        answer = _texts(chat[-1]) if chat and chat[-1].get("role") == "assistant" else ""
        if "unqa-error" in answer or not answer:
            run.errors.append(f"{conversation.symbol}: error shown for {question!r}: {answer[:200]}")
        run.answers.append(answer)
    return run


def upload_files(url: str, files: list[Path], start: threading.Barrier | None = None) -> UploadRun:
    """Upload ``files`` through the UI like a user, then follow its status until it is stored."""
    from gradio_client import handle_file

    run = UploadRun(len(files))
    client = _client(url)
    if start is not None:
        start.wait()
    began = time.perf_counter()
    try:
        status = client.predict([handle_file(str(f)) for f in files], None, None, api_name="/upload")[0]
        while 'data-state="queued"' in status or 'data-state="running"' in status:
            time.sleep(0.25)
            status = client.predict(None, None, api_name="/upload_status")[0]
    except Exception as err:
        run.error = f"upload: {type(err).__name__}: {err}"
        return run
    run.span = (began, time.perf_counter())
    run.seconds = run.span[1] - began
    run.state = "done" if 'data-state="done"' in status else "failed"
    run.stored = status.count(" paragraphs, from ")
    if run.state != "done" or "Not stored" in status:
        run.error = f"upload did not store every file: {status[:400]}"
    return run


@contextmanager
def ui_server(data_dir: Path, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """A real ``unqa ui`` process on a free 127.0.0.1 port over ``data_dir``; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "unqa", "ui", "--data-dir", str(data_dir), "--port", str(port)]
    with serving(command, url, log_path, timeout_s=READY_TIMEOUT_S, env=env, cwd=REPO):
        yield url


def stored_symbols(url: str) -> set[str]:
    library = _client(url).predict(None, None, api_name="/refresh")[2]
    return {normalize_symbol(row[0]) for row in library.get("data", [])}


def bench_load(
    sessions: int, questions: int, data_dir: Path | None, corpus: Path, uploads: int = 4
) -> LoadReport:
    """Start ``unqa ui``, ask each conversation once alone (the reference answers), then run all sessions
    at once while ``uploads`` corpus files are uploaded through the UI. A fresh store (no ``data_dir``) gets
    the conversations' resolutions first; an existing one is asked as it is, and the uploaded files are
    added to it (or found unchanged, when it holds the corpus)."""
    files = corpus_files(corpus)
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory(prefix="unqa-load-") as tmp:
        fresh = data_dir is None
        store = Path(tmp) / "store" if data_dir is None else data_dir
        chosen = conversations(sessions, questions, set(files)) if fresh else []
        if fresh:
            ingest = [str(files[c.symbol]) for c in chosen]
            command = [sys.executable, "-m", "unqa", "ingest", *ingest, "--data-dir", str(store), "--quiet"]
            done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"could not prepare the store: {done.stderr.strip()}")
        with ui_server(store, env, Path(tmp) / "ui.log") as url:
            chosen = chosen or conversations(sessions, questions, stored_symbols(url) & set(files))
            used = {c.symbol for c in chosen}
            spare = sorted((p for s, p in files.items() if s not in used), key=lambda p: -p.stat().st_size)
            alone = [ask_conversation(url, c) for c in chosen]
            return _concurrent(url, chosen, spare[:uploads], alone)


def _concurrent(
    url: str, chosen: list[Conversation], upload: list[Path], alone: list[SessionRun]
) -> LoadReport:
    """Every session and the upload start together, once each has its client (the wall time starts then)."""
    start = threading.Barrier(len(chosen) + 2, timeout=READY_TIMEOUT_S)
    with ThreadPoolExecutor(max_workers=len(chosen) + 1) as pool:
        uploading = pool.submit(upload_files, url, upload, start)
        asking = [pool.submit(ask_conversation, url, c, start) for c in chosen]
        start.wait()
        began = time.perf_counter()
        runs = [future.result() for future in asking]
        return LoadReport(runs, uploading.result(), alone, time.perf_counter() - began)


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
    p = sub.add_parser("load", help="concurrent UI sessions while an upload is stored")
    p.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    p.add_argument("--questions", type=int, default=2, help="questions per session (default 2)")
    p.add_argument("--uploads", type=int, default=4, help="corpus files uploaded meanwhile (default 4)")
    p.add_argument(
        "--data-dir", help="an existing store to use as it is (default: a fresh one with what is asked)"
    )
    p.add_argument("--corpus", help="corpus folder (default UNQA_CORPUS_DIR, else ./corpus)")
    p = sub.add_parser("scale", help="synthetic stores of growing size: ingest, latency, memory, cold start")
    p.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="paragraphs per store, comma-separated (default 1k,10k,100k)",
    )
    p.add_argument("--questions", type=int, default=40, help="library gold questions asked (default 40)")
    p.add_argument("--sample", type=int, default=20, help="corpus files parsed and embedded for real (20)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic copies (default 0)")
    p.add_argument("--server", action="store_true", help="also measure against a `chroma run` server")
    p.add_argument(
        "--data-dir", help="where the stores are kept and reused (default: a new temporary folder)"
    )
    p.add_argument("--out", help="folder for results.json and scale.png (default: a new temporary folder)")
    p.add_argument("--corpus", help="corpus folder (default UNQA_CORPUS_DIR, else ../shared/corpus)")
    args = parser.parse_args()
    if args.what == "ingest":
        data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="unqa-bench-"))
        print(bench_ingest(args.paths, data_dir))
    elif args.what == "ask":
        print(bench_ask(args.gold, Path(args.data_dir) if args.data_dir else None))
    elif args.what == "scale":
        from eval.scale import DEFAULT_CORPUS, render, run_scale

        corpus = Path(args.corpus or os.environ.get("UNQA_CORPUS_DIR") or DEFAULT_CORPUS)
        data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="unqa-scale-data-")).expanduser()
        out = Path(args.out or tempfile.mkdtemp(prefix="unqa-scale-")).expanduser()
        sizes = [int(size) for size in args.sizes.split(",")]
        results = run_scale(
            sizes,
            args.questions,
            data_dir,
            out,
            corpus,
            seed=args.seed,
            sample=args.sample,
            server=args.server,
        )
        print(render(results))
        print(f"stores in {data_dir}; results in {out / 'results.json'}, chart {out / 'scale.png'}")
    else:
        corpus = Path(args.corpus or os.environ.get("UNQA_CORPUS_DIR") or REPO / "corpus")
        data_dir = Path(args.data_dir).expanduser() if args.data_dir else None
        report = bench_load(args.sessions, args.questions, data_dir, corpus, args.uploads)
        print(report.render())


if __name__ == "__main__":
    main()
