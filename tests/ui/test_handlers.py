"""The UI's event handlers called directly, over a fake Assistant (fast) and a real sample store (slow)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from assistant import Assistant, AssistantConfig
from ingest.config import StoreConfig
from tests.ui.ui_fakes import SYMBOL, FakeAssistant, finished_upload
from ui.handlers import Handlers, chat_messages
from ui.services import Assistants
from ui.session import Session

QUESTION = "What share of people in low-income countries is online?"
LABEL = f"{SYMBOL} OP26"


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def handlers(fake: FakeAssistant, tmp_path: Path) -> Handlers:
    return Handlers(Assistants(AssistantConfig(), base=fake), export_dir=tmp_path / "exports")  # type: ignore[arg-type]


def _ask(handlers: Handlers, question: str, session: Session, **kwargs) -> list[list[dict[str, str]]]:
    return [messages for messages, _ in handlers.ask(question, session, **kwargs)]


def test_ask_streams_then_renders_chips(handlers: Handlers) -> None:
    session = Session()
    frames = _ask(handlers, QUESTION, session)
    assert len(frames) >= 3
    assert "unqa-streaming" in frames[1][-1]["content"]  # text arriving before the final Answer
    final = frames[-1]
    assert [m["role"] for m in final] == ["user", "assistant"]
    assert f'data-cite="{LABEL}"' in final[-1]["content"] and "unqa-sources" in final[-1]["content"]
    assert session.turns[0].answer is not None


def test_empty_question_changes_nothing(handlers: Handlers, fake: FakeAssistant) -> None:
    session = Session()
    assert _ask(handlers, "   ", session) == [[]]
    assert not session.turns and not fake.calls


def test_follow_up_gets_history_and_filters(handlers: Handlers, fake: FakeAssistant) -> None:
    session = Session()
    _ask(handlers, QUESTION, session)
    _ask(handlers, "And in high-income countries?", session, symbols=[SYMBOL])
    assert fake.calls[1]["history"][0] == {"role": "user", "content": QUESTION}
    assert fake.calls[1]["symbols"] == [SYMBOL]
    assert fake.calls[0]["symbols"] is None


def test_refusal_is_rendered_as_refusal(handlers: Handlers) -> None:
    session = Session()
    final = _ask(handlers, "What is the capital of France?", session)[-1]
    assert "unqa-refusal" in final[-1]["content"]


def test_errors_are_shown_in_the_chat(handlers: Handlers, fake: FakeAssistant) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the OpenAI-compatible server is unreachable")
        yield  # pragma: no cover

    fake.stream = broken  # type: ignore[method-assign]
    session = Session()
    final = _ask(handlers, QUESTION, session)[-1]
    assert "unqa-error" in final[-1]["content"] and "unreachable" in final[-1]["content"]
    assert session.history() == []  # a failed turn is not handed on as history


def test_cite_shows_the_paragraph_with_the_quote_marked(handlers: Handlers) -> None:
    session = Session()
    _ask(handlers, QUESTION, session)
    html = handlers.cite(f"0|{LABEL}", session)
    assert "<mark>only 27 per cent of the population of low-income countries is online</mark>" in html
    assert "International Telecommunication Union" in html
    assert "https://docs.un.org/en/A/RES/80/118" in html
    # without a session citation the label alone still opens the paragraph
    assert "27 per cent" in handlers.cite(f"{SYMBOL} OP26", Session())
    assert "not in the store" in handlers.cite(f"{SYMBOL} OP99", Session())
    assert "Information and communications" in handlers.cite(SYMBOL, Session())


def test_two_sessions_do_not_mix(handlers: Handlers) -> None:
    first, second = Session(), Session()
    _ask(handlers, QUESTION, first)
    _ask(handlers, "What is the capital of France?", second)
    assert [t.question for t in first.turns] == [QUESTION]
    assert [t.question for t in second.turns] == ["What is the capital of France?"]
    handlers.clear(first)
    assert not first.turns and len(second.turns) == 1
    assert len(chat_messages(second)) == 2


def test_state_default_is_copied_per_session(handlers: Handlers) -> None:
    """gr.State deep-copies its default for each browser session: the default must not be shared."""
    from ui.app import build

    demo = build(handlers)
    states = [b for b in demo.blocks.values() if type(b).__name__ == "State"]
    assert len(states) == 1
    default = states[0].value
    assert isinstance(default, Session)
    one, two = copy.deepcopy(default), copy.deepcopy(default)
    one.turns.append(copy.deepcopy(Session().turns))  # type: ignore[arg-type]
    assert not two.turns and not default.turns


def test_clear_resets_chat_and_panel(handlers: Handlers) -> None:
    session = Session()
    _ask(handlers, QUESTION, session)
    messages, state, panel = handlers.clear(session)
    assert messages == [] and state.turns == [] and "Click a citation" in panel


def test_export_writes_markdown(handlers: Handlers) -> None:
    session = Session()
    _ask(handlers, QUESTION, session)
    path = Path(handlers.export(session))
    text = path.read_text(encoding="utf-8")
    assert path.suffix == ".md" and f"[{LABEL}](https://docs.un.org/en/A/RES/80/118)" in text


def test_library_and_reader(handlers: Handlers) -> None:
    assert handlers.library()[0][0] == SYMBOL and handlers.library()[0][4] == 13
    assert handlers.symbol_choices()[0][1] == SYMBOL
    html, page, pages = handlers.read(SYMBOL, 5)
    assert (page, pages) == (2, 2) and "OP26" in html


def test_backend_choices(handlers: Handlers) -> None:
    names = handlers.assistants.backends()
    assert names[:2] == ["extractive", "openai"]


@pytest.mark.slow
def test_real_store_answer_and_citation(tmp_path: Path) -> None:
    from ingest.pipeline import SAMPLE_PATH

    config = AssistantConfig(store=StoreConfig(data_dir=tmp_path / "store"))
    assistant = Assistant(config)
    assert assistant.ingest([str(SAMPLE_PATH)], progress=False).stored
    handlers = Handlers(Assistants(config, base=assistant), export_dir=tmp_path / "exports")
    session = Session()
    final = _ask(handlers, QUESTION, session)[-1]
    assert f'data-cite="{LABEL}"' in final[-1]["content"]
    panel = handlers.cite(f"0|{LABEL}", session)
    assert "27 per cent" in panel and "International Telecommunication Union" in panel
    assert "<mark>" in panel
    bad = tmp_path / "notes.txt"
    bad.write_text("no resolution here")
    view = finished_upload(handlers, [bad], session)
    assert "Not stored" in view.status_html and "notes.txt" in view.status_html
    assert "Stored:" not in view.status_html and handlers.library()[0][0] == SYMBOL
