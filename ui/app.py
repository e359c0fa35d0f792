"""The Gradio app: chat with citation chips and a paragraph panel, upload, a library with a reader.
``launch(config, host=, port=, auth=)`` serves it on 127.0.0.1 by default: no analytics, no share link."""

from __future__ import annotations

import os
import sys

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before Gradio is imported

from typing import Any

import gradio as gr

from assistant import AssistantConfig
from ui import render
from ui.assets import CITE_BOX_ID, CITE_BUTTON_ID, CITE_JS, CSS, HEAD
from ui.handlers import Handlers
from ui.services import BACKEND_LABELS, Assistants
from ui.session import Session

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]
EXAMPLES = [
    "What share of people in low-income countries is online?",
    "What does the resolution say about artificial intelligence?",
    "Who adopted A/RES/80/118 and when?",
]


def theme() -> gr.themes.Base:
    """System fonts only (the default theme would fetch Google Fonts: the app must work offline)."""
    return gr.themes.Default(
        primary_hue="blue",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


def build(handlers: Handlers) -> gr.Blocks:
    assistants = handlers.assistants
    backends = assistants.backends()

    with gr.Blocks(title="unqa — UN resolutions, cited by paragraph", analytics_enabled=False) as demo:
        session = gr.State(Session())
        gr.HTML(
            "<h1>unqa</h1><p>Ask about the stored United Nations resolutions. Every answer cites the "
            "paragraph it rests on; click a citation to read it.</p>",
            elem_id="unqa-header",
        )
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        chatbot = gr.Chatbot(
                            label="Conversation",
                            height=560,
                            sanitize_html=False,  # every message is built and escaped by ui.render
                            render_markdown=False,
                            feedback_options=None,
                            buttons=["copy"],
                            elem_id="unqa-chat",
                            placeholder="Ask a question about the stored resolutions.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                label="Question",
                                placeholder="e.g. What share of people in low-income countries is online?",
                                lines=1,
                                max_lines=4,
                                scale=5,
                                autofocus=True,
                                elem_id="unqa-question",
                                rtl=False,
                            )
                            send = gr.Button("Ask", variant="primary", scale=1, elem_id="unqa-ask")
                        gr.Examples(EXAMPLES, inputs=question, label="Try")
                    with gr.Column(scale=2, min_width=320):
                        panel = gr.HTML(
                            render.panel_placeholder_html(), elem_id="unqa-panel", label="Cited paragraph"
                        )
                        with gr.Accordion("Settings", open=True):
                            symbols = gr.Dropdown(
                                choices=handlers.symbol_choices(),
                                multiselect=True,
                                filterable=True,
                                label="Search in",
                                info="Leave empty to search every stored resolution.",
                                elem_id="unqa-symbols",
                            )
                            backend = gr.Dropdown(
                                choices=[(BACKEND_LABELS.get(b, b), b) for b in backends],
                                value=assistants.default_backend,
                                label="Answering back-end",
                                elem_id="unqa-backend",
                            )
                        with gr.Row():
                            clear = gr.Button("Clear conversation", elem_id="unqa-clear")
                            export = gr.Button("Export as Markdown", elem_id="unqa-export")
                        export_file = gr.File(
                            label="Conversation (Markdown)", visible=False, interactive=False
                        )
                cite_key = gr.Textbox(visible="hidden", elem_id=CITE_BOX_ID)
                cite_go = gr.Button("Show citation", visible="hidden", elem_id=CITE_BUTTON_ID)

            with gr.Tab("Library", id="library"):
                library = gr.Dataframe(
                    value=handlers.library(),
                    headers=render.LIBRARY_HEADERS,
                    interactive=False,
                    label="Stored resolutions (select a row to read it)",
                    wrap=True,
                    column_widths=["16%", "48%", "14%", "11%", "11%"],
                    elem_id="unqa-library",
                )
                with gr.Row(equal_height=False):
                    with gr.Column(scale=1, min_width=280):
                        upload = gr.File(
                            label="Add resolutions (PDF, DOCX, text)",
                            file_count="multiple",
                            file_types=UPLOAD_TYPES,
                            height=180,
                            elem_id="unqa-upload",
                        )
                        upload_status = gr.HTML(elem_id="unqa-upload-status")
                    with gr.Column(scale=3, min_width=420):
                        choices = handlers.symbol_choices()
                        with gr.Row(equal_height=True):
                            reader_symbol = gr.Dropdown(
                                choices=choices,
                                value=choices[0][1] if choices else None,
                                filterable=True,
                                label="Read",
                                scale=4,
                                elem_id="unqa-reader-symbol",
                            )
                            page = gr.Number(
                                value=1, precision=0, minimum=1, label="Page", scale=1, min_width=90
                            )
                        with gr.Row():
                            prev_page = gr.Button("◀ Previous page", size="sm", elem_id="unqa-prev")
                            next_page = gr.Button("Next page ▶", size="sm", elem_id="unqa-next")
                        reader = gr.HTML(elem_id="unqa-reader")

        # -- chat --------------------------------------------------------------------------------------
        def ask(q: str, s: Session, syms: list[str] | None, b: str | None):
            for messages, state in handlers.ask(q, s, syms, b):
                yield messages, state, ""

        ask_args: dict[str, Any] = {
            "fn": ask,
            "inputs": [question, session, symbols, backend],
            "outputs": [chatbot, session, question],
            "concurrency_limit": 4,
        }
        question.submit(**ask_args)
        send.click(**ask_args)
        cite_go.click(handlers.cite, inputs=[cite_key, session], outputs=[panel], js=CITE_JS)
        clear.click(handlers.clear, inputs=[session], outputs=[chatbot, session, panel])
        chatbot.clear(handlers.clear, inputs=[session], outputs=[chatbot, session, panel])
        export.click(
            lambda s: gr.File(value=handlers.export(s), visible=True), inputs=[session], outputs=[export_file]
        )

        # -- library and upload ------------------------------------------------------------------------
        def read(symbol: str | None, p: float | None):
            html, shown, _ = handlers.read(symbol, p)
            return html, shown

        def step(symbol: str | None, p: float | None, delta: int):
            return read(symbol, (p or 1) + delta)

        def refresh(selected: list[str] | None, reading: str | None):
            options = handlers.symbol_choices()
            known = {v for _, v in options}
            reading = reading if reading in known else (options[0][1] if options else None)
            return (
                gr.Dropdown(choices=options, value=[s for s in selected or [] if s in known]),
                gr.Dropdown(choices=options, value=reading),
                handlers.library(),
            )

        def ingest(files: list[Any] | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> str:  # noqa: B008
            return handlers.upload(files).status_html

        reader_symbol.change(lambda s: read(s, 1), inputs=[reader_symbol], outputs=[reader, page])
        page.submit(read, inputs=[reader_symbol, page], outputs=[reader, page])
        prev_page.click(lambda s, p: step(s, p, -1), inputs=[reader_symbol, page], outputs=[reader, page])
        next_page.click(lambda s, p: step(s, p, 1), inputs=[reader_symbol, page], outputs=[reader, page])

        def open_row(event: gr.SelectData):
            row = event.row_value if event.row_value else None
            symbol = row[0] if row else None
            html, shown = read(symbol, 1)
            return gr.Dropdown(value=symbol), html, shown

        library.select(open_row, outputs=[reader_symbol, reader, page])
        upload.upload(ingest, inputs=[upload], outputs=[upload_status], concurrency_limit=1).then(
            refresh, inputs=[symbols, reader_symbol], outputs=[symbols, reader_symbol, library]
        )
        demo.load(refresh, inputs=[symbols, reader_symbol], outputs=[symbols, reader_symbol, library]).then(
            read, inputs=[reader_symbol, page], outputs=[reader, page]
        )
    return demo


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """``"USER:PASSWORD"`` -> ``("USER", "PASSWORD")``; None or empty -> no login."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth must be USER:PASSWORD")
    return user, password


def create(config: AssistantConfig) -> gr.Blocks:
    return build(Handlers(Assistants(config)))


def launch_kwargs(host: str, port: int, auth: str | None) -> dict[str, Any]:
    return {
        "server_name": host,
        "server_port": port,
        "auth": parse_auth(auth),
        "share": False,
        "quiet": True,  # Gradio's own banner suggests a share link, which never works offline
        "inbrowser": False,
        "theme": theme(),
        "css": CSS,
        "head": HEAD,
        "footer_links": [],
    }


def launch(
    config: AssistantConfig, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None
) -> int:
    try:
        kwargs = launch_kwargs(host, port, auth)
    except ValueError as err:
        print(f"unqa ui: {err}", file=sys.stderr)
        return 2
    demo = create(config)
    demo.queue(default_concurrency_limit=2)
    login = " (login required)" if kwargs["auth"] else ""
    print(f"unqa ui on http://{host}:{port}{login}; Ctrl-C stops it.", flush=True)
    demo.launch(**kwargs)
    return 0
