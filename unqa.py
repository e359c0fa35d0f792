"""``unqa``: the one command. Sub-commands import their package lazily (``unqa ask`` never loads Gradio)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# Exit codes, one meaning each, for scripts (documented in every --help).
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # as a shell reports SIGINT and SIGPIPE

EPILOG = """exit codes:
  0 all done; 1 an error, or nothing done; 2 a usage error; 3 done, but some inputs were skipped
  (unqa ingest / audit: the summary says which and why); 130 interrupted. Errors are one line on stderr;
  --debug shows the full traceback.

environment:
  UNQA_DATA_DIR        where the embedded store lives (default ~/.local/share/unqa)
  UNQA_CHROMA_HOST     use a Chroma server instead of the embedded store (with UNQA_CHROMA_PORT, default 8000)
  UNQA_CHROMA_TOKEN, UNQA_CHROMA_TOKEN_HEADER   a token sent on every request to the server, as
                       Authorization: Bearer TOKEN (default) or X-Chroma-Token: TOKEN
  UNQA_CHROMA_TENANT, UNQA_CHROMA_DATABASE   where the records live (Chroma's defaults; must exist)
  UNQA_CHROMA_SSL, UNQA_CHROMA_CA_BUNDLE   1 for https; a CA file for a certificate the system does not trust
  UNQA_COLLECTION      Chroma collection name (default unqa_paragraphs)
  UNQA_EMBED_MODEL     local:all-MiniLM-L6-v2 (default), a model folder, a sentence-transformers name,
                       or openai:MODEL (with UNQA_EMBED_BASE_URL and UNQA_EMBED_API_KEY)
  UNQA_BACKEND         extractive (default), openai or llamacpp
  UNQA_LLM_MODEL, UNQA_LLM_BASE_URL, UNQA_LLM_API_KEY   the OpenAI-compatible model, server and key
  UNQA_GGUF_PATH       a GGUF file for the llamacpp back-end
  UNQA_LLM_TIMEOUT, UNQA_LLM_RETRIES, UNQA_LLM_FALLBACK   seconds per model request (60), retries (2), and
                       what a failed model gives: extractive (the offline answer, with a note) or error
  UNQA_RERANKER        learned (default: the ranking model in assistant/learned.json), llm (the answering
                       model judges), cross-encoder:NAME_OR_FOLDER, or endpoint:URL (a /rerank service,
                       with UNQA_RERANKER_MODEL and UNQA_RERANKER_API_KEY)
  UNQA_MAX_FILE_MB (50), UNQA_MAX_PARAGRAPHS (5000), UNQA_MAX_PDF_PAGES (1000), UNQA_MAX_UNZIPPED_MB (200),
  UNQA_MAX_ZIP_RATIO (100)   ingest limits: a file over one is skipped with a message saying which
  UNQA_UI_MAX_UPLOAD_MB      the largest upload the web UI accepts (default UNQA_MAX_FILE_MB)
"""


def _store_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("store")
    group.add_argument("--data-dir", help="store location (env UNQA_DATA_DIR)")
    group.add_argument("--chroma-host", help="Chroma server host (env UNQA_CHROMA_HOST); unset = embedded")
    group.add_argument("--chroma-port", type=int, help="Chroma server port (env UNQA_CHROMA_PORT)")
    group.add_argument(
        "--chroma-token",
        help="token sent to the Chroma server on every request; prefer env UNQA_CHROMA_TOKEN "
        "(a flag shows in `ps` and the shell history)",
    )
    group.add_argument(
        "--chroma-token-header",
        choices=["Authorization", "X-Chroma-Token"],
        help="header the token goes in (env UNQA_CHROMA_TOKEN_HEADER; default Authorization: Bearer TOKEN)",
    )
    group.add_argument(
        "--chroma-tenant", help="Chroma tenant (env UNQA_CHROMA_TENANT; default default_tenant)"
    )
    group.add_argument(
        "--chroma-database", help="Chroma database (env UNQA_CHROMA_DATABASE; default default_database)"
    )
    group.add_argument(
        "--chroma-ssl",
        action=argparse.BooleanOptionalAction,
        help="reach the Chroma server over https (env UNQA_CHROMA_SSL=1)",
    )
    group.add_argument(
        "--chroma-ca-bundle",
        metavar="PEM",
        help="CA file (PEM) that verifies the Chroma server's certificate (env UNQA_CHROMA_CA_BUNDLE)",
    )
    group.add_argument("--collection", help="Chroma collection (env UNQA_COLLECTION)")
    group.add_argument("--embed-model", help="embedding model (env UNQA_EMBED_MODEL)")


def _answer_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("answering")
    group.add_argument("--backend", choices=["extractive", "openai", "llamacpp"], help="env UNQA_BACKEND")
    group.add_argument("--llm-model", help="model name for the openai back-end (env UNQA_LLM_MODEL)")
    group.add_argument("--llm-base-url", help="OpenAI-compatible base URL (env UNQA_LLM_BASE_URL)")
    group.add_argument("--llm-api-key", help="API key (env UNQA_LLM_API_KEY or OPENAI_API_KEY)")
    group.add_argument("--gguf", dest="gguf_path", help="GGUF model file for llamacpp (env UNQA_GGUF_PATH)")
    group.add_argument(
        "--llm-timeout",
        type=float,
        metavar="SECONDS",
        help="per model request (env UNQA_LLM_TIMEOUT, default 60)",
    )
    group.add_argument(
        "--llm-retries",
        type=int,
        metavar="N",
        help="retries of a failed model request (env UNQA_LLM_RETRIES, default 2)",
    )
    group.add_argument(
        "--llm-fallback",
        choices=["extractive", "error"],
        help="on a model failure: extractive (answer with a note, default) or error (env UNQA_LLM_FALLBACK)",
    )
    group.add_argument("--top-k", type=int, help="paragraphs retrieved per question (default 8)")
    group.add_argument(
        "--reranker",
        help="learned (default), llm, cross-encoder:NAME_OR_FOLDER or endpoint:URL (env UNQA_RERANKER)",
    )
    group.add_argument(
        "--symbol",
        action="append",
        dest="symbols",
        metavar="SYMBOL",
        help="search only this resolution (repeatable), e.g. A/RES/80/118",
    )
    group.add_argument("--organ", help='search only this organ, e.g. "Security Council"')
    group.add_argument("--year", type=int, help="search only resolutions of this year")


def _limit_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("limits (a file over one is skipped with a message)")
    group.add_argument("--max-file-mb", type=float, metavar="MB", help="file size (env UNQA_MAX_FILE_MB, 50)")
    group.add_argument(
        "--max-paragraphs",
        type=int,
        metavar="N",
        help="paragraphs per document (env UNQA_MAX_PARAGRAPHS, 5000)",
    )
    group.add_argument(
        "--max-pdf-pages", type=int, metavar="N", help="PDF pages (env UNQA_MAX_PDF_PAGES, 1000)"
    )
    group.add_argument(
        "--max-unzipped-mb", type=float, metavar="MB", help="a DOCX unpacked (env UNQA_MAX_UNZIPPED_MB, 200)"
    )
    group.add_argument(
        "--max-zip-ratio",
        type=float,
        metavar="R",
        help="compression ratio of a DOCX part (env UNQA_MAX_ZIP_RATIO, 100)",
    )


def limits(args: argparse.Namespace):  # -> ingest.limits.Limits
    from ingest.limits import Limits

    return Limits.from_env().with_overrides(
        max_file_mb=args.max_file_mb,
        max_paragraphs=args.max_paragraphs,
        max_pdf_pages=args.max_pdf_pages,
        max_unzipped_mb=args.max_unzipped_mb,
        max_zip_ratio=args.max_zip_ratio,
    )


def store_config(args: argparse.Namespace):  # -> ingest.config.StoreConfig
    from ingest.config import StoreConfig

    return StoreConfig.from_env().with_overrides(
        data_dir=args.data_dir,
        chroma_host=args.chroma_host,
        chroma_port=args.chroma_port,
        chroma_token=args.chroma_token,
        chroma_token_header=args.chroma_token_header,
        chroma_tenant=args.chroma_tenant,
        chroma_database=args.chroma_database,
        chroma_ssl=args.chroma_ssl,
        chroma_ca_bundle=args.chroma_ca_bundle,
        collection=args.collection,
        embed_model=args.embed_model,
    )


def assistant_config(args: argparse.Namespace):  # -> assistant.config.AssistantConfig
    from assistant.config import AssistantConfig

    return AssistantConfig.from_env(store_config(args)).with_overrides(
        backend=args.backend,
        llm_model=args.llm_model,
        llm_base_url=args.llm_base_url,
        llm_api_key=args.llm_api_key,
        gguf_path=args.gguf_path,
        top_k=args.top_k,
        reranker=args.reranker,
        llm_timeout_s=args.llm_timeout,
        llm_retries=args.llm_retries,
        llm_fallback=args.llm_fallback,
    )


def _filters(args: argparse.Namespace) -> dict:
    return {"symbols": args.symbols, "organ": args.organ, "year": args.year}


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import SAMPLE_PATH, ingest_paths

    paths = list(args.paths) + ([str(SAMPLE_PATH)] if args.sample else [])
    if not paths:
        print(
            "unqa ingest: name files or folders to ingest, or --sample for the bundled A/RES/80/118.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    config = store_config(args)
    print(f"Storing into {config.describe_location}", file=sys.stderr)
    summary = ingest_paths(paths, config, progress=not args.quiet, limits=limits(args))
    print(summary.render())
    if summary.stored:  # bring the saved search index up to date now, not on the first question
        from assistant.library_index import SharedIndex
        from ingest.store import ParagraphStore

        started = time.perf_counter()
        SharedIndex(ParagraphStore(config)).current()
        print(f"Search index up to date ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    if not summary.skipped:
        return EXIT_OK
    return EXIT_PARTIAL if summary.stored else EXIT_ERROR


def cmd_parse(args: argparse.Namespace) -> int:
    from ingest.parse import parse_file

    doc = parse_file(args.file, limits(args))
    if args.json:
        print(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{doc.symbol} — {doc.title}\n{doc.organ}, adopted {doc.date}; {len(doc.paragraphs)} paragraphs")
    for p in doc.paragraphs:
        notes = f"  [{len(p.footnotes)} footnote(s)]" if p.footnotes else ""
        print(f"\n{p.id}{notes}\n{p.text}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from ingest.audit import DocumentAudit, audit_document, render, summary

    if args.stored == bool(args.paths):
        print("unqa audit: name files or folders to check, or --stored for the stored ones.", file=sys.stderr)
        return EXIT_USAGE
    if args.stored:
        from ingest.store import ParagraphStore

        audits = [audit_document(doc) for doc in ParagraphStore(store_config(args)).stored_documents()]
    else:
        from tqdm import tqdm

        from ingest.model import IngestError
        from ingest.parse import parse_file
        from ingest.pipeline import expand_inputs

        files, missing = expand_inputs(args.paths)
        checks = limits(args)
        audits = [DocumentAudit("", path, error=reason) for path, reason in missing]
        for path in tqdm(files, unit="file", desc="Auditing", disable=len(files) < 2, file=sys.stderr):
            try:
                audits.append(audit_document(parse_file(path, checks)))
            except IngestError as err:
                audits.append(DocumentAudit("", str(path), error=err.reason))
    if args.json:
        report = {"documents": [a.to_json() for a in audits], "summary": summary(audits)}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render(audits, all_documents=args.all))
    unparsed = sum(1 for a in audits if a.error)
    if not audits or unparsed == len(audits):
        return EXIT_ERROR
    return EXIT_PARTIAL if unparsed else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ingest.ids import parse_citation_label
    from ingest.store import ParagraphStore

    label = " ".join(args.label)
    parsed = parse_citation_label(label)
    if parsed is None:
        print(
            f"unqa show: {label!r} is not a citation label: a symbol and a paragraph, e.g. "
            "A/RES/80/118 OP26, S/RES/161 (1961) B OP1, S/RES/263 (1969) Annex Rule 41",
            file=sys.stderr,
        )
        return EXIT_USAGE
    symbol, ref = parsed
    found = ParagraphStore(store_config(args)).get_paragraph(symbol, ref.id)
    if found is None:
        print(f"unqa show: {symbol} {ref.id} is not stored (see `unqa list`)", file=sys.stderr)
        return EXIT_ERROR
    text, metadata = found
    print(f"{symbol} {ref.full}\n\n{text}\n")
    for key in sorted(metadata):
        print(f"{key}: {metadata[key]}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from ingest.store import ParagraphStore

    docs = ParagraphStore(store_config(args)).list_documents()
    if not docs:
        print("The store is empty: run `unqa ingest --sample` or `unqa ingest FILES`.")
    for d in docs:
        print(
            f"{d['symbol']:<24} {d.get('paragraph_count', '?'):>4} paragraphs  {d.get('date') or '':<10}  "
            f"{d.get('title') or ''}"
        )
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from ingest.ids import normalize_symbol
    from ingest.store import ParagraphStore

    symbol = normalize_symbol(args.symbol)
    removed = ParagraphStore(store_config(args)).delete_document(symbol)
    if not removed:
        print(f"unqa delete: {symbol} is not stored (see `unqa list`)", file=sys.stderr)
        return EXIT_ERROR
    print(f"Deleted {symbol}: {removed} paragraph(s).")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.cli import run_ask

    return run_ask(assistant_config(args), args.question, json_output=args.json, **_filters(args))


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.cli import run_chat

    return run_chat(assistant_config(args), **_filters(args))


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.cli import run_eval

    return run_eval(
        assistant_config(args),
        gold=args.gold,
        out=args.out,
        compare=args.compare,
        split=args.split,
        limit=args.limit,
        ingest=args.ingest,
    )


def cmd_ui(args: argparse.Namespace) -> int:
    from ui.app import launch

    return launch(
        assistant_config(args),
        host=args.host,
        port=args.port,
        auth=args.auth,
        max_upload_mb=args.max_upload_mb,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unqa",
        description="Ask questions of UN resolutions; every answer cites the paragraph it comes from "
        "(A/RES/80/118 OP26). Runs offline by default: embedded Chroma, local models, no key.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str, store: bool = True):
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        p.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
        if store:
            _store_options(p)
        return p

    p = add(
        "ingest",
        cmd_ingest,
        "Parse resolutions (PDF, DOCX, Markdown, text; files or folders) and store "
        "one record per paragraph. Re-ingesting a file updates it in place.",
    )
    p.add_argument("paths", nargs="*", help="files or folders")
    p.add_argument("--sample", action="store_true", help="also ingest the bundled A/RES/80/118")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _limit_options(p)

    p = add("parse", cmd_parse, "Print a file's parsed structure without storing it.", store=False)
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the parsed document as JSON")
    _limit_options(p)

    p = add(
        "show", cmd_show, "Print a stored paragraph with its metadata, e.g. `unqa show A/RES/80/118 OP26`."
    )
    p.add_argument(
        "label",
        nargs="+",
        help="symbol and paragraph: A/RES/80/118 OP26, S/RES/161 (1961) B OP1, "
        "S/RES/263 (1969) Annex Rule 41 (label format: README, 'Citation labels')",
    )

    p = add(
        "audit",
        cmd_audit,
        "Check parsed resolutions for what looks wrong: printed numbers with gaps, repeats or out of order, "
        "a paragraph opening like the other kind or cut mid-sentence, a footnote marker without its "
        "footnote, a missing symbol or date. Prints each finding with its paragraph, page and text.",
    )
    p.add_argument("paths", nargs="*", help="files or folders to parse and check")
    p.add_argument("--stored", action="store_true", help="check the stored resolutions instead")
    p.add_argument("--json", action="store_true", help="print the findings and a summary as JSON")
    p.add_argument("--all", action="store_true", help="list documents without findings too")
    _limit_options(p)

    add("list", cmd_list, "List the stored resolutions.")

    p = add("delete", cmd_delete, "Remove a stored resolution and all its paragraphs.")
    p.add_argument("symbol", help="document symbol, e.g. S/RES/2768 (2025)")

    p = add("ask", cmd_ask, "Answer one question with paragraph citations.")
    p.add_argument("question")
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"question", "answer", "citations": [{"label", "symbol", "paragraph", '
        '"quote", "url"}], "refused"}',
    )
    _answer_options(p)

    p = add("chat", cmd_chat, "Hold a conversation in the terminal (follow-up questions understood).")
    _answer_options(p)

    p = add(
        "eval",
        cmd_eval,
        "Score the assistant against a gold set (JSON Lines); writes report.json, report.md and a chart.",
    )
    p.add_argument("--gold", action="append", required=True, help="gold file (repeatable)")
    p.add_argument("--out", default="eval-out", help="output folder (default eval-out)")
    p.add_argument("--compare", help="an earlier run's folder or report.json to compare with")
    p.add_argument(
        "--split",
        choices=["all", "tune", "test"],
        default="all",
        help="evaluate only the tune or the test resolutions (split by document, eval/split.py; default all)",
    )
    p.add_argument(
        "--limit", type=int, help="only the first N questions (after --split), e.g. for slow models"
    )
    p.add_argument(
        "--ingest",
        action="append",
        metavar="PATH",
        help="ingest these files or folders first (repeatable; unchanged documents are skipped), so one "
        "command evaluates from a fresh store, e.g. --ingest corpus",
    )
    _answer_options(p)

    p = add("ui", cmd_ui, "Start the Gradio chat on 127.0.0.1.")
    p.add_argument("--host", default=os.environ.get("UNQA_UI_HOST", "127.0.0.1"), help="env UNQA_UI_HOST")
    p.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("UNQA_UI_PORT", "7860")),
        help="env UNQA_UI_PORT (default 7860)",
    )
    p.add_argument(
        "--auth",
        default=os.environ.get("UNQA_UI_AUTH"),
        help="optional login USER:PASSWORD (env UNQA_UI_AUTH)",
    )
    p.add_argument(
        "--max-upload-mb",
        type=float,
        metavar="MB",
        help="largest upload accepted (env UNQA_UI_MAX_UPLOAD_MB; default UNQA_MAX_FILE_MB, 50)",
    )
    _answer_options(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from ingest.model import UnqaError

    try:
        return args.handler(args)
    except BrokenPipeError:  # `unqa show ... | head -3`: the reader has gone, nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that flushing stdout at exit does not raise again
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as err:
        if args.debug:
            raise
        known = isinstance(err, UnqaError)
        message = " ".join(str(err).split()) or type(err).__name__
        if not known:
            message = f"unexpected {type(err).__name__}: {message} (run again with --debug for the traceback)"
        print(f"unqa {args.command}: {message}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
