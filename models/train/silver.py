"""Self-training data: tag raw/ news sentences with a trained tagger, keep confident ones.

Sentences come from the normalised pretraining text (news lines only); a sentence is
kept when it has at least one entity and the CRF probability of its best path is
>= --min-prob. Output: CoNLL (`word TAG`) usable with train.py --extra.
"""
import argparse
import os
import random
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import load  # noqa: E402
from train import LABELS, batches, word_emissions  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--raw", default="raw_norm_clean.txt")
    ap.add_argument("--news-lines", type=int, default=312513 - 4659, help="leading news lines of --raw")
    ap.add_argument("--n", type=int, default=8000, help="candidate sentences")
    ap.add_argument("--min-prob", type=float, default=0.5)
    ap.add_argument("--out", default="silver.conll")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    torch.set_num_threads(1)
    rng = random.Random(a.seed)
    tok, models, crfs = load([a.ckpt], a.work)
    m, crf = models[0], crfs[0]
    lines = []
    with open(os.path.join(a.work, a.raw), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= a.news_lines:
                break
            lines.append(line.rstrip("\n"))
    rng.shuffle(lines)
    pre = tok.pre_tokenizer
    cands = []
    for line in lines:
        for s in re.split(r"(?<=[.!?؟])\s+", line):
            words = [w for w, _ in pre.pre_tokenize_str(s)]
            if 8 <= len(words) <= 60:
                cands.append(words)
        if len(cands) >= a.n:
            break
    parts = []
    for w in cands:
        enc = tok.encode(w, is_pretokenized=True)
        pos = [None] * len(w)
        for i, wid in enumerate(enc.word_ids):
            if wid is not None and pos[wid] is None:
                pos[wid] = i
        parts.append(dict(ids=enc.ids, pos=pos, y=[0] * len(w)))
    kept = 0
    m.eval()
    with open(os.path.join(a.work, a.out), "w", encoding="utf-8") as f, torch.no_grad():
        for b, ids, am, pos, y, wm in batches(parts, 32, False, None):
            em = word_emissions(m(ids, am), pos)
            paths = crf.decode(em, wm)
            for k, (i, path) in enumerate(zip(b, paths)):
                if all(p == 0 for p in path):
                    continue
                n = len(path)
                t = torch.tensor(path + [0] * (em.shape[1] - n)).unsqueeze(0)
                prob = torch.exp(-crf.nll(em[k:k + 1], t, wm[k:k + 1])).item()
                if prob < a.min_prob:
                    continue
                for w, p in zip(cands[i], path):
                    f.write(f"{w} {LABELS[p]}\n")
                f.write("\n")
                kept += 1
    print(f"silver: {kept} of {len(cands)} sentences kept -> {a.out}")


if __name__ == "__main__":
    main()
