"""Tiny but real Argos packages (en→ko, en→ru) built offline for tests.

Each package holds a SentencePiece model trained on a few KB of English and target-language
text, and a CTranslate2 Transformer whose weights are set by hand so that it copies the source:
for every source piece it emits one target piece (a Cyrillic or Hangul piece, or the same
punctuation/digit piece), then stops when it reaches the source's end-of-sentence token.

How the hand-set weights work (one head, d_model = 2·K, every vector written as [u, −u] so
its mean is zero and LayerNorm only rescales it):
- encoder input = a random code of the target piece the source piece maps to + position
  code; the encoder layer adds nothing (zero output projections), so its output keeps both;
- decoder input = position code only (target embeddings are zero);
- the single cross-attention head scores Σ cos(θᵢ·(t − s)) between decoder step t and source
  position s, scaled so softmax picks s = t; its value is the code, written into the
  decoder's residual stream and read out by the output projection as logits;
- the source end-of-sentence token (added by the model config) maps to the target `</s>`, so
  decoding stops after the last source piece; `<unk>` and `<s>` get a large negative bias.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"

LANGS = {"ko": "Korean", "ru": "Russian"}
PACKAGE_VERSION = "0.1"
MAX_POSITIONS = 512
CODE_DIM = 128  # width of the random code that identifies a target piece
FREQUENCIES = 10  # position code: cos/sin pairs with periods 4, 8, ..., 2048
SPECIALS = ["<unk>", "<s>", "</s>"]

_RU = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [
            "а",
            "б",
            "к",
            "д",
            "е",
            "ф",
            "г",
            "х",
            "и",
            "дж",
            "к",
            "л",
            "м",
            "н",
            "о",
            "п",
            "к",
            "р",
            "с",
            "т",
            "у",
            "в",
            "в",
            "кс",
            "й",
            "з",
        ],
        strict=True,
    )
)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "ru"
    if name.startswith("HANGUL"):
        return "ko"
    if ch.isalpha():
        return "other"
    return ""


def _letters(piece: str) -> set[str]:
    return {s for s in map(_script, piece) if s}


def train_sentencepiece(lang: str) -> bytes:
    """Train a small unigram SentencePiece model on the sample article and the target corpus."""
    import sentencepiece as spm

    text = (
        SAMPLE.read_text(encoding="utf-8")
        + "\n"
        + (DATA / f"corpus.{lang}.txt").read_text(encoding="utf-8")
    )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=1200,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )
    return model.getvalue()


class _Chooser:
    """Pick the target piece a Latin source piece is copied to (deterministic)."""

    def __init__(self, lang: str, candidates: list[str]) -> None:
        self.lang = lang
        self.candidates = candidates
        # Every prefix of every (lower-cased) candidate body, for the closest-spelling lookup.
        self.by_prefix: dict[str, list[str]] = {}
        for c in candidates:
            body = c.removeprefix("▁").lower()
            for n in range(1, len(body) + 1):
                self.by_prefix.setdefault(body[:n], []).append(c)

    def __call__(self, piece: str) -> str:
        core = piece.removeprefix("▁")
        if self.lang != "ru":
            return self.candidates[zlib.crc32(core.encode()) % len(self.candidates)]
        want = "".join(_RU.get(c, c) for c in core.lower())
        for n in range(len(want), 0, -1):
            found = self.by_prefix.get(want[:n])
            if found:
                break
        else:
            found = self.candidates
        upper = core[:1].isupper()
        return min(
            found,
            key=lambda c: (abs(len(c) - len(want)), c.removeprefix("▁")[:1].isupper() != upper, c),
        )


def piece_mapping(pieces: list[str], lang: str) -> tuple[list[str], dict[str, str]]:
    """Return the target vocabulary and the source piece → target piece map."""
    target = [
        p
        for p in pieces
        if p not in SPECIALS
        and (_letters(p) == {lang} or (not _letters(p) and p.strip("▁")) or p == "▁")
    ]
    bound = sorted(p for p in target if _letters(p) and p.startswith("▁"))
    inner = sorted(p for p in target if _letters(p) and not p.startswith("▁"))
    mapping = {"<unk>": "▁", "<s>": "▁", "</s>": "</s>"}
    choose_bound, choose_inner = _Chooser(lang, bound), _Chooser(lang, inner)
    for p in pieces:
        if p in mapping:
            continue
        if p in target:
            mapping[p] = p
        else:
            mapping[p] = (choose_bound if p.startswith("▁") else choose_inner)(p)
    return SPECIALS + target, mapping


def _position_codes(n: int) -> np.ndarray:
    theta = (np.pi / 2) / (2.0 ** np.arange(FREQUENCIES))
    angles = np.arange(n)[:, None] * theta[None, :]
    return np.concatenate([np.cos(angles), np.sin(angles)], axis=1)  # (n, 2F), each row norm √F


def build_model(
    source_vocab: list[str],
    target_vocab: list[str],
    mapping: dict[str, str],
    out_dir: Path,
    fault: str = "",
    shift: int = 0,
) -> None:
    """Write a CTranslate2 Transformer that copies source pieces through `mapping`.

    `fault` breaks the model on purpose, for the degenerate-output guard: "loop" makes every
    piece prefer one fixed piece over its own (plain decoding repeats that piece; a repetition
    penalty restores the copy); "never" cannot emit `</s>`, so every decoding runs to the
    length limit. `shift` delays the copy by that many decoder steps (for a target prefix).
    """
    from ctranslate2.specs import transformer_spec

    vt = len(target_vocab)
    tindex = {p: i for i, p in enumerate(target_vocab)}
    # Each target piece gets a random ±1/√r code: codes of different pieces are nearly
    # orthogonal, so reading a copied code back out gives the right piece by a wide margin,
    # with far fewer dimensions (and far less compute) than a one-hot over the vocabulary.
    rng = np.random.default_rng(1234)
    codes = rng.choice([-1.0, 1.0], size=(vt, CODE_DIM)) / np.sqrt(CODE_DIM)
    k = CODE_DIM + 2 * FREQUENCIES  # half width: token code, then position code
    d = 2 * k
    sqrt_d = np.sqrt(d)
    tok, pos = slice(0, CODE_DIM), slice(CODE_DIM, k)
    a, b = 4.0, 1.0  # token and position magnitudes (a position code has norm b·√F)

    def paired(u: np.ndarray) -> np.ndarray:
        return np.concatenate([u, -u], axis=-1).astype(np.float32)

    def norm(layer_norm) -> None:  # type: ignore[no-untyped-def]
        layer_norm.gamma, layer_norm.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    def linear(spec, weight: np.ndarray) -> None:  # type: ignore[no-untyped-def]
        spec.weight = weight.astype(np.float32)
        spec.bias = np.zeros(weight.shape[0], np.float32)

    def silent(layer) -> None:  # type: ignore[no-untyped-def]
        """Make a layer add nothing to the residual stream."""
        norm(layer.self_attention.layer_norm)
        norm(layer.ffn.layer_norm)
        linear(layer.self_attention.linear[0], np.zeros((3 * d, d)))
        linear(layer.self_attention.linear[1], np.zeros((d, d)))
        linear(layer.ffn.linear_0, np.zeros((4, d)))
        linear(layer.ffn.linear_1, np.zeros((d, 4)))

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    spec.config.add_source_eos = True
    positions = np.zeros((MAX_POSITIONS, k))
    positions[:, pos] = b * _position_codes(MAX_POSITIONS)

    # Encoder: embedding = code of the mapped target piece (CT2 multiplies embeddings by √d);
    # position encodings = position code; the layer is silent.
    enc = spec.encoder
    emb = np.zeros((len(source_vocab), k))
    for i, piece in enumerate(source_vocab):
        emb[i, tok] = a * codes[tindex[mapping[piece]]]
    stuck = codes[len(SPECIALS) + 1]  # an ordinary target piece
    if fault == "loop":
        for i, piece in enumerate(source_vocab):
            if piece not in SPECIALS:
                mixed = stuck + 0.85 * codes[tindex[mapping[piece]]]
                emb[i, tok] = a * mixed / np.linalg.norm(mixed)
    elif fault == "never":
        emb[source_vocab.index("</s>"), tok] = a * stuck
    enc.embeddings[0].weight = paired(emb) / sqrt_d
    enc.position_encodings.encodings = paired(positions)
    norm(enc.layer_norm)
    silent(enc.layer[0])

    # Decoder: no token information, position code only; one cross-attention head.
    dec = spec.decoder
    dec.embeddings.weight = np.zeros((vt, d), np.float32)
    dec.position_encodings.encodings = paired(np.roll(positions, shift, axis=0))
    norm(dec.layer_norm)
    layer = dec.layer[0]
    silent(layer)
    att = layer.attention
    norm(att.layer_norm)
    # LayerNorm divides a [u, −u] vector by its standard deviation ‖u‖/√k.
    enc_scale = np.sqrt(k / (a * a + b * b * FREQUENCIES))
    dec_scale = np.sqrt(k / (b * b * FREQUENCIES))
    sharp = 40.0  # score gap between source position t and any other, at decoder step t
    q = np.zeros((d, d))
    kv = np.zeros((2 * d, d))
    for j in range(CODE_DIM, k):
        q[j, j] = np.sqrt(sharp * sqrt_d) / (dec_scale * b)
        kv[j, j] = np.sqrt(sharp * sqrt_d) / (enc_scale * b)
    for j in range(CODE_DIM):
        kv[d + j, j] = 1.0 / (enc_scale * a)  # value: the token code at unit scale
    out = np.zeros((d, d))
    for j in range(CODE_DIM):
        out[j, j], out[k + j, j] = a, -a  # written back as a [u, −u] pair
    linear(att.linear[0], q)
    linear(att.linear[1], kv)
    linear(att.linear[2], out)
    # The residual now holds the copied code (norm a) and the position code: same LayerNorm
    # scale as the encoder's; logits = 20 · (code of piece · copied code).
    proj = np.zeros((vt, d))
    proj[:, tok] = 20.0 * codes / (enc_scale * a)
    dec.projection.weight = proj.astype(np.float32)
    bias = np.zeros(vt, np.float32)
    bias[tindex["<unk>"]] = bias[tindex["<s>"]] = -1e4
    if fault == "never":
        bias[tindex["</s>"]] = -1e4
    dec.projection.bias = bias

    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(target_vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    spec.save(str(out_dir))


def build_package(
    lang: str,
    dest: Path,
    *,
    version: str = PACKAGE_VERSION,
    fault: str = "",
    target_prefix: str = "",
) -> Path:
    """Build `translate-en_<lang>` as an .argosmodel file in `dest` and return its path.

    `fault` makes deliberately broken models for the degenerate-output guard (build_model);
    `target_prefix` adds a language token the model expects first and the engine must strip.
    """
    import sentencepiece as spm

    sp_bytes = train_sentencepiece(lang)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    source_vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    target_vocab, mapping = piece_mapping(source_vocab, lang)
    name = "-".join(x for x in (f"translate-en_{lang}-tiny", fault, target_prefix.strip("_")) if x)
    work = dest / f"{name}.build"
    model_dir = work / "model"
    model_dir.mkdir(parents=True, exist_ok=True)
    if target_prefix:
        target_vocab = [*target_vocab, target_prefix]
    build_model(
        source_vocab, target_vocab, mapping, model_dir, fault, shift=int(bool(target_prefix))
    )
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "type": "translate",
        "from_code": "en",
        "from_name": "English",
        "to_code": lang,
        "to_name": LANGS[lang],
        "code": f"translate-en_{lang}",
        "links": [],
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    path = dest / f"{name}.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        # Argos wants one top-level folder: a flat zip installs, then breaks every listing.
        zf.writestr(f"{name}/metadata.json", json.dumps(metadata, ensure_ascii=False))
        zf.writestr(f"{name}/sentencepiece.model", sp_bytes)
        zf.writestr(f"{name}/README.md", f"Tiny test package en→{lang}: copies pieces.\n")
        for f in sorted(model_dir.iterdir()):
            zf.write(f, f"{name}/model/{f.name}")
    return path


def learn_bpe(words: dict[str, int], merges: int) -> list[tuple[str, str]]:
    """Learn subword-nmt style BPE merges (format 0.2: '</w>' ends a word) from word counts."""
    vocab = {(*w[:-1], w[-1] + "</w>"): c for w, c in words.items() if w}
    learned: list[tuple[str, str]] = []
    for _ in range(merges):
        pairs: dict[tuple[str, str], int] = {}
        for symbols, count in vocab.items():
            for pair in itertools.pairwise(symbols):
                pairs[pair] = pairs.get(pair, 0) + count
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], p))  # ties broken by the pair: deterministic
        learned.append(best)
        merged_vocab: dict[tuple[str, str], int] = {}
        for symbols, count in vocab.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            key = tuple(out)
            merged_vocab[key] = merged_vocab.get(key, 0) + count
        vocab = merged_vocab
    return learned


def build_bpe_package(lang: str, dest: Path, *, merges: int = 400) -> Path:
    """Build a tiny `translate-en_<lang>` package with a BPE tokenizer (`bpe.model`).

    Older Argos packages tokenize with Moses and subword-nmt BPE instead of SentencePiece.
    The model copies its source pieces unchanged, so a sentence comes back as its English,
    through Moses tokenization, BPE segmentation, '@@' joining and Moses detokenization.
    """
    from argostranslate.tokenizer import BPETokenizer
    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    lines = [
        line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    normalizer, tokenizer = MosesPunctNormalizer("en"), MosesTokenizer("en")
    counts: dict[str, int] = {}
    for line in lines:
        for word in tokenizer.tokenize(normalizer.normalize(line)):
            counts[word] = counts.get(word, 0) + 1
    name = f"translate-en_{lang}-tiny-bpe"
    work = dest / f"{name}.build"
    (work / "model").mkdir(parents=True, exist_ok=True)
    codes = work / "bpe.model"
    codes.write_text(
        "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in learn_bpe(counts, merges)),
        encoding="utf-8",
    )
    bpe = BPETokenizer(codes, "en", lang)
    pieces = sorted({piece for line in lines for piece in bpe.encode(line)})
    vocab = SPECIALS + pieces
    mapping = {p: p for p in vocab} | {"<unk>": pieces[0], "<s>": pieces[0]}
    build_model(vocab, vocab, mapping, work / "model")
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.9",
        "type": "translate",
        "from_code": "en",
        "from_name": "English",
        "to_code": lang,
        "to_name": LANGS[lang],
        "code": f"translate-en_{lang}",
        "links": [],
    }
    path = dest / f"{name}.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{name}/metadata.json", json.dumps(metadata, ensure_ascii=False))
        zf.write(codes, f"{name}/bpe.model")
        for f in sorted((work / "model").iterdir()):
            zf.write(f, f"{name}/model/{f.name}")
    return path


ARGOS_ENV = (
    "ARGOS_PACKAGES_DIR",
    "ARGOS_PACKAGE_INDEX",
    "ARGOS_DEVICE_TYPE",
    "ARGOS_DEBUG",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
)


def point_argos_at(root: Path) -> dict[str, str | None]:
    """Send every Argos directory into `root` (before or after argostranslate was imported).

    Returns the previous environment values so they can be restored.
    """
    saved = {k: os.environ.get(k) for k in ARGOS_ENV}
    packages = root / "packages"
    env = {
        "ARGOS_PACKAGES_DIR": str(packages),
        # An address nothing listens on: an accidental index fetch fails at once.
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
        "ARGOS_DEVICE_TYPE": "cpu",
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
    }
    os.environ.update(env)
    for sub in (
        "packages",
        "data/argos-translate",
        "config/argos-translate",
        "cache/argos-translate/downloads",
    ):
        (root / sub).mkdir(parents=True, exist_ok=True)
    settings = sys.modules.get("argostranslate.settings")
    if settings is not None:  # imported earlier in this process: re-point its module globals
        settings.data_dir = root / "data" / "argos-translate"
        settings.config_dir = root / "config" / "argos-translate"
        settings.settings_file = settings.config_dir / "settings.json"
        settings.cache_dir = root / "cache" / "argos-translate"
        settings.downloads_dir = settings.cache_dir / "downloads"
        settings.package_data_dir = packages
        settings.package_dirs = [packages]
        settings.package_index = env["ARGOS_PACKAGE_INDEX"]
        settings.remote_package_index = settings.package_index + "index.json"
        settings.local_package_index = settings.data_dir / "index.json"
    return saved


def restore_env(saved: dict[str, str | None]) -> None:
    """Put back the environment saved by point_argos_at."""
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def install_tiny_packages(root: Path, langs: tuple[str, ...] = ("ko", "ru")) -> Path:
    """Build the tiny packages and install them with Argos into `root`/packages."""
    point_argos_at(root)
    from argostranslate import package

    built = root / "built"
    built.mkdir(exist_ok=True)
    for lang in langs:
        package.install_from_path(build_package(lang, built))
    return root / "packages"


@pytest.fixture(scope="session")
def tiny_argos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Install tiny en→ko and en→ru packages into a temporary ARGOS_PACKAGES_DIR; yield it."""
    root = tmp_path_factory.mktemp("argos")
    saved = {k: os.environ.get(k) for k in ARGOS_ENV}
    try:
        yield install_tiny_packages(root)
    finally:
        restore_env(saved)
