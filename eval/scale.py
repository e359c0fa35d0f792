"""How the assistant scales with the library: synthetic stores of 1k, 10k and 100k paragraphs built from the
real corpus, with ingest, question latency, memory and start-up figures per size (``python -m eval.benchmark
scale``), each with its ratio to the smallest size measured in the same run.

**The vectors of the synthetic copies are not real embeddings.** Embedding 100k paragraphs with the bundled
model at ~25 paragraphs/s would take over an hour, so each distinct original paragraph (its text under its
context header, exactly what ``upsert_document`` embeds) is embedded once with the real model and cached
under ``--data-dir``; a copy gets the original's vector plus a small Gaussian perturbation, renormalised
(``PerturbedEmbedding``, a llama-index ``BaseEmbedding`` passed to ``upsert_document``, so every record goes
through the normal write path). Questions are embedded by the real model. The ingest figures are therefore
split: parse and embed are measured with the real parser and model on a sample of corpus files, write on the
synthetic upserts.

The corpus is parsed once with the project's parser. Its resolutions come first, whole (those the questions
are about at the front); then copies of them, round after round, each with a symbol beyond the real range
(``S/RES/N (YEAR)`` renumbered by ``COPY_OFFSET``, ``A/RES/80/118`` -> ``A/RES/1080/118``), a shifted adoption
date, and its text varied deterministically (``--seed``): country and mission names, month names and
numbers substituted, and some words swapped for others drawn from the corpus, so that BM25 and the vectors
see different texts. A size takes the first N paragraphs of that stream (its last document cut short).

Each size's store lives under ``--data-dir`` (``store-N``) with a manifest written once it is complete; a
store whose manifest matches is reused, so the command can be re-run cheaply. Latency, memory and cold
start are measured in fresh processes (``python -m eval.scale`` is that measuring process), never in the
one that built the stores; ``--server`` measures again against a ``chroma run`` over the same stores.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import PrivateAttr
from tqdm import tqdm

from eval.gold import GoldItem, load_gold
from eval.processes import free_port, serving
from ingest.config import StoreConfig
from ingest.context import indexed_text
from ingest.embedding import embedding_id, make_embed_model
from ingest.ids import SYMBOL_RE, normalize_symbol
from ingest.model import Document, Footnote, IngestError, SubParagraph
from ingest.parse import parse_file
from ingest.pipeline import expand_inputs
from ingest.store import ParagraphStore, document_text, paragraph_nodes, upsert_document

REPO = Path(__file__).resolve().parent.parent
LIBRARY_GOLD = Path(__file__).parent / "gold" / "library.jsonl"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
GENERATOR = 1  # bumped when the synthetic stream changes: a store built by another is rebuilt
MANIFEST = "scale-manifest.json"
COPY_OFFSET = 100_000  # added per copy round to a resolution's number: far beyond every real one
NOISE_SIGMA = 0.015  # per dimension: a copy's vector keeps a cosine of ~0.96 with its original's (384 dims)
SWAP_PERCENT = 10  # of the corpus-vocabulary words of a copy swapped for others
READY_TIMEOUT_S = 120
# Names a copy may substitute for one another, kept when the corpus prints them.
COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Australia", "Austria", "Bangladesh",
    "Belgium", "Benin", "Bolivia", "Botswana", "Brazil", "Bulgaria", "Burundi", "Cambodia", "Cameroon",
    "Canada", "Chad", "Chile", "China", "Colombia", "Congo", "Cuba", "Cyprus", "Czechoslovakia", "Denmark",
    "Djibouti", "Egypt", "Ethiopia", "Finland", "France", "Gabon", "Ghana", "Greece", "Guatemala", "Guinea",
    "Guyana", "Haiti", "Hungary", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Jamaica", "Japan", "Jordan", "Kenya", "Kuwait", "Lebanon", "Lesotho", "Liberia", "Libya", "Malawi",
    "Malaysia", "Mali", "Malta", "Mauritania", "Mauritius", "Mexico", "Morocco", "Mozambique", "Namibia",
    "Nepal", "Netherlands", "Nicaragua", "Niger", "Nigeria", "Norway", "Pakistan", "Panama", "Peru",
    "Philippines", "Poland", "Portugal", "Rwanda", "Senegal", "Somalia", "Spain", "Sudan", "Sweden",
    "Syria", "Thailand", "Togo", "Tunisia", "Turkey", "Uganda", "Ukraine", "Uruguay", "Venezuela",
    "Yemen", "Yugoslavia", "Zaire", "Zambia", "Zimbabwe",
)  # fmt: skip
MISSION_RE = re.compile(r"\b(?:UN|MINU|MONU)[A-Z]{2,6}\b")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WORD_RE = re.compile(r"\b[a-z]{5,}\b")
_NUMBER_RE = re.compile(r"(?<![\d/])\d{1,4}(?![\d/])")


# -- the synthetic library -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Corpus:
    """The parsed corpus: its resolutions, the parse time of each file, and what copies draw from."""

    documents: list[Document]
    parse_s: dict[str, float]  # source path -> seconds
    names: tuple[tuple[str, ...], ...]  # groups of interchangeable names found in the corpus
    vocabulary: tuple[str, ...]  # frequent lower-case words

    @property
    def paragraphs(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)


def parse_corpus(corpus: Path) -> Corpus:
    """Every resolution under ``corpus``, parsed once by ``ingest.parse.parse_file`` (other files skipped)."""
    files, _ = expand_inputs([corpus])
    documents, seconds = [], {}
    for path in tqdm(files, desc="Parsing the corpus", unit="file"):
        started = time.perf_counter()
        try:
            documents.append(parse_file(path))
        except IngestError:
            continue  # its README
        seconds[str(path)] = time.perf_counter() - started
    text = "\n".join(p.text for d in documents for p in d.paragraphs)
    words = Counter(_WORD_RE.findall(text))
    countries = tuple(c for c in COUNTRIES if re.search(rf"\b{c}\b", text))
    missions = tuple(sorted(set(MISSION_RE.findall(text))))
    vocabulary = tuple(sorted(w for w, n in words.items() if n >= 3))
    return Corpus(documents, seconds, tuple(g for g in (countries, missions) if len(g) > 1), vocabulary)


def _crc(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


class Variation:
    """How one copy differs from its original: the same substitutions throughout the document, so a
    sub-paragraph still reads as part of its paragraph."""

    def __init__(self, corpus: Corpus, seed: int, round_: int, index: int) -> None:
        key = (seed, round_, index)
        self.key = key
        self.names: dict[str, str] = {}
        for group in corpus.names:
            shuffled = sorted(group, key=lambda name: _crc(*key, name))
            self.names.update(zip(group, shuffled, strict=True))
        months = sorted(MONTHS, key=lambda month: _crc(*key, month))
        self.names.update(zip(MONTHS, months, strict=True))
        self._names_re = re.compile(r"\b(" + "|".join(sorted(self.names, key=len, reverse=True)) + r")\b")
        self.shift = 1 + _crc(*key, "numbers") % 9
        self.vocabulary = corpus.vocabulary

    def text(self, text: str) -> str:
        text = self._names_re.sub(lambda m: self.names[m.group(1)], text)
        text = _NUMBER_RE.sub(self._number, text)
        return _WORD_RE.sub(self._word, text)

    def _number(self, m: re.Match[str]) -> str:
        n = int(m.group(0))
        return m.group(0) if 1900 <= n <= 2039 else str(n + self.shift)  # years stay years

    def _word(self, m: re.Match[str]) -> str:
        word = m.group(0)
        if not self.vocabulary or _crc(*self.key, word) % 100 >= SWAP_PERCENT:
            return word
        return self.vocabulary[_crc(*self.key, word, "to") % len(self.vocabulary)]


def copy_symbol(symbol: str, round_: int, year: int | None) -> str:
    """``S/RES/232 (1966)`` -> ``S/RES/200232 (YEAR)`` in round 2; ``A/RES/80/118`` -> ``A/RES/1080/118``
    in round 1 (a session number beyond the real ones)."""
    offset = round_ * (COPY_OFFSET if symbol.startswith("S/") else 1_000)
    renumbered = re.sub(r"(?<=/)\d+", lambda m: str(int(m.group(0)) + offset), symbol, count=1)
    if year is not None:
        renumbered = re.sub(r"\(\d{4}\)$", f"({year})", renumbered)
    return normalize_symbol(renumbered)


def make_copy(original: Document, corpus: Corpus, seed: int, round_: int, index: int) -> Document:
    """Copy ``round_`` (1, 2, ...) of ``original``: another symbol and date, its texts varied."""
    vary = Variation(corpus, seed, round_, index)
    date, year = original.date, original.year
    if date:
        try:
            shifted = datetime.date.fromisoformat(date) + datetime.timedelta(
                days=_crc(seed, round_, index) % 365
            )
            date, year = shifted.isoformat(), shifted.year
        except ValueError:
            pass
    symbol = copy_symbol(normalize_symbol(original.symbol), round_, year)
    assert SYMBOL_RE.fullmatch(symbol), symbol
    paragraphs = [
        dataclasses.replace(
            p,
            text=vary.text(p.text),
            footnotes=[Footnote(f.number, vary.text(f.text)) for f in p.footnotes],
            subparagraphs=[SubParagraph(s.label, vary.text(s.text)) for s in p.subparagraphs],
        )
        for p in original.paragraphs
    ]
    return dataclasses.replace(
        original,
        symbol=symbol,
        title=vary.text(original.title) if original.title else None,
        date=date,
        year=year,
        source=f"synthetic copy {round_} of {original.source}",
        paragraphs=paragraphs,
    )


def _cut(doc: Document, paragraphs: int) -> Document:
    return (
        doc
        if paragraphs >= len(doc.paragraphs)
        else dataclasses.replace(doc, paragraphs=doc.paragraphs[:paragraphs])
    )


def library(corpus: Corpus, size: int, seed: int, first: set[str]) -> Iterator[tuple[Document, Document]]:
    """(document to store, the original it copies) for the first ``size`` paragraphs of the stream: the
    originals (those whose symbol is in ``first`` at the front), then copy rounds 1, 2, ..."""
    originals = sorted(corpus.documents, key=lambda d: normalize_symbol(d.symbol) not in first)
    left, round_ = size, 0
    while left > 0:
        for index, original in enumerate(originals):
            taken = _cut(original, left)
            yield (taken if round_ == 0 else make_copy(taken, corpus, seed, round_, index)), taken
            left -= len(taken.paragraphs)
            if left <= 0:
                return
        round_ += 1


# -- vectors -------------------------------------------------------------------------------------------------
class VectorCache:
    """Real embeddings by the sha256 of the text embedded, kept in one .npz file per embedding model."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as saved:
                self.vectors = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
        self.embedded = 0  # texts embedded by the real model in this process
        self.seconds = 0.0

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def fill(self, texts: list[str], model: BaseEmbedding) -> None:
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.vectors))
        if not missing:
            return
        started = time.perf_counter()
        for start in tqdm(range(0, len(missing), 256), desc="Embedding originals (real model)", unit="batch"):
            batch = missing[start : start + 256]
            for text, vector in zip(batch, model.get_text_embedding_batch(batch), strict=True):
                self.vectors[self.key(text)] = np.asarray(vector, dtype=np.float32)
        self.seconds += time.perf_counter() - started
        self.embedded += len(missing)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        tmp = self.path.with_name(f".{self.path.stem}.{os.getpid()}.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        tmp.replace(self.path)


class PerturbedEmbedding(BaseEmbedding):
    """Vectors for a synthetic library: the text a copy's record embeds is mapped (``expect``) to the text
    its original's record embeds; that one's real vector (``VectorCache``) plus Gaussian noise seeded by the
    copy's text, renormalised, is the copy's vector. An original's own text gets its real vector."""

    _real: BaseEmbedding = PrivateAttr()
    _cache: VectorCache = PrivateAttr()
    _origins: dict[str, str] = PrivateAttr(default_factory=dict)
    _sigma: float = PrivateAttr()
    _seconds: float = PrivateAttr(default=0.0)

    def __init__(self, real: BaseEmbedding, cache: VectorCache, sigma: float = NOISE_SIGMA) -> None:
        super().__init__(model_name=f"perturbed {real.model_name}", embed_batch_size=2048)
        self._real, self._cache, self._sigma = real, cache, sigma

    @classmethod
    def class_name(cls) -> str:
        return "PerturbedEmbedding"

    @property
    def seconds(self) -> float:
        """Time spent making vectors (to be told apart from the time a write takes)."""
        return self._seconds

    def expect(self, copy: Document, original: Document) -> list[str]:
        """Map the texts storing ``copy`` embeds to those of ``original``; returns the original's texts."""
        texts = [indexed_text(n.metadata, n.text) for n in paragraph_nodes(original)]
        texts.append(document_text(original))
        copied = [indexed_text(n.metadata, n.text) for n in paragraph_nodes(copy)]
        self._origins = dict(zip([*copied, document_text(copy)], texts, strict=True))
        return texts

    def perturbed(self, text: str) -> Embedding:
        started = time.perf_counter()
        origin = self._origins.get(text, text)
        self._cache.fill([origin], self._real)
        vector = self._cache.vectors[VectorCache.key(origin)].astype(np.float64)
        if origin != text:
            seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
            vector = vector / np.linalg.norm(vector)
            vector += np.random.default_rng(seed).normal(0.0, self._sigma, vector.shape)
            vector /= np.linalg.norm(vector)
        self._seconds += time.perf_counter() - started
        return vector.tolist()

    def _get_text_embedding(self, text: str) -> Embedding:
        return self.perturbed(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return [self.perturbed(t) for t in texts]

    def _get_query_embedding(self, query: str) -> Embedding:
        return self._real.get_query_embedding(query)

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)


# -- building a size's store ---------------------------------------------------------------------------------
def store_config(data_dir: Path, size: int) -> StoreConfig:
    return StoreConfig.from_env().with_overrides(data_dir=data_dir / f"store-{size}", chroma_host="")


def _wanted(size: int, seed: int, first: list[str], config: StoreConfig) -> dict[str, Any]:
    return {
        "paragraphs": size,
        "seed": seed,
        "generator": GENERATOR,
        "first": first,
        "embedding": embedding_id(config),
    }


def ensure_store(
    corpus: Corpus, size: int, seed: int, first: list[str], data_dir: Path, real: BaseEmbedding | None
) -> dict[str, Any]:
    """The manifest of the store of ``size`` paragraphs under ``data_dir``: read when one was completed
    with the same settings (``reused``), else built now (a half-built store is removed first). ``real``:
    the embedding model for originals not cached yet (loaded when None and needed)."""
    config = store_config(data_dir, size)
    wanted = _wanted(size, seed, first, config)
    manifest_path = config.data_dir / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if {k: manifest.get(k) for k in wanted} == wanted:
            return {**manifest, "reused": True}
    shutil.rmtree(config.data_dir, ignore_errors=True)
    config.data_dir.mkdir(parents=True)
    cache = VectorCache(data_dir / "vectors" / f"{VectorCache.key(wanted['embedding'])[:16]}.npz")
    real = real or make_embed_model(config)
    model = PerturbedEmbedding(real, cache)
    pairs = list(library(corpus, size, seed, set(first)))
    cache.fill([t for copy, original in pairs for t in model.expect(copy, original)], real)
    store = ParagraphStore(config)
    started = time.perf_counter()
    for copy, original in tqdm(pairs, desc=f"Writing the {size:,}-paragraph store", unit="doc"):
        model.expect(copy, original)
        upsert_document(store, copy, model, announce=False)  # one batch, as `unqa ingest` writes one
    store.mark_changed()
    build_s = time.perf_counter() - started
    stored = store.paragraphs.count()
    if stored != size:
        raise SystemExit(f"the {size:,}-paragraph store holds {stored:,} paragraphs: duplicate symbols?")
    manifest = {
        **wanted,
        "documents": len(pairs),
        "copies": sum(1 for copy, original in pairs if copy is not original),
        "build_s": build_s,
        "write_s": build_s - model.seconds,
        "vectors_s": model.seconds,
        "originals_embedded": cache.embedded,
        "originals_embed_s": cache.seconds,
        "built_at": datetime.datetime.now().isoformat(timespec="seconds"),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {**manifest, "reused": False}


# -- the questions -------------------------------------------------------------------------------------------
def pick_questions(count: int, available: set[str]) -> list[GoldItem]:
    """``count`` stand-alone library gold questions about resolutions in ``available``, one per resolution
    as far as they go, spread over the file."""
    items = [
        i for i in load_gold(LIBRARY_GOLD) if not i.history and i.documents and set(i.documents) <= available
    ]
    by_document: dict[tuple[str, ...], GoldItem] = {}
    for item in items:
        by_document.setdefault(item.documents, item)
    pool = list(by_document.values())
    pool += [i for i in items if i not in pool]
    step = max(1, len(by_document) // max(count, 1))
    chosen = pool[: len(by_document)][::step][:count]
    chosen += [i for i in pool if i not in chosen][: count - len(chosen)]
    return chosen


# -- measuring -----------------------------------------------------------------------------------------------
def quantiles(values: list[float]) -> dict[str, float]:
    """p50 and p95 (inclusive: never above the max) in milliseconds."""
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    return {"p50": statistics.median(values) * 1000, "p95": p95 * 1000}


def measure_process(questions: list[str]) -> dict[str, Any]:
    """In a fresh process (the store from ``UNQA_*``): start-up, the first answer, then warm retrieval
    (``Retriever.candidates``) and answers (``Assistant.ask``) over ``questions``, and the peak RSS."""
    from assistant import Assistant, AssistantConfig
    from assistant.retrieval import Scope

    started = time.perf_counter()
    assistant = Assistant(AssistantConfig.from_env())
    startup_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant.ask(questions[0])
    first_s = time.perf_counter() - started
    retrieval = []
    for question in questions:
        asked = assistant.pipeline.understand(question, question, [])
        started = time.perf_counter()
        assistant.retriever.candidates(asked, Scope())
        retrieval.append(time.perf_counter() - started)
    answers, cited, refused = [], 0, 0
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question)
        answers.append(time.perf_counter() - started)
        cited += bool(answer.citations)
        refused += answer.refused
    return {
        "paragraphs_stored": assistant.store.paragraphs.count(),
        "documents_stored": len(assistant.symbols()),
        "startup_s": startup_s,
        "first_answer_s": first_s,
        "retrieval_ms": quantiles(retrieval),
        "answer_ms": quantiles(answers),
        "answers_citing": cited,
        "answers_refused": refused,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_mb": _status_mb("self", "VmRSS"),  # the peak is often loading the model: this is what stays
    }


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:4])} failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
    return time.perf_counter() - started


def measure_size(
    config: StoreConfig, questions: list[str], work: Path, server: tuple[str, int, int] | None
) -> dict[str, Any]:
    """A size's figures from fresh processes: ``unqa ask`` cold (before and after the measuring process,
    which may leave an index behind), and the measuring process itself."""
    env = {**os.environ, "UNQA_DATA_DIR": str(config.data_dir), "UNQA_BACKEND": "extractive"}
    env |= {"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    env.pop("UNQA_CHROMA_HOST", None)
    if server:
        env |= {"UNQA_CHROMA_HOST": server[0], "UNQA_CHROMA_PORT": str(server[1])}
    ask = [sys.executable, "-m", "unqa", "ask", questions[0]]
    cold = [_timed(ask, env)]
    questions_file = work / "questions.json"
    questions_file.write_text(json.dumps(questions), encoding="utf-8")
    command = [sys.executable, "-m", "eval.scale", str(questions_file)]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the measuring process failed: {done.stderr.strip()[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    cold.append(_timed(ask, env))
    if server:
        figures["server_peak_rss_mb"] = _status_mb(server[2], "VmHWM")
    return {**figures, "cold_ask_s": cold}


def _status_mb(pid: int | str, field: str) -> float | None:
    """A field of a process's ``/proc/PID/status`` in MB (``VmHWM`` its peak RSS, ``VmRSS`` its RSS now;
    Linux only, None elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


@contextmanager
def chroma_server(path: Path, log_path: Path) -> Iterator[tuple[str, int, int]]:
    """``chroma run`` over ``path`` on a free 127.0.0.1 port; yields (host, port, process id), stops it
    afterwards."""
    port = free_port()
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    command = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    ready = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    with serving(command, ready, log_path, timeout_s=READY_TIMEOUT_S) as process:
        yield "127.0.0.1", port, process.pid


# -- the run -------------------------------------------------------------------------------------------------
def sample_files(corpus: Corpus, count: int) -> list[Document]:
    """``count`` parsed corpus files, taken from each folder in turn (Markdown, PDF, plain text)."""
    folders: dict[str, list[Document]] = {}
    for doc in corpus.documents:
        folders.setdefault(str(Path(doc.source or "").parent), []).append(doc)
    queues = [list(docs) for _, docs in sorted(folders.items())]
    chosen: list[Document] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


def measure_ingest_sample(corpus: Corpus, count: int, real: BaseEmbedding) -> dict[str, Any]:
    """Parse (timed when the corpus was parsed) and real embedding of a sample of corpus files."""
    docs = sample_files(corpus, count)
    texts = [[indexed_text(n.metadata, n.text) for n in paragraph_nodes(d)] for d in docs]
    real.get_text_embedding_batch(texts[0][:4])  # the model's first call sets it up
    started = time.perf_counter()
    for document in texts:  # one call per document, as ``upsert_document`` makes them
        real.get_text_embedding_batch(document)
    embed_s = time.perf_counter() - started
    paragraphs = sum(map(len, texts))
    parse_s = sum(corpus.parse_s[d.source or ""] for d in docs)
    kinds = Counter(Path(d.source or "").suffix.lstrip(".") for d in docs)
    return {
        "files": len(docs),
        "kinds": dict(kinds),
        "paragraphs": paragraphs,
        "parse_s": parse_s,
        "embed_s": embed_s,
        "parse_per_s": paragraphs / parse_s,
        "embed_per_s": paragraphs / embed_s,
    }


RATIO_FIGURES = (
    "write_per_s",
    "ingest_per_s",
    "retrieval_p50_ms",
    "retrieval_p95_ms",
    "answer_p50_ms",
    "answer_p95_ms",
    "first_answer_s",
    "startup_s",
    "peak_rss_mb",
    "rss_mb",
    "cold_ask_s",
)


def _row(
    manifest: dict[str, Any], figures: dict[str, Any], sample: dict[str, Any], mode: str
) -> dict[str, Any]:
    """One size's figures; the writes are those of the embedded build (none go through the server)."""
    write = manifest["paragraphs"] / manifest["write_s"] if mode == "embedded" else None
    ingest = 1 / (1 / sample["parse_per_s"] + 1 / sample["embed_per_s"] + 1 / write) if write else None
    return {
        "mode": mode,
        "paragraphs": manifest["paragraphs"],
        "documents": manifest["documents"],
        "copies": manifest["copies"],
        "reused": manifest["reused"],
        "built_at": manifest["built_at"],
        "build_s": manifest["build_s"],
        "write_per_s": write,
        "ingest_per_s": ingest,
        "retrieval_p50_ms": figures["retrieval_ms"]["p50"],
        "retrieval_p95_ms": figures["retrieval_ms"]["p95"],
        "answer_p50_ms": figures["answer_ms"]["p50"],
        "answer_p95_ms": figures["answer_ms"]["p95"],
        "first_answer_s": figures["first_answer_s"],
        "startup_s": figures["startup_s"],
        "peak_rss_mb": figures["peak_rss_mb"],
        "rss_mb": figures["rss_mb"],
        "cold_ask_s": figures["cold_ask_s"][0],
        "cold_ask_again_s": figures["cold_ask_s"][1],
        "server_peak_rss_mb": figures.get("server_peak_rss_mb"),
        "paragraphs_stored": figures["paragraphs_stored"],
        "documents_stored": figures["documents_stored"],
        "answers_citing": figures["answers_citing"],
        "answers_refused": figures["answers_refused"],
    }


def _with_ratios(rows: list[dict[str, Any]]) -> None:
    """Each row's figures divided by those of the smallest size in the same mode."""
    for row in rows:
        base = next(r for r in rows if r["mode"] == row["mode"])
        row["ratios"] = {k: row[k] / base[k] if row[k] and base[k] else None for k in RATIO_FIGURES}


def _figure(row: dict[str, Any], smallest: bool, key: str, unit: str, digits: int = 0) -> str:
    """``412 ms x3.10``: a row's figure and its ratio to the smallest size's."""
    ratio = row["ratios"].get(key)
    return f"{row[key]:,.{digits}f}{unit}" + ("" if smallest or ratio is None else f" x{ratio:.2f}")


def render(results: dict[str, Any]) -> str:
    """The printed report: the sample's ingest figures, then each size's, with ratios."""
    sample = results["sample"]
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(sample["kinds"].items()))
    lines = [
        f"scale: synthetic stores of {', '.join(f'{s:,}' for s in results['sizes'])} paragraphs from "
        f"{results['corpus']['documents']} parsed resolutions ({results['corpus']['paragraphs']:,} "
        f"paragraphs); {results['questions']} gold questions; {results['cpus']} CPUs",
        "NOTE: copies are not embedded by the model: each carries its original's real vector plus Gaussian "
        f"noise (sigma {NOISE_SIGMA}/dim), renormalised; questions use the real model.",
        f"ingest sample ({sample['files']} files: {kinds}; {sample['paragraphs']} paragraphs): parse "
        f"{sample['parse_per_s']:.0f} paragraphs/s, real embedding {sample['embed_per_s']:.1f} paragraphs/s",
        f"unqa --help: {results['help_s']:.2f} s",
    ]
    for row in results["rows"]:
        fig = functools.partial(_figure, row, row["paragraphs"] == results["sizes"][0])
        built = f"reused, built {row['built_at']}" if row["reused"] else "built now"
        lines += [
            f"[{row['mode']}] {row['paragraphs']:,} paragraphs, {row['documents']:,} documents "
            f"({row['copies']:,} synthetic; {built} in {row['build_s']:.0f} s)",
            f"  ingest paragraphs/s: write {fig('write_per_s', '')}, with parse and embed "
            f"{fig('ingest_per_s', '', 1)}"
            if row["write_per_s"]
            else f"  chroma run's peak RSS {row['server_peak_rss_mb'] or 0:,.0f} MB (writes: see embedded)",
            f"  retrieval p50 {fig('retrieval_p50_ms', ' ms')}, p95 {fig('retrieval_p95_ms', ' ms')}; "
            f"answer p50 {fig('answer_p50_ms', ' ms')}, p95 {fig('answer_p95_ms', ' ms')}",
            f"  fresh process: start-up {fig('startup_s', ' s', 1)}, first answer "
            f"{fig('first_answer_s', ' s', 1)}; peak RSS {fig('peak_rss_mb', ' MB')}, RSS after the "
            f"questions {fig('rss_mb', ' MB')}",
            f"  cold `unqa ask` {fig('cold_ask_s', ' s', 1)} (again: {row['cold_ask_again_s']:.1f} s); "
            f"answers citing {row['answers_citing']}, refused {row['answers_refused']}",
        ]
    lines.append("phases: " + ", ".join(f"{name} {s:.0f} s" for name, s in results["phases_s"].items()))
    return "\n".join(lines)


def run_scale(
    sizes: list[int],
    questions: int,
    data_dir: Path,
    out: Path,
    corpus_dir: Path,
    *,
    seed: int = 0,
    sample: int = 20,
    server: bool = False,
) -> dict[str, Any]:
    """Build (or reuse) every size's store, measure each in fresh processes, write ``results.json`` and
    ``scale.png`` to ``out``; returns the results."""
    from eval.chart import write_scale_chart

    sizes = sorted(set(sizes))
    out.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    corpus = parse_corpus(corpus_dir)
    phases["parse corpus"] = time.perf_counter() - started
    chosen = pick_questions(questions, {normalize_symbol(d.symbol) for d in corpus.documents})
    first = list(dict.fromkeys(s for item in chosen for s in item.documents))
    asked = [item.question for item in chosen]
    real = make_embed_model(store_config(data_dir, sizes[0]))
    started = time.perf_counter()
    ingest = measure_ingest_sample(corpus, sample, real)
    phases["ingest sample"] = time.perf_counter() - started
    manifests = {}
    for size in sizes:
        started = time.perf_counter()
        manifests[size] = ensure_store(corpus, size, seed, first, data_dir, real)
        phases[f"store {size}"] = time.perf_counter() - started
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    help_s = min(_timed([sys.executable, "-m", "unqa", "--help"], env) for _ in range(3))
    rows = []
    for mode in ("embedded", "server") if server else ("embedded",):
        for size in sizes:
            started = time.perf_counter()
            config = store_config(data_dir, size)
            if mode == "server":
                with chroma_server(config.chroma_path, out / f"chroma-{size}.log") as address:
                    figures = measure_size(config, asked, out, address)
            else:
                figures = measure_size(config, asked, out, None)
            rows.append(_row(manifests[size], figures, ingest, mode))
            phases[f"measure {mode} {size}"] = time.perf_counter() - started
    _with_ratios(rows)
    results = {
        "sizes": sizes,
        "seed": seed,
        "cpus": os.cpu_count(),
        "questions": len(asked),
        "question_texts": asked,
        "corpus": {
            "path": str(corpus_dir),
            "documents": len(corpus.documents),
            "paragraphs": corpus.paragraphs,
            "parse_s": sum(corpus.parse_s.values()),
        },
        "vectors": f"synthetic copies: the original's real vector + N(0, {NOISE_SIGMA}^2) per dimension, "
        "renormalised; originals and questions: the real model",
        "sample": ingest,
        "help_s": help_s,
        "rows": rows,
        "phases_s": phases,
    }
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_scale_chart(rows, out / "scale.png")
    return results


def main() -> None:
    """The measuring process: ``python -m eval.scale QUESTIONS.json`` prints its figures as one JSON line."""
    questions = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(measure_process(questions)))


if __name__ == "__main__":
    main()
