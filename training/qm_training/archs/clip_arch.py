"""A small CLIP-style dual encoder for quality captions, trained from scratch here.

Paper: A. Radford et al., "Learning Transferable Visual Models From Natural Language
Supervision", ICML 2021. Official code: https://github.com/openai/CLIP
Quality prompts: S. Srinath et al., "Learning Generalizable Perceptual Representations
for Data-Efficient No-Reference Image Quality Assessment" (GRepQ), WACV 2024.
https://github.com/suhas-srinath/GRepQ

The image tower is a narrow ResNet (basic blocks, batch norm, global average pool,
linear projection; the CPU variant has a 4x4 stride-4 patch stem); the text tower
embeds word ids, runs a few pre-norm transformer blocks (attention written out with
matmuls so that tracing gives plain aten ops that every libtorch loads), mean-pools
the non-padding tokens and projects. Both outputs are
L2-normalised; ``logit_scale`` is learned as in CLIP (stored as its log, capped at 100).

The interface, ``encode_image``, ``encode_text`` and ``logit_scale``, is the one of
:mod:`qm_training.archs.openai_clip_arch`, so export and evaluation treat a branch
trained here and a converted CLIP alike.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from ..bundle import CLIP_MEAN, CLIP_STD
from . import register
from .blocks import BasicBlock

MAX_PAIR_SCALE = 500.0
VARIANTS = {
    # name: image stage widths, blocks per stage, text width, layers, heads, embed dim
    "qmclip_s": dict(widths=(32, 64, 128, 256), blocks=(2, 2, 2, 2), text_width=192,
                     text_layers=3, text_heads=4, embed_dim=256),
    # CPU budget: a 4x4 stride-4 patch stem and one block per stage (~5x cheaper),
    # mean and std pooling of every stage, plus fixed BRISQUE-style statistics
    "qmclip_cpu": dict(widths=(32, 64, 128, 256), blocks=(1, 1, 1, 1), text_width=96,
                       text_layers=2, text_heads=4, embed_dim=128, stem="patch4",
                       pool="stats", handcrafted=True),
    "qmclip_xs": dict(widths=(16, 32, 64, 128), blocks=(1, 1, 1, 1), text_width=64,
                      text_layers=1, text_heads=2, embed_dim=64),
}


class QualityStatistics(nn.Module):
    """Fixed (not learned) quality statistics of the image, ``[N,3,S,S] -> [N,32]``.

    In the manner of BRISQUE (Mittal et al. 2012) and colourfulness (Hasler and
    Suesstrunk 2003), at two scales of the luma: moments of the mean-subtracted,
    contrast-normalised (MSCN) coefficients and of their horizontal / vertical
    neighbour products, local contrast, gradient and Laplacian energy; plus mean
    luma, its spread, clipped fractions, colourfulness, saturation and chroma detail.
    Energies are log-compressed. The input is de-normalised with ``mean`` / ``std``.
    """

    SIZE = 32

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))
        t = torch.arange(7, dtype=torch.float32) - 3
        g = torch.exp(-t * t / (2 * (7 / 6) ** 2))
        g = (g[:, None] * g[None, :]) / g.sum() ** 2
        self.register_buffer("gauss", g.view(1, 1, 7, 7))
        lap = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
        self.register_buffer("lap", lap.view(1, 1, 3, 3))

    @staticmethod
    def _log(x):
        return torch.log(x + 1e-4)

    def _luma_stats(self, y) -> list:
        mu = F.conv2d(F.pad(y, (3, 3, 3, 3), mode="reflect"), self.gauss)
        var = F.conv2d(F.pad(y * y, (3, 3, 3, 3), mode="reflect"), self.gauss) - mu * mu
        sigma = var.clamp_min(0.0).sqrt()
        m = (y - mu) / (sigma + 1.0 / 255)
        m2 = (m * m).mean(dim=(1, 2, 3))
        out = [self._log(m2), m.abs().mean(dim=(1, 2, 3)),
               self._log((m ** 4).mean(dim=(1, 2, 3)) / (m2 * m2 + 1e-6))]
        for a, b in ((m[..., :, 1:], m[..., :, :-1]), (m[..., 1:, :], m[..., :-1, :])):
            prod = a * b
            out += [prod.mean(dim=(1, 2, 3)), self._log(prod.var(dim=(1, 2, 3)))]
        out += [self._log(sigma.mean(dim=(1, 2, 3))),
                self._log(sigma.std(dim=(1, 2, 3)))]
        dx = (y[..., :, 1:] - y[..., :, :-1]).abs().mean(dim=(1, 2, 3))
        dy = (y[..., 1:, :] - y[..., :-1, :]).abs().mean(dim=(1, 2, 3))
        lap = F.conv2d(y, self.lap).abs().mean(dim=(1, 2, 3))
        return out + [self._log(dx), self._log(dy), self._log(lap)]

    def forward(self, x):
        rgb = (x * self.std + self.mean).clamp(0.0, 1.0)
        r, g, b = rgb[:, 0:1], rgb[:, 1:2], rgb[:, 2:3]
        y = 0.299 * r + 0.587 * g + 0.114 * b
        feats = self._luma_stats(y) + self._luma_stats(F.avg_pool2d(y, 2))
        rg, yb = r - g, 0.5 * (r + g) - b
        colourful = (rg.std(dim=(1, 2, 3)) ** 2 + yb.std(dim=(1, 2, 3)) ** 2).sqrt() \
            + 0.3 * (rg.mean(dim=(1, 2, 3)) ** 2 + yb.mean(dim=(1, 2, 3)) ** 2).sqrt()
        sat = rgb.max(dim=1, keepdim=True)[0] - rgb.min(dim=1, keepdim=True)[0]
        chroma_detail = (F.conv2d(rg, self.lap).abs().mean(dim=(1, 2, 3))
                         + F.conv2d(yb, self.lap).abs().mean(dim=(1, 2, 3)))
        feats += [y.mean(dim=(1, 2, 3)), y.std(dim=(1, 2, 3)),
                  (y > 0.98).float().mean(dim=(1, 2, 3)),
                  (y < 0.02).float().mean(dim=(1, 2, 3)),
                  self._log(colourful), sat.mean(dim=(1, 2, 3)), sat.std(dim=(1, 2, 3)),
                  self._log(chroma_detail)]
        return torch.stack(feats, dim=1)


class ImageEncoder(nn.Module):
    """``[N,3,S,S] -> [N,embed_dim]`` (not normalised).

    ``pool="mean"``: global average pool of the last stage. ``pool="stats"``: mean and
    standard deviation over space of every stage's output, concatenated (the spatial
    statistics of fine and coarse features that natural-scene-statistics measures of
    quality rely on), layer-normalised, then projected.
    """

    def __init__(self, widths, blocks, embed_dim, stem="conv", pool="mean",
                 handcrafted=False):
        super().__init__()
        if pool not in ("mean", "stats"):
            raise ValueError(f"unknown pool {pool!r}")
        self.stats = pool == "stats"
        self.handcrafted = None
        if handcrafted:  # fixed statistics, standardised by a batch norm
            self.handcrafted = QualityStatistics(CLIP_MEAN, CLIP_STD)
            self.handcrafted_norm = nn.BatchNorm1d(QualityStatistics.SIZE)
        if stem == "patch4":
            self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 4, 4, bias=False),
                                      nn.BatchNorm2d(widths[0]), nn.ReLU(inplace=True))
        elif stem != "conv":
            raise ValueError(f"unknown stem {stem!r}")
        else:
            self.stem = nn.Sequential(
                nn.Conv2d(3, widths[0], 3, 2, 1, bias=False), nn.BatchNorm2d(widths[0]),
                nn.ReLU(inplace=True),
                nn.Conv2d(widths[0], widths[0], 3, 1, 1, bias=False),
                nn.BatchNorm2d(widths[0]), nn.ReLU(inplace=True))
        stages, cin = [], widths[0]
        for i, (w, n) in enumerate(zip(widths, blocks)):
            layers = []
            for j in range(n):
                layers.append(BasicBlock(cin, w, 2 if j == 0 and i > 0 else 1))
                cin = w
            stages.append(nn.Sequential(*layers))
        self.body = nn.ModuleList(stages)
        width = 2 * sum(widths) if self.stats else cin
        self.norm = nn.LayerNorm(width) if self.stats else nn.Identity()
        extra = QualityStatistics.SIZE if handcrafted else 0
        self.proj = nn.Linear(width + extra, embed_dim)

    def forward(self, x):
        return self.proj(self.features(x))

    def features(self, x):
        """Returns the pooled features that ``proj`` maps to the embedding."""
        fixed = None
        if self.handcrafted is not None:
            fixed = self.handcrafted_norm(self.handcrafted(x))
        x = self.stem(x)
        pooled = []
        for stage in self.body:
            x = stage(x)
            if self.stats:
                mean = x.mean(dim=(2, 3))
                var = (x * x).mean(dim=(2, 3)) - mean * mean
                pooled += [mean, (var.clamp_min(0.0) + 1e-6).sqrt()]
        if self.stats:
            feats = self.norm(torch.cat(pooled, dim=1))
        else:
            feats = x.mean(dim=(2, 3))
        if fixed is not None:
            feats = torch.cat([feats, fixed], dim=1)
        return feats


class TextBlock(nn.Module):
    """Pre-norm transformer block with padding-masked self-attention."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(),
                                 nn.Linear(4 * width, width))

    def forward(self, x, bias):
        n, t, w = x.shape
        h = self.heads
        qkv = self.qkv(self.ln_1(x)).reshape(n, t, 3, h, w // h)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(w // h) + bias, dim=-1)
        x = x + self.out((att @ v).transpose(1, 2).reshape(n, t, w))
        return x + self.mlp(self.ln_2(x))


class TextEncoder(nn.Module):
    """``[N,T]`` int64 word-tokenizer ids ``-> [N,embed_dim]`` (not normalised)."""

    def __init__(self, vocab_size, context_length, width, layers, heads, embed_dim):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, width)
        self.positional_embedding = nn.Parameter(
            torch.randn(context_length, width) * 0.01)
        self.blocks = nn.ModuleList([TextBlock(width, heads) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width)
        self.proj = nn.Linear(width, embed_dim)
        nn.init.normal_(self.token_embedding.weight, std=0.1)

    def forward(self, ids):
        keep = (ids != 0).to(self.positional_embedding.dtype)  # [N,T]
        bias = ((1.0 - keep) * -1e4)[:, None, None, :]  # masks padded keys
        x = self.token_embedding(ids) + self.positional_embedding[: ids.shape[1]]
        for block in self.blocks:
            x = block(x, bias)
        x = self.ln_final(x)
        # pool the words only (ids 0-3 are pad, bos, eos, unk): the markers every text
        # shares would otherwise dominate the mean of short captions
        words = (ids > 3).to(x.dtype)
        count = words.sum(1, keepdim=True).clamp_min(1.0)
        pooled = (x * words[..., None]).sum(1) / count
        return self.proj(pooled)


class QualityCLIP(nn.Module):
    """Dual encoder: L2-normalised image and text embeddings, learned logit scale."""

    def __init__(self, vocab_size: int, context_length: int, widths, blocks,
                 text_width, text_layers, text_heads, embed_dim, stem="conv",
                 pool="mean", handcrafted=False):
        super().__init__()
        self.embed_dim = embed_dim
        self.context_length = context_length
        self.visual = ImageEncoder(widths, blocks, embed_dim, stem, pool, handcrafted)
        self.text = TextEncoder(vocab_size, context_length, text_width, text_layers,
                                text_heads, embed_dim)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        # temperature of the zero-shot prompt pairs (bundle logit_scale), learned apart
        # from the image-text one: a pair's two prompts differ in one word, so their
        # embeddings stay close and need a larger scale than whole-batch retrieval
        self.pair_logit_scale = nn.Parameter(torch.tensor(math.log(100.0)))

    def encode_image(self, x):
        return F.normalize(self.visual(x), dim=-1)

    def encode_text(self, ids):
        return F.normalize(self.text(ids), dim=-1)

    def scale(self) -> torch.Tensor:
        """Returns exp(logit_scale), capped at 100 as in CLIP."""
        return self.logit_scale.exp().clamp(max=100.0)

    def pair_scale(self) -> torch.Tensor:
        """Returns the zero-shot prompt-pair scale (exported as the bundle's)."""
        return self.pair_logit_scale.exp().clamp(max=MAX_PAIR_SCALE)

    def forward(self, images, ids):
        return self.encode_image(images), self.encode_text(ids)


@register("qmclip")
def build_qmclip(variant: str = "qmclip_s", vocab_size: int = 512,
                 context_length: int = 24, **overrides) -> QualityCLIP:
    """Builds a :class:`QualityCLIP` from a row of :data:`VARIANTS`."""
    if variant not in VARIANTS:
        raise KeyError(f"unknown qmclip variant {variant!r}; known: {sorted(VARIANTS)}")
    spec = dict(VARIANTS[variant])
    spec.update(overrides)
    return QualityCLIP(vocab_size, context_length, **spec)
