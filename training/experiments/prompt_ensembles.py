"""Prompt ensembles for the blockiness pair, scored on saved image embeddings.

CLIP-style prompt ensembling (the mean embedding of several phrasings of a side) as a
way to let the spatial family's attribute read moved patches: the negative side of "a
smooth photo." / "a blocky photo." is replaced by the wordings the caption generator
uses for the blockiness types (:data:`qm_training.captions.WORDINGS`), or the trained
prompt is mixed with "patchy", "glitchy" or "misplaced patches" phrasings. Choose on the
proxy (``qm_training.eval_vl``'s saved embeddings of the apart encoder on photos it
never saw):

    cd training
    /usr/bin/python3 -m experiments.prompt_ensembles --bundle runs/feats/apart_bundle \\
        --embeddings runs/pool/apart.emb.npy   # from experiments.view_pooling's run
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from qm_training import tokenizer as T
from qm_training.captions import WORDINGS
from qm_training.eval_vl import rank_table, zero_shot


def _a(word: str) -> str:
    return f"an {word} photo." if word[0] in "aeiou" else f"a {word} photo."


def candidates() -> dict:
    """Name -> (positive texts, negative texts) for the blockiness pair."""
    words = [w for w in WORDINGS.values() if w.attribute == "blockiness"]
    adj = sorted({a for w in words for a in w.adjectives})
    nouns = sorted({n for w in words for n in w.nouns})
    out = {
        "trained pair": (["a smooth photo."], ["a blocky photo."]),
        "every blockiness adjective": (["a smooth photo."], [_a(a) for a in adj]),
        "adjectives and nouns": (
            ["a smooth photo."],
            [_a(a) for a in adj] + [f"a photo with {n}." for n in nouns],
        ),
        "patchy, glitchy": (
            ["a smooth photo."],
            ["a patchy photo.", "a glitchy photo."],
        ),
    }
    for extra in (
        "a patchy photo.",
        "a glitchy photo.",
        "a photo with misplaced patches.",
    ):
        for k in (1, 2, 4):
            out[f"blocky x{k} + {extra}"] = (
                ["a smooth photo."],
                ["a blocky photo."] * k + [extra],
            )
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument(
        "--embeddings",
        required=True,
        type=Path,
        help="OUT.emb.npy of qm_training.eval_vl",
    )
    args = parser.parse_args(argv)
    vl = json.loads((args.bundle / "bundle.json").read_text())["branches"][
        "vision_language"
    ]
    text = torch.jit.load(str(args.bundle / vl["text_file"]), map_location="cpu").eval()
    tok = T.load(args.bundle / vl["tokenizer"])
    prompts = json.loads((args.bundle / vl["prompts"]).read_text())
    scale = float(vl["logit_scale"])
    emb = np.load(args.embeddings).astype(np.float64)

    def mean_embedding(texts):
        with torch.no_grad():
            e = text(T.encode(texts, tok)).float().numpy().mean(0)
        return e / np.linalg.norm(e)

    for name, (pos, neg) in candidates().items():
        unknown = T.unknown_words(pos + neg, tok)
        if unknown:
            print(f"{name}: the tokenizer lacks {', '.join(unknown)}")
            continue
        pairs = dict(prompts["attributes"], quality=prompts["quality"])
        pairs["blockiness"] = {"positive_embedding": mean_embedding(pos),
                               "negative_embedding": mean_embedding(neg)}
        t = rank_table({k: zero_shot(emb, v, scale) for k, v in pairs.items()})
        fams = " ".join(
            f"{f} {r['attribute_srcc']['within']:.3f}"
            for f, r in t["families"].items()
            if r["attribute"] == "blockiness"
        )
        types = " ".join(
            f"{k[:8]} {r['attribute_srcc']['within']:.2f}"
            for k, r in t["types"].items()
            if r["attribute"] == "blockiness"
        )
        print(f"{name:42s} {fams} | {types}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
