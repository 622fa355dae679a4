"""Python reference of the bundle's preprocessing and scoring (docs/model-bundle.md).

The Java runtime is the production path; this module mirrors it so that training,
the test-bundle export and the throughput benchmark compute the same features.
Resizing is Pillow's bilinear filter, which Java's ``image.Resizer`` reproduces bit for
bit, so Java and Python see the same pixels.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch
from PIL import Image


MAX_GRID = 8


def check_crops(crops: int) -> None:
    """Raises ValueError unless ``crops`` is 5 or a square ``n * n`` with n in 1..MAX_GRID."""
    n = math.isqrt(crops) if isinstance(crops, int) and crops > 0 else 0
    if crops != 5 and not (1 <= n <= MAX_GRID and n * n == crops):
        raise ValueError(f"crops must be 5 or a square number n * n (n = 1..{MAX_GRID}), "
                         f"got {crops}")


def crop_origins(width: int, height: int, crop: int, crops: int) -> list:
    """Returns the (x, y) top-left corners of the crops, clamped inside the image.

    ``crops`` = n * n: the centres of an n x n grid of equal cells (1: the centre; 4: the
    quadrant centres); 5: the quadrant centres and the centre.
    """
    check_crops(crops)
    n = 2 if crops == 5 else math.isqrt(crops)
    # width * fraction, in this order, as Java's CropGrid (the same double rounding)
    centres = [(width * ((i + 0.5) / n), height * ((j + 0.5) / n))
               for j in range(n) for i in range(n)]
    if crops == 5:
        centres.append((width / 2, height / 2))
    out = []
    for cx, cy in centres:
        x = math.floor(cx - crop / 2)
        y = math.floor(cy - crop / 2)
        out.append((min(max(x, 0), width - crop), min(max(y, 0), height - crop)))
    return out


def _to_tensor(img: Image.Image, mean, std) -> torch.Tensor:
    a = np.asarray(img, dtype=np.float32) / 255.0
    a = (a - np.asarray(mean, dtype=np.float32)) / np.asarray(std, dtype=np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


def _round(v: float) -> int:
    """Rounds half up, as Java's Math.round (Python's round is half-even)."""
    return math.floor(v + 0.5)


def resize(img: Image.Image, width: int, height: int) -> Image.Image:
    """Returns ``img`` resized by Pillow's bilinear filter, as Java's ``Resizer``."""
    if img.size == (width, height):
        return img
    return img.resize((width, height), Image.BILINEAR)


def scaled_image(img: Image.Image, scale: float, crop: int) -> Image.Image:
    """Returns ``img`` resized by ``scale``, upscaled so that both sides reach ``crop``."""
    w, h = img.size
    if scale != 1.0:
        w, h = max(1, _round(w * scale)), max(1, _round(h * scale))
    if min(w, h) < crop:
        f = crop / min(w, h)
        w, h = max(crop, _round(w * f)), max(crop, _round(h * f))
    return img if (w, h) == img.size else resize(img, w, h)


def working_image(img: Image.Image, inp: dict) -> Image.Image:
    """Returns ``img`` resized so that its longer side is at most ``inp["max_side"]`` (no
    change without that key, or when the image is smaller), as Java's ``MultiScaleCrops``:
    the scales then apply to the same working size whatever resolution the upload has."""
    limit = int(inp.get("max_side") or 0)
    w, h = img.size
    if limit <= 0 or max(w, h) <= limit:
        return img
    f = limit / max(w, h)
    return resize(img, max(1, _round(w * f)), max(1, _round(h * f)))


def lowlevel_crops(img: Image.Image, inp: dict) -> list:
    """Returns, per scale, a ``[crops,3,c,c]`` tensor of normalised crops of the working
    image (:func:`working_image`)."""
    crop = int(inp["crop_size"])
    img = working_image(img, inp)
    out = []
    for scale in inp["scales"]:
        scaled = scaled_image(img, float(scale), crop)
        origins = crop_origins(*scaled.size, crop, int(inp["crops"]))
        tiles = [_to_tensor(scaled.crop((x, y, x + crop, y + crop)), inp["mean"],
                            inp["std"]) for x, y in origins]
        out.append(torch.stack(tiles))
    return out


def vl_views(img: Image.Image, inp: dict) -> torch.Tensor:
    """Returns the ``[views,3,s,s]`` input of the vision-language branch.

    With ``crops`` in ``inp``: the crops of every scale as the low-level branch lays them out
    (:func:`lowlevel_crops`, side ``crop_size``); else one centre crop (:func:`vl_input`).
    """
    if "crops" in inp:
        return torch.cat(lowlevel_crops(img, inp))
    return vl_input(img, inp)[None]


@torch.no_grad()
def vl_embeddings(module, views, chunk: int | None = None, pool: bool = True) -> torch.Tensor:
    """Returns ``[N, embed_dim]`` image embeddings from ``N`` tensors of :func:`vl_views`
    (``[N, views, embed_dim]``, each view's embedding, with ``pool=False``; the images must
    then have as many views each).

    Each view's embedding is L2-normalised; an image's are averaged and L2-normalised again,
    as the Java runtime's ``VisionLanguageTranslator``. ``chunk`` views go through the
    module at a time (all at once when None); on a 2-core CPU the shipped tower reads 12
    views at a time about 5x faster per view than 24 or more
    (docs/benchmarks/model-passes.md).
    """
    per = [v.shape[0] for v in views]
    x = torch.cat(list(views))
    step = chunk or len(x)
    e = _l2(torch.cat([module(x[i:i + step]) for i in range(0, len(x), step)]))
    if not pool:
        return torch.stack(torch.split(e, per))
    return _l2(torch.stack([c.mean(0) for c in torch.split(e, per)]))


def vl_input(img: Image.Image, inp: dict) -> torch.Tensor:
    """Returns the ``[3,size,size]`` tensor: shorter side to size, centre crop."""
    size = int(inp["size"])
    w, h = img.size
    f = size / min(w, h)
    nw, nh = max(size, _round(w * f)), max(size, _round(h * f))
    scaled = resize(img, nw, nh)
    x, y = (nw - size) // 2, (nh - size) // 2
    return _to_tensor(scaled.crop((x, y, x + size, y + size)), inp["mean"], inp["std"])


def _l2(t: torch.Tensor) -> torch.Tensor:
    return t / t.norm(dim=-1, keepdim=True).clamp_min(1e-12)


@torch.no_grad()
def lowlevel_features(module, images, inp: dict, batch: int | None = None) -> torch.Tensor:
    """Returns ``[N, feature_dim * len(scales)]`` low-level features of RGB PIL images.

    Per scale: every image's crops (:func:`lowlevel_crops`) through ``module``, ``batch`` crops
    at a time (all at once when None, as the Java runtime's one pass per batch), averaged per
    image and L2-normalised; the scales concatenated.
    """
    per_image = [lowlevel_crops(i, inp) for i in images]
    scales = []
    for s in range(len(inp["scales"])):
        crops = torch.cat([p[s] for p in per_image])
        step = batch or len(crops)
        feats = torch.cat([module(crops[i : i + step]) for i in range(0, len(crops), step)])
        scales.append(_l2(feats.reshape(len(images), int(inp["crops"]), -1).mean(dim=1)))
    return torch.cat(scales, dim=1)


def reads_features(vl: dict) -> bool:
    """Whether a vision-language branch's image side projects another branch's features
    (bundle input ``{"features": "lowlevel"}``) instead of reading pixels."""
    return "features" in vl["input"]


class ReferenceScorer:
    """Loads a bundle folder and scores PIL images as the Java runtime does."""

    def __init__(self, bundle_dir, pass_max_views: int | None = None):
        """``pass_max_views``: crops per forward pass (None: a batch's crops of one scale, or
        all its vision-language views, at once), as the runtime's ``model.pass.max.views``."""
        self.root = Path(bundle_dir)
        self.pass_max_views = pass_max_views
        self.doc = json.loads((self.root / "bundle.json").read_text(encoding="utf-8"))
        branches = self.doc["branches"]
        self.low = branches.get("lowlevel")
        self.vl = branches.get("vision_language")
        self.low_module = self._load(self.low["file"]) if self.low else None
        self.vl_module = self._load(self.vl["image_file"]) if self.vl else None
        if self.vl:
            prompts = self.root / self.vl["prompts"]
            self.prompts = json.loads(prompts.read_text("utf-8"))
        reg = json.loads((self.root / "regressor.json").read_text(encoding="utf-8"))
        self.heads, self.output = reg["heads"], reg["output"]

    def _load(self, name):
        m = torch.jit.load(str(self.root / name), map_location="cpu")
        return m.eval()

    def features(self, images) -> dict:
        """Returns {branch: [N, dim] features} for a list of RGB PIL images."""
        out = {}
        with torch.no_grad():
            if self.low_module is not None:
                out["lowlevel"] = self._lowlevel(images)
            if self.vl_module is not None and reads_features(self.vl):
                # the image side projects the low-level features (LiT-style), no pixels
                out["vision_language"] = self.vl_module(out[self.vl["input"]["features"]])
            elif self.vl_module is not None:
                views = [vl_views(i, self.vl["input"]) for i in images]
                out["vision_language"] = vl_embeddings(self.vl_module, views,
                                                       self.pass_max_views)
        return out

    def _lowlevel(self, images) -> torch.Tensor:
        return lowlevel_features(self.low_module, images, self.low["input"], self.pass_max_views)

    def zero_shot(self, emb: torch.Tensor, pair: dict) -> torch.Tensor:
        """Returns the 0-100 zero-shot scores of L2-normalised image embeddings."""
        pos = torch.tensor(pair["positive_embedding"], dtype=emb.dtype)
        neg = torch.tensor(pair["negative_embedding"], dtype=emb.dtype)
        logits = float(self.vl["logit_scale"]) * torch.stack([emb @ pos, emb @ neg], 1)
        return 100.0 * torch.softmax(logits, dim=1)[:, 0]

    def head(self, name: str, feats: dict) -> np.ndarray:
        """Returns the 0-100 scores of head ``name``."""
        h = self.heads[name]
        x = torch.cat([feats[b] for b in h["features"]], dim=1).double().numpy()
        z = (x - np.asarray(h["mean"])) / np.asarray(h["std"])
        return np.clip(h["bias"] + z @ np.asarray(h["weights"]), 0.0, 100.0)

    def score(self, images) -> np.ndarray:
        """Returns the output head's scores for a list of RGB PIL images."""
        return self.head(self.output, self.features(images))

    def results(self, images) -> list:
        """Returns per image: score, branch_scores and features, as the Java Scorer."""
        feats = self.features(images)
        out = [{"score": 0.0, "branch_scores": {}, "features": []} for _ in images]
        for name in self.heads:
            scores = self.head(name, feats)
            for i, r in enumerate(out):
                if name == self.output:
                    r["score"] = float(scores[i])
                else:
                    r["branch_scores"][name] = float(scores[i])
        if "vision_language" in feats:
            zs = self.zero_shot(feats["vision_language"], self.prompts["quality"])
            for i, r in enumerate(out):
                r["branch_scores"]["zero_shot"] = float(zs[i])
        for i, r in enumerate(out):
            r["features"] = torch.cat([feats[b][i] for b in feats]).tolist()
        return out
