"""Masked-LM pretraining of the tx.py encoder on the raw/ piece ids (`make pretrain`).

Meant for a GPU (one short run: a wall-clock budget, the learning-rate schedule
follows the elapsed fraction of it); it runs on CPU too, slowly (used by the
script's own smoke test). Input: the piece ids prep.py writes (work/raw_ids.npy,
int32 with -1 between paragraphs), or the same as uint16 (65535 between
paragraphs), optionally .xz-compressed, to travel light.

Sequences are random windows of the concatenated paragraphs ([SEP] between
paragraphs, [CLS] first, [SEP] last: RoBERTa's "full sentences" packing);
whole-word masking (a word = a piece and its ## continuations), 15% of words,
80/10/10 [MASK]/random/kept. The last 200k pieces are held out for the MLM
loss/accuracy printed at each save. Saves the encoder (not the MLM head) as
fp16 shards <out>/<preset>.N.pt every --save-every seconds and at the end.
"""
import argparse
import io
import json
import lzma
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tx import PRESETS, Encoder, MLMHead, load_sharded, save_sharded  # noqa: E402

PAD, UNK, CLS, SEP, MASK = 0, 1, 2, 3, 4
N_SPECIAL = 5


def load_ids(path):
    raw = lzma.open(path).read() if path.endswith(".xz") else open(path, "rb").read()
    a = np.load(io.BytesIO(raw))
    a = a.astype(np.int64)
    a[(a == 65535) | (a < 0)] = SEP
    return torch.from_numpy(a)


def continuation_table(tok_path, V):
    vocab = json.load(open(tok_path, encoding="utf-8"))["model"]["vocab"]
    t = torch.zeros(V, dtype=torch.bool)
    for p, i in vocab.items():
        if p.startswith("##") and i < V:
            t[i] = True
    return t


def make_batch(ids, cont, bs, seq, V, p, gen, device):
    """Random windows + whole-word masking. Returns inputs, selected mask, targets."""
    n = ids.numel()
    L = seq - 2
    starts = torch.randint(0, n - L, (bs,), generator=gen, device=device)
    x = ids[starts[:, None] + torch.arange(L, device=device)[None, :]]
    cls = torch.full((bs, 1), CLS, device=device, dtype=x.dtype)
    sep = torch.full((bs, 1), SEP, device=device, dtype=x.dtype)
    x = torch.cat([cls, x, sep], 1)
    ar = torch.arange(seq, device=device).expand(bs, seq)
    special = x < N_SPECIAL
    start = ~cont[x]
    u = torch.rand((bs, seq), generator=gen, device=device)
    pick = (u < p) & start & ~special
    ws = torch.cummax(torch.where(start, ar, torch.zeros_like(ar)), 1).values
    sel = pick.gather(1, ws) & ~special
    r = torch.rand((bs, seq), generator=gen, device=device)
    rnd = torch.randint(N_SPECIAL, V, (bs, seq), generator=gen, device=device)
    inp = torch.where(sel & (r < 0.8), torch.full_like(x, MASK), x)
    inp = torch.where(sel & (r >= 0.8) & (r < 0.9), rnd, inp)
    return inp, sel, x[sel]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--tok", required=True)
    ap.add_argument("--preset", default="mini", choices=sorted(PRESETS))
    ap.add_argument("--out", required=True, help="folder for the <preset>.N.pt shards")
    ap.add_argument("--meta", default="", help="folder for <preset>.json (default: --out)")
    ap.add_argument("--minutes", type=float, default=6.5, help="wall-clock budget of the training loop")
    ap.add_argument("--steps", type=int, default=0,
                    help="a step budget instead (the schedule follows step/steps): reproduces a recorded run")
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--seq", type=int, default=0, help="default: the preset's max_pos")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=float, default=0.06, help="fraction of the budget")
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--mask", type=float, default=0.15)
    ap.add_argument("--save-every", type=float, default=60.0)
    ap.add_argument("--init", default="", help="continue from encoder shards <dir>/<preset> (the MLM head starts afresh)")
    ap.add_argument("--max-steps", type=int, default=0, help="debug: stop after N steps")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    t_start = time.time()
    torch.manual_seed(a.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    c = PRESETS[a.preset]
    seq = a.seq or c.max_pos
    assert seq <= c.max_pos
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.meta or a.out, exist_ok=True)
    ids = load_ids(a.ids)
    held = ids[-200_000:].to(dev)
    ids = ids[:-200_000].to(dev)
    cont = continuation_table(a.tok, c.vocab).to(dev)
    print(f"[{a.preset}] {ids.numel()} training pieces on {dev} (load {time.time()-t_start:.0f}s)", flush=True)
    enc = Encoder(c)
    if a.init:
        ic, state = load_sharded(a.init)
        assert ic.to_dict() == c.to_dict(), f"{a.init}: config {ic} differs from {c}"
        enc.load_state_dict(state)
        print(f"[{a.preset}] continuing from {a.init}", flush=True)
    enc = enc.to(dev)
    head = MLMHead(c, enc.tok).to(dev)
    params = list(enc.parameters()) + [p for n, p in head.named_parameters() if not n.startswith("table")]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.wd},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.98), eps=1e-6,
                            fused=(dev.type == "cuda"))
    n_par = sum(p.numel() for p in enc.parameters())
    print(f"[{a.preset}] encoder {n_par/1e6:.2f}M parameters, batch {a.bs}x{seq}", flush=True)
    gen = torch.Generator(device=dev)
    gen.manual_seed(a.seed)
    hgen = torch.Generator(device=dev)
    amp = dict(device_type=dev.type, dtype=torch.bfloat16)

    @torch.no_grad()
    def held_out():
        enc.eval()
        hgen.manual_seed(1234)
        tl, tc, tn = 0.0, 0, 0
        for _ in range(8):
            inp, sel, tgt = make_batch(held, cont, 64, seq, c.vocab, a.mask, hgen, dev)
            with torch.autocast(**amp):
                lg = head(enc(inp)[sel]).float()
            tl += F.cross_entropy(lg, tgt, reduction="sum").item()
            tc += (lg.argmax(-1) == tgt).sum().item()
            tn += tgt.numel()
        enc.train()
        return tl / tn, tc / tn

    budget = a.minutes * 60.0
    t0 = time.time()
    last_save = t0
    step, seen, ema = 0, 0, None
    hist = []

    def save(tag):
        loss, acc = held_out()
        el = time.time() - t0
        hist.append(dict(step=step, pieces=seen, secs=round(el, 1), held_loss=loss, held_acc=acc))
        save_sharded(enc.state_dict(), c, os.path.join(a.out, a.preset))
        json.dump(dict(preset=a.preset, cfg=c.to_dict(), args=vars(a), history=hist,
                       params=n_par, device=str(dev)),
                  open(os.path.join(a.meta or a.out, a.preset + ".json"), "w"), indent=1)
        print(f"[{a.preset}] {tag} step {step} pieces {seen/1e6:.0f}M {el:.0f}s "
              f"held-out MLM loss {loss:.3f} acc {acc:.3f}", flush=True)

    enc.train()
    while True:
        f = step / a.steps if a.steps else (time.time() - t0) / budget
        if f >= 1.0 or (a.max_steps and step >= a.max_steps):
            break
        lr = a.lr * (f / a.warmup if f < a.warmup else max(0.0, (1 - f) / (1 - a.warmup)))
        for g in opt.param_groups:
            g["lr"] = lr
        inp, sel, tgt = make_batch(ids, cont, a.bs, seq, c.vocab, a.mask, gen, dev)
        with torch.autocast(**amp):
            lg = head(enc(inp)[sel])
        loss = F.cross_entropy(lg.float(), tgt)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        seen += inp.numel()
        if step % 100 == 0:
            lv = loss.item()
            ema = lv if ema is None else 0.9 * ema + 0.1 * lv
            if step % 500 == 0:
                el = time.time() - t0
                print(f"[{a.preset}] step {step} loss {ema:.3f} lr {lr:.2e} "
                      f"{seen/el/1e6:.2f}M pieces/s {el:.0f}s", flush=True)
            if not math.isfinite(lv):
                print(f"[{a.preset}] loss is {lv}: stopping", flush=True)
                break
        if time.time() - last_save > a.save_every:
            save("checkpoint")
            last_save = time.time()
    save("final")
    print(f"[{a.preset}] done: {step} steps, {seen/1e6:.0f}M pieces "
          f"({seen/ids.numel():.1f} passes), {time.time()-t_start:.0f}s total", flush=True)


if __name__ == "__main__":
    main()
