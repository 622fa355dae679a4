"""The architecture registry's shared parts."""

import torch

from qm_training.archs import build_arch


def _qmclip():
    return build_arch(
        "qmclip", variant="qmclip_xs", vocab_size=100, context_length=8
    ).eval()


def test_dual_encoder_weights_that_name_the_shortcut_short_still_load():
    torch.manual_seed(0)
    model = _qmclip()
    old = {k.replace(".shortcut.", ".short."): v for k, v in model.state_dict().items()}
    assert any(".short." in k for k in old)
    torch.manual_seed(1)
    again = _qmclip()
    again.load_state_dict(old)
    x = torch.rand(2, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(again.encode_image(x), model.encode_image(x))
