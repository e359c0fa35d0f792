"""End to end in a real headless Chromium: ask, click the OP26 citation, read the paragraph panel."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
REPO = Path(__file__).resolve().parents[2]
QUESTION = "What share of people in low-income countries is online?"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_browser() -> None:
    missing = ""
    if importlib.util.find_spec("playwright") is None:
        missing = "the playwright package is not installed: pip install playwright==1.65.2"
    elif not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing = f"{CHROMIUM} is missing: apt-get install chromium"
    if missing:
        if os.environ.get("UNQA_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``unqa ui`` on a free 127.0.0.1 port over a fresh store holding the bundled A/RES/80/118."""
    _require_browser()
    data = tmp_path_factory.mktemp("ui-store")
    env = {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "UNQA_BACKEND": "extractive",
    }
    env.pop("UNQA_UI_AUTH", None)
    unqa = [sys.executable, str(REPO / "unqa.py")]
    subprocess.run([*unqa, "ingest", "--sample", "--quiet", "--data-dir", str(data)], env=env, check=True)
    port = free_port()
    command = [*unqa, "ui", "--data-dir", str(data), "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    with serving(command, url, data / "ui.log", timeout_s=90, env=env):
        yield url


def test_ask_click_citation_shows_paragraph(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh profile
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            page = context.new_page()
            page.goto(server)
            box = page.locator("#unqa-question textarea")
            expect(box).to_be_visible(timeout=30_000)
            box.fill(QUESTION)
            box.press("Enter")

            chip = page.locator('#unqa-chat button.unqa-chip[data-cite="A/RES/80/118 OP26"]').first
            expect(chip).to_be_visible(timeout=90_000)
            expect(page.locator("#unqa-chat .unqa-sources")).to_be_visible()
            chip.click()

            panel = page.locator("#unqa-panel")
            expect(panel.locator(".unqa-panel-label")).to_have_text("A/RES/80/118 OP26", timeout=30_000)
            expect(panel).to_contain_text("27 per cent")
            expect(panel).to_contain_text("International Telecommunication Union")
            expect(panel.locator("mark").first).to_be_visible()
            expect(panel.locator('a[href="https://docs.un.org/en/A/RES/80/118"]')).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "ask-and-cite.png"), full_page=True)

            box.fill("What share of women use the Internet worldwide?")  # cited chips work by keyboard too
            box.press("Enter")
            chip = page.locator('#unqa-chat button.unqa-chip[data-cite="A/RES/80/118 OP32"]').first
            expect(chip).to_be_visible(timeout=90_000)
            chip.focus()
            page.keyboard.press("Enter")
            expect(panel.locator(".unqa-panel-label")).to_have_text("A/RES/80/118 OP32", timeout=30_000)
            expect(panel).to_contain_text("65 per cent")

            page.get_by_role("tab", name="Library").click()
            expect(page.locator("#unqa-reader")).to_contain_text("PP1", timeout=30_000)
            bad = tmp_path / "not-a-resolution.txt"
            bad.write_text("A shopping list, not a resolution.", encoding="utf-8")
            page.locator("#unqa-upload input[type=file]").set_input_files(str(bad))
            status = page.locator("#unqa-upload-status")
            expect(status).to_contain_text("Not stored", timeout=60_000)
            expect(status).to_contain_text("not-a-resolution.txt")
            expect(page.locator("#unqa-library")).to_contain_text("A/RES/80/118")  # nothing stored is lost
            page.screenshot(path=str(ARTIFACTS / "library.png"), full_page=True)
        finally:
            context.close()
