"""Dev F1 of an ensemble of trained taggers (evaluation only; not shipped).

The ensemble's path score is the mean of the members' path scores: mean of their
emissions plus a CRF with the mean of their transitions/start/end (a product of
experts, decodable by the engine's Viterbi unchanged). Measured on the v2 seeds:
2 members 77.95, 3 members 77.84 vs 77.44-77.89 alone, so the default ships one.
Usage: python ensemble.py --ckpt work/a/best.pt,work/b/best.pt
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import load  # noqa: E402
from model import CRF  # noqa: E402
from train import LABELS, encode_fit, predict_with, read_conll, score, word_emissions  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--ckpt", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok, models, crfs = load(a.ckpt.split(","), a.work)
    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    dev = encode_fit(sents[-(len(sents) // 10):], tok, 256)
    crf = CRF(len(LABELS))
    for name in ("trans", "start", "end"):
        getattr(crf, name).data = sum(getattr(c, name).data for c in crfs) / len(crfs)

    @torch.no_grad()
    def emissions(ids, am, pos):
        return sum(word_emissions(m(ids, am), pos) for m in models) / len(models)
    pred = predict_with(emissions, crf, dev)
    print(f"ensemble of {len(models)}: dev F1 {100*score(dev, pred):.2f}")


if __name__ == "__main__":
    main()
