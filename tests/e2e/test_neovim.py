"""Neovim as a real LSP client of `gifthorse serve`, with the configuration from docs/neovim.md.

Each run starts headless Neovim with one of the documented configurations as its init file, and
tests/e2e/nvim_driver.lua acts as the user: paste a risky block, get the diagnostic and its hover,
apply the quick fix through textDocument/codeAction, paste another block, :GifthorseMarkReviewed.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from e2e_support import (
    INITIAL_TEXT,
    ROOT,
    component,
    fix_scenario,
    review_scenario,
    server_path_env,
    words,
)

DOC = ROOT / "docs" / "neovim.md"
DRIVER = Path(__file__).with_name("nvim_driver.lua")


def doc_blocks() -> dict[str, str]:
    """The Lua blocks of docs/neovim.md marked `<!-- e2e: NAME -->`, by name."""
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- e2e: (\S+) -->\s*```lua\n(.*?)```", text, re.S))


# (installed component, configuration block of the docs)
CASES = [
    pytest.param("nvim", "nvim-0.7-start-client", id="nvim-0.7-debian-start_client"),
    pytest.param("nvim-0.11", "nvim-0.11-config", id="nvim-0.11-vim.lsp.config"),
    pytest.param("nvim-0.11", "nvim-0.8-start", id="nvim-0.11-vim.lsp.start"),
]


def test_docs_mark_the_tested_blocks() -> None:
    assert set(doc_blocks()) == {
        "nvim-0.7-start-client",
        "nvim-0.8-start",
        "nvim-0.11-config",
        "commands",
    }


@pytest.mark.parametrize(("nvim_component", "config"), CASES)
def test_neovim_flow(e2e_setup: str, tmp_path: Path, nvim_component: str, config: str) -> None:
    nvim = component(nvim_component)
    fix = fix_scenario()
    review = review_scenario(fix)
    blocks = doc_blocks()

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "pyproject.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    demo = workspace / "demo.py"
    demo.write_text(INITIAL_TEXT, encoding="utf-8")
    init = tmp_path / "init.lua"
    init.write_text(blocks[config] + "\n" + blocks["commands"], encoding="utf-8")
    result_file = tmp_path / "result.json"

    env = server_path_env()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env.update(
        GH_E2E_FILE=str(demo),
        GH_E2E_RESULT=str(result_file),
        GH_E2E_FIX_BLOCK=fix.block,
        GH_E2E_FIX_CODE=fix.code,
        GH_E2E_FIX_TITLE=fix.action,
        GH_E2E_REVIEW_BLOCK=review.block,
        GH_E2E_REVIEW_CODE=review.code,
        GH_E2E_TIMEOUT_MS="20000",
    )
    started = time.monotonic()
    done = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init), "-c", f"luafile {DRIVER}"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert result_file.is_file(), f"the driver wrote no result: {done.stdout}\n{done.stderr}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    seen = json.dumps(result, indent=1)
    context = f"nvim {result.get('nvim')}, {elapsed:.1f} s: {seen}\n{done.stderr}"
    assert done.returncode == 0 and "failed" not in result, context

    if nvim_component == "nvim":
        assert result["nvim"].startswith("0.7"), context
    else:
        assert not result["nvim"].startswith("0.7"), context

    # the diagnostic: on the pasted block, from gifthorse, with the rule's code
    first_block_line = INITIAL_TEXT.count("\n")
    last_block_line = first_block_line + fix.block.count("\n") - 1
    ours = [d for d in result["diagnostics"] if d["code"] == fix.code]
    assert ours, context
    assert all(first_block_line <= d["lnum"] <= last_block_line for d in ours), context
    # error, warning or information: a finding in fresh code is never a mere hint
    assert all(d["severity"] in (1, 2, 3) for d in ours), context
    assert result["buffer_before_fix"] == INITIAL_TEXT + fix.block, context

    # the hover explains the rule
    assert words(fix.why)[:60] in words(result["hover"]), context

    # the quick fix, applied through textDocument/codeAction, changed the buffer as the engine says
    assert result["applied"], context
    if fix.expected_text is not None:
        assert result["applied"].startswith(fix.action), context
        assert result["buffer_after_fix"] == fix.expected_text, context
    else:
        assert "gifthorse: ignore" in result["buffer_after_fix"], context
    assert not [d for d in result["diagnostics_after_fix"] if d["code"] == fix.code], context

    # :GifthorseMarkReviewed (docs/neovim.md) cleared the second block's diagnostic
    assert any(d["code"] == review.code for d in result["diagnostics_before_review"]), context
    assert result["diagnostics_after_review"] == [], context
