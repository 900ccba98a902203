"""Answer latency (p50/p95) and serving memory at 1k, 10k and 100k chunks, extractive answerer.

Why: the bot and `newsqa chat` keep one warm process; what a user feels is the time from
question to answer in that process as the collection grows, and what the process costs in RAM.

How the index is filled: the texts are REAL (generated articles from `corpus.py`) and they are
indexed by newsqa's own `sync` (same loaders, chunking, sentence and chunk rows, metadata,
markers and Chroma writes), growing one index through the sizes. Only the embedder is a
stand-in, because embedding 100k chunks for real takes many hours on two cores:
`ApproxEmbedder` runs the real multilingual-e5-small on the first `--real` distinct texts
(sentences and titles; default 3000, which covers the whole 1k index), and gives every later
text the real vector of its most similar real text (hashed bag of words: same language and
template) plus Gaussian noise (sigma `--noise` per dimension), re-normalized. The output
reports how close those vectors stay to their base, next to how close real texts are to
their nearest real neighbour. Retrieval QUALITY at 10k/100k is therefore not measured here,
only speed and memory.

Each size is served by a fresh worker process: `QAService` (extractive) loads the model and
opens the index, the keyword index is built (timed separately), `warm()`, one untimed
question; then 40 fixed Arabic and English questions (`questions.json`), each asked once:
`ask()` latency interleaved with `HybridSearch.search` alone (retrieval without the answer
step). Then 20 questions that name a period, ask for the latest news or a relative day
(`questions.json` "dated"; their extra Chroma queries are the date path's cost). Then, in the
same worker and Chroma, the naive LangChain baseline, on one collection
holding a copy of all the chunks (newsqa keeps one per language),
`Chroma(...).as_retriever(search_kwargs={"k": 6}).invoke(q)` with HuggingFaceEmbeddings
(latency only; it loads a second model copy after newsqa's peak RSS has been taken).

The worker runs with OMP_WAIT_POLICY=PASSIVE (`--omp-wait-policy ''` for libgomp's default):
with the default, a torch call from the main thread right after torch ran in LangChain's
executor threads took 0.6-0.9 s instead of ~40 ms on this loaded 2-core machine, which hit the
main-thread loops (search alone, the naive retriever) but not `ask()`.

    python benchmarks/bench_answer.py [--sizes 1000,10000,100000] [--real 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import benchutil as bu
from approx_embedder import ApproxEmbedder
from corpus import write_corpus

from index.settings import IndexSettings

QUESTIONS = json.loads(Path(__file__).with_name("questions.json").read_text(encoding="utf-8"))


def grow(
    indexed: Path, paths: list[Path], settings: IndexSettings, embedder: Any, size: int
) -> tuple[int, float]:
    """Link more generated articles into `indexed` and `sync` until it holds `size` chunks."""
    from index.folder_sync import sync

    seconds, have, total = 0.0, 0, 0
    if any(indexed.iterdir()):
        have = len(list(indexed.iterdir()))
        total = sync(indexed, settings, embedder=embedder, progress=False).total_chunks
    while total < size:
        if have == len(paths):
            raise SystemExit(f"corpus too small: {total} chunks < {size}")
        per_file = total / have if have else 6.0
        add = min(len(paths) - have, int((size - total) / per_file) + 1)
        for path in paths[have : have + add]:
            os.link(path, indexed / path.name)
        have += add
        summary = sync(indexed, settings, embedder=embedder, progress=False)
        seconds, total = seconds + summary.seconds, summary.total_chunks
    return total, seconds


def serve(settings: IndexSettings) -> dict[str, Any]:
    """Worker: a warm QAService answering the questions, then the naive retriever."""
    from retrieval.service import QAService
    from retrieval.settings import RetrievalSettings

    questions = QUESTIONS["en"] + QUESTIONS["ar"]
    out: dict[str, Any] = {}
    with bu.PeakRss() as rss:
        started = time.perf_counter()
        service = QAService(settings, RetrievalSettings(llm="extractive"))
        out["embedder"] = type(service.embedder()).__name__
        out["model_load_s"] = time.perf_counter() - started
        reader = service.reader()
        started = time.perf_counter()
        assert reader.refresh()  # opens the index; the first refresh builds the keyword index
        out["keyword_build_s"] = time.perf_counter() - started
        out["chunks"] = reader.chunks
        parts = service._ready()
        assert parts is not None
        started = time.perf_counter()
        service.warm()
        service.ask("What happened in Cairo?")  # untimed first question
        out["warm_s"] = time.perf_counter() - started
        out["rss_after_warm_mb"] = bu.mb(rss.sample())
        ask_ms, search_ms, found = [], [], 0
        for question in questions:  # interleaved, so a burst of load hits both alike
            started = time.perf_counter()
            found += service.ask(question).found
            ask_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            parts.search.search(question)
            search_ms.append((time.perf_counter() - started) * 1000)
        dated_ms = []  # a period, "latest" or a relative day: the date path's extra queries
        for question in QUESTIONS["dated"]:
            started = time.perf_counter()
            service.ask(question)
            dated_ms.append((time.perf_counter() - started) * 1000)
        out["peak_rss_mb"] = bu.mb(rss.peak)
    out.update(questions=len(questions), found=found, ask_ms=ask_ms, search_ms=search_ms)
    out["dated_ms"] = dated_ms
    out["naive_ms"] = naive_latencies(settings, one_collection(reader.store), questions)
    return out


def one_collection(store: Any) -> str:
    """The naive pipeline's single collection: a copy of every newsqa chunk (text + vector),
    kept in the same Chroma and topped up as the index grows, so both query the same rows."""
    name = f"{store.catalog.name}-naive"
    naive = store.client.get_or_create_collection(
        name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    have = set(ids_of(naive))
    for part in store.parts.values():
        missing = [cid for cid in ids_of(part) if cid not in have]
        for start in range(0, len(missing), 1000):
            got = part.get(ids=missing[start : start + 1000], include=["embeddings", "documents"])
            naive.upsert(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"])
    return name


def ids_of(collection: Any, page: int = 20_000) -> list[str]:
    ids: list[str] = []
    while len(ids) % page == 0:
        got = collection.get(include=[], limit=page, offset=len(ids))["ids"]
        if not got:
            break
        ids.extend(got)
    return ids


def naive_latencies(settings: IndexSettings, name: str, questions: list[str]) -> list[float]:
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings

    from index.model_convert import ensure_e5_small

    embeddings = HuggingFaceEmbeddings(
        model_name=str(ensure_e5_small(Path(settings.model_cache_dir))),
        encode_kwargs={"normalize_embeddings": True},
        model_kwargs={"device": "cpu"},
    )
    from index.chroma_client import make_client

    client = make_client(settings)
    retriever = Chroma(
        collection_name=name, embedding_function=embeddings, client=client
    ).as_retriever(search_kwargs={"k": 6})
    retriever.invoke("warm up")
    latencies = []
    for question in questions:
        started = time.perf_counter()
        assert len(retriever.invoke(question)) == 6
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def plot(rows: list[dict[str, Any]]) -> Path:
    plt = bu.pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    x = [r["chunks"] for r in rows]
    for key, label, color in (
        ("ask_ms", "newsqa ask() (retrieval + extractive answer)", "tab:blue"),
        ("search_ms", "newsqa hybrid retrieval only", "tab:green"),
        ("naive_ms", "naive LangChain retriever (k=6)", "tab:gray"),
    ):
        left.plot(x, [bu.pct(r[key], 50) for r in rows], "o-", color=color, label=f"{label} p50")
        left.plot(x, [bu.pct(r[key], 95) for r in rows], "s--", color=color, alpha=0.6)
    left.set(xscale="log", xlabel="chunks in the index", ylabel="ms (solid p50, dashed p95)")
    left.legend(fontsize=7)
    right.plot(x, [r["peak_rss_mb"] for r in rows], "o-", color="tab:blue")
    right.set(xscale="log", xlabel="chunks in the index", ylabel="MB", title="peak RSS, newsqa")
    fig.tight_layout()
    path = bu.plot_path("bench_answer")
    fig.savefig(path, dpi=120)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--real", type=int, default=3000, help="texts embedded for real")
    parser.add_argument("--noise", type=float, default=0.015, help="noise sigma per dimension")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--omp-wait-policy", default="PASSIVE", help="'' = libgomp default")
    parser.add_argument(
        "--work", type=Path, help="keep the corpus and index here and reuse them on the next run"
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        bu.emit(serve(IndexSettings(data_dir=args.serve)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="newsqa-bench-answer-"))
    settings = IndexSettings(data_dir=work / "data")
    try:
        from index.embedder_factory import load_embedder

        paths = write_corpus(work / "articles", sizes[-1] // 4 + 50, args.seed)
        (work / "indexed").mkdir(parents=True, exist_ok=True)
        embedder = ApproxEmbedder(load_embedder(settings), args.real, args.noise)
        rows = []
        for size in sizes:
            load = bu.load_average()
            chunks, fill_s = grow(work / "indexed", paths, settings, embedder, size)
            print(f"[{chunks:,} chunks] synced in {fill_s:.0f} s; serving (load {load}) ...")
            policy = args.omp_wait_policy
            env = dict(os.environ, OMP_WAIT_POLICY=policy) if policy else None
            row = bu.run_worker([__file__, "--serve", str(settings.data_dir)], env=env)
            row.update(size=size, fill_s=fill_s, load_average=load, vectors=embedder.stats())
            rows.append(row)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    headers = ["chunks", "fill s", "kw index s", "ask p50", "ask p95", "search p50"]
    headers += ["search p95", "dated p50", "dated p95"]
    headers += ["naive p50", "naive p95", "peak RSS MB", "found", "load"]
    body = [
        [r["chunks"], r["fill_s"], r["keyword_build_s"], bu.pct(r["ask_ms"], 50)]
        + [bu.pct(r["ask_ms"], 95), bu.pct(r["search_ms"], 50), bu.pct(r["search_ms"], 95)]
        + [bu.pct(r["dated_ms"], 50), bu.pct(r["dated_ms"], 95)]
        + [bu.pct(r["naive_ms"], 50), bu.pct(r["naive_ms"], 95), r["peak_rss_mb"]]
        + [f"{r['found']}/{r['questions']}", r["load_average"]]
        for r in rows
    ]
    print("\nlatency in ms; ask = newsqa QAService.ask (extractive), search = its hybrid "
          "retrieval alone, dated = ask on the 20 questions that name a period, 'latest' or a "
          "relative day, naive = LangChain Chroma retriever k=6")  # fmt: skip
    print(bu.table(headers, body))
    vstats = rows[-1]["vectors"]
    note = (
        f"Texts real; embeddings real for the first {vstats['real_texts']:,} distinct texts "
        f"(sentences and titles, {vstats['real_texts_per_s']:.1f}/s), the other "
        f"{vstats['approx_texts']:,} = most similar real vector + N(0, {args.noise}^2) noise, "
        f"re-normalized (mean cosine to its base {vstats['approx_cosine_to_base_mean']:.3f}; "
        f"a real text's nearest real neighbour: "
        f"{vstats['real_nearest_neighbour_cosine_mean']:.3f}). Speed only, not quality."
    )
    print(f"\n{note}")
    data = {
        "benchmark": "bench_answer",
        "command": f"python benchmarks/bench_answer.py --sizes {args.sizes} --real {args.real} "
        f"--noise {args.noise} --seed {args.seed}",
        "machine": bu.machine(),
        "vectors": vstats,
        "omp_wait_policy": args.omp_wait_policy or "libgomp default",
        "sizes": rows,
        "notes": note,
    }
    print(f"\nplot: {plot(rows)}\nresults: {bu.save_results('bench_answer', data)}")


if __name__ == "__main__":
    main()
