"""Exports the test bundles: small random-initialised networks, ``random_init: true``.

They exercise every part of the bundle format (both branches, text encoder, tokenizer,
prompts, ridge heads) with real TorchScript, so that the Java runtime can be tested
before the trained default exists. Their scores mean nothing.

    PYTHONPATH=training /usr/bin/python3 -m qm_training.make_test_bundle \
        --out stream-app/src/test/resources/bundles      # from the repository root
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn


from qm_training.bundle import (
    LowLevelBranch,
    RidgeHead,
    VisionLanguageBranch,
    byte_tokenizer,
    export_module,
    tokenize,
    write_bundle,
)
from qm_training.reference import ReferenceScorer

SEED = 20261123
LOW_DIM = 32
EMBED_DIM = 64
CONTEXT = 32
PROMPT_PAIRS = {
    "quality": ("a good photo.", "a bad photo."),
    "sharpness": ("a sharp photo.", "a blurry photo."),
    "noise": ("a clean photo.", "a noisy photo."),
    "compression": ("a clear photo.", "a photo with compression artifacts."),
    "exposure": ("a well exposed photo.", "a badly exposed photo."),
    "colourfulness": ("a colourful photo.", "a dull photo."),
}


def _conv_stack(widths):
    layers, cin = [], 3
    for i, cout in enumerate(widths):
        k, s = (5, 4) if i == 0 else (3, 2)
        layers += [nn.Conv2d(cin, cout, k, s, k // 2), nn.BatchNorm2d(cout), nn.ReLU()]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


class TinyLowLevel(nn.Module):
    """Three strided convolutions and a global average pool: ``[N,3,c,c] -> [N,32]``."""

    def __init__(self):
        super().__init__()
        self.body = _conv_stack([16, 32, LOW_DIM])

    def forward(self, x):
        return self.body(x)


class TinyImageEncoder(nn.Module):
    """A CLIP-style image tower in miniature: convolutions, pool, projection."""

    def __init__(self):
        super().__init__()
        self.body = _conv_stack([16, 32, 64])
        self.proj = nn.Linear(64, EMBED_DIM)

    def forward(self, x):
        return self.proj(self.body(x))


class TinyTextEncoder(nn.Module):
    """Token embeddings, masked mean over non-padding tokens, projection."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(259, 48, padding_idx=0)
        self.proj = nn.Linear(48, EMBED_DIM)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).float()
        pooled = (self.embed(ids) * mask).sum(1) / mask.sum(1).clamp_min(1.0)
        return self.proj(pooled)


def synthetic_images(n: int, rng: np.random.Generator) -> list:
    """Returns ``n`` RGB images: gradients, blocks and noise of varied sizes."""
    out = []
    for i in range(n):
        w, h = int(rng.integers(160, 640)), int(rng.integers(160, 640))
        yy, xx = np.mgrid[0:h, 0:w] / max(w, h)
        base = np.stack([np.sin(xx * rng.uniform(2, 20) + c) for c in range(3)], -1)
        base = 0.5 + 0.4 * base * rng.uniform(0.2, 1.0)
        base += rng.normal(0, rng.uniform(0, 0.2), base.shape)
        a = (np.clip(base, 0, 1) * 255).astype(np.uint8)
        out.append(Image.fromarray(a, "RGB"))
    return out


def prompts_for(text_module, tokenizer) -> dict:
    """Returns prompts.json content with embeddings from the text encoder."""
    entries = {}
    with torch.no_grad():
        for key, (pos, neg) in PROMPT_PAIRS.items():
            emb = text_module(tokenize([pos, neg], tokenizer))
            entries[key] = {"positive": pos, "negative": neg,
                            "positive_embedding": emb[0].tolist(),
                            "negative_embedding": emb[1].tolist()}
    quality = entries.pop("quality")
    return {"quality": quality, "attributes": entries}


def random_head(features, x: np.ndarray, rng: np.random.Generator) -> RidgeHead:
    """Returns a head of random weights, standardised on ``x``, spread ~15 around 50."""
    mean, std = x.mean(0), x.std(0)
    std[std < 1e-6] = 1.0
    w = rng.normal(0, 1, x.shape[1])
    spread = ((x - mean) / std @ w).std()
    w *= 15.0 / (spread if spread > 0 else 1.0)
    return RidgeHead(list(features), mean.tolist(), std.tolist(), w.tolist(), 50.0, 1.0)


def placeholder_head(features, width: int) -> RidgeHead:
    return RidgeHead(list(features), [0.0] * width, [1.0] * width, [0.0] * width, 50.0)


def export(out: Path, name: str, with_vl: bool) -> Path:
    """Writes bundle ``name`` under ``out``: low-level branch, plus VL when asked."""
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    crop = 224
    low = LowLevelBranch(export_module(TinyLowLevel(), torch.zeros(1, 3, crop, crop)),
                         {"crop_size": crop, "crops": 4, "scales": [1.0, 0.5]}, LOW_DIM)
    dims = {"lowlevel": low.features_per_image()}
    vl = None
    if with_vl:
        tok = byte_tokenizer(CONTEXT)
        text = export_module(TinyTextEncoder(), tokenize(["a photo."], tok))
        image = export_module(TinyImageEncoder(), torch.zeros(1, 3, 224, 224))
        prompts = prompts_for(text, tok)
        vl = VisionLanguageBranch(image, {"size": 224}, EMBED_DIM, prompts, 100.0, text,
                                  tok)
        dims["vision_language"] = EMBED_DIM
    head_sets = {b: [b] for b in dims}
    head_sets["combined"] = list(dims)
    meta = {
        "description": f"test fixture: random-initialised tiny networks ({name})",
        "random_init": True,
        "trained_on": {"images": "none", "distortions": "none", "epochs": 0,
                       "notes": "random weights from qm_training.make_test_bundle; "
                                "heads standardised on synthetic images"},
        "metrics": {},
    }
    args = dict(lowlevel=low, vision_language=vl, metadata=meta)
    widths = {k: sum(dims[b] for b in v) for k, v in head_sets.items()}
    heads = {k: placeholder_head(v, widths[k]) for k, v in head_sets.items()}
    path = write_bundle(out / name, name, "0.0.1-test", heads=heads, **args)
    feats = ReferenceScorer(path).features(synthetic_images(48, rng))
    heads = {}
    for key, branches in head_sets.items():
        x = torch.cat([feats[b] for b in branches], 1).double().numpy()
        heads[key] = random_head(branches, x, rng)
    return write_bundle(out / name, name, "0.0.1-test", heads=heads, **args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        default=Path("stream-app/src/test/resources/bundles"))
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    for name, with_vl in (("tiny-both", True), ("tiny-lowlevel", False)):
        path = export(args.out, name, with_vl)
        size = sum(p.stat().st_size for p in path.iterdir())
        print(f"wrote {path} ({size / 1e6:.2f} MB)")
    print(f"wrote {export_lit(args.out)}")
    return 0


def export_lit(out: Path) -> Path:
    """``tiny-lit``: tiny-both whose vision-language image side projects the low-level
    features (random weights); ``projection.json`` beside it holds the projection,
    unfolded, for the tests to recompute the embeddings."""
    import json
    import shutil

    from qm_training.bundle import _write_json
    from qm_training.vl_export import export_feature_projection

    src, dst = out / "tiny-both", out / "tiny-lit"
    doc = json.loads((src / "bundle.json").read_text(encoding="utf-8"))
    low = doc["branches"]["lowlevel"]
    dim_in = int(low["feature_dim"]) * len(low["input"]["scales"])
    dim = int(doc["branches"]["vision_language"]["embed_dim"])
    g = torch.Generator().manual_seed(7)
    w, b = torch.randn(dim, dim_in, generator=g), torch.randn(dim, generator=g) * 0.1
    mean, std = (
        torch.randn(dim_in, generator=g) * 0.01,
        torch.rand(dim_in, generator=g) + 0.5,
    )
    if dst.exists():
        shutil.rmtree(dst)
    export_feature_projection(src, w, b, mean, std, 50.0, dst, "0.0.1-test",
                              "random projection (qm_training.make_test_bundle)")
    doc = json.loads((dst / "bundle.json").read_text(encoding="utf-8"))
    doc["name"] = "tiny-lit"
    _write_json(dst / "bundle.json", doc)
    (dst.parent / "tiny-lit-projection.json").write_text(
        json.dumps(
            {
                "weight": w.tolist(),
                "bias": b.tolist(),
                "mean": mean.tolist(),
                "std": std.tolist(),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return dst


if __name__ == "__main__":
    sys.exit(main())
