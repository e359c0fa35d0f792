"""The Gradio app: chat with citation chips and a paragraph panel, upload, a library with a reader.
``launch(config, host=, port=, auth=, max_upload_mb=)`` serves it on 127.0.0.1 by default: no analytics, no
share link, no run history kept in the browser, uploads limited in size and stored in the background."""

from __future__ import annotations

import os
import sys

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before Gradio is imported

from typing import Any

import gradio as gr

from assistant import AssistantConfig
from ui import render
from ui.assets import CITE_BOX_ID, CITE_BUTTON_ID, CITE_JS, CSS, HEAD
from ui.handlers import Handlers, UploadView
from ui.services import BACKEND_LABELS, Assistants, upload_limit_mb
from ui.session import Session

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]
UPLOAD_POLL_S = 1.0  # how often a session with an upload in progress looks at its status
ASK_CONCURRENCY = 4  # questions answered at once, all sessions together (both Ask events share them)
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
    """The page. The events a client may call have API names (``/ask``, ``/upload``, ``/upload_status``,
    ``/read``, ``/refresh`` …): ``python -m eval.benchmark load`` and the tests drive the UI through them."""
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
            with gr.Tab("Ask", id="ask") as ask_tab:
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
                                choices=[],  # filled per session on load: see ``lists`` below
                                multiselect=True,
                                filterable=True,
                                allow_custom_value=True,  # checked against the store by handlers.ask
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

            with gr.Tab("Library", id="library") as library_tab:
                library = gr.Dataframe(
                    value=[],
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
                            label=f"Add resolutions (PDF, DOCX, text; {handlers.max_upload_mb:g} MB at most)",
                            file_count="multiple",
                            file_types=UPLOAD_TYPES,
                            height=180,
                            elem_id="unqa-upload",
                        )
                        upload_status = gr.HTML(elem_id="unqa-upload-status")
                        upload_timer = gr.Timer(UPLOAD_POLL_S, active=False)
                    with gr.Column(scale=3, min_width=420):
                        with gr.Row(equal_height=True):
                            reader_symbol = gr.Dropdown(
                                choices=[],
                                value=None,
                                filterable=True,
                                allow_custom_value=True,  # checked against the store by handlers.read
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
            "concurrency_id": "ask",
            "concurrency_limit": ASK_CONCURRENCY,
        }
        question.submit(**ask_args, api_name="ask")
        send.click(**ask_args, api_visibility="undocumented")
        cite_go.click(handlers.cite, inputs=[cite_key, session], outputs=[panel], js=CITE_JS, api_name="cite")
        clear.click(handlers.clear, inputs=[session], outputs=[chatbot, session, panel], api_name="clear")
        chatbot.clear(
            handlers.clear, inputs=[session], outputs=[chatbot, session, panel], api_visibility="undocumented"
        )
        export.click(
            lambda s: gr.File(value=handlers.export(s), visible=True),
            inputs=[session],
            outputs=[export_file],
            api_name="export",
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

        def shown(view: UploadView, s: Session, selected: list[str] | None, reading: str | None):
            """Status, session, whether to keep polling, and the lists, refreshed once something new is
            stored (``gr.skip()`` leaves them as they are, so a choice being made is not disturbed)."""
            lists = refresh(selected, reading) if view.changed else (gr.skip(), gr.skip(), gr.skip())
            return view.status_html, s, gr.Timer(active=view.pending), *lists

        def start_upload(
            files: list[Any] | None, s: Session, selected: list[str] | None, reading: str | None
        ):
            return shown(handlers.upload(files, s), s, selected, reading)

        def poll_upload(s: Session, selected: list[str] | None, reading: str | None):
            return shown(handlers.upload_status(s), s, selected, reading)

        reader_symbol.change(
            lambda s: read(s, 1), inputs=[reader_symbol], outputs=[reader, page], api_name="read"
        )
        page.submit(read, inputs=[reader_symbol, page], outputs=[reader, page], api_name="read_page")
        prev_page.click(
            lambda s, p: step(s, p, -1),
            inputs=[reader_symbol, page],
            outputs=[reader, page],
            api_visibility="undocumented",
        )
        next_page.click(
            lambda s, p: step(s, p, 1),
            inputs=[reader_symbol, page],
            outputs=[reader, page],
            api_visibility="undocumented",
        )

        def open_row(event: gr.SelectData):
            row = event.row_value if event.row_value else None
            symbol = row[0] if row else None
            html, first = read(symbol, 1)
            return gr.Dropdown(value=symbol), html, first

        library.select(open_row, outputs=[reader_symbol, reader, page], api_visibility="undocumented")
        upload_outputs = [upload_status, session, upload_timer, symbols, reader_symbol, library]
        upload.upload(
            start_upload,
            inputs=[upload, session, symbols, reader_symbol],
            outputs=upload_outputs,
            api_name="upload",
            concurrency_id="upload",  # returns at once: the files are stored in the background
            concurrency_limit=4,
        )
        upload_timer.tick(
            poll_upload,
            inputs=[session, symbols, reader_symbol],
            outputs=upload_outputs,
            api_name="upload_status",
            concurrency_limit=None,
            show_progress="hidden",
        )
        # The lists are filled when a page loads, never at build time: Gradio puts the API description,
        # choices included, into the page it shows before the login, and what is stored is not for that
        # page. Another session's upload shows up wherever the lists are looked at again.
        lists = {"inputs": [symbols, reader_symbol], "outputs": [symbols, reader_symbol, library]}
        library_tab.select(refresh, **lists, api_name="refresh")
        ask_tab.select(refresh, **lists, api_visibility="undocumented")
        demo.load(refresh, **lists, api_visibility="undocumented").then(
            read, inputs=[reader_symbol, page], outputs=[reader, page], api_visibility="undocumented"
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


def create(config: AssistantConfig, max_upload_mb: float) -> gr.Blocks:
    """The app over ``config``'s store, opened now so that an unreachable store stops the start-up, and its
    search index (which holds the list of resolutions) loaded or brought up to date before any question."""
    assistants = Assistants(config)
    assistants.base.documents()
    return build(Handlers(assistants, max_upload_mb=max_upload_mb))


def launch_kwargs(
    host: str, port: int, auth: str | None, max_upload_mb: float | None = None
) -> dict[str, Any]:
    """Gradio's launch settings; ``max_upload_mb`` None: ``UNQA_UI_MAX_UPLOAD_MB``, else the ingest's own
    file limit (``UNQA_MAX_FILE_MB``, 50 MB). Raises ValueError, saying what to do, for a malformed login
    or limit."""
    limit = max_upload_mb if max_upload_mb is not None else upload_limit_mb()
    return {
        "server_name": host,
        "server_port": port,
        "auth": parse_auth(auth),
        "max_file_size": int(limit * 1024 * 1024),  # refused by Gradio before it is even written to disk
        "share": False,
        "quiet": True,  # Gradio's own banner suggests a share link, which never works offline
        "inbrowser": False,
        "run_history": False,  # Gradio would keep every question and answer in the browser's storage
        "theme": theme(),
        "css": CSS,
        "head": HEAD,
        "footer_links": [],
    }


def serve(demo: gr.Blocks, kwargs: dict[str, Any], *, block: bool = True) -> None:
    """Queue and launch ``demo``; ``block=False`` returns once it listens (tests serve it in-process)."""
    demo.queue(default_concurrency_limit=2)
    demo.launch(**kwargs, prevent_thread_lock=not block)


def launch(
    config: AssistantConfig,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth: str | None = None,
    max_upload_mb: float | None = None,
) -> int:
    try:
        kwargs = launch_kwargs(host, port, auth, max_upload_mb)
    except ValueError as err:
        print(f"unqa ui: {err}", file=sys.stderr)
        return 2
    limit = kwargs["max_file_size"] / (1024 * 1024)
    demo = create(config, limit)
    login = " (login required)" if kwargs["auth"] else ""
    print(f"unqa ui on http://{host}:{port}{login}; uploads up to {limit:g} MB; Ctrl-C stops it.", flush=True)
    serve(demo, kwargs)
    return 0
