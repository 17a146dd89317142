#!/usr/bin/env bash
# Reproduce the shipped default model models/khabar-ner-ar from ../shared/data on CPU.
# Fixed seeds; idempotent (steps whose outputs exist in models/train/work are skipped).
# Usage: models/train/make_model.sh            (from anywhere)
#        KHABAR_DATA=/path/to/shared/data models/train/make_model.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${KHABAR_DATA:-$root/../shared/data}"
work="$here/work"
venv="$here/.venv"
py="${PYTHON:-python3}"
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch, onnx, onnxruntime, tokenizers, seqeval, gensim' 2>/dev/null; then
  "$py" -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
fi
export OMP_NUM_THREADS=1
PY="$venv/bin/python"
cd "$here"
# 1. normalised pretraining text, WordPiece tokenizer, piece ids, word2vec piece vectors
nice -n 5 "$PY" prep.py --data "$data" --work "$work" 2>&1 | tee -a "$work/make_model.log"
# news paragraphs for the speed check (not used in training)
[ -s "$work/speed_news.txt" ] || xz -dc "$data/raw/ar-news-02.txt.xz" | sed -n '200000,200400p' > "$work/speed_news.txt"
# 2. taggers: settings of the shipped model in shipped.env; two trainings at a time (1 thread each)
. "$here/shipped.env"
pids=()
for seed in $SEEDS; do
  if [ ! -f "$work/ship-$seed/train.json" ]; then
    nice -n 5 "$PY" train.py --data "$data" --work "$work" --run "ship-$seed" --seed "$seed" $TRAIN_ARGS \
      > "$work/ship-$seed.log" 2>&1 &
    pids+=($!)
    if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for p in "${pids[@]}"; do wait "$p"; done
for seed in $SEEDS; do if [ -f "$work/ship-$seed.log" ]; then tail -n 1 "$work/ship-$seed.log" | tee -a "$work/make_model.log"; fi; done
ckpts=$(for s in $SEEDS; do printf '%s,' "$work/ship-$s/best.pt"; done)
# 3. export to the model folder (ONNX + tokenizer + config + CRF), check it against PyTorch, speed
"$PY" export.py --work "$work" --ckpt "${ckpts%,}" --out "$root/models/khabar-ner-ar" \
  --speed-text "$work/speed_news.txt" 2>&1 | grep -v Warning | tee -a "$work/make_model.log"
# 4. dev (and, with EVAL_TEST=1, test) scores with Python seqeval, through the exported ONNX graph
"$PY" evaluate.py --data "$data" --work "$work" --model "$root/models/khabar-ner-ar" ${EVAL_TEST:+--test} 2>&1 | tee -a "$work/make_model.log"
