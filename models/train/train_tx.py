"""Fine-tune the pretrained tx.py encoder for NER on ANERcorp (CPU by default).

Same data handling as train.py (dev = the last 10% of ANERcorp CAMeL train,
contiguous; the test split is read only by evaluate.py at the very end):
labels are read on each word's first piece, a linear-chain CRF runs over words.
Optimiser: AdamW, linear warm-up over --warmup of the steps then linear decay;
the CRF and the classifier learn at --lr-head. The best dev epoch is kept.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CRF  # noqa: E402
from train import LABELS, encode_fit, finetune, read_conll, seed_all, split_dev  # noqa: E402
from tx import PRESETS, TxTagger, load_sharded  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--train-file", default="", help="default: <data>/anercorp/camel_split/ANERCorp_CamelLab_train.txt")
    ap.add_argument("--tok", default=os.path.join(here, "work/tokenizer.json"))
    ap.add_argument("--init", default="", help="pretrained encoder shards prefix (<dir>/<preset>)")
    ap.add_argument("--preset", default="mini", choices=sorted(PRESETS), help="when --init is empty")
    ap.add_argument("--out", required=True, help="folder for best.pt and train.json")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lr-head", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--drop", type=float, default=0.1)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=150)
    ap.add_argument("--extra", default="", help="extra CoNLL files (comma) added to train")
    ap.add_argument("--limit", type=int, default=0, help="debug: use only N train sentences")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    seed_all(a)
    dev = torch.device(a.device)
    from tokenizers import Tokenizer
    os.makedirs(a.out, exist_ok=True)
    tok = Tokenizer.from_file(a.tok)
    if a.init:
        cfg, state = load_sharded(a.init)
    else:
        cfg, state = PRESETS[a.preset], None
    cfg.drop = a.drop
    sents = read_conll(a.train_file or os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    train_s, dev_s = split_dev(sents, a.extra, a.limit)
    train = encode_fit(train_s, tok, cfg.max_pos)
    dev_data = encode_fit(dev_s, tok, cfg.max_pos)
    parts = [p for d in train for p in d["parts"]]
    print(f"train {len(train_s)} sents ({len(parts)} parts), dev {len(dev_s)}; "
          f"encoder {cfg.layers}x{cfg.hid}", flush=True)
    model = TxTagger(cfg, len(LABELS))
    if state is not None:
        model.enc.load_state_dict(state, strict=True)
    model.to(dev)
    crf = CRF(len(LABELS))
    finetune(a, model, crf, parts, dev_data, {"cfg": cfg.to_dict()}, device=dev)


if __name__ == "__main__":
    main()
