"""Writes the decoder's test images: formats and variants ImageIO cannot write itself.

Each image is 64x32 (wider than tall), red on its left half and blue on its right, so a
test can check size, orientation and colour after decoding.

    PYTHONPATH=training /usr/bin/python3 -m qm_training.make_test_images \
        --out stream-app/src/test/resources/images       # from the repository root
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

RED = (220, 30, 30)
BLUE = (30, 30, 220)


def base() -> Image.Image:
    """Returns the 64x32 RGB image: red left half, blue right half."""
    img = Image.new("RGB", (64, 32), BLUE)
    img.paste(Image.new("RGB", (32, 32), RED), (0, 0))
    return img


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path,
                   default=Path("stream-app/src/test/resources/images"))
    out = p.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    img = base()
    img.convert("CMYK").save(out / "cmyk.jpg", quality=95)
    img.save(out / "progressive.jpg", quality=95, progressive=True)
    img.save(out / "lossless.webp", lossless=True)
    img.save(out / "lossy.webp", quality=90)
    img.quantize(colors=4).save(out / "palette.png")
    rgba = img.convert("RGBA")
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    rgba.save(out / "alpha.png")
    img.save(out / "lzw.tiff", compression="tiff_lzw")
    img.save(out / "plain.bmp")
    frames = [img, Image.new("RGB", (64, 32), (0, 200, 0))]
    frames[0].save(out / "animated.gif", save_all=True, append_images=frames[1:],
                   duration=100)
    # EXIF orientation 6: turn the stored pixels 90 degrees clockwise to be upright.
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(out / "orientation6.jpg", quality=95, exif=exif.tobytes())
    for f in sorted(out.iterdir()):
        print(f"{f.name}: {f.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
