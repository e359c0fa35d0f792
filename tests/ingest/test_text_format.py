"""The text/Markdown reader and the cleaning helpers, on small hand-made strings and real files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.formats.text import read_text, read_text_file
from ingest.model import Block, UnreadableFile
from ingest.parse import parse_file
from ingest.text import (
    ends_sentence_or_clause,
    is_page_furniture,
    join_fragments,
    join_lines,
    remove_inline_furniture,
    strip_footnote_markers,
    strip_markdown,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Recalling its resolution [79/194](#) of 2024", "Recalling its resolution 79/194 of 2024"),
        ("1. *Recognizes* that", "1. Recognizes that"),
        ("**Information and communications**", "Information and communications"),
        ("*Reaffirms its commitment* to", "Reaffirms its commitment to"),
        (
            "the report *The State of Broadband*, and *inter alia*",
            "the report The State of Broadband, and inter alia",
        ),
        ("[*on the report of the Second Committee*]", "[on the report of the Second Committee]"),
        ("# Title", "Title"),
        ("no markup – “quotes” stay", "no markup – “quotes” stay"),
    ],
)
def test_strip_markdown(raw: str, clean: str) -> None:
    assert strip_markdown(raw) == clean


def test_superscript_markers_are_removed_and_returned_in_order() -> None:
    text, markers = strip_footnote_markers("held in Geneva,⁶ and endorsed by the Assembly,⁷ and more¹²")
    assert text == "held in Geneva, and endorsed by the Assembly, and more"
    assert markers == ["6", "7", "12"]


def test_slash_and_asterisk_markers() -> None:
    assert strip_footnote_markers("the report 1/ of the Commission,") == (
        "the report of the Commission,",
        ["1"],
    )
    assert strip_footnote_markers("Disengagement Observer Force,**") == (
        "Disengagement Observer Force,",
        ["**"],
    )
    # symbols keep their slashes
    assert strip_footnote_markers("document S/1234/Add.1 and A/80/555,") == (
        "document S/1234/Add.1 and A/80/555,",
        [],
    )


@pytest.mark.parametrize(
    ("raw", "clean", "markers"),
    [
        ("dated 23 October 1953, 6", "dated 23 October 1953,", ["6"]),
        ("of 27 May 1953 8 and 9 June 1953 9 to it", "of 27 May 1953 and 9 June 1953 to it", ["8", "9"]),
        ("the Republic of the Congo, 21 22", "the Republic of the Congo,", ["21", "22"]),
        ("Article 2 of the Charter,", "Article 2 of the Charter,", []),
        ("in paragraph 9 of resolution 6", "in paragraph 9 of resolution 6", []),
        ("for 6 months,", "for 6 months,", []),
    ],
)  # fmt: skip
def test_bare_number_markers_only_when_known_and_in_marker_position(
    raw: str, clean: str, markers: list[str]
) -> None:
    assert strip_footnote_markers(raw, {"6", "8", "9", "21", "22"}) == (clean, markers)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("25-00616 (E)", True),
        ("*2500616*", True),
        ("25-00687 2/7", True),
        ("3/7 25-00687", True),
        ("2/7", True),
        ("80/118. Information and communications technologies", False),
        ("Resolution 2768 (2025)", False),
    ],
)
def test_page_furniture(line: str, furniture: bool) -> None:
    assert is_page_furniture(line) is furniture


def test_inline_furniture_is_dropped() -> None:
    assert (
        remove_inline_furniture("Recalling its resolutions, 25-00616 (E) *2500616*")
        == "Recalling its resolutions,"
    )


def test_joining_keeps_hyphenated_compounds_whole() -> None:
    assert join_fragments("cooperation on capacity-", "building in") == "cooperation on capacity-building in"
    assert join_fragments("the Secretary-", "General to report") == "the Secretary-General to report"
    assert join_fragments("economic, social and environmental -", "in a balanced") == (
        "economic, social and environmental - in a balanced"
    )
    assert join_fragments("Small Island", "Developing States") == "Small Island Developing States"
    assert (
        join_lines(["  Desiring to bring about", "", "a cessation  "])
        == "Desiring to bring about a cessation"
    )


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("as well as previous resolutions on the issue,", True),
        ("unless otherwise agreed.", True),
        ("including by:", True),
        ("entitled “Transforming our world”,", True),
        ("within the United Nations, 18", True),
        ("Antigua and Barbuda Agenda for Small Island", False),
        ("in that regard regrets", False),
    ],
)
def test_ends_sentence_or_clause(text: str, ends: bool) -> None:
    assert ends_sentence_or_clause(text) is ends


def test_markdown_blocks_and_footnotes() -> None:
    text = (
        "General Assembly\n\n**Title\nwrapped**\n\nThe General Assembly,\n\n"
        "Recalling it,¹\n\n¹ Resolution [70/1](#).\n"
    )
    assert read_text(text) == [
        Block("General Assembly"),
        Block("**Title wrapped**"),
        Block("The General Assembly,"),
        Block("Recalling it,¹"),
        Block("¹ Resolution [70/1](#).", kind="footnote"),
    ]


def test_plain_text_footnotes_follow_the_closing_line() -> None:
    text = (
        "The Security Council,\n\nHaving received the letter, 46\n\n1. Decides.\n\n"
        "Adopted unanimously at the\n1592nd meeting.\n\n\n46 See Official Records of the Security Council,"
        " Twenty-sixth\nYear, Supplement.\n47 Ibid., 1590th meeting.\n"
    )
    blocks = read_text(text)
    assert [b.kind for b in blocks] == ["body"] * 4 + ["footnote"] * 2
    assert blocks[3].text == "Adopted unanimously at the 1592nd meeting."
    assert blocks[4].text == "46 See Official Records of the Security Council, Twenty-sixth Year, Supplement."
    assert blocks[5].text == "47 Ibid., 1590th meeting."


def test_plain_text_paragraphs_without_blank_lines_are_split() -> None:
    text = (
        "The Security Council,\nReaffirming its resolution 582 (1986),\n"
        "Deeply concerned that, despite its calls,\n\n"
        "the conflict continues,\nIraq, Lebanon,\nSaudi Arabia and Syria,\n"
    )
    assert [b.text for b in read_text(text)] == [
        "The Security Council,",
        "Reaffirming its resolution 582 (1986),",
        "Deeply concerned that, despite its calls,",
        "the conflict continues, Iraq, Lebanon, Saudi Arabia and Syria,",
    ]


def test_part_letters_and_organ_lines_are_their_own_blocks() -> None:
    text = "A\nThe Security Council,\nHaving considered the situation in the Congo,\n"
    assert [b.text for b in read_text(text)] == [
        "A",
        "The Security Council,",
        "Having considered the situation in the Congo,",
    ]


def test_read_text_file_decodes_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("\ufeffThe Security Council,\r\n\r\nDecides – “now”.\r\n".encode())
    assert [b.text for b in read_text_file(path)] == ["The Security Council,", "Decides – “now”."]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_text_with_a_byte_order_mark_is_read_as_text(
    corpus_dir: Path, tmp_path: Path, encoding: str, bom: bytes
) -> None:
    """Notepad and Word ("Unicode text") save UTF-16 with a mark; it was refused as binary for its zeros."""
    source = corpus_dir / "ga" / "A_RES_80_118.md"
    path = tmp_path / "A_RES_80_118.txt"
    path.write_bytes(bom + source.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    assert list(read_text_file(path)) == list(read_text_file(source))
    assert [p.id for p in parse_file(path).paragraphs] == [p.id for p in parse_file(source).paragraphs]


def test_what_a_byte_order_mark_cannot_make_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + bytes(range(1, 32)).decode().encode("utf-16-le") * 20)
    with pytest.raises(UnreadableFile, match="binary file"):
        read_text_file(path)
    path.write_bytes(codecs.BOM_UTF16_LE + "Décide".encode("utf-16-le")[:-1])  # an odd number of bytes
    with pytest.raises(UnreadableFile, match=r"not valid UTF-16 text \(byte 12\)"):
        read_text_file(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02binary\x00", "binary"),
        ("Décide".encode("latin-1"), "UTF-8"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_read_text_file_rejects_what_is_not_text(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_text_file(path)
