"""Open an HTML file in a real, headless Chromium (the system's, driven by Playwright) and report what a
person would see: the DOM, a screenshot, broken images and console errors.

Chromium runs with a fresh profile and everything that would reach the network switched off (this
machine has none): ``--no-sandbox --disable-gpu --disable-background-networking
--disable-component-update --disable-sync --no-first-run``. Tests that need it call ``require()``,
which skips them, saying why, only where no browser is installed (``.ci/run`` installs the Debian
``chromium`` package) or the test extra is missing.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "install it with `apt-get install -y chromium` (as .ci/run does)"


def chromium() -> str | None:
    return next((p for p in map(shutil.which, BINARIES) if p), None)


def require() -> str:
    """The browser's path; skip the test (saying why) where there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed: it comes with the kit's test extra (pip install -e '.[test]')")
    path = chromium()
    if path is None:
        pytest.skip(f"no Chromium on this machine: {INSTALL}")
    return path


@dataclass
class Page:
    text: str  # document.body.innerText
    html: str  # the DOM after rendering, serialised
    screenshot: Path
    console_errors: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    images: int = 0
    facts: dict[str, Any] = field(default_factory=dict)  # the result of ``probe`` (a JS expression)


def open_page(html_file: Path, shots: Path, *, probe: str = "null", width: int = 1280,
              opened: str | None = None) -> Page:
    """Load ``html_file`` from disk, let it settle, open every ``<details>`` matching the CSS selector
    ``opened`` (to screenshot a student's section too), then read the page."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(shots / "profile"), executable_path=require(), headless=True, args=ARGS,
            viewport={"width": width, "height": 900}, offline=True)
        try:
            page = context.new_page()
            page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url[:120]}"))
            page.goto(html_file.resolve().as_uri(), wait_until="load")
            if opened:
                page.eval_on_selector_all(opened, "els => els.forEach(e => e.open = true)")
            page.wait_for_timeout(100)
            shot = shots / f"{html_file.stem}.png"
            page.screenshot(path=str(shot), full_page=True)
            broken = page.eval_on_selector_all(
                "img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt || i.src.slice(0, 80))")
            return Page(text=page.inner_text("body"), html=page.content(), screenshot=shot, console_errors=errors,
                        broken_images=broken, images=page.eval_on_selector_all("img", "imgs => imgs.length"),
                        facts=page.evaluate(probe) or {})
        finally:
            context.close()


def not_blank(png: Path) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the background) of a screenshot."""
    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(png).convert("RGB"))
    flat = img.reshape(-1, 3)
    colours = len(np.unique(flat[:: max(1, len(flat) // 200_000)], axis=0))
    background = np.median(flat, axis=0)
    share = float(np.mean(np.abs(flat.astype(int) - background).sum(axis=1) > 30))
    return colours, share
