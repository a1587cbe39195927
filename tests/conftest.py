"""Helpers for the kit's own tests: grade through the real CLI and read its JSON."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def grade_json(exercise: str, file: Path | None = None, *extra: str, timeout: float = 900) -> tuple[int, dict]:
    """Run ``grade EXERCISE --format json`` in a fresh process; return (exit code, parsed JSON)."""
    cmd = [sys.executable, "-m", "grader.cli", exercise, "--format", "json", "--lang", "en", *extra]
    if file is not None:
        cmd += ["--file", str(file)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"grade printed no JSON (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return proc.returncode, data


def failed_messages(result: dict) -> str:
    return "\n".join(f"{t['name']}: {t['message']}" for t in result["tests"] if not t["passed"])
