"""Small helpers the benchmark scripts share: memory sampling, tables, results and plots.

Why a module of its own: every benchmark has to report the same things the same way (the
machine's load when it ran, peak memory measured the same way, a table on stdout, a JSON in
``benchmarks/results/`` the README can cite, a PNG beside it), and each script
has to stay short enough to read.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "results"  # plots, next to the JSON, so the README can show them
RESULTS_DIR = HERE / "results"  # small JSON results (committed)


class PeakRss:
    """Peak resident set size of this process, sampled every `interval` s in a thread.

    RSS counts the pages of this process in RAM now (model weights, Python objects, Chroma's
    native memory) but not memory that was swapped out or freed before a sample. Sampling
    can miss a spike shorter than the interval; the peak is therefore a lower bound.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.process = psutil.Process()
        self.start_rss = self.peak = self.end_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        rss = self.process.memory_info().rss
        self.peak = max(self.peak, rss)
        return rss

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> PeakRss:
        self.start_rss = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.end_rss = self.sample()


def mb(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)


def _code_version() -> dict[str, Any]:
    """The commit measured, and whether newsqa's sources differed from it (taken at start)."""

    def git(*args: str) -> str:
        run = subprocess.run(["git", "-C", str(HERE.parent), *args], capture_output=True)
        return run.stdout.decode().strip()

    changed = git("status", "--porcelain", "--", "index", "retrieval", "newsqa", "prompts")
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": bool(changed)}


CODE_VERSION = _code_version()


def machine() -> dict[str, Any]:
    """Where and under what load a measurement ran (other jobs share these cores)."""
    return {
        "code": CODE_VERSION,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table, right-aligned numbers, for stdout and the README."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    rule = "-|-".join("-" * w for w in widths)
    body = [
        " | ".join(
            c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(r, widths, strict=True)
        )
        for r in cells
    ]
    return "\n".join([line, rule, *body])


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").replace("x", "").isdigit()


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (linear interpolation, as numpy)."""
    import numpy as np

    return float(np.percentile(values, q))


def save_results(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def plot_path(name: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUT_DIR / f"{name}.png"


def pyplot() -> Any:
    """matplotlib's pyplot with a file-only backend (no display on servers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def run_worker(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python <args>` in a fresh process; its last stdout line is a JSON result.

    Fresh processes give each pipeline its own memory figure and no warm caches from the
    other; the worker's stderr (logs) passes through to ours.
    """
    proc = subprocess.run(
        [sys.executable, *args], stdout=subprocess.PIPE, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"worker {args} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def emit(result: dict[str, Any]) -> None:
    """A worker's result: one JSON line on stdout, read by `run_worker`."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
