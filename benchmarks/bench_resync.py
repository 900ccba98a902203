"""Re-sync of an unchanged folder: what `newsqa index` costs when nothing has changed.

Why: users (and the bot's /reindex) run `newsqa index` again and again on the same folder;
newsqa promises that an unchanged folder costs a directory walk and a hash per file, with no
embedding. This measures that promise at 10,000 articles.

How the index is built: embedding 10,000 articles with the real model would take hours on two
cores, and the re-sync being measured never embeds anything. So the initial index is built
honestly through `index.folder_sync.sync` (same loaders, chunking, ids, metadata and Chroma
writes) but with `PseudoEmbedder`, whose `embed_passages` returns deterministic pseudo-random
unit vectors. The script then asserts that the timed re-syncs call the embedder zero times and
embed zero chunks, so the stand-in cannot have influenced what is measured.

Timed: `sync()` in this process (library call, chromadb already imported; 3 repetitions,
min and median), then `newsqa index FOLDER --json` as a subprocess (end-to-end CLI time
including interpreter start-up and imports; same number of repetitions).

    python benchmarks/bench_resync.py [--articles 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from benchutil import PeakRss, load_average, machine, mb, plot_path, pyplot, save_results, table
from corpus import write_corpus

from index.embedder_factory import backend_for
from index.folder_sync import sync
from index.settings import IndexSettings


class PseudoEmbedder:
    """Stand-in for the model: a unit vector per text, seeded by the text's CRC32.

    It carries the real model's name and dimension so that the index it builds is one the
    real model (and the `newsqa` CLI) accepts. It counts its calls, so a benchmark can prove
    that a timed step did not embed.
    """

    def __init__(self, name: str, dimension: int) -> None:
        self.name, self.dimension = name, dimension
        self.calls = self.texts = 0

    def _vectors(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
            out[i] = rng.standard_normal(self.dimension)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)


def newsqa_command() -> list[str]:
    """The installed `newsqa` script next to this Python, else `python -m newsqa`."""
    script = Path(sys.executable).with_name("newsqa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsqa"]


def time_cli(folder: Path, data_dir: Path, repeats: int) -> list[dict[str, Any]]:
    env = {**os.environ, "NEWSQA_DATA_DIR": str(data_dir)}
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*newsqa_command(), "index", str(folder), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        # The child's own high-water mark (VmHWM), polled until it exits. (getrusage's
        # RUSAGE_CHILDREN would be wrong here: Linux carries the parent's peak RSS at fork
        # into the child's ru_maxrss across exec.)
        peak_kb = 0
        while proc.poll() is None:
            peak_kb = max(peak_kb, vm_hwm_kb(proc.pid))
            time.sleep(0.01)
        out, _ = proc.communicate()
        wall = time.perf_counter() - started
        assert proc.returncode == 0, proc.returncode
        summary = json.loads(out)
        assert summary["embedded_chunks"] == 0, summary
        runs.append({"wall_s": wall, "sync_s": summary["seconds"], "peak_rss_mb": peak_kb / 1024})
    return runs


def vm_hwm_kb(pid: int) -> int:
    """Peak resident memory so far of process `pid`, from /proc (Linux); 0 if unreadable."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if "VmHWM" in line), 0)


def plot(initial_s: float, library: list[float], cli: list[float], n: int) -> Path:
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.bar(["initial build\n(pseudo-embedder)"], [initial_s], color="tab:gray")
    left.set_ylabel("seconds")
    left.set_title("initial sync, no model")
    labels = [f"sync() #{i + 1}" for i in range(len(library))]
    labels += [f"CLI #{i + 1}" for i in range(len(cli))]
    colors = ["tab:blue"] * len(library) + ["tab:orange"] * len(cli)
    right.bar(labels, library + cli, color=colors)
    right.set_title("re-sync of the unchanged folder (0 chunks embedded)")
    right.tick_params(axis="x", labelrotation=30)
    fig.suptitle(f"{n:,} generated articles, 2-core CPU")
    fig.tight_layout()
    path = plot_path("bench_resync")
    fig.savefig(path, dpi=120)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="newsqa-bench-resync-"))
    folder, data_dir = work / "articles", work / "data"
    settings = IndexSettings(data_dir=data_dir)
    dimension = backend_for(settings).dimension(settings)
    if dimension is None:
        raise SystemExit("unset NEWSQA_EMBEDDING_MODEL: the stand-in needs the model's dimension")
    embedder = PseudoEmbedder(settings.embedding_model, dimension)
    try:
        started = time.perf_counter()
        write_corpus(folder, args.articles, args.seed)
        corpus_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"corpus: {args.articles:,} articles, {size / 1e6:.1f} MB in {corpus_s:.1f} s")

        load = load_average()
        started = time.perf_counter()
        first = sync(folder, settings, embedder=embedder, progress=False)
        initial_s = time.perf_counter() - started
        print(
            f"initial sync (pseudo-embedder): {first.embedded_chunks:,} chunks, "
            f"{first.articles:,} articles in {initial_s:.1f} s (load average {load})"
        )

        library, rss_peaks = [], []
        load_resync = load_average()
        for _ in range(args.repeats):
            calls = embedder.calls
            with PeakRss() as rss:
                started = time.perf_counter()
                again = sync(folder, settings, embedder=embedder, progress=False)
                library.append(time.perf_counter() - started)
            assert again.embedded_chunks == 0 and embedder.calls == calls, "re-sync embedded"
            assert again.unchanged == args.articles and again.total_chunks == first.total_chunks
            rss_peaks.append(rss.peak)
        load_cli = load_average()
        cli = time_cli(folder, data_dir, args.repeats)
        cli_rss_mb = round(max(r["peak_rss_mb"] for r in cli), 1)
        help_started = time.perf_counter()
        subprocess.run([*newsqa_command(), "--help"], capture_output=True, check=True)
        help_s = time.perf_counter() - help_started
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    cli_wall = [r["wall_s"] for r in cli]
    rows = [
        ["initial sync, pseudo-embedder (not a user figure)", 1, initial_s, initial_s, load],
        ["re-sync, sync() in process", len(library), min(library), statistics.median(library)]
        + [load_resync],
        ["re-sync, `newsqa index` subprocess (wall)", len(cli), min(cli_wall)]
        + [statistics.median(cli_wall), load_cli],
        ["  of which sync() inside the CLI", len(cli), min(r["sync_s"] for r in cli)]
        + [statistics.median(r["sync_s"] for r in cli), load_cli],
        ["`newsqa --help` (start-up only, reference)", 1, help_s, help_s, load_cli],
    ]
    print()
    print(table(["what", "runs", "min s", "median s", "load avg"], rows))
    print(
        f"\n{args.articles:,} articles, {first.total_chunks:,} chunks; every re-sync embedded 0 "
        f"chunks and made 0 embedder calls. Peak RSS: `newsqa index` process {cli_rss_mb} MB; "
        f"this process during its re-syncs {mb(max(rss_peaks))} MB (it also built the index)."
    )
    data = {
        "benchmark": "bench_resync",
        "command": f"python benchmarks/bench_resync.py --articles {args.articles} "
        f"--seed {args.seed} --repeats {args.repeats}",
        "machine": machine(),
        "articles": args.articles,
        "chunks": first.total_chunks,
        "initial_sync_pseudo_embedder_s": initial_s,
        "resync_library_s": library,
        "resync_library_peak_rss_mb": mb(max(rss_peaks)),
        "resync_cli": cli,
        "resync_cli_peak_rss_mb": cli_rss_mb,
        "resync_library_peak_rss_mb_note": "this process had also built the index",
        "cli_help_s": help_s,
        "load_average": {"initial": load, "resync": load_resync, "cli": load_cli},
        "notes": "Initial index built by sync() with a pseudo-random embedder (the real model "
        "would take hours); re-syncs asserted to embed 0 chunks with 0 embedder calls.",
    }
    print(f"\nplot: {plot(initial_s, library, cli_wall, args.articles)}")
    print(f"results: {save_results('bench_resync', data)}")


if __name__ == "__main__":
    main()
