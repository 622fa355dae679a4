"""The word tokenizer knows every caption word, pads, cuts and marks unknown words."""

import random

from qm_training import captions as C
from qm_training import distortions as D
from qm_training import tokenizer as T


def test_caption_words_and_prompts_are_all_known():
    tok = T.caption_tokenizer()
    rng = random.Random(0)
    texts = [C.caption([(rng.choice(D.NAMES), rng.randint(1, 5)),
                        (rng.choice(D.NAMES), rng.randint(1, 5))], rng, [1, -1])
             for _ in range(300)]
    texts += [p for pair in C.DEFAULT_PROMPTS.values() for p in pair]
    assert T.unknown_words(texts, tok) == []
    ids = T.encode(texts, tok)
    assert int((ids == tok["unk_id"]).sum()) == 0
    # every caption fits: its eos is not cut off by truncation
    lengths = (ids != tok["pad_id"]).sum(1)
    assert int(lengths.max()) < tok["context_length"]


def test_encoding_has_bos_eos_padding_and_unknown_id():
    tok = T.caption_tokenizer(context_length=8)
    ids = T.encode(["A blurry photo.", "a zorbly photo"], tok)
    assert ids.shape == (2, 8) and ids.dtype.is_floating_point is False
    vocab = tok["vocab"]
    assert [vocab[i] for i in ids[0, :6]] == ["<bos>", "a", "blurry", "photo", ".",
                                              "<eos>"]
    assert ids[0, 6:].tolist() == [0, 0]
    assert ids[1, 2].item() == tok["unk_id"]


def test_long_text_is_cut_with_eos_last():
    tok = T.caption_tokenizer(context_length=6)
    ids = T.encode(["a very very very very blurry noisy photo"], tok)
    assert ids.shape == (1, 6) and ids[0, -1].item() == tok["eos_id"]


def test_saved_tokenizer_round_trips(tmp_path):
    tok = T.caption_tokenizer()
    again = T.load(T.save(tok, tmp_path / "tokenizer.json"))
    assert again == tok
    assert T.encode(["a noisy photo."], again).equal(T.encode(["a noisy photo."], tok))
