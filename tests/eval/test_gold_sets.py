"""The project's own gold sets: every label names a paragraph (or sub-paragraph) that exists in the parsed
documents, and every expected fact of an answerable item is in the text of its cited paragraphs."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from eval.gold import GoldItem, load_gold
from ingest.ids import parse_citation_label
from ingest.model import Document
from ingest.parse import parse_file
from ingest.pipeline import SAMPLE_PATH

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"
pytestmark = pytest.mark.slow


def source_file(symbol: str, corpus: Path) -> Path:
    if symbol == "A/RES/80/118":
        return SAMPLE_PATH
    council = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", symbol)
    if council and int(council.group(1)) <= 600:
        return corpus / "unsc-text" / f"S_RES_{int(council.group(1)):04d}_{council.group(2)}_EN_GOLD.txt"
    name = symbol.replace("/", "_").replace(" (", "_").replace(")", "")
    return corpus / "pdf" / f"{name}.en.pdf"


@pytest.fixture(scope="module")
def documents(corpus_dir: Path):
    @cache
    def document(symbol: str) -> Document:
        return parse_file(source_file(symbol, corpus_dir))

    return document


def gold_items() -> list[GoldItem]:
    return [item for path in sorted(GOLD.glob("*.jsonl")) for item in load_gold(path)]


def test_gold_sets_are_big_enough() -> None:
    assert len(load_gold(GOLD / "a_res_80_118.jsonl")) >= 80
    assert len(load_gold(GOLD / "corpus.jsonl")) >= 40


@pytest.mark.parametrize("item", gold_items(), ids=lambda item: item.id)
def test_labels_name_existing_paragraphs(item: GoldItem, documents) -> None:
    texts = []
    for label in (*item.citations, *item.also_acceptable):
        parsed = parse_citation_label(label)
        assert parsed, f"{item.id}: {label!r} is not a citation label"
        symbol, ref = parsed
        doc = documents(symbol)
        assert doc.symbol == symbol, f"{item.id}: {label} -> parsed {doc.symbol}"
        paragraph = doc.paragraph(ref.id)
        assert paragraph is not None, f"{item.id}: {label} names no paragraph of {symbol}"
        if ref.sub:
            assert ref.sub in {s.label for s in paragraph.subparagraphs}, (
                f"{item.id}: no {ref.full} in {symbol}"
            )
        if label in item.citations:
            texts.append(paragraph.text + " " + " ".join(f.text for f in paragraph.footnotes))
    if item.answerable and item.citations:
        joined = re.sub(r"\s+", " ", " ".join(texts)).lower()
        missing = [fact for fact in item.answer_contains if re.sub(r"\s+", " ", fact).lower() not in joined]
        assert not missing, f"{item.id}: {missing} not in the text of {item.citations}"
