"""Ingest limits: set from the environment; each refusal says the limit, the measure and the variable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.limits import MB, InvalidLimit, Limits
from ingest.model import OverLimit
from ingest.parse import parse_file

VARIABLES = ["UNQA_MAX_FILE_MB", "UNQA_MAX_PARAGRAPHS", "UNQA_MAX_PDF_PAGES", "UNQA_MAX_UNZIPPED_MB"]


@pytest.fixture(autouse=True)
def _no_limit_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests see the defaults, whatever the environment running them sets."""
    for variable in [*VARIABLES, "UNQA_MAX_ZIP_RATIO"]:
        monkeypatch.delenv(variable, raising=False)


def test_environment_sets_each_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Limits.from_env() == Limits()
    for variable, value in zip(VARIABLES, ["0.5", "12", "3", "7.5"], strict=True):
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("UNQA_MAX_ZIP_RATIO", "20")
    assert Limits.from_env() == Limits(
        max_file_mb=0.5, max_paragraphs=12, max_pdf_pages=3, max_unzipped_mb=7.5, max_zip_ratio=20
    )


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("value", ["lots", "0", "-3", "1e9x"])
def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=variable) as info:
        Limits.from_env()
    assert isinstance(info.value, InvalidLimit)  # the CLI prints it as a user's error, without a traceback


def test_a_count_must_be_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNQA_MAX_PARAGRAPHS", "2.5")
    with pytest.raises(InvalidLimit, match=r"UNQA_MAX_PARAGRAPHS='2\.5' is not a whole number"):
        Limits.from_env()


def test_overrides_replace_only_what_is_given() -> None:
    limits = Limits(max_paragraphs=10)
    changed = limits.with_overrides(max_file_mb=None, max_pdf_pages=4)
    assert changed == Limits(max_paragraphs=10, max_pdf_pages=4)
    with pytest.raises(InvalidLimit, match="max_pdf_pages"):
        limits.with_overrides(max_pdf_pages=0)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A 51 MB file (sparse: no disk used) of zero bytes, which a reader would call binary."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(51 * MB)
    with pytest.raises(OverLimit) as info:
        parse_file(path)
    assert info.value.reason == (
        "the file is 51.0 MB, over the 50 MB limit (raise UNQA_MAX_FILE_MB or --max-file-mb to ingest it)"
    )


def test_the_size_limit_comes_from_the_environment(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shutil.copy(corpus_dir / "ga" / "A_RES_80_118.md", tmp_path / "A_RES_80_118.md")
    monkeypatch.setenv("UNQA_MAX_FILE_MB", "0.05")
    with pytest.raises(OverLimit, match=r"the file is 64,893 bytes, over the 0\.05 MB limit"):
        parse_file(path)
    assert parse_file(path, Limits(max_file_mb=1)).symbol == "A/RES/80/118"  # given limits win


def _numbered_resolution(paragraphs: int) -> str:
    lines = ["Resolution 9999 (2025)", "The Security Council,", "Recalling its resolutions,"]
    lines += [f"{n}. Decides that the measures shall apply to item {n};" for n in range(1, paragraphs + 1)]
    return "\n\n".join(lines) + "\n"


def test_a_text_of_200000_lines_is_refused_before_the_structure_step(tmp_path: Path) -> None:
    """17 MB, well within the size limit: refused after reading 15,101 blocks, the file read no further
    (about a second here; the structure step alone would take minutes)."""
    path = tmp_path / "S_RES_9999_2025.txt"
    path.write_text(_numbered_resolution(200_000), encoding="utf-8")
    with pytest.raises(OverLimit) as info:
        parse_file(path)
    assert info.value.reason == (
        "the file holds more than 15,100 blocks of text (paragraphs, headings, footnotes), "
        "over the 15,100-block limit (raise UNQA_MAX_PARAGRAPHS or --max-paragraphs to ingest it)"
    )


def test_the_paragraphs_of_the_built_document_are_counted(corpus_dir: Path) -> None:
    """A/RES/80/118: 183 blocks, within the 400 that 100 paragraphs allow; 133 paragraphs, over 100."""
    path = corpus_dir / "ga" / "A_RES_80_118.md"
    with pytest.raises(OverLimit) as info:
        parse_file(path, Limits(max_paragraphs=100))
    assert info.value.reason == (
        "the document has 133 paragraphs, over the 100-paragraph limit "
        "(raise UNQA_MAX_PARAGRAPHS or --max-paragraphs to ingest it)"
    )
    assert len(parse_file(path, Limits(max_paragraphs=133)).paragraphs) == 133
