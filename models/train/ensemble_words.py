"""Score a word-level ensemble of two exported model folders whose tokenizers differ, the way
the engine combines an ensemble.json (extract/ner.go): each folder encodes the gold tokens
with its own tokenizer and normalisation, the first-piece emissions of every word are
averaged with weights (1-w, w), and one Viterbi pass decodes them under the same weighted
mean of the two CRFs. Prints entity micro-F1 (seqeval) for each weight w of the second
folder. Used to choose khabar-ner-ar-plus's weight on dev.

    models/train/.venv/bin/python models/train/ensemble_words.py models/khabar-ner-ar models/khabar-ner-ar-e5 [CONLL]

CONLL defaults to ANERcorp dev (the last 10% of CAMeL train).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import crf_from_json  # noqa: E402
from model import CRF  # noqa: E402
from train import LABELS, batches, encode, read_conll, score, word_emissions  # noqa: E402


def word_emissions_of(folder, sents):
    import onnxruntime as ort
    from tokenizers import Tokenizer
    cfg = json.load(open(os.path.join(folder, "config.json")))
    tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    # the same parts for both folders: at most 100 words each
    data = encode(sents, tok, 100, cfg.get("khabar", {}).get("normalize"))
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(os.path.join(folder, "model.onnx"), so, providers=["CPUExecutionProvider"])
    parts = [p for d in data for p in d["parts"]]
    out = [None] * len(parts)
    for b, ids, am, pos, _, _ in batches(parts, 8, False, None):
        em = word_emissions(torch.from_numpy(s.run(None, {"input_ids": ids.numpy(), "attention_mask": am.numpy()})[0]), pos)
        for k, i in enumerate(b):
            out[i] = em[k, :len(parts[i]["pos"])]
    return data, out, crf_from_json(os.path.join(folder, "crf.json"))


def emissions_of(folders, sents):
    """word_emissions_of for each folder: the shared encoded data, each folder's word emissions
    and CRF. The folders must cut the gold tokens into the same words."""
    data, ems, crfs = None, [], []
    for folder in folders:
        d, em, crf = word_emissions_of(folder, sents)
        if ems and any(len(x) != len(y) for x, y in zip(em, ems[0])):
            raise SystemExit(f"{folder} cuts the gold tokens into other words than {folders[0]}")
        data = data or d
        ems.append(em)
        crfs.append(crf)
    return data, ems, crfs


def decode_weighted(data, ems, crfs, weights):
    """The tag of every gold token of every sentence: the weighted mean of the folders' word
    emissions decoded by Viterbi under the weighted mean of their CRFs (weights sum to 1)."""
    crf = CRF(len(LABELS))
    for n in ("trans", "start", "end"):
        getattr(crf, n).data = sum(w * getattr(c, n).data for w, c in zip(weights, crfs))
    owner = [si for si, d in enumerate(data) for _ in d["parts"]]
    per = [[] for _ in data]
    for i in range(len(owner)):
        em = sum(w * e[i] for w, e in zip(weights, ems)).unsqueeze(0)
        per[owner[i]].extend(LABELS[j] for j in crf.decode(em, torch.ones(1, em.shape[1], dtype=torch.bool))[0])
    return [[wp[f] if f is not None else "O" for f in d["first"]] for d, wp in zip(data, per)]


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("first")
    ap.add_argument("second")
    ap.add_argument("conll", nargs="?", default="")
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--weights", default="0,0.3,0.4,0.5,0.6,1")
    a = ap.parse_args()
    torch.set_num_threads(1)
    if a.conll:
        sents = read_conll(a.conll)
    else:
        sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
        sents = sents[-(len(sents) // 10):]
    data, ems, crfs = emissions_of([a.first, a.second], sents)
    for w in (float(x) for x in a.weights.split(",")):
        preds = decode_weighted(data, ems, crfs, [1 - w, w])
        print(f"weight of {a.second}: {w:.2f}  micro-F1 {100 * score(data, preds):.2f}", flush=True)


if __name__ == "__main__":
    main()
