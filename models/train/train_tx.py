"""Fine-tune the pretrained tx.py encoder for NER on ANERcorp (CPU by default).

Same data handling as train.py (dev = the last 10% of ANERcorp CAMeL train,
contiguous; the test split is read only by evaluate.py at the very end):
labels are read on each word's first piece, a linear-chain CRF runs over words.
Optimiser: AdamW, linear warm-up over --warmup of the steps then linear decay;
the CRF and the classifier learn at --lr-head. The best dev epoch is kept.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CRF  # noqa: E402
from train import LABELS, batches, encode_fit, predict, read_conll, word_emissions  # noqa: E402
from tx import PRESETS, TxTagger, load_sharded  # noqa: E402


def _chunks(tags):
    """Entity chunks (type, start, end) the way seqeval's default mode reads IOB2/IOB1."""
    out, prev_tag, prev_type, begin = [], "O", "", 0
    for i, t in enumerate(list(tags) + ["O"]):
        tag, typ = t[0], (t.split("-", 1)[-1] if t != "O" else "")
        end = prev_tag != "O" and (tag in "BO" or prev_type != typ)
        if end:
            out.append((prev_type, begin, i - 1))
        if tag == "B" or (tag == "I" and (prev_tag == "O" or prev_type != typ)):
            begin = i
        prev_tag, prev_type = tag, typ
    return out


def f1(gold, pred):
    try:
        from seqeval.metrics import f1_score
        return f1_score(gold, pred)
    except ImportError:  # the GPU machine has no seqeval: same chunking, own count
        g = {(k,) + c for k, s in enumerate(gold) for c in _chunks(s)}
        p = {(k,) + c for k, s in enumerate(pred) for c in _chunks(s)}
        tp = len(g & p)
        return 0.0 if tp == 0 else 2 * tp / (len(g) + len(p))


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
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)
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
    n_dev = len(sents) // 10
    train_s, dev_s = sents[:-n_dev], sents[-n_dev:]
    for path in filter(None, a.extra.split(",")):
        ex = read_conll(path)
        print(f"extra {path}: {len(ex)} sentences", flush=True)
        train_s = train_s + ex
    if a.limit:
        train_s, dev_s = train_s[:a.limit], dev_s[:a.limit // 4]
    train = encode_fit(train_s, tok, cfg.max_pos)
    dev_data = encode_fit(dev_s, tok, cfg.max_pos)
    parts = [p for d in train for p in d["parts"]]
    gold_dev = [d["gold"] for d in dev_data]
    print(f"train {len(train_s)} sents ({len(parts)} parts), dev {len(dev_s)}; "
          f"encoder {cfg.layers}x{cfg.hid}", flush=True)
    model = TxTagger(cfg, len(LABELS))
    if state is not None:
        model.enc.load_state_dict(state, strict=True)
    model.to(dev)
    crf = CRF(len(LABELS))
    enc_p = list(model.enc.parameters())
    head_p = list(model.out.parameters()) + list(crf.parameters())
    dec = [p for p in enc_p if p.dim() >= 2]
    nodec = [p for p in enc_p if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": dec, "lr": a.lr, "weight_decay": a.wd},
                             {"params": nodec, "lr": a.lr, "weight_decay": 0.0},
                             {"params": head_p, "lr": a.lr_head, "weight_decay": 0.0}])
    base = [g["lr"] for g in opt.param_groups]
    n_batches = (len(parts) + a.bs - 1) // a.bs
    total = n_batches * a.epochs
    rng = random.Random(a.seed)
    best, best_ep, step = -1.0, -1, 0
    t0 = time.time()
    hist = []
    for ep in range(1, a.epochs + 1):
        model.train()
        tl, n = 0.0, 0
        te = time.time()
        for b, ids, am, pos, y, wm in batches(parts, a.bs, True, rng):
            f = step / max(1, total)
            scale = f / a.warmup if f < a.warmup else max(0.0, (1 - f) / (1 - a.warmup))
            for g, lr in zip(opt.param_groups, base):
                g["lr"] = lr * scale
            em = word_emissions(model(ids.to(dev), am.to(dev)), pos.to(dev)).float().cpu()
            loss = crf.nll(em, y, wm)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(enc_p + head_p, 1.0)
            opt.step()
            tl += loss.item()
            n += 1
            step += 1
        score = f1(gold_dev, predict(model, crf, dev_data, device=dev))
        hist.append(dict(epoch=ep, loss=tl / n, dev_f1=score, secs=time.time() - te))
        print(f"ep {ep} loss {tl/n:.3f} dev F1 {100*score:.2f} ({time.time()-te:.0f}s)", flush=True)
        if score > best:
            best, best_ep = score, ep
            torch.save({"model": {k: v.cpu() for k, v in model.state_dict().items()},
                        "crf": crf.state_dict(), "cfg": cfg.to_dict(), "args": vars(a)},
                       os.path.join(a.out, "best.pt"))
        if (time.time() - t0) / 60 > a.minutes:
            print("time budget reached", flush=True)
            break
    json.dump(dict(best_dev_f1=best, best_epoch=best_ep, minutes=(time.time() - t0) / 60,
                   history=hist, args=vars(a)), open(os.path.join(a.out, "train.json"), "w"), indent=1)
    print(f"best dev F1 {100*best:.2f} at epoch {best_ep}; {(time.time()-t0)/60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
