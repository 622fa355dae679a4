"""A randomly initialised CLIP, converted, gives the same embeddings as its source."""

import gzip
import json

import pytest
import torch

from qm_training import convert_clip as CC
from qm_training.archs.openai_clip_arch import CLIP, config_from_state_dict
from qm_training.bundle import verify_bundle
from qm_training.captions import DEFAULT_PROMPTS


def _merges():
    """Left-to-right merges that make each prompt word one token (a tiny BPE)."""
    words = sorted({w for pair in DEFAULT_PROMPTS.values() for t in pair
                    for w in t.replace(".", " ").replace("-", " ").split()})
    merges, seen = [], set()
    for w in words:
        parts = list(w[:-1]) + [w[-1] + "</w>"]
        while len(parts) > 1:
            m = f"{parts[0]} {parts[1]}"
            if m not in seen:
                seen.add(m)
                merges.append(m)
            parts = [parts[0] + parts[1]] + parts[2:]
    return merges


MERGES = _merges()
VOCAB = 512 + len(MERGES) + 2
SMALL = {
    "vit": dict(embed_dim=32, image_resolution=32, vision_layers=2, vision_width=64,
                vision_patch_size=8),
    "resnet": dict(embed_dim=32, image_resolution=64, vision_layers=(1, 2, 1, 1),
                   vision_width=8, vision_patch_size=None),
}


def _random_clip(kind):
    torch.manual_seed(0)
    model = CLIP(**SMALL[kind], context_length=16, vocab_size=VOCAB,
                 transformer_width=64, transformer_heads=1, transformer_layers=2)
    # batch-norm statistics away from the identity, so that a lost buffer shows
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    return model.eval()


@pytest.fixture(scope="module")
def bpe_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bpe") / "bpe_simple_vocab_16e6.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(MERGES) + "\n")
    return path


def test_bpe_makes_each_prompt_word_one_token_between_sot_and_eot(bpe_file):
    tok = CC.ClipBpe(CC.clip_tokenizer_json(CC.read_merges(bpe_file), 16))
    ids = tok(["a sharp photo.", "a blurry photo."])
    assert ids.shape == (2, 16)
    assert ids[0, 0].item() == VOCAB - 2 and ids[0, 5].item() == VOCAB - 1
    assert ids[0, 6:].tolist() == [0] * 10
    assert ids[0, 1].item() == ids[1, 1].item()  # 'a'
    assert ids[0, 2].item() != ids[1, 2].item()  # 'sharp' vs 'blurry'
    assert ids.argmax(dim=1).tolist() == [5, 5]  # eot is the pooled position


@pytest.mark.parametrize("kind", ["vit", "resnet"])
def test_converted_towers_match_source_model(kind, bpe_file, tmp_path):
    # Given a random CLIP saved as an open_clip-style checkpoint
    source = _random_clip(kind)
    state = {"module." + k: v for k, v in source.state_dict().items()}
    state["module.attn_mask"] = source.build_attention_mask()
    torch.save({"state_dict": state}, tmp_path / "clip.pt")
    # When it is converted
    sd = CC.load_state_dict(tmp_path / "clip.pt")
    path, model, image, text = CC.convert(sd, CC.read_merges(bpe_file), tmp_path / "b")
    # Then the sizes were inferred and the TorchScript towers agree with the source
    assert config_from_state_dict(sd)["vision_layers"] == SMALL[kind]["vision_layers"]
    size = SMALL[kind]["image_resolution"]
    x = torch.randn(3, 3, size, size)
    tok = CC.ClipBpe(json.loads((path / "tokenizer.json").read_text()))
    ids = tok(["a good photo.", "a noisy photo.", "a photo with natural colours."])
    with torch.no_grad():
        assert torch.allclose(image(x), source.encode_image(x), atol=1e-5)
        assert torch.allclose(text(ids), source.encode_text(ids), atol=1e-5)
        want = source.encode_text(tok(list(DEFAULT_PROMPTS["noise"])))
    doc = verify_bundle(path)
    vl = doc["branches"]["vision_language"]
    assert vl["input"]["size"] == size and vl["embed_dim"] == 32
    assert vl["logit_scale"] == pytest.approx(float(source.scale()), rel=1e-5)
    prompts = json.loads((path / "prompts.json").read_text())
    got = torch.tensor(prompts["attributes"]["noise"]["negative_embedding"])
    assert torch.allclose(got, want[1], atol=1e-5)
    loaded = torch.jit.load(str(path / "vl_image.pt"))
    assert torch.allclose(loaded(x), image(x), atol=1e-6)


def test_wrong_bpe_for_weights_is_rejected(bpe_file, tmp_path):
    sd = _random_clip("vit").state_dict()
    with pytest.raises(ValueError, match="do not belong together"):
        CC.convert(sd, CC.read_merges(bpe_file)[:-1], tmp_path / "b")
