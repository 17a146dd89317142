"""Distillation data: raw/ news sentences tagged by a word-level ensemble of exported model
folders (the way the engine runs an ensemble.json), written as CoNLL for train.py --extra.

The teacher in make_model.sh (TEACHER_E5_WEIGHT in shipped.env) is the v4 ensemble (the ship-* taggers
exported to work/teacher) at 0.7 with khabar-ner-ar-e5 at 0.3. Each folder encodes the words
with its own tokenizer and normalisation; the weighted mean of their first-piece emissions is
decoded under the weighted mean of their CRFs (ensemble_words.py's computation).

Sentences come from the original (unnormalised) news lines of --source, by default the ANT
corpus part of raw/ar-news-02 (lines 4,660-312,513, Apache-2.0; raw/SOURCES.tsv), the news the
pretraining text takes too: the non-commercial SaudiNewsNet lines and the unlicensed ones are
left out (MODEL_CARD.md, Data and licences). Lines are shuffled with --seed; every sentence
with an entity is kept, and --empty-frac of the others.

    models/train/.venv/bin/python models/train/distill.py \
        --teachers models/train/work/teacher:0.7,models/khabar-ner-ar-e5:0.3 --out models/train/work/distill.conll --n 9000
"""
import argparse
import lzma
import os
import random
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ensemble_words import decode_weighted, emissions_of  # noqa: E402

# gold-style tokens: runs of letters, digits and Arabic diacritics, or one other non-space
# character (Arabic comma and question mark stand alone, as in ANERcorp)
TOKEN = re.compile(r"[\w\u064B-\u065F\u0670]+|[^\s\w\u064B-\u065F\u0670]")
SENT_END = re.compile(r"(?<=[.!?؟])\s+")


def sentences(sources, n, rng, min_words=8, max_words=60):
    """n candidate sentences (lists of tokens) from the given (path, first, last) line ranges
    (1-based, inclusive; titles and lines without a sentence end skipped), in a seeded
    random order."""
    lines = []
    for path, first, last in sources:
        with lzma.open(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if i > last:
                    break
                line = line.strip()
                if i >= first and line and line[-1] in ".!?؟":
                    lines.append(line)
    rng.shuffle(lines)
    out = []
    for line in lines:
        for s in SENT_END.split(line):
            toks = TOKEN.findall(s)
            if min_words <= len(toks) <= max_words:
                out.append(toks)
        if len(out) >= n:
            break
    return out[:n]


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--teachers", required=True, help="comma-separated FOLDER:WEIGHT (exported model folders)")
    ap.add_argument("--source", default="ar-news-02.txt.xz:4660-312513",
                    help="comma-separated raw/ FILE:FIRST-LAST line ranges (1-based, inclusive)")
    ap.add_argument("--n", type=int, default=8000, help="candidate sentences")
    ap.add_argument("--empty-frac", type=float, default=0.2, help="share of entity-less sentences kept")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    torch.set_num_threads(1)
    rng = random.Random(a.seed)
    sources = []
    for s in a.source.split(","):
        f, r = s.rsplit(":", 1)
        first, last = (int(x) for x in r.split("-"))
        sources.append((os.path.join(a.data, "raw", f), first, last))
    cands = sentences(sources, a.n, rng)
    sents = [[(w, "O") for w in s] for s in cands]
    teachers = [(f, float(w)) for f, w in (t.rsplit(":", 1) for t in a.teachers.split(","))]
    total = sum(w for _, w in teachers)
    data, ems, crfs = emissions_of([f for f, _ in teachers], sents)
    print(f"{len(teachers)} teachers: {len(ems[0])} parts", flush=True)
    kept = ents = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for toks, tags in zip(cands, decode_weighted(data, ems, crfs, [w / total for _, w in teachers])):
            # a token whose first word is I- after an O token starts an entity (IOB2)
            tags = [("B-" + t[2:]) if t.startswith("I-") and (j == 0 or tags[j - 1] == "O") else t
                    for j, t in enumerate(tags)]
            n_ent = sum(t.startswith("B-") for t in tags)
            if n_ent == 0 and rng.random() >= a.empty_frac:
                continue
            f.write("".join(f"{w} {t}\n" for w, t in zip(toks, tags)) + "\n")
            kept += 1
            ents += n_ent
    print(f"distill: {kept} of {len(cands)} sentences kept, {ents} entities -> {a.out}")


if __name__ == "__main__":
    main()
