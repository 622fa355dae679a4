"""eval_vl distorts held-out photos as make_heldout does, draw by draw."""

import numpy as np
from PIL import Image

from qm_training import distortions as D
from qm_training import eval_vl, make_heldout
from qm_training.heldout import HELDOUT_SEED_OFFSET
from qm_training.reference import vl_views

INPUT = {"size": 32, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]}


def _photo(tmp_path):
    rng = np.random.default_rng(3)
    path = tmp_path / "photo.png"
    Image.fromarray(rng.integers(0, 256, (48, 64, 3), dtype=np.uint8)).save(path)
    return str(path)


def test_the_held_out_offset_reads_the_images_make_heldout_writes(tmp_path):
    photo = _photo(tmp_path)
    t = D.NAMES.index("white_noise")  # random: the draw shows in every pixel
    make_heldout.write_photo(2, photo, tmp_path / "set", 0, ["white_noise"], False)
    written = [
        vl_views(
            Image.open(tmp_path / "set" / "photo" / f"white_noise_{lv}.png").convert(
                "RGB"
            ),
            INPUT,
        ).numpy()
        for lv in range(1, D.LEVELS + 1)
    ]
    eval_vl._init(
        INPUT, [None, None, photo]
    )  # photo 2 of a list: seeds follow the index
    row, t_out, views = eval_vl._versions((7, 2, t, HELDOUT_SEED_OFFSET))
    assert (row, t_out) == (7, t)
    np.testing.assert_allclose(views.astype(np.float32), np.stack(written), atol=2e-3)
    _, _, other = eval_vl._versions((7, 2, t, 0))
    assert np.abs(other.astype(np.float32) - np.stack(written)).mean() > 0.05


def test_per_view_embeddings_pool_to_the_image_embedding():
    import torch

    from qm_training.reference import vl_embeddings

    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 5))
    views = [torch.randn(3, 3, 8, 8), torch.randn(3, 3, 8, 8)]
    pooled = vl_embeddings(module, views).numpy()
    per_view = vl_embeddings(module, views, chunk=2, pool=False).numpy()
    assert per_view.shape == (2, 3, 5)
    np.testing.assert_allclose(np.linalg.norm(per_view, axis=-1), 1.0, atol=1e-6)
    np.testing.assert_allclose(eval_vl.pool_views(per_view), pooled, atol=1e-6)
    assert np.abs(per_view[0, 0] - pooled[0]).max() > 1e-3  # a view is not the image
