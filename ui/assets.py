"""The page's CSS and the small script that turns a click on a citation chip into a Gradio event."""

from __future__ import annotations

CITE_BOX_ID = "unqa-cite-key"
CITE_BUTTON_ID = "unqa-cite-go"

# A chip is a <button data-turn data-cite> inside a chat message. A click (or Enter/Space on it) stores
# "<turn>|<label>" and clicks a hidden Gradio button whose event reads that key through its ``js=``.
HEAD = f"""
<script>
(() => {{
  document.addEventListener("click", (event) => {{
    const chip = event.target && event.target.closest ? event.target.closest("button.unqa-chip") : null;
    if (!chip) return;
    event.preventDefault();
    event.stopPropagation();
    window.__unqaCite = (chip.dataset.turn || "-1") + "|" + (chip.dataset.cite || "");
    document.querySelectorAll("button.unqa-chip[aria-pressed]")
      .forEach((b) => b.removeAttribute("aria-pressed"));
    chip.setAttribute("aria-pressed", "true");
    const go = document.getElementById("{CITE_BUTTON_ID}");
    if (go) go.click();
  }}, true);
}})();
</script>
"""

CITE_JS = "(key, session) => [window.__unqaCite || key, session]"

CSS = """
:root { --unqa-blue: #0b5aa2; --unqa-blue-soft: #e7f0fa; --unqa-ink: #1b1f24; --unqa-muted: #4a5560; }
.gradio-container { max-width: 1400px !important; margin: 0 auto; }
#unqa-header h1 { font-size: 1.45rem; margin: 0; color: var(--unqa-ink); }
#unqa-header p { margin: 0.15rem 0 0; color: var(--unqa-muted); }
.dark #unqa-header h1 { color: #f1f4f7; }
.dark #unqa-header p { color: #c5ccd3; }
.unqa-answer { line-height: 1.6; }
.unqa-streaming { color: var(--unqa-muted); }
button.unqa-chip, span.unqa-chip {
  display: inline-block; margin: 0 0.15rem; padding: 0.05rem 0.5rem; border-radius: 999px;
  border: 1px solid var(--unqa-blue); background: var(--unqa-blue-soft); color: var(--unqa-blue);
  font-size: 0.82em; font-weight: 600; line-height: 1.5; white-space: nowrap; cursor: pointer;
  vertical-align: baseline; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
span.unqa-chip-static { cursor: default; }
button.unqa-chip:hover, button.unqa-chip[aria-pressed="true"] { background: var(--unqa-blue); color: #fff; }
button.unqa-chip:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.unqa-sources { margin-top: 0.75rem; padding-top: 0.5rem; border-top: 1px solid rgba(0,0,0,0.12); }
.unqa-sources-title { font-size: 0.78rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase;
  color: var(--unqa-muted); margin-bottom: 0.25rem; }
.dark .unqa-sources-title { color: #c5ccd3; }
ol.unqa-sources-list { margin: 0; padding-left: 1.3rem; font-size: 0.9em; }
ol.unqa-sources-list li { margin: 0.2rem 0; }
.unqa-quote { color: var(--unqa-muted); font-style: italic; }
ul.unqa-notes { list-style: none; margin: 0.5rem 0 0; padding: 0; font-size: 0.85em;
  color: var(--unqa-muted); }
.dark .unqa-quote { color: #c5ccd3; }
a.unqa-doclink { color: var(--unqa-blue); text-decoration: underline; margin-left: 0.25rem; }
.unqa-panel > a.unqa-doclink { display: inline-block; margin: 0.7rem 0 0; }
.dark a.unqa-doclink { color: #8cc1f5; }
.unqa-refusal, .unqa-error { border-left: 4px solid #b35c00; background: #fff4e5; color: #4d2800;
  padding: 0.6rem 0.8rem; border-radius: 6px; }
.unqa-error { border-left-color: #b00020; background: #fdecee; color: #5c0010; }
.unqa-refusal-title { font-weight: 700; margin-bottom: 0.2rem; }
.unqa-panel { padding: 0.9rem 1rem; border: 1px solid rgba(0,0,0,0.14); border-radius: 10px;
  background: #fff; color: var(--unqa-ink); line-height: 1.55; }
.dark .unqa-panel { background: #1f2329; color: #eef1f4; border-color: #3a414a; }
.unqa-panel-empty { color: var(--unqa-muted); }
.unqa-panel-label { font-size: 1.15rem; font-weight: 700; color: var(--unqa-blue);
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.dark .unqa-panel-label { color: #8cc1f5; }
.unqa-panel-ids { display: flex; gap: 1rem; font-size: 0.85rem; color: var(--unqa-muted);
  margin-top: 0.2rem; }
.unqa-panel-title { font-weight: 600; margin-top: 0.35rem; }
.unqa-panel-facts { font-size: 0.85rem; color: var(--unqa-muted); }
.dark .unqa-panel-ids, .dark .unqa-panel-facts { color: #c5ccd3; }
.unqa-panel-note { font-size: 0.85rem; color: var(--unqa-muted); }
.unqa-para-text { margin: 0.8rem 0; font-size: 1rem; }
.unqa-panel mark, .unqa-reader mark { background: #ffe58a; color: #1b1f24; padding: 0 0.1em;
  border-radius: 3px; }
.unqa-footnotes { border-top: 1px solid rgba(0,0,0,0.12); padding-top: 0.4rem; margin-top: 0.6rem;
  font-size: 0.85rem; }
.unqa-footnotes h4 { margin: 0 0 0.25rem; font-size: 0.78rem; text-transform: uppercase;
  letter-spacing: 0.04em; }
.unqa-footnotes ul { list-style: none; padding: 0; margin: 0; }
.unqa-fn-number { display: inline-block; min-width: 1.6em; font-weight: 700; vertical-align: super;
  font-size: 0.75em; }
dl.unqa-doc-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; }
dl.unqa-doc-facts dt { font-weight: 600; }
dl.unqa-doc-facts dd { margin: 0; }
.unqa-status { padding: 0.5rem 0.75rem; border-radius: 6px; margin-top: 0.4rem; }
.unqa-status ul { margin: 0.2rem 0 0; }
.unqa-status progress { display: block; width: 100%; margin-top: 0.3rem; }
.unqa-status-ok { background: #e8f5e9; color: #113b16; border-left: 4px solid #2e7d32; }
.unqa-status-error { background: #fdecee; color: #5c0010; border-left: 4px solid #b00020; }
ol.unqa-reader-list { list-style: none; padding: 0; margin: 0.5rem 0 0; }
li.unqa-reader-par { display: grid; grid-template-columns: 4.5rem 1fr; gap: 0.5rem;
  padding: 0.45rem 0; border-bottom: 1px solid rgba(0,0,0,0.08); }
li.unqa-reader-par p { margin: 0; }
.unqa-reader-id { font-weight: 700; color: var(--unqa-blue);
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.dark .unqa-reader-id { color: #8cc1f5; }
.unqa-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""
