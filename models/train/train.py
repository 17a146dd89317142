"""Train the ANERcorp tagger (see model.py) and keep the best dev checkpoint.

Dev = the last 10% of ANERcorp CAMeL train sentences (contiguous, like the test
split); the test split is read only by evaluate.py at the very end.
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
import arabic_norm  # noqa: E402
from model import CRF, Tagger  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
L2I = {l: i for i, l in enumerate(LABELS)}
CHAR_LEN = 16


def map_tag(t):
    return t.replace("PERS", "PER")


def read_conll(path):
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) == 2:
                cur.append((p[0], map_tag(p[1])))
            elif not line.strip() and cur:
                sents.append(cur)
                cur = []
    if cur:
        sents.append(cur)
    return sents


def to_words(sent, pre, norm=None):
    """Gold tokens -> pre-tokens (as the engine sees them) with labels; norm: the
    normalisation options (arabic_norm.DEFAULT when None).

    Returns words, word labels, and for each gold token the index of its first
    word (None when the token normalises to nothing)."""
    words, labels, first = [], [], []
    for tok, tag in sent:
        pieces = [w for w, _ in pre.pre_tokenize_str(arabic_norm.normalize(tok, norm))]
        if not pieces:
            first.append(None)
            continue
        first.append(len(words))
        for k, w in enumerate(pieces):
            words.append(w)
            if k == 0 or tag == "O":
                labels.append(tag)
            else:
                labels.append("I-" + tag[2:])
    return words, labels, first


def word_splitter(tok):
    """The pre-tokenizer that cuts gold tokens into the engine's words: the tokenizer's own,
    except that a Metaspace step (▁ before each word, train_e5.py's tokenizers) is left to
    tok.encode, which adds it to every word it is given."""
    pre = json.loads(tok.to_str())["pre_tokenizer"]
    if pre and pre.get("type") == "Sequence" and any(p["type"] == "Metaspace" for p in pre["pretokenizers"]):
        from tokenizers import pre_tokenizers  # noqa: PLC0415
        return pre_tokenizers.BertPreTokenizer()
    return tok.pre_tokenizer


def encode(sents, tok, max_words=150, norm=None):
    """Encode sentences into examples (ids, first-piece positions, label ids); norm: the
    normalisation options (arabic_norm.DEFAULT when None)."""
    pre = word_splitter(tok)
    out = []
    for s in sents:
        words, labels, first = to_words(s, pre, norm)
        ex_list = []
        for a in range(0, max(len(words), 1), max_words):
            w, lab = words[a:a + max_words], labels[a:a + max_words]
            if not w:
                continue
            enc = tok.encode(w, is_pretokenized=True)
            pos = [None] * len(w)
            for i, wid in enumerate(enc.word_ids):
                if wid is not None and pos[wid] is None:
                    pos[wid] = i
            ex_list.append(dict(ids=enc.ids, pos=pos, y=[L2I[x] for x in lab]))
        out.append(dict(parts=ex_list, first=first, gold=[t for _, t in s]))
    return out


def encode_fit(sents, tok, max_len, norm=None):
    """encode() with parts short enough for a model with max_len positions."""
    for mw in (150, 100, 64, 32):
        data = encode(sents, tok, max_words=mw, norm=norm)
        if max(len(p["ids"]) for d in data for p in d["parts"]) <= max_len:
            return data
    raise ValueError("sentences too long for the model")


def char_table(tok):
    # sorted by id: get_vocab() order differs between processes (the checkpoint stores
    # the table it was trained with, so older checkpoints still load correctly)
    vocab = dict(sorted(tok.get_vocab().items(), key=lambda kv: kv[1]))
    V = tok.get_vocab_size()
    chars = {}
    for p in vocab:
        for c in p.replace("##", "", 1) if p.startswith("##") else p:
            chars.setdefault(c, len(chars) + 4)  # 0 pad, 1 unk, 2 '##' mark, 3 special
    T = torch.zeros(V, CHAR_LEN, dtype=torch.long)
    for p, i in vocab.items():
        if p.startswith("[") and p.endswith("]"):
            seq = [3]
        elif p.startswith("##"):
            seq = [2] + [chars.get(c, 1) for c in p[2:]]
        else:
            seq = [chars.get(c, 1) for c in p]
        seq = seq[:CHAR_LEN]
        T[i, :len(seq)] = torch.tensor(seq)
    return T, len(chars) + 4


def batches(parts, bs, shuffle, rng):
    idx = sorted(range(len(parts)), key=lambda i: len(parts[i]["ids"]))
    bl = [idx[i:i + bs] for i in range(0, len(idx), bs)]
    if shuffle:
        rng.shuffle(bl)
    for b in bl:
        ex = [parts[i] for i in b]
        S = max(len(e["ids"]) for e in ex)
        T = max(len(e["pos"]) for e in ex)
        ids = torch.zeros(len(ex), S, dtype=torch.long)
        am = torch.zeros(len(ex), S, dtype=torch.long)
        pos = torch.zeros(len(ex), T, dtype=torch.long)
        y = torch.zeros(len(ex), T, dtype=torch.long)
        wm = torch.zeros(len(ex), T, dtype=torch.bool)
        for k, e in enumerate(ex):
            ids[k, :len(e["ids"])] = torch.tensor(e["ids"])
            am[k, :len(e["ids"])] = 1
            pos[k, :len(e["pos"])] = torch.tensor(e["pos"])
            y[k, :len(e["y"])] = torch.tensor(e["y"])
            wm[k, :len(e["y"])] = True
        yield b, ids, am, pos, y, wm


def word_emissions(logits, pos):
    return torch.gather(logits, 1, pos.unsqueeze(-1).expand(-1, -1, logits.shape[-1]))


def predict_with(emissions, crf, data, bs=32):
    """Predicted tags per gold token for each sentence in data; emissions(ids, am, pos)
    gives the first-piece emissions [B, T, labels] of a batch (any model, PyTorch or ONNX)."""
    parts = [p for d in data for p in d["parts"]]
    owner = [si for si, d in enumerate(data) for _ in d["parts"]]
    word_pred = [None] * len(parts)
    for b, ids, am, pos, y, wm in batches(parts, bs, False, None):
        for i, path in zip(b, crf.decode(emissions(ids, am, pos), wm)):
            word_pred[i] = path
    per_sent = [[] for _ in data]
    for i, si in enumerate(owner):
        per_sent[si].extend(LABELS[j] for j in word_pred[i])
    return [[wp[f] if f is not None else "O" for f in d["first"]] for d, wp in zip(data, per_sent)]


@torch.no_grad()
def predict(model, crf, data, bs=32, device="cpu"):
    """Return predicted tags per gold token for each sentence in data."""
    model.eval()

    def emissions(ids, am, pos):
        return word_emissions(model(ids.to(device), am.to(device)), pos.to(device)).float().cpu()
    return predict_with(emissions, crf, data, bs)


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


def score(data, preds):
    """Entity micro-F1 of preds against the gold of data, as seqeval computes it."""
    gold = [d["gold"] for d in data]
    try:
        from seqeval.metrics import f1_score
        return f1_score(gold, preds)
    except ImportError:  # the GPU machine has no seqeval: same chunking, own count
        g = {(k,) + c for k, s in enumerate(gold) for c in _chunks(s)}
        p = {(k,) + c for k, s in enumerate(preds) for c in _chunks(s)}
        tp = len(g & p)
        return 0.0 if tp == 0 else 2 * tp / (len(g) + len(p))


def split_dev(sents, extra, limit):
    """ANERcorp train minus its last 10% (contiguous) for training, that 10% as dev; extra
    CoNLL files (comma-separated) join training; limit (debug) keeps N train sentences."""
    n_dev = len(sents) // 10
    train_s, dev_s = sents[:-n_dev], sents[-n_dev:]
    for path in filter(None, extra.split(",")):
        ex = read_conll(path)
        print(f"extra {path}: {len(ex)} sentences", flush=True)
        train_s = train_s + ex
    if limit:
        train_s, dev_s = train_s[:limit], dev_s[:limit // 4]
    return train_s, dev_s


def fit(a, out_dir, model, crf, parts, dev, opt, params, clip, checkpoint, patience=0,
        device="cpu", before_step=None):
    """The epoch loop of train.py and train_tx.py: CRF negative log-likelihood over shuffled
    length-sorted batches (seed a.seed), gradients clipped to clip, dev F1 after every epoch;
    the best epoch is saved as out_dir/best.pt (checkpoint() gives what goes with the
    weights), training stops after a.epochs, after `patience` epochs without a better dev F1
    (0: never) or once a.minutes have passed; out_dir/train.json keeps the history.
    before_step(step) runs before each optimiser step (a learning-rate schedule)."""
    rng = random.Random(a.seed)
    best, best_ep, bad, step = -1.0, -1, 0, 0
    t0 = time.time()
    hist = []
    for ep in range(1, a.epochs + 1):
        model.train()
        tl, n = 0.0, 0
        te = time.time()
        for b, ids, am, pos, y, wm in batches(parts, a.bs, True, rng):
            if before_step:
                before_step(step)
            em = word_emissions(model(ids.to(device), am.to(device)), pos.to(device)).float().cpu()
            loss = crf.nll(em, y, wm)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
            tl += loss.item()
            n += 1
            step += 1
        f1 = score(dev, predict(model, crf, dev, device=device))
        hist.append(dict(epoch=ep, loss=tl / n, dev_f1=f1, secs=time.time() - te))
        print(f"ep {ep} loss {tl/n:.3f} dev F1 {100*f1:.2f} ({time.time()-te:.0f}s)", flush=True)
        if f1 > best:
            best, best_ep, bad = f1, ep, 0
            torch.save(checkpoint(), os.path.join(out_dir, "best.pt"))
        else:
            bad += 1
            if patience and bad >= patience:
                break
        if (time.time() - t0) / 60 > a.minutes:
            print("time budget reached", flush=True)
            break
    json.dump(dict(best_dev_f1=best, best_epoch=best_ep, minutes=(time.time() - t0) / 60,
                   history=hist, args=vars(a)), open(os.path.join(out_dir, "train.json"), "w"), indent=1)
    print(f"best dev F1 {100*best:.2f} at epoch {best_ep}; {(time.time()-t0)/60:.1f} min", flush=True)


def seed_all(a):
    """Fixed seeds (a.seed) for torch, random and numpy; a.threads torch threads."""
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)


def finetune(a, model, crf, parts, dev, extra, device="cpu"):
    """fit() for a pretrained encoder with a linear head (model.enc, model.out) and a CRF, as
    train_tx.py and train_e5.py fine-tune: AdamW with weight decay a.wd on the encoder's
    matrices, lr a.lr for the encoder and a.lr_head for head and CRF, linear warm-up over
    a.warmup of the steps then linear decay to 0, gradients clipped to 1. The checkpoint
    holds model, crf, the entries of extra, and the arguments."""
    enc_p = list(model.enc.parameters())
    head_p = list(model.out.parameters()) + list(crf.parameters())
    dec = [p for p in enc_p if p.dim() >= 2]
    nodec = [p for p in enc_p if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": dec, "lr": a.lr, "weight_decay": a.wd},
                             {"params": nodec, "lr": a.lr, "weight_decay": 0.0},
                             {"params": head_p, "lr": a.lr_head, "weight_decay": 0.0}])
    base = [g["lr"] for g in opt.param_groups]
    total = (len(parts) + a.bs - 1) // a.bs * a.epochs

    def schedule(step):  # linear warm-up, then linear decay to 0
        f = step / max(1, total)
        scale = f / a.warmup if f < a.warmup else max(0.0, (1 - f) / (1 - a.warmup))
        for g, lr in zip(opt.param_groups, base):
            g["lr"] = lr * scale
    fit(a, a.out, model, crf, parts, dev, opt, enc_p + head_p, 1.0, lambda: {
        "model": {k: v.cpu() for k, v in model.state_dict().items()}, "crf": crf.state_dict(),
        **extra, "args": vars(a)}, device=device, before_step=schedule)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--run", default="run1")
    ap.add_argument("--emb", default="w2v128.npy")
    ap.add_argument("--tune-emb", action="store_true")
    ap.add_argument("--hid", type=int, default=192)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--task-hid", type=int, default=0)
    ap.add_argument("--cfil", type=int, default=32)
    ap.add_argument("--drop", type=float, default=0.4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--minutes", type=float, default=25)
    ap.add_argument("--init", default="", help="state dict to start the LSTMs from (LM pretraining)")
    ap.add_argument("--start", default="", help="checkpoint (best.pt) whose tagger and CRF training continues from")
    ap.add_argument("--ctx", default="", help="pretrained tx encoder shards (<dir>/<preset>) whose layers join the input")
    ap.add_argument("--ctx-lr", type=float, default=0.0, help="fine-tune the ctx encoder at this rate (0: frozen)")
    ap.add_argument("--extra", default="", help="extra CoNLL files (comma) added to train")
    ap.add_argument("--limit", type=int, default=0, help="debug: use only N train sentences")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    seed_all(a)
    from tokenizers import Tokenizer
    out_dir = os.path.join(a.work, a.run)
    os.makedirs(out_dir, exist_ok=True)
    tok = Tokenizer.from_file(os.path.join(a.work, "tokenizer.json"))
    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    train_s, dev_s = split_dev(sents, a.extra, a.limit)
    ctx, ctx_cfg = None, None
    if a.ctx:
        from tx import Encoder, load_sharded
        ctx_cfg, state = load_sharded(a.ctx)
        ctx = Encoder(ctx_cfg)
        ctx.load_state_dict(state)
        for p in ctx.parameters():
            p.requires_grad = a.ctx_lr > 0
        train, dev = encode_fit(train_s, tok, ctx_cfg.max_pos), encode_fit(dev_s, tok, ctx_cfg.max_pos)
    else:
        train, dev = encode(train_s, tok), encode(dev_s, tok)
    train_parts = [p for d in train for p in d["parts"]]
    print(f"train {len(train_s)} sents ({len(train_parts)} parts), dev {len(dev_s)}", flush=True)
    emb = torch.from_numpy(np.load(os.path.join(a.work, a.emb)))
    ct, n_chars = char_table(tok)
    model = Tagger(emb, ct, n_chars, len(LABELS), hid=a.hid, layers=a.layers, task_hid=a.task_hid,
                   cfil=a.cfil, drop=a.drop, freeze_emb=not a.tune_emb, ctx=ctx)
    if a.init:
        sd = torch.load(a.init)
        missing, unexpected = model.load_state_dict(sd, strict=False)
        print(f"init from {a.init}: loaded {len(sd) - len(unexpected)} tensors", flush=True)
    crf = CRF(len(LABELS))
    if a.start:
        ck = torch.load(a.start)
        model.load_state_dict(ck["model"])
        crf.load_state_dict(ck["crf"])
        print(f"start from {a.start}", flush=True)
    ctx_ids = {id(p) for p in ctx.parameters()} if ctx is not None else set()
    params = [p for p in list(model.parameters()) + list(crf.parameters()) if p.requires_grad]
    groups = [{"params": [p for p in params if id(p) not in ctx_ids], "lr": a.lr}]
    if a.ctx_lr > 0:
        groups.append({"params": [p for p in params if id(p) in ctx_ids], "lr": a.ctx_lr})
    opt = torch.optim.Adam(groups)
    fit(a, out_dir, model, crf, train_parts, dev, opt, params, 5.0, lambda: {
        "model": model.state_dict(), "crf": crf.state_dict(), "args": vars(a), "n_chars": n_chars,
        "ctx_cfg": ctx_cfg.to_dict() if ctx_cfg else None}, patience=a.patience)


if __name__ == "__main__":
    main()
