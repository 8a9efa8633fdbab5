"""A real headless Chromium for the tests that open pages: Debian's package, or $BRIEFING_CHROMIUM.

Without it a test fails, so CI cannot pass silently; locally it may be skipped, only by
setting BRIEFING_SKIP_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str:
    """The browser to run, or a failure that says how to install it (a skip only when asked for)."""
    found = os.environ.get("BRIEFING_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("BRIEFING_SKIP_BROWSER") == "1":
        pytest.skip("chromium not installed and BRIEFING_SKIP_BROWSER=1")
    pytest.fail("chromium not found: install Debian's chromium package (apt-get install -y chromium)", pytrace=False)


def run_chromium(browser: str, profile: Path, *args: str) -> str:
    """Run headless Chromium with a profile of its own; what it printed (a --dump-dom page, say)."""
    result = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
