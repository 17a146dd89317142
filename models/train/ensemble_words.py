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
    data, em_a, crf_a = word_emissions_of(a.first, sents)
    _, em_b, crf_b = word_emissions_of(a.second, sents)
    if any(len(x) != len(y) for x, y in zip(em_a, em_b)):
        raise SystemExit("the two folders cut the gold tokens into different words")
    owner = [si for si, d in enumerate(data) for _ in d["parts"]]
    for w in (float(x) for x in a.weights.split(",")):
        crf = CRF(len(LABELS))
        for n in ("trans", "start", "end"):
            getattr(crf, n).data = (1 - w) * getattr(crf_a, n).data + w * getattr(crf_b, n).data
        per = [[] for _ in data]
        for i, (ea, eb) in enumerate(zip(em_a, em_b)):
            em = ((1 - w) * ea + w * eb).unsqueeze(0)
            per[owner[i]].extend(LABELS[j] for j in crf.decode(em, torch.ones(1, em.shape[1], dtype=torch.bool))[0])
        preds = [[wp[f] if f is not None else "O" for f in d["first"]] for d, wp in zip(data, per)]
        print(f"weight of {a.second}: {w:.2f}  micro-F1 {100 * score(data, preds):.2f}", flush=True)


if __name__ == "__main__":
    main()
