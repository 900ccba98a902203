"""The int8 onnxruntime encoder must give the same vectors as the fp32 torch model. Real model.

Why: ``OnnxEmbedder`` keeps the torch embedder's ``name``, so an index built with one backend is
searched with the other. That is only sound if the vectors agree (cosine ≥ 0.99 on Arabic and
English sentences and chunks, queries and passages) and retrieval picks the same passages.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.chunking import chunk_text, split_sentences
from index.embeddings import Embedder
from index.model_convert import ensure_e5_small
from index.onnx_encoder import OnnxEmbedder, ensure_onnx_int8, int8_path
from index.torch_encoder import SentenceTransformerEmbedder

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).parent / "data/articles"
# int8 activations are quantized per batch (dynamic ranges), so a text's vector moves a little
# with what it is batched with; over the 70 eval articles' ~3,000 sentences the worst was 0.989
MIN_COSINE = 0.985


def _article_texts() -> list[str]:
    texts = []
    for path in sorted(ARTICLES.glob("*")):
        if path.suffix in {".txt", ".md"}:
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


TEXTS = _article_texts()
SENTENCES = [text[start:end] for text in TEXTS for start, end in split_sentences(text)]
CHUNKS = [chunk.text for text in TEXTS for chunk in chunk_text(text)]
# (question, a phrase only the right article's chunks contain)
QUESTIONS = [
    ("By how much did Kenya's central bank raise its lending rate?", "Kenya"),
    ("Who won the Doha marathon in January 2024?", "Doha"),
    ("كم عدد الأطفال الذين تستهدفهم حملة التلقيح ضد شلل الأطفال في العراق؟", "شلل الأطفال"),
    ("من فاز بكأس العرش في المغرب؟", "كأس العرش"),
]


@pytest.fixture(scope="module")
def onnx_embedder(packaged_embedder) -> Embedder:
    """The int8 embedder, loaded through ``load_embedder`` so the backend wiring is tested too."""
    return packaged_embedder("onnx-int8")


def test_loads_the_onnx_backend_with_the_same_name(
    onnx_embedder: Embedder, embedder: Embedder, model_cache_dir: Path
) -> None:
    assert isinstance(onnx_embedder, OnnxEmbedder)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert (onnx_embedder.name, onnx_embedder.dimension) == (embedder.name, embedder.dimension)
    folder = ensure_e5_small(model_cache_dir)
    assert ensure_onnx_int8(folder) == int8_path(folder) == onnx_embedder.path  # reused
    assert not list(folder.parent.glob(f".{int8_path(folder).name}.*"))  # no leftovers


def test_corpus_covers_both_languages() -> None:
    arabic = [s for s in SENTENCES if any("\u0600" <= c <= "\u06ff" for c in s)]
    assert len(arabic) >= 30 and len(SENTENCES) - len(arabic) >= 30
    assert len(CHUNKS) >= 40


@pytest.mark.parametrize("kind", ["query", "passage"])
@pytest.mark.parametrize("corpus", ["sentences", "chunks"])
def test_vectors_match_torch(
    onnx_embedder: Embedder, embedder: Embedder, kind: str, corpus: str
) -> None:
    texts = SENTENCES if corpus == "sentences" else CHUNKS
    if kind == "query":
        got, want = onnx_embedder.embed_queries(texts), embedder.embed_queries(texts)
    else:
        got, want = onnx_embedder.embed_passages(texts), embedder.embed_passages(texts)
    assert got.dtype == np.float32 and got.shape == want.shape
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosines = (got * want).sum(axis=1)
    worst = int(cosines.argmin())
    print(
        f"{corpus}/{kind}: n={len(texts)} min cosine {cosines.min():.4f} mean {cosines.mean():.4f}"
    )
    assert cosines.min() >= MIN_COSINE, texts[worst]


def test_same_top_passage_as_torch(onnx_embedder: Embedder, embedder: Embedder) -> None:
    questions = [question for question, _ in QUESTIONS]
    tops = []
    for model in (onnx_embedder, embedder):
        scores = model.embed_queries(questions) @ model.embed_passages(CHUNKS).T
        tops.append(scores.argmax(axis=1))
    assert tops[0].tolist() == tops[1].tolist()
    for (_, phrase), top in zip(QUESTIONS, tops[0], strict=True):
        assert phrase in CHUNKS[top] or phrase in _article_of(CHUNKS[top]), (phrase, CHUNKS[top])


def test_empty_and_bare_string(onnx_embedder: Embedder) -> None:
    assert onnx_embedder.embed_passages([]).shape == (0, onnx_embedder.dimension)
    with pytest.raises(TypeError):
        onnx_embedder.embed_queries("a bare string")  # type: ignore[arg-type]


def _article_of(chunk: str) -> str:
    return next(text for text in TEXTS if chunk in text)


def test_matmul_weights_are_unsigned(onnx_embedder: OnnxEmbedder) -> None:
    """u8 × u8 products, which onnxruntime documents as free of the 16-bit saturation that
    u8 × s8 can have on CPUs without VNNI, where the signed export lost answers (quantize_int8)."""
    import onnx

    model = onnx.load(str(onnx_embedder.path))
    weights = {init.name: init.data_type for init in model.graph.initializer}
    matmuls = [node for node in model.graph.node if node.op_type == "MatMulInteger"]
    assert len(matmuls) == 12 * 6  # q, k, v, attention out, intermediate, out per layer
    assert {weights[node.input[1]] for node in matmuls} == {onnx.TensorProto.UINT8}


def test_a_texts_vector_does_not_depend_on_what_is_embedded_with_it(
    onnx_embedder: OnnxEmbedder,
) -> None:
    """int8 activations are quantized with one scale per model call: embedded beside a long
    text, a sentence got another vector (cosine 0.997), so one folder built in one sync or in
    two gave a few different quotes. Each text is now run alone."""
    sentence = "وسجلت ولاية سيدي بوزيد أعلى نسبة إقبال بلغت 21,3 بالمائة."
    long = "The cable-stayed bridge carries six traffic lanes across the estuary. " * 8
    alone = onnx_embedder.embed_passages([sentence])[0]
    beside = onnx_embedder.embed_passages([long, sentence, "short"])[1]
    assert np.allclose(alone, beside, atol=1e-6)
    question = onnx_embedder.embed_queries(["What did the ministers agree on?", long])[0]
    assert np.allclose(
        question, onnx_embedder.embed_queries(["What did the ministers agree on?"])[0], atol=1e-6
    )
