"""Word-level tokenizer of the vision-language text encoder, saved as tokenizer.json.

The vocabulary is every word and punctuation mark the caption generator and the
default prompts use (:func:`qm_training.captions.vocabulary`), so it is small (a few
hundred entries) and closed; a word outside it maps to ``unk_id``. The file extends
the byte tokenizer of docs/model-bundle.md with ``type: "words"`` and a ``vocab`` list
(the id of a token is its index)::

    {"type": "words", "context_length": 24, "lowercase": true,
     "pad_id": 0, "bos_id": 1, "eos_id": 2, "unk_id": 3,
     "pattern": "[a-z0-9]+|[^\\\\sa-z0-9]", "vocab": ["<pad>", "<bos>", ...],
     "vocab_size": 300}

Ids of a text: ``bos_id``, the id of each token the pattern finds in the lower-cased
text, ``eos_id``; cut so that the row fits ``context_length`` (eos kept last), padded
with ``pad_id``. The bundle's ``bytes`` type is handled too (:func:`encode`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, List, Mapping, Sequence

import torch

PATTERN = r"[a-z0-9]+|[^\sa-z0-9]"
SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")
DEFAULT_CONTEXT = 24


def words(text: str, pattern: str = PATTERN) -> List[str]:
    """Returns the tokens of lower-cased ``text``: words, numbers, punctuation marks."""
    return re.findall(pattern, text.lower())


def build(texts: Iterable[str], context_length: int = DEFAULT_CONTEXT) -> dict:
    """Returns the tokenizer.json dict of a word vocabulary built from ``texts``."""
    if context_length < 3:
        raise ValueError("context_length must leave room for bos, a token and eos")
    vocab = list(SPECIALS)
    seen = set(vocab)
    for text in texts:
        for tok in words(text):
            if tok not in seen:
                seen.add(tok)
                vocab.append(tok)
    return {"type": "words", "context_length": int(context_length), "lowercase": True,
            "pad_id": 0, "bos_id": 1, "eos_id": 2, "unk_id": 3, "pattern": PATTERN,
            "vocab": vocab, "vocab_size": len(vocab)}


def caption_tokenizer(context_length: int = DEFAULT_CONTEXT) -> dict:
    """Returns the tokenizer of the caption generator's words and the prompts."""
    from .captions import vocabulary

    return build(vocabulary(), context_length)


def save(tokenizer: Mapping, path) -> Path:
    """Writes ``tokenizer`` as JSON to ``path`` and returns the path."""
    path = Path(path)
    path.write_text(json.dumps(dict(tokenizer), indent=1) + "\n", encoding="utf-8")
    return path


def load(path) -> dict:
    """Reads a tokenizer.json."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    if doc.get("type") not in ("words", "bytes"):
        raise ValueError(f"{path}: unknown tokenizer type {doc.get('type')!r}")
    return doc


def unknown_words(texts: Sequence[str], tokenizer: Mapping) -> List[str]:
    """Returns the words of ``texts`` a word tokenizer does not know (in order)."""
    known = set(tokenizer["vocab"])
    return [w for t in texts for w in words(t, tokenizer["pattern"]) if w not in known]


def encode(texts: Sequence[str], tokenizer: Mapping) -> torch.Tensor:
    """Returns ``[N, context_length]`` int64 ids of ``texts``."""
    kind = tokenizer.get("type")
    if kind == "bytes":
        from .bundle import tokenize

        return tokenize(texts, tokenizer)
    if kind != "words":
        raise ValueError(f"unknown tokenizer type {kind!r}")
    ctx = int(tokenizer["context_length"])
    index = {w: i for i, w in enumerate(tokenizer["vocab"])}
    unk, pad = int(tokenizer["unk_id"]), int(tokenizer["pad_id"])
    rows = []
    for text in texts:
        body = [index.get(w, unk) for w in words(text, tokenizer["pattern"])][: ctx - 2]
        ids = [int(tokenizer["bos_id"]), *body, int(tokenizer["eos_id"])]
        rows.append(ids + [pad] * (ctx - len(ids)))
    return torch.tensor(rows, dtype=torch.long)


def vocab_size(tokenizer: Mapping) -> int:
    """Returns the number of ids the text encoder's embedding must hold."""
    return int(tokenizer["vocab_size"])
