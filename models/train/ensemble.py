"""Dev F1 of an ensemble of trained taggers (evaluation only; not shipped).

The ensemble's path score is the mean of the members' path scores: mean of their
emissions plus a CRF with the mean of their transitions/start/end (a product of
experts, decodable by the engine's Viterbi unchanged); export.py writes the same
ensemble as one ONNX graph. --subsets scores every combination of the given members
(how the shipped MEMBERS were chosen; MODEL_CARD.md lists the figures).
Usage: python ensemble.py --ckpt work/a/best.pt,work/b/best.pt [--subsets]
"""
import argparse
import itertools
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
    ap.add_argument("--subsets", action="store_true",
                    help="score every subset of two or more of the checkpoints (members run once)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok, models, crfs = load(a.ckpt.split(","), a.work)
    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    dev = encode_fit(sents[-(len(sents) // 10):], tok, 256)
    names = [os.path.basename(os.path.dirname(p)) for p in a.ckpt.split(",")]
    if not a.subsets:
        print(f"ensemble of {len(models)}: dev F1 {100*score(dev, decode(models, crfs, dev)):.2f}")
        return
    # each member's emissions once (predict_with visits the batches in a fixed order)
    cache = []
    for name, m, crf in zip(names, models, crfs):
        got = []

        @torch.no_grad()
        def record(ids, am, pos, m=m, got=got):
            got.append(word_emissions(m(ids, am), pos))
            return got[-1]
        f1 = score(dev, predict_with(record, crf, dev))
        print(f"{name}: dev F1 {100*f1:.2f}", flush=True)
        cache.append(got)
    for k in range(2, len(models) + 1):
        for sub in itertools.combinations(range(len(models)), k):
            calls = iter(range(len(cache[0])))

            def emissions(ids, am, pos, sub=sub, calls=calls):
                i = next(calls)
                return sum(cache[j][i] for j in sub) / len(sub)
            f1 = score(dev, predict_with(emissions, mean_crf([crfs[j] for j in sub]), dev))
            print(f"{'+'.join(names[j] for j in sub)}: dev F1 {100*f1:.2f}", flush=True)


def mean_crf(crfs):
    crf = CRF(len(LABELS))
    for name in ("trans", "start", "end"):
        getattr(crf, name).data = sum(getattr(c, name).data for c in crfs) / len(crfs)
    return crf


def decode(models, crfs, data):
    @torch.no_grad()
    def emissions(ids, am, pos):
        return sum(word_emissions(m(ids, am), pos) for m in models) / len(models)
    return predict_with(emissions, mean_crf(crfs), data)


if __name__ == "__main__":
    main()
