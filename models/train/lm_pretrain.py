"""Pretrain the tagger's forward/backward LSTMs as piece language models on raw/.

ELMo-style: the forward LSTM at position t predicts piece t+1, the backward LSTM
(run on the reversed window) predicts piece t-1; both share the tagger's input
table (frozen word2vec ++ trainable char CNN). Output: a state dict that
train.py --init loads (the NER head is not part of it). Adaptive softmax over
pieces ranked by raw/ frequency keeps the output layer cheap on CPU.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Tagger  # noqa: E402
from train import LABELS, char_table  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--emb", default="w2v128.npy")
    ap.add_argument("--hid", type=int, default=192)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--cfil", type=int, default=32)
    ap.add_argument("--win", type=int, default=48)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--out", default="lm")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(a.work, "tokenizer.json"))
    V = tok.get_vocab_size()
    ids = np.load(os.path.join(a.work, "raw_ids.npy"))
    ids = np.where(ids < 0, 3, ids).astype(np.int64)  # line break -> [SEP]
    freq = np.bincount(ids, minlength=V)
    order = np.argsort(-freq, kind="stable")
    rank = np.empty(V, dtype=np.int64)
    rank[order] = np.arange(V)
    rank_t = torch.from_numpy(rank)
    emb = torch.from_numpy(np.load(os.path.join(a.work, a.emb)))
    ct, n_chars = char_table(tok)
    m = Tagger(emb, ct, n_chars, len(LABELS), hid=a.hid, layers=a.layers, task_hid=0,
               cfil=a.cfil, drop=0.1)
    head_f = nn.AdaptiveLogSoftmaxWithLoss(a.hid, V, cutoffs=[2000, 10000], div_value=4.0)
    head_b = nn.AdaptiveLogSoftmaxWithLoss(a.hid, V, cutoffs=[2000, 10000], div_value=4.0)
    params = [p for p in list(m.parameters()) + list(head_f.parameters()) + list(head_b.parameters())
              if p.requires_grad]
    opt = torch.optim.Adam(params, lr=a.lr)
    n_win = (len(ids) - 1) // a.win
    wins = torch.from_numpy(ids[:n_win * a.win].reshape(n_win, a.win))
    rng = np.random.default_rng(a.seed)
    perm = rng.permutation(n_win)
    out_dir = os.path.join(a.work, a.out)
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.time()
    step, seen, run_loss = 0, 0, []
    m.train()
    while (time.time() - t0) / 60 < a.minutes:
        b = wins[torch.from_numpy(perm[(step * a.bs) % (n_win - a.bs):][:a.bs])]
        mask = torch.ones_like(b)
        x = m.inputs(b)
        f, bw = m.directional(x, mask)
        tf = rank_t[b[:, 1:]].reshape(-1)
        tb = rank_t[b[:, :-1]].reshape(-1)
        lf = head_f(f[:, :-1].reshape(-1, a.hid), tf).loss
        lb = head_b(bw[:, 1:].reshape(-1, a.hid), tb).loss
        loss = (lf + lb) / 2
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        seen += b.numel()
        run_loss.append(loss.item())
        if step % 100 == 0:
            el = time.time() - t0
            print(f"step {step} pieces {seen} loss {np.mean(run_loss[-100:]):.3f} "
                  f"ppl {np.exp(np.mean(run_loss[-100:])):.0f} {seen/el:.0f} pieces/s", flush=True)
        if step % 1000 == 0:
            torch.save({k: v for k, v in m.state_dict().items() if not k.startswith("out.")},
                       os.path.join(out_dir, "lm.pt"))
    torch.save({k: v for k, v in m.state_dict().items() if not k.startswith("out.")},
               os.path.join(out_dir, "lm.pt"))
    print(f"done: {step} steps, {seen} pieces, {(time.time()-t0)/60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
