"""Evaluation harness: score the assistant's answers and citations against a gold set.

``evaluate`` runs a gold set through any ``ask(question, history) -> Answer``; ``write_report``
writes report.json, report.md and a chart; ``compare_reports`` describes how two runs differ.
"""

from eval.compare import compare_reports
from eval.gold import GoldFormatError, GoldItem, check_labels, load_gold
from eval.report import write_report
from eval.runner import evaluate
from eval.split import split

__all__ = [
    "GoldFormatError",
    "GoldItem",
    "check_labels",
    "compare_reports",
    "evaluate",
    "load_gold",
    "split",
    "write_report",
]
