"""Score checkpoint(s) with Python seqeval (entity micro-F1, default mode, IOB2).

Dev = last 10% of ANERcorp CAMeL train. `--test` also scores the CAMeL test
split: run it once, at the end, for the model card. Several checkpoints are
ensembled the way export.py does (mean of logits, mean CRF parameters), by
running the exported ONNX graph when --onnx is given.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CRF  # noqa: E402
from train import LABELS, encode_fit, predict_with, read_conll, word_emissions  # noqa: E402


def predict_onnx(onnx_path, crf, data, bs=32):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])

    def emissions(ids, am, pos):
        lg = s.run(None, {"input_ids": ids.numpy(), "attention_mask": am.numpy()})[0]
        return word_emissions(torch.from_numpy(lg), pos)
    return predict_with(emissions, crf, data, bs)


def crf_from_json(path):
    import json
    j = json.load(open(path))
    assert j["labels"] == LABELS
    c = CRF(len(LABELS))
    c.trans.data = torch.tensor(j["transitions"])
    c.start.data = torch.tensor(j["start"])
    c.end.data = torch.tensor(j["end"])
    return c


def report(name, gold, pred):
    from seqeval.metrics import classification_report, f1_score
    print(f"== {name}: entity micro-F1 {100*f1_score(gold, pred):.2f}")
    print(classification_report(gold, pred, digits=4))


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--model", default=os.path.join(here, "../khabar-ner-ar"))
    ap.add_argument("--test", action="store_true", help="also score the test split (final only)")
    a = ap.parse_args()
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(a.model, "tokenizer.json"))
    crf = crf_from_json(os.path.join(a.model, "crf.json"))
    onnx_path = os.path.join(a.model, "model.onnx")
    import json
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    max_len = cfg["max_position_embeddings"]
    norm = cfg.get("khabar", {}).get("normalize")

    def encode(s, tok):
        return encode_fit(s, tok, max_len, norm)

    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    dev = encode(sents[-(len(sents) // 10):], tok)
    report("dev (last 10% of train)", [d["gold"] for d in dev], predict_onnx(onnx_path, crf, dev))
    if a.test:
        test = encode(read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_test.txt")), tok)
        report("ANERcorp CAMeL test", [d["gold"] for d in test], predict_onnx(onnx_path, crf, test))


if __name__ == "__main__":
    main()
