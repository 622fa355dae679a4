#!/usr/bin/env bash
# Builds models/default from trained checkpoints and measures it, the way the shipped bundle was
# made. Every step is skipped when its output exists, so the script resumes; delete an output to
# redo its step. Run from the repository root:
#
#   training/build_default.sh LOWLEVEL_CKPT VL_WEIGHTS VERSION [OUTPUT_HEAD]
#   e.g. training/build_default.sh training/runs/contrique_r10_w32_kadid/step3000.pt \
#            training/runs/qmclip_cpu_captions/weights.pt 2026.11.23-2 lowlevel
#
# VL_WEIGHTS may also be a bundle folder (e.g. models/default): its vision-language branch is
# taken as it is there (export_vl --from-bundle) and measured again with eval_vl.
# LOWLEVEL_CKPT may be a bundle folder too when VL_WEIGHTS is the same folder: both branches are
# then taken from it as they are and only the heads are fitted again (steps 1-2 skipped).
# LOWLEVEL_CKPT may also be a bundle folder with VL_WEIGHTS a weights.pt: the low-level branch is
# taken from the bundle and the new vision-language branch added to it.
# VL_ARGS adds options to export_vl, e.g. VL_ARGS="--crops 9 --scales 1,0.7,0.5,0.35" for a
# vision-language branch read from crops whose embeddings are averaged (docs/model-bundle.md).
# TRAINSET names another labelled folder for the heads (default training/runs/trainset-aug,
# written by qm_training.trainset when missing); MAX_SIDE the working size (default 512).
# FIT_ARGS adds options to `fit`, e.g. FIT_ARGS="--crops 16 --scales 1,0.75,0.5" for another
# low-level crop layout (docs/model-bundle.md).
# STACK_SPLIT names a split file with an `apart` list (e.g. training/configs/splits_vl_apart.yml,
# for VL weights trained on configs/qmclip/qmclip_cpu_captions_apart.yml): the distorted
# versions of those training photos, which the VL encoder never saw, become `fit
# --stack-labels`, so the combined head is the low-level head plus a VL correction fitted where
# the VL encoder reads photos as it reads new ones.
#
# Steps (modules of training/qm_training, run as python3 -m qm_training.<module>): (1) the
# low-level branch and its Python-evaluated head (evaluate, export_default); (2) the
# vision-language branch added to it (export_vl --into); (3) the training versions of all
# training photos of configs/splits.yml (trainset: qm_training.augment's drawn distortions,
# continuous levels, alternate implementations, chains, random rescaling, JPEG re-encoding);
# (4) `./quality-monitor fit` of the ridge heads on them (combined, low-level alone, VL alone),
# photo-grouped CV, with the low-level branch's working size MAX_SIDE (default 512);
# (5) the held-out report (qm_eval.report): CBSD68 and LIVE1 x the training generator and the
# independent evaluation-only generator x as stored and 1024 px, against NIQE and BRISQUE
# (REPORT_PHOTOS=N: the first N photos of each set, default all; REPORT_GENERATORS=independent:
# that generator's slices only); (6) its figures written
# into the bundle's metrics (heldout_metrics --report); (7) docs/model-card.md written from
# the bundle and the report (model_card). OUTPUT_HEAD (default lowlevel) names the head that
# gives the score; all heads are fitted and reported either way. SHIP=1 then replaces
# models/default, docs/evaluation/heldout-report.*, docs/model-card.md and README's figures.
set -euo pipefail
LOW=${1:?low-level checkpoint}
VL=${2:?vision-language weights.pt or a bundle folder}
VERSION=${3:?bundle version}
OUTPUT_HEAD=${4:-lowlevel}
PY=/usr/bin/python3
export PYTHONPATH="$PWD/training${PYTHONPATH:+:$PYTHONPATH}"
RUNS=training/runs
STAGE=$RUNS/build-$VERSION
# The drawn training versions (qm_training.trainset; 24 per photo, ~15 CPU minutes).
TRAINSET=${TRAINSET:-$RUNS/trainset-aug}
mkdir -p "$STAGE"

if [ -d "$LOW" ] && [ "$LOW" = "$VL" ]; then
    [ -f "$STAGE/both/bundle.json" ] || cp -r "$LOW" "$STAGE/both"
elif [ -d "$LOW" ]; then
    [ ! -d "$VL" ] || { echo "LOWLEVEL_CKPT and VL_WEIGHTS: two different bundle folders"; exit 2; }
    [ -f "$STAGE/lowlevel/bundle.json" ] || cp -r "$LOW" "$STAGE/lowlevel"
fi
if [ ! -f "$STAGE/lowlevel/bundle.json" ] && [ ! -d "$LOW" ]; then
    (cd training && $PY -m qm_training.evaluate --checkpoint "../$LOW" --crop-sizes 128 --tag build \
        && $PY -m qm_training.export_default --checkpoint "../$LOW" \
            --eval "$(dirname "../$LOW")/eval_build.json" --out "../$STAGE/lowlevel" \
            --version "$VERSION")
fi
if [ ! -f "$STAGE/both/bundle.json" ]; then
    $PY -m qm_training.export_vl $([ -d "$VL" ] && echo --from-bundle || echo --weights) "$VL" \
        --into "$STAGE/lowlevel" --out "$STAGE/both" --fit-items 0 --version "$VERSION" \
        ${VL_ARGS:-}
fi
if [ ! -f "$TRAINSET/labels.csv" ]; then
    (cd training && $PY -m qm_training.trainset --out "../$TRAINSET" --versions 24)
fi
STACK_ARGS=()
if [ -n "${STACK_SPLIT:-}" ]; then
    # the rows of the split's `apart` photos (folder kodak/<stem> or mcmaster/<stem>)
    $PY - "$STACK_SPLIT" "$TRAINSET" <<'EOF'
import csv, sys
from pathlib import Path
from qm_training.data import load_splits
stems = {Path(p).stem for p in load_splits(Path(sys.argv[1]).resolve())["apart"]}
with open(f"{sys.argv[2]}/labels.csv", newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["image"].split("/")[1] in stems]
if not rows:
    sys.exit(f"no training rows for the apart photos of {sys.argv[1]}")
with open(f"{sys.argv[2]}/stack-labels.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
print(f"stacking on {len(stems)} apart photos, {len(rows)} rows")
EOF
    STACK_ARGS=(--stack-labels "$TRAINSET/stack-labels.csv")
fi
if [ ! -f "$STAGE/fitted/bundle.json" ]; then
    ./quality-monitor fit --images "$TRAINSET" --labels "$TRAINSET/labels.csv" \
        --lower-better --cv-by-folder --model "$STAGE/both" --out "$STAGE/fitted" \
        --version-tag "$VERSION" --output-head "$OUTPUT_HEAD" --max-side "${MAX_SIDE:-512}" \
        ${FIT_ARGS:-} "${STACK_ARGS[@]}"
fi
# The held-out report: images and per-image scores are cached under training/runs/qm-eval,
# so a rerun scores only what is missing (NIQE and BRISQUE once for every bundle).
if [ ! -f "$STAGE/heldout-report.json" ]; then
    (cd training && $PY -m qm_eval.report --docs "../$STAGE" --bundle "../$STAGE/fitted" \
        --photos "${REPORT_PHOTOS:-0}" --generators "${REPORT_GENERATORS:-independent,training}" \
        --workers 2)
fi
$PY -m qm_training.heldout_metrics --bundle "$STAGE/fitted" --report "$STAGE/heldout-report.json"
(cd training && $PY -m qm_training.model_card --bundle "../$STAGE/fitted" \
    --report "../$STAGE/heldout-report.json" --labels "../$TRAINSET/labels.csv" \
    --out "../$STAGE/model-card.md" ${SHIP:+--readme ../README.md})
echo "built $STAGE/fitted; measured $STAGE/heldout-report.md; card $STAGE/model-card.md"
[ -z "${SHIP:-}" ] || { rm -r models/default && cp -r "$STAGE/fitted" models/default \
    && cp "$STAGE"/heldout-report.{md,json,png} docs/evaluation/ \
    && cp "$STAGE/model-card.md" docs/model-card.md && echo "shipped $VERSION"; exit 0; }
echo "to ship it (and write README's figures): SHIP=1 $0 $*"
