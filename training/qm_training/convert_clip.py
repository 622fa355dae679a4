"""Converts OpenAI CLIP / open_clip weights into a bundle's vision-language branch.

What a user must provide (nothing is downloaded here):

- the weights: an OpenAI archive (``RN50.pt``, ``ViT-B-32.pt``..., TorchScript files
  from github.com/openai/CLIP) or an open_clip checkpoint of an OpenAI-layout model
  (``visual.*``, ``transformer.resblocks.*``, ``token_embedding``, ``ln_final``,
  ``text_projection``); open_clip models without ``-quickgelu`` in their name use
  plain GELU: pass ``--gelu``;
- CLIP's BPE vocabulary ``bpe_simple_vocab_16e6.txt.gz`` (in the CLIP and open_clip
  repositories); its merges are copied into tokenizer.json (type ``clip_bpe``) so the
  bundle stays self-contained.

The image tower is exported at the checkpoint's own resolution (bundle ``input.size``,
CLIP's mean/std), the text tower takes ``[N, 77]`` ids, and the default prompts
(:data:`qm_training.captions.DEFAULT_PROMPTS`) are embedded. The regressor head is the
zero-shot quality pair linearised (see :func:`zero_shot_head`) until a ridge head is
fitted on labelled data.

    cd training && /usr/bin/python3 -m qm_training.convert_clip --weights RN50.pt \\
        --bpe bpe_simple_vocab_16e6.txt.gz --out runs/clip-rn50
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import re
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Sequence

import torch

from .archs.openai_clip_arch import build_from_state_dict
from .vl_export import export_branch, write_vl_bundle

SOT, EOT = "<|startoftext|>", "<|endoftext|>"
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

try:  # CLIP's own pattern needs the `regex` module for \p{L}; `re` approximates it
    import regex as _re

    _PATTERN = _re.compile(
        r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|"""
        r"""[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", _re.IGNORECASE)
except ImportError:  # pragma: no cover - depends on the machine
    _PATTERN = re.compile(
        r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|"""
        r"""[^\W\d_]+|\d|(?:[^\s\w]|_)+""", re.IGNORECASE)


def load_state_dict(path) -> Dict[str, torch.Tensor]:
    """Reads CLIP weights: an OpenAI TorchScript archive or a torch.save'd dict."""
    path = str(path)
    try:
        return dict(torch.jit.load(path, map_location="cpu").state_dict())
    except RuntimeError:
        obj = torch.load(path, map_location="cpu")
    if isinstance(obj, Mapping) and "state_dict" in obj:
        obj = obj["state_dict"]
    if not isinstance(obj, Mapping) or "token_embedding.weight" not in {
            k.removeprefix("module.") for k in obj}:
        raise ValueError(f"{path}: not a CLIP state_dict (no token_embedding.weight)")
    return {k.removeprefix("module."): v for k, v in obj.items()}


@functools.lru_cache()
def bytes_to_unicode() -> Dict[int, str]:
    """CLIP's reversible map of bytes to printable unicode characters."""
    bs = (list(range(ord("!"), ord("~") + 1))
          + list(range(ord("\xa1"), ord("\xac") + 1))
          + list(range(ord("\xae"), ord("\xff") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def read_merges(bpe_path) -> List[str]:
    """Returns the merges of CLIP's BPE file (header dropped, as CLIP slices it)."""
    lines = gzip.open(bpe_path).read().decode("utf-8").split("\n")
    return [m for m in lines[1:49152 - 256 - 2 + 1] if m.strip()]


def clip_tokenizer_json(merges: Sequence[str], context_length: int = 77) -> dict:
    """Returns tokenizer.json of type ``clip_bpe``.

    Vocabulary (ids in order): the 256 byte characters of :func:`bytes_to_unicode`,
    the same with ``</w>``, one entry per merge (its two parts joined), then
    ``<|startoftext|>`` and ``<|endoftext|>``. Rows are sot, BPE ids, eot, zero padding.
    """
    size = 512 + len(merges) + 2
    return {"type": "clip_bpe", "context_length": int(context_length),
            "lowercase": True, "pad_id": 0, "sot_id": size - 2, "eot_id": size - 1,
            "vocab_size": size, "merges": list(merges)}


class ClipBpe:
    """CLIP's simple tokenizer (BPE over bytes) from a ``clip_bpe`` tokenizer.json."""

    def __init__(self, tokenizer: Mapping):
        merges = [tuple(m.split()) for m in tokenizer["merges"]]
        byte_chars = list(bytes_to_unicode().values())
        vocab = byte_chars + [c + "</w>" for c in byte_chars]
        vocab += ["".join(m) for m in merges] + [SOT, EOT]
        self.encoder = {v: i for i, v in enumerate(vocab)}
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.context_length = int(tokenizer["context_length"])
        self.byte_encoder = bytes_to_unicode()

    @functools.lru_cache(maxsize=4096)
    def bpe(self, token: str) -> tuple:
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    merged.append(word[i] + word[i + 1])
                    i += 2
                else:
                    merged.append(word[i])
                    i += 1
            word = tuple(merged)
        return word

    def ids(self, text: str) -> List[int]:
        text = re.sub(r"\s+", " ", html.unescape(html.unescape(text))).strip().lower()
        out = []
        for token in _PATTERN.findall(text):
            chars = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            out.extend(self.encoder[t] for t in self.bpe(chars))
        return out

    def __call__(self, texts: Sequence[str]) -> torch.Tensor:
        """Returns ``[N, context_length]`` ids: sot, text, eot (kept), zeros."""
        ctx = self.context_length
        rows = []
        for text in texts:
            ids = [self.encoder[SOT], *self.ids(text)][: ctx - 1] + [self.encoder[EOT]]
            rows.append(ids + [0] * (ctx - len(ids)))
        return torch.tensor(rows, dtype=torch.long)


def convert(state_dict: Mapping[str, torch.Tensor], merges: Sequence[str], out_dir,
            quick_gelu: bool = True, name: str = "clip", version: str = "1"):
    """Writes a bundle with the converted CLIP as its vision-language branch.

    Returns ``(bundle path, source model, image TorchScript, text TorchScript)``.
    """
    model = build_from_state_dict(dict(state_dict), quick_gelu=quick_gelu)
    tokenizer = clip_tokenizer_json(merges, model.context_length)
    if tokenizer["vocab_size"] != model.vocab_size:
        raise ValueError(f"BPE file gives {tokenizer['vocab_size']} tokens, the "
                         f"weights {model.vocab_size}: they do not belong together")
    branch = export_branch(model, tokenizer, ClipBpe(tokenizer), model.image_resolution,
                           mean=CLIP_MEAN, std=CLIP_STD)
    meta = {"description": f"vision-language branch converted from CLIP ({name})",
            "trained_on": {"images": "OpenAI CLIP pre-training (third-party weights)",
                           "notes": "converted by qm_training/convert_clip.py"}}
    path = write_vl_bundle(out_dir, name, version, branch, metadata=meta)
    return path, model, branch.image_module, branch.text_module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", required=True, type=Path)
    parser.add_argument("--bpe", required=True, type=Path,
                        help="bpe_simple_vocab_16e6.txt.gz from the CLIP repository")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--gelu", action="store_true",
                        help="plain GELU (open_clip models without -quickgelu)")
    parser.add_argument("--name", default="clip")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    for p in (args.weights, args.bpe):
        if not p.is_file():
            print(f"error: file not found: {p}", file=sys.stderr)
            return 2
    path, *_ = convert(load_state_dict(args.weights), read_merges(args.bpe), args.out,
                       quick_gelu=not args.gelu, name=args.name)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
