"""The VS Code extension in a real VS Code: code-server with the packaged .vsix, driven by Chromium.

The extension is installed the way a user installs it (`--install-extension gifthorse-0.1.0.vsix`)
and finds the server the default way (`gifthorse` on PATH). tests/e2e/vscode_driver.js then acts
as the user; this test judges what it saw. The screenshot of the squiggle with its hover goes to
tests/e2e/artifacts/ (set GIFTHORSE_E2E_SCREENSHOT=docs/images/vscode-hover.png to refresh the
README's picture).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import (
    INITIAL_TEXT,
    component,
    fix_scenario,
    review_scenario,
    server_path_env,
    words,
)

DRIVER = Path(__file__).with_name("vscode_driver.js")
ARTIFACTS = Path(__file__).with_name("artifacts")

USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "extensions.ignoreRecommendations": True,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "editor.minimap.enabled": False,
    "editor.hover.delay": 200,
    "editor.lightbulb.enabled": "on",
    "window.restoreWindows": "none",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def code_server(tmp_path: Path, settings: dict[str, object]) -> Iterator[str]:
    """A fresh code-server with the .vsix installed and a workspace holding demo.py; its URL."""
    vsix = component("vsix", ours=True)
    binary = component("code-server")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "demo.py").write_text(INITIAL_TEXT, encoding="utf-8")
    user = tmp_path / "user"
    (user / "User").mkdir(parents=True)
    (user / "User" / "settings.json").write_text(
        json.dumps({**USER_SETTINGS, **settings}), encoding="utf-8"
    )
    env = server_path_env()
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    dirs = ["--user-data-dir", str(user), "--extensions-dir", str(tmp_path / "extensions")]

    installed = subprocess.run(
        [binary, *dirs, "--install-extension", vsix],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "was successfully installed" in installed.stdout, installed.stdout + installed.stderr

    port = free_port()
    log_path = tmp_path / "code-server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                binary,
                *dirs,
                "--auth",
                "none",
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                str(workspace),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the extension host and server go too
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"code-server did not start: {log_path.read_text()}")
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/?folder={workspace}"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def run_driver(tmp_path: Path, url: str, **inputs: str) -> tuple[dict[str, Any], str]:
    """Runs vscode_driver.js; returns what it recorded and a description for failure messages."""
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update(
        NODE_PATH=str(Path(component("driver")) / "node_modules"),
        CS_URL=url,
        CHROMIUM=component("chromium"),
        GH_E2E_RESULT=str(result_file),
        GH_E2E_TIMEOUT_MS="30000",
        **inputs,
    )
    started = time.monotonic()
    done = subprocess.run(
        ["node", str(DRIVER)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    elapsed = time.monotonic() - started
    assert result_file.is_file(), f"the driver wrote no result: {done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    if "failed" in result and (tmp_path / "failure.png").is_file():
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(tmp_path / "failure.png", ARTIFACTS / f"{tmp_path.name}-failure.png")
    context = (
        f"driver exit {done.returncode} after {elapsed:.1f} s; screenshot of a failure in "
        f"{ARTIFACTS}: {json.dumps(result, indent=1)}\n{done.stderr[-3000:]}"
    )
    assert done.returncode == 0 and "failed" not in result, context
    return result, context


def test_vscode_flow(e2e_setup: str, tmp_path: Path) -> None:
    fix = fix_scenario()
    review = review_scenario(fix)
    screenshot = Path(
        os.environ.get("GIFTHORSE_E2E_SCREENSHOT", ARTIFACTS / "vscode-hover.png")
    ).resolve()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    with code_server(tmp_path, {"gifthorse.server.python": sys.executable}) as url:
        result, context = run_driver(
            tmp_path,
            url,
            GH_E2E_SCREENSHOT=str(screenshot),
            GH_E2E_FIX_BLOCK=fix.block,
            GH_E2E_FIX_CODE=fix.code,
            GH_E2E_FIX_TITLE=fix.action,
            GH_E2E_REVIEW_BLOCK=review.block,
            GH_E2E_REVIEW_CODE=review.code,
        )

    # the paste arrived as typed, the squiggle and the Problems entry appeared
    assert result["text_after_paste"] == INITIAL_TEXT + fix.block, context
    assert result["squiggles"], context
    assert fix.code in result["problems"] and "gifthorse" in result["problems"], context
    # the status bar counts the finding, and the hover explains the rule (and was photographed)
    assert "gifthorse 1" in result["status_with_finding"], context
    assert words(fix.why)[:60] in words(result["hover"]), context
    assert screenshot.is_file() and screenshot.stat().st_size > 10_000, context

    # the quick fix from the light bulb changed the text as the engine computes, and cleared it
    assert result["applied"], context
    if fix.expected_text is not None:
        assert result["applied"].startswith(fix.action), context
        assert result["text_after_fix"] == fix.expected_text, context
    else:
        assert "gifthorse: ignore" in result["text_after_fix"], context
    assert fix.code not in result["problems_after_fix"], context

    # "gifthorse: Mark as reviewed" from the Command Palette cleared the second paste's finding
    assert review.code in result["problems_before_review"], context
    assert review.code not in result["problems_after_review"], context
    assert "gifthorse 0" in result["status_after_review"], context


def test_vscode_server_cannot_start(e2e_setup: str, tmp_path: Path) -> None:
    """An interpreter without gifthorse: one notification that says what was tried, and why."""
    python = tmp_path / "python-without-gifthorse"
    python.write_text(
        f"#!/bin/sh\necho '{python}: No module named gifthorse.server' >&2\nexit 1\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    command = [str(python), "-m", "gifthorse.server"]
    with code_server(tmp_path, {"gifthorse.server.command": command}) as url:
        result, context = run_driver(
            tmp_path,
            url,
            GH_E2E_MODE="start-failure",
            GH_E2E_SCREENSHOT=str(tmp_path / "start-failure.png"),
        )
    [notification] = result["notifications"]  # exactly one, not one per attempt or per layer
    assert "could not be started" in notification, context
    assert f'"{python} -m gifthorse.server --stdio"' in notification, context
    assert "exited with code 1" in notification and "No module named gifthorse" in notification
    assert "gifthorse.server.command" in notification, context
    assert "Traceback" not in notification and " at " not in notification, context
    assert any("not running" in label for label in result["status_tooltip"]), context


def test_vsix_is_what_the_readme_promises(e2e_setup: str) -> None:
    """The packaged extension carries its icon, README, LICENSE and bundle, and nothing else."""
    vsix = Path(component("vsix", ours=True))
    listing = subprocess.run(
        [sys.executable, "-m", "zipfile", "-l", str(vsix)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for member in (
        "extension/package.json",
        "extension/dist/extension.js",
        "extension/images/icon.png",
        "extension/readme.md",
        "extension/LICENSE.txt",
    ):
        assert member in listing, listing
    for leaked in ("extension/src/", "extension/node_modules/", "extension/test/", ".map"):
        assert leaked not in listing, listing
    assert vsix.name == "gifthorse-0.1.0.vsix"
