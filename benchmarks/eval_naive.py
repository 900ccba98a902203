"""The textbook LangChain pipeline scored on newsqa's question set, with newsqa's scoring.

Why: `newsqa eval` says how newsqa does; on its own that number cannot say whether all of
newsqa's machinery (sentence chunks, keyword index, cross-language merge, the answer step,
abstention) beats what a user gets from the LangChain recipe in an afternoon. This script
runs that recipe on the same articles and questions and scores it with the same code
(`retrieval.evaluation.evaluate` / `score` / `EvalReport`), so the two tables can be shown
side by side. The recipe is the naive index of `bench_index.py` (`run_naive`):
RecursiveCharacterTextSplitter(1000, 200) -> HuggingFaceEmbeddings on the same converted
multilingual-e5-small folder (no e5 "query: "/"passage: " prefixes, as in `run_naive`:
the textbook code does not add them) -> langchain_chroma.Chroma in a temporary folder ->
`as_retriever(k=6)`.

How it is scored, and why that flatters the naive pipeline:

- each question's answer is the 6 retrieved chunks in order, each a `Source` whose path is
  the chunk's file name and whose quote is the whole chunk; ranks count distinct files;
- `found` is always True: the naive pipeline never abstains, so it scores 0% correct
  abstention on unanswerable questions and 100% on answerable ones;
- "evidence" (and "ans") then mean "one of the 6 retrieved chunks (~1000 characters each)
  holds the evidence string", not "the quote shown holds it". newsqa's quotes are a
  sentence or a few; a 1000-character chunk contains the evidence far more easily, and six
  of them more easily still. Read the naive evidence column as an upper bound.
- latency is the retriever call (query embedding + Chroma search); there is no answer step.

Files are read with newsqa's own loaders (`index.loaders.read_articles`: .txt kept verbatim);
by default only `*.txt` files, recursively, as the textbook DirectoryLoader glob would;
`--all-formats` also reads every other format newsqa indexes (.md, .html, .json, .jsonl, .pdf).

    python benchmarks/eval_naive.py ARTICLES_FOLDER [--questions tests/data/questions.jsonl]
        [--json OUT] [--all-formats]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index.documents import SkipFile
from index.loaders import MB, SUPPORTED_EXTENSIONS, read_articles
from index.model_convert import ensure_e5_small
from index.settings import IndexSettings
from retrieval.answer import Answer, Source
from retrieval.eval_format import format_report
from retrieval.evaluation import evaluate, load_questions

ROOT = Path(__file__).resolve().parent.parent
NOTE = (
    "naive pipeline: never abstains (found=True always); evid/ans = one of the 6 retrieved "
    "~1000-character chunks holds the string, which is generous next to newsqa's quotes."
)


def load_documents(folder: Path, extensions: frozenset[str], max_bytes: int) -> list[Any]:
    """One LangChain Document per article; metadata source = the file's name."""
    from langchain_core.documents import Document

    docs: list[Document] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix.lower() not in extensions:
            continue
        try:
            articles, _ = read_articles(path, folder, max_bytes)
        except SkipFile as exc:
            print(f"skipped {path}: {exc}", file=sys.stderr)
            continue
        docs += [Document(page_content=a.text, metadata={"source": path.name}) for a in articles]
    return docs


class NaiveAsker:
    """The `Asker` that `retrieval.evaluation.evaluate` needs, over a LangChain retriever."""

    def __init__(self, retriever: Any) -> None:
        self.retriever = retriever

    def warm(self) -> None:
        self.retriever.invoke("warm-up query")

    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer:
        chunks = self.retriever.invoke(question)
        sources = [
            Source(path=c.metadata["source"], title="", date=None, quote=c.page_content, score=0)
            for c in chunks
        ]
        return Answer("", True, sources)  # no answer step: the chunks are what the user gets


def run(folder: Path, questions_path: Path, all_formats: bool) -> dict[str, Any]:
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    settings = IndexSettings()  # NEWSQA_MODEL_CACHE_DIR etc., as for newsqa itself
    questions = load_questions(questions_path)
    started = time.perf_counter()
    embeddings = HuggingFaceEmbeddings(  # exactly as bench_index.run_naive
        model_name=str(ensure_e5_small(Path(settings.model_cache_dir))),
        encode_kwargs={"normalize_embeddings": True},
        model_kwargs={"device": "cpu"},
    )
    embeddings.embed_documents(["passage to warm the model up"])
    load_s = time.perf_counter() - started
    extensions = SUPPORTED_EXTENSIONS if all_formats else frozenset({".txt"})
    with tempfile.TemporaryDirectory(prefix="newsqa-eval-naive-") as tmp:
        started = time.perf_counter()
        docs = load_documents(folder, extensions, int(settings.max_file_mb * MB))
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = splitter.split_documents(docs)
        store = Chroma.from_documents(chunks, embeddings, persist_directory=tmp)
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        report = evaluate(NaiveAsker(store.as_retriever(search_kwargs={"k": 6})), questions)
        eval_s = time.perf_counter() - started
    missing = sorted(
        {q.source for q in questions if q.source}
        - {d.metadata["source"] for d in docs}  # expected files the pipeline never read
    )
    run_info = {
        "pipeline": "naive LangChain: RecursiveCharacterTextSplitter(1000, 200) + "
        "HuggingFaceEmbeddings (multilingual-e5-small, fp32 torch, no e5 prefixes) + "
        "Chroma, as_retriever(k=6)",
        "articles_folder": str(folder),
        "questions_file": str(questions_path),
        "extensions": sorted(extensions),
        "articles": len(docs),
        "chunks": len(chunks),
        "expected_sources_not_read": missing,
        "model_load_s": round(load_s, 1),
        "index_s": round(index_s, 1),
        "eval_s": round(eval_s, 1),
        "note": NOTE,
    }
    return {"report": report, "run": run_info}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="folder of articles (read recursively)")
    parser.add_argument(
        "--questions", type=Path, default=ROOT / "tests" / "data" / "questions.jsonl"
    )
    parser.add_argument("--json", type=Path, help="also write the full report here")
    parser.add_argument(
        "--all-formats", action="store_true", help="read every format newsqa reads, not only .txt"
    )
    args = parser.parse_args()
    result = run(args.articles, args.questions, args.all_formats)
    report, info = result["report"], result["run"]
    print(format_report(report))
    print(NOTE)
    print(
        f"{info['articles']} articles ({', '.join(info['extensions'])}), {info['chunks']} "
        f"chunks; model load {info['model_load_s']} s, index {info['index_s']} s, "
        f"{len(report.results)} questions {info['eval_s']} s"
    )
    if info["expected_sources_not_read"]:
        shown = ", ".join(info["expected_sources_not_read"])
        print(f"expected files not read (scored as misses): {shown}")
    if args.json:
        data = {"run": info, **report.to_dict()}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"results: {args.json}")


if __name__ == "__main__":
    main()
