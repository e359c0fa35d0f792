"""The ``unqa`` command: help, parse, ingest with a bad file, show, list, ask --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import unqa
from ingest.config import StoreConfig
from ingest.pipeline import SAMPLE_PATH

COMMANDS = ["ingest", "parse", "show", "audit", "list", "delete", "ask", "chat", "eval", "ui"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        unqa.main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"unqa {command}" in out and "UNQA_DATA_DIR" in out


def test_ask_does_not_import_gradio() -> None:
    code = "import sys, unqa; unqa.build_parser(); import assistant.cli; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_parse_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert unqa.main(["parse", str(SAMPLE_PATH), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["symbol"] == "A/RES/80/118" and data["organ"] == "General Assembly"
    assert data["date"] == "2025-12-15" and data["title"].startswith("Information and communications")
    ids = [p["id"] for p in data["paragraphs"]]
    assert ids == [f"PP{i}" for i in range(1, 60)] + [f"OP{i}" for i in range(1, 75)]
    op26 = data["paragraphs"][ids.index("OP26")]
    assert set(op26) >= {"id", "kind", "text", "footnotes", "pages"} and op26["kind"] == "operative"
    assert "International Telecommunication Union" in op26["footnotes"][0]["text"]


def _one_line_error(run: subprocess.CompletedProcess[str], *expected: str) -> None:
    """No traceback reaches the user: one line on stderr, naming what went wrong."""
    assert run.returncode == unqa.EXIT_ERROR, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert all(e in lines[0] for e in expected), lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "q1"\n', ["line 1: invalid JSON"]),
        ('{"id": "q1", "question": "Why?"}\n', ["line 1: missing key 'citations'"]),
        ("", ["no items"]),
        (None, ["no such file"]),
    ],
)
def test_eval_gold_errors_are_one_line(tmp_path: Path, content: str | None, expected: list[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    if content is not None:
        gold.write_text(content, encoding="utf-8")
    command = [sys.executable, "unqa.py", "eval", "--gold", str(gold), "--data-dir", str(tmp_path / "d")]
    _one_line_error(subprocess.run(command, capture_output=True, text=True, timeout=120), *expected)


def test_a_store_error_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be")
    command = [sys.executable, "unqa.py", "list", "--data-dir", str(data)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    _one_line_error(run, "unqa list: cannot open embedded Chroma", "--data-dir")


def test_an_unexpected_error_is_one_line_and_debug_raises_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug cannot be provoked on purpose: a command that fails in a way the project does not name."""

    def broken(args: object) -> int:
        raise KeyError("paragraph_count")

    monkeypatch.setattr(unqa, "cmd_list", broken)
    assert unqa.main(["list"]) == unqa.EXIT_ERROR
    err = capsys.readouterr().err
    assert (
        err
        == "unqa list: unexpected KeyError: 'paragraph_count' (run again with --debug for the traceback)\n"
    )
    with pytest.raises(KeyError):
        unqa.main(["list", "--debug"])


def test_a_closed_pipe_ends_quietly() -> None:
    """``unqa parse FILE | head -3``: the reader goes away; no BrokenPipeError traceback."""
    run = subprocess.run(
        f"{sys.executable} unqa.py parse {SAMPLE_PATH} | head -3",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(run.stdout.splitlines()) == 3 and run.stderr == "", run.stderr


def test_unreadable_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert unqa.main(["parse", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_reports_bad_files_and_keeps_going(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "A_RES_80_118.md").write_bytes(SAMPLE_PATH.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (folder / "notes.txt").write_text("Shopping list: milk, eggs.\n", encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    assert unqa.main(["ingest", str(folder), "--quiet", *data]) == unqa.EXIT_PARTIAL  # 3: some skipped
    out = capsys.readouterr().out
    assert "Stored 1 document(s), 133 paragraph(s); skipped 2 file(s)." in out
    assert "broken.pdf" in out and "notes.txt" in out

    assert unqa.main(["ingest", str(folder / "A_RES_80_118.md"), "--quiet", *data]) == 0
    assert "added 0, updated 0, unchanged 133, removed 0" in capsys.readouterr().out

    assert unqa.main(["list", *data]) == 0
    assert "A/RES/80/118" in capsys.readouterr().out
    assert unqa.main(["show", "A/RES/80/118", "OP26", *data]) == 0
    shown = capsys.readouterr().out
    assert "27 per cent" in shown and "footnotes:" in shown
    assert unqa.main(["show", "A/RES/80/118", "OP99", *data]) == 1
    assert unqa.main(["delete", "A/RES/80/118", *data]) == 0
    assert "Deleted A/RES/80/118: 133 paragraph(s)." in capsys.readouterr().out
    assert unqa.main(["delete", "A/RES/80/118", *data]) == 1
    assert unqa.main(["ingest", str(folder / "notes.txt"), "--quiet", *data]) == unqa.EXIT_ERROR


@pytest.mark.slow
def test_parts_and_annexes_are_stored_shown_and_audited(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = corpus_dir / "unsc-text"
    files = [texts / f"S_RES_0{n}_EN_GOLD.txt" for n in ("161_1961", "263_1969", "591_1986")]
    data = ["--data-dir", str(tmp_path / "data")]
    assert unqa.main(["ingest", *map(str, files), "--quiet", *data]) == 0
    out = capsys.readouterr().out
    assert "1 stored document(s) with parse warnings" in out
    counts = "missing-footnote 1, numbering-gap 1, numbering-order 2, numbering-repeat 1"
    assert f"S/RES/591 (1986): {counts}" in out

    assert unqa.main(["show", "S/RES/161", "(1961)", "B", "OP1", *data]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("S/RES/161 (1961) B OP1\n\nUrges the convening of the Parliament")
    assert "part: B" in shown
    assert unqa.main(["show", "S/RES/263 (1969) Annex Rule 41", *data]) == 0
    assert "Chinese, English, French, Russian and Spanish" in capsys.readouterr().out
    assert unqa.main(["show", "S/RES/263 (1969)", "Rule", *data]) == 2
    assert "not a citation label" in capsys.readouterr().err

    assert unqa.main(["audit", "--stored", "--json", *data]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["documents"] == 3 and report["summary"]["with_findings"] == 1
    (audited,) = [d for d in report["documents"] if d["issues"]]
    assert audited["symbol"] == "S/RES/591 (1986)"
    repeat = next(i for i in audited["issues"] if i["check"] == "numbering-repeat")
    assert repeat["paragraph"] == "OP8bis" and repeat["text"].startswith("8. Further calls upon States")

    assert unqa.main(["audit", str(files[2])]) == 0
    assert "numbering-gap [OP8]: no paragraph 5-7 is printed before OP8" in capsys.readouterr().out
    assert unqa.main(["audit", *data]) == 2


@pytest.mark.slow
def test_ask_json_shape(sample_store: StoreConfig, capsys: pytest.CaptureFixture[str]) -> None:
    question = "What share of people in low-income countries is online?"
    assert unqa.main(["ask", question, "--json", "--data-dir", str(sample_store.data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["question", "answer", "citations", "refused"]
    assert data["question"] == question and data["refused"] is False
    assert list(data["citations"][0]) == ["label", "symbol", "paragraph", "quote", "url"]
    assert data["citations"][0]["label"] == "A/RES/80/118 OP26"


@pytest.mark.slow
def test_an_unknown_reranker_is_a_clear_error(
    sample_store: StoreConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(sample_store.data_dir)]
    assert unqa.main(["ask", "What share of women are online?", "--reranker", "bogus", *data]) == 1
    assert "unknown reranker 'bogus'" in capsys.readouterr().err
    assert unqa.main(["ask", "What share of women are online?", "--reranker", "learned", *data]) == 0


def test_ask_on_an_empty_store_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert unqa.main(["ask", "anything?", "--data-dir", str(tmp_path)]) == 1
    assert "unqa ingest --sample" in capsys.readouterr().err


def test_unreachable_chroma_server_is_a_clear_error(
    free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert unqa.main(["list", "--chroma-host", "127.0.0.1", "--chroma-port", str(free_port)]) == 1
    assert "chroma run" in capsys.readouterr().err


@pytest.mark.slow
def test_chat_holds_a_conversation(sample_store: StoreConfig) -> None:
    turns = "What share of women use the Internet worldwide?\nAnd in the least developed countries?\n/quit\n"
    run = subprocess.run(
        [sys.executable, "unqa.py", "chat", "--data-dir", str(sample_store.data_dir)],
        input=turns,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(unqa.__file__).parent,
    )
    assert run.returncode == 0, run.stderr
    assert "65 per cent" in run.stdout and "29 per cent" in run.stdout
    assert run.stdout.count("Sources:") == 2


@pytest.mark.parametrize("label", ["../../etc/passwd OP1", "A/RES/80/118 OP26/../../x", "/etc/passwd"])
def test_show_takes_labels_not_paths(label: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert unqa.main(["show", *label.split()]) == unqa.EXIT_USAGE
    assert "is not a citation label" in capsys.readouterr().err


@pytest.mark.slow
def test_a_question_while_an_ingest_runs_is_answered(tmp_path: Path, corpus_dir: Path) -> None:
    """Two processes on one embedded store: the ingest goes on, the question is answered."""
    data = ["--data-dir", str(tmp_path / "data")]
    assert unqa.main(["ingest", "--sample", "--quiet", *data]) == unqa.EXIT_OK
    ingest = subprocess.Popen(
        [sys.executable, "unqa.py", "ingest", str(corpus_dir / "unsc-text"), "--quiet", *data],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        question = "What share of people in low-income countries is online?"
        ask = subprocess.run(
            [sys.executable, "unqa.py", "ask", question, "--json", *data],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.poll() is None, "the ingest ended before the question: the test proves nothing"
    finally:
        ingest.kill()
        ingest.wait()
    assert ask.returncode == 0, ask.stderr
    assert json.loads(ask.stdout)["citations"][0]["label"] == "A/RES/80/118 OP26"


@pytest.mark.slow
def test_a_model_server_that_is_down_gives_the_extractive_answer_with_a_note(
    sample_store: StoreConfig, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port}/v1"
    model = ["--backend", "openai", "--llm-base-url", url, "--llm-retries", "0"]
    data = ["--data-dir", str(sample_store.data_dir)]
    assert unqa.main(["ask", "What share of women use the Internet worldwide?", *model, *data]) == 0
    out, err = capsys.readouterr()
    assert "[A/RES/80/118 OP32]" in out
    assert err.startswith(f"Note: The language model at http://127.0.0.1:{free_port}/v1 did not answer")
    asked = ["ask", "What share of women use the Internet worldwide?", *model, "--llm-fallback", "error"]
    assert unqa.main([*asked, *data]) == unqa.EXIT_ERROR
    assert "--backend extractive" in capsys.readouterr().err
