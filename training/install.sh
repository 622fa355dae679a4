#!/usr/bin/env bash
# Installs the Python packages the training code needs from Debian (no other package
# index is needed). Run as root or with sudo; afterwards use /usr/bin/python3.
set -euo pipefail
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
  python3 python3-numpy python3-scipy python3-pil python3-yaml \
  python3-torch python3-torchvision python3-skimage python3-pytest \
  python3-matplotlib
/usr/bin/python3 - <<'PY'
import torch, torchvision, scipy, PIL, skimage, yaml, matplotlib
from PIL import features
print("torch", torch.__version__, "torchvision", torchvision.__version__)
print("PIL webp:", features.check("webp"), "jpeg2000:", features.check("jpg_2000"))
PY
