#!/usr/bin/env bash
# Trains, exports and evaluates the vision-language branch on CPU with one thread.
# Every step resumes: run the script again to continue (cache, then training from
# runs/qmclip_cpu_captions/ckpt.pt, then the projection refit, export and the held-out test).
#   nohup training/run_vl_cpu.sh > training/runs/qmclip_cpu_captions/nohup.out 2>&1 &
set -euo pipefail
cd "$(dirname "$0")"
RUN=runs/qmclip_cpu_captions
PY=/usr/bin/python3
mkdir -p "$RUN"
export PYTHONUNBUFFERED=1
$PY -m qm_training.train_vl --config configs/qmclip/qmclip_cpu_captions.yml --threads 1 2>&1 | tee -a "$RUN/train.log"
$PY -m qm_training.export_vl --weights "$RUN/weights.pt" --out "$RUN/bundle" \
    --fit-items "${FIT_ITEMS:-300}" --threads 1 2>&1 | tee -a "$RUN/export.log"
$PY -m qm_training.eval_vl --bundle "$RUN/bundle" --photos "${EVAL_PHOTOS:-12}" --workers 1 \
    --threads 1 --out "$RUN/eval.json" 2>&1 | tee "$RUN/eval.log"
