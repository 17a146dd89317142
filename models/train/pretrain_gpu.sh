#!/usr/bin/env bash
# The one GPU run behind models/pretrained/ (see `make pretrain` and models/pretrained/README.md).
# Pretrains the tx.py encoders side by side on one GPU (masked LM, wall-clock budget each),
# writing fp16 shards <OUT>/<preset>.N.pt as it goes, then fine-tunes each briefly on
# ANERcorp train on the same GPU for a first dev F1 (the shipped fine-tuning runs on CPU:
# make_model.sh). Everything it prints also lands in <OUT>/log.txt.
# Usage: pretrain_gpu.sh IDS(.npy[.xz]) TOKENIZER.json ANERCORP_TRAIN.txt OUT [MINUTES]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ids=$1 tok=$2 train=$3 out=$4 minutes=${5:-6.3}
runs="${PRETRAIN_RUNS:-mini:1e-3 mid:1e-3 small:7e-4}"
py="${PYTHON:-python3}"
ft_device="${FT_DEVICE:-cuda}" ft_epochs="${FT_EPOCHS:-6}"
mkdir -p "$out"
meta="$(mktemp -d)"
log="$out/log.txt"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=4
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1
  "$py" -c 'import torch, tokenizers; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), "tokenizers", tokenizers.__version__)'; } >>"$log" 2>&1
for r in $runs; do
  p=${r%%:*} lr=${r#*:}
  "$py" "$here/pretrain_tx.py" --ids "$ids" --tok "$tok" --preset "$p" --lr "$lr" \
    --out "$out" --meta "$meta" --minutes "$minutes" >>"$log" 2>&1 &
done
wait
for r in $runs; do
  p=${r%%:*}
  ( timeout "${FT_TIMEOUT:-150}" "$py" "$here/train_tx.py" --device "$ft_device" --train-file "$train" \
      --tok "$tok" --init "$out/$p" --out "$meta/ft-$p" --epochs "$ft_epochs" --lr 3e-4 --threads 4 2>&1 \
    | sed -u "s/^/[ft-$p] /" >>"$log" ) &
done
wait
for f in "$meta"/*.json "$meta"/ft-*/train.json; do [ -f "$f" ] || continue; echo "== $f"; cat "$f"; echo; done >>"$log"
cat "$log"
