#!/usr/bin/env bash
# Reproduce models/pretrained/khabar-lm-mini (the masked-LM encoder the default NER model builds
# on) from ../shared/data/raw on a CUDA GPU: `make pretrain`. The committed shards came from two
# runs on one H200 (models/pretrained/khabar-lm-mini/README.md): 4,947 steps with a 6.2-minute
# budget beside two other pretrainings, then 7,283 steps continuing from those weights with a fresh
# MLM head. Here the same step budgets drive the schedule (--steps), so a rerun is close, not
# bit-identical (GPU kernels, a schedule that followed wall-clock time then). About 5 minutes on an
# H200 alone; on CPU it would take days, so it refuses without CUDA unless FORCE_CPU=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${KHABAR_DATA:-$root/../shared/data}"
work="$here/work"
out="${OUT_DIR:-$root/models/pretrained/khabar-lm-mini}"
venv="$here/.venv"
PY="${PYTHON:-$venv/bin/python}"
if [ ! -x "$PY" ]; then echo "make_pretrain: no Python at $PY (run make model once, or set PYTHON)" >&2; exit 1; fi
if ! "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' && [ "${FORCE_CPU:-0}" != 1 ]; then
  echo "make_pretrain: no CUDA device; the committed shards in $out are what this would rebuild (FORCE_CPU=1 to run anyway)" >&2
  exit 1
fi
mkdir -p "$work" "$out"
# the piece ids of the licence-clean raw/ text and the WordPiece vocabulary (prep.py; skipped when present)
if [ -f "$out/tokenizer.json" ] && [ ! -f "$work/tokenizer.json" ]; then cp "$out/tokenizer.json" "$work/tokenizer.json"; fi
"$PY" "$here/prep.py" --data "$data" --work "$work" --no-w2v
tmp="$(mktemp -d)"
"$PY" "$here/pretrain_tx.py" --ids "$work/raw_ids.npy" --tok "$work/tokenizer.json" --preset mini \
  --lr 1e-3 --warmup 0.06 --steps 4947 --out "$tmp/phase1" --meta "$tmp"
"$PY" "$here/pretrain_tx.py" --ids "$work/raw_ids.npy" --tok "$work/tokenizer.json" --preset mini \
  --init "$tmp/phase1/mini" --lr 5e-4 --warmup 0.1 --steps 7283 --out "$out" --meta "$tmp"
cp "$work/tokenizer.json" "$out/tokenizer.json"
echo "make_pretrain: wrote $(ls "$out"/mini.*.pt | tr '\n' ' ')"
