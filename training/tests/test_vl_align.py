import numpy as np

from qm_training import vl_align


def test_fit_map_recovers_a_linear_change_of_features():
    rng = np.random.default_rng(0)
    x_new = rng.normal(size=(400, 6)) * [1, 2, 3, 4, 5, 6] + 7
    a_true = rng.normal(size=(5, 6))
    x_old = x_new @ a_true.T + np.arange(5)
    a, c = vl_align.fit_map(x_new, x_old, alpha=1e-6)
    np.testing.assert_allclose(a, a_true, atol=1e-5)
    np.testing.assert_allclose(c, np.arange(5), atol=1e-4)


def test_carried_over_embeddings_match_where_the_map_holds_and_not_on_noise():
    rng = np.random.default_rng(1)
    x_new = rng.normal(size=(300, 8))
    photo = np.repeat(np.arange(30), 10)
    w, b = rng.normal(size=(4, 8)), rng.normal(size=4)
    held = vl_align.carried_over(x_new, 2 * x_new + 1, photo, w, b, alpha=1e-3)
    assert held["r2"] > 0.999 and held["cos_mean"] > 0.999
    lost = vl_align.carried_over(
        x_new, rng.normal(size=(300, 8)), photo, w, b, alpha=1e-3
    )
    assert lost["r2"] < 0.1 and lost["cos_mean"] < 0.5


def test_swap_lowlevel_takes_the_new_encoder_and_keeps_the_old_vision_language_side(
    tmp_path,
):
    import json

    from qm_training.bundle import sha256, verify_bundle
    from tests.tiny_bundles import lowlevel_bundle, vl_donor_bundle

    donor = vl_donor_bundle(tmp_path)
    new = lowlevel_bundle(tmp_path / "low2", {"description": "retrained; its head"})
    out = vl_align.swap_lowlevel(donor, new, tmp_path / "swapped")
    verify_bundle(out)
    doc = json.loads((out / "bundle.json").read_text())
    old = json.loads((donor / "bundle.json").read_text())
    low = doc["branches"]["lowlevel"]["file"]
    assert sha256(out / low) == sha256(new / low) != sha256(donor / low)
    vl = doc["branches"]["vision_language"]["image_file"]
    assert sha256(out / vl) == sha256(donor / vl)
    assert doc["regressor"] == old["regressor"]
    assert doc["description"].startswith("retrained")
