"""Combine several trained taggers into one model folder.

Each member has its own CRF, so averaging raw emissions and transitions is not
sound (members split work between emissions and transitions differently). Here
each member's first-piece emissions are turned into per-word log-probabilities
(log-softmax; ties the scale), averaged, and one new CRF (transitions, start,
end and an emission scale) is fitted on the averaged log-probs of the training
part. The exported graph outputs scale * mean(log_softmax(member logits)).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import check, load, speed, write_folder  # noqa: E402
from model import CRF, lookup_q8  # noqa: E402
from train import LABELS, batches, encode, read_conll, score, word_emissions  # noqa: E402


class LogProbEnsemble(torch.nn.Module):
    def __init__(self, models, scale):
        super().__init__()
        for m in models[1:]:
            assert torch.equal(m.emb.weight, models[0].emb.weight), "members must share embeddings"
        self.models = torch.nn.ModuleList(models)
        self.register_buffer("scale", torch.tensor(float(scale)))
        self.shared = None

    def share(self):
        """After fold(): keep one copy of the shared word2vec table."""
        self.register_buffer("table_emb_q", self.models[0].table_emb_q)
        self.register_buffer("table_emb_s", self.models[0].table_emb_s)
        for m in self.models:
            del m.table_emb_q
            del m.table_emb_s
        self.shared = True

    def forward(self, input_ids, attention_mask):
        emb = lookup_q8(self.table_emb_q, self.table_emb_s, input_ids) if self.shared else None
        out = None
        for m in self.models:
            lp = torch.log_softmax(m(input_ids, attention_mask, emb), -1)
            out = lp if out is None else out + lp
        return out * (self.scale / len(self.models))


@torch.no_grad()
def member_logprobs(models, parts, bs=32):
    res = [None] * len(parts)
    for b, ids, am, pos, y, wm in batches(parts, bs, False, None):
        acc = None
        for m in models:
            lp = torch.log_softmax(word_emissions(m(ids, am), pos), -1)
            acc = lp if acc is None else acc + lp
        acc = acc / len(models)
        for k, i in enumerate(b):
            res[i] = acc[k, :len(parts[i]["y"])].clone()
    return res


def pad(parts, em, idx):
    T = max(len(parts[i]["y"]) for i in idx)
    E = torch.zeros(len(idx), T, len(LABELS))
    Y = torch.zeros(len(idx), T, dtype=torch.long)
    M = torch.zeros(len(idx), T, dtype=torch.bool)
    for k, i in enumerate(idx):
        n = len(parts[i]["y"])
        E[k, :n] = em[i]
        Y[k, :n] = torch.tensor(parts[i]["y"])
        M[k, :n] = True
    return E, Y, M


def fit_crf(parts, em, epochs=30, seed=13):
    torch.manual_seed(seed)
    crf = CRF(len(LABELS))
    log_scale = torch.nn.Parameter(torch.zeros(()))
    opt = torch.optim.Adam(list(crf.parameters()) + [log_scale], lr=0.05)
    order = sorted(range(len(parts)), key=lambda i: len(parts[i]["y"]))
    chunks = [order[i:i + 64] for i in range(0, len(order), 64)]
    padded = [pad(parts, em, c) for c in chunks]
    for ep in range(epochs):
        tot = 0.0
        for E, Y, M in padded:
            loss = crf.nll(E * log_scale.exp(), Y, M)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item()
    return crf, float(log_scale.exp())


def decode(parts_data, em, crf, scale):
    parts, owner = [], []
    for si, d in enumerate(parts_data):
        for p in d["parts"]:
            parts.append(p)
            owner.append(si)
    per_sent = [[] for _ in parts_data]
    for i, si in enumerate(owner):
        E, _, M = pad(parts, em, [i])
        per_sent[si].extend(LABELS[j] for j in crf.decode(E * scale, M)[0])
    return [[wp[f] if f is not None else "O" for f in d["first"]] for d, wp in zip(parts_data, per_sent)]


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "../../../shared/data"))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default="")
    ap.add_argument("--speed-text", default="")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok, models, crfs = load(a.ckpt.split(","), a.work)
    sents = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    n_dev = len(sents) // 10
    train = encode(sents[:-n_dev], tok)
    dev = encode(sents[-n_dev:], tok)
    tparts = [p for d in train for p in d["parts"]]
    dparts = [p for d in dev for p in d["parts"]]
    em_t = member_logprobs(models, tparts)
    em_d = member_logprobs(models, dparts)
    crf, scale = fit_crf(tparts, em_t)
    print(f"fitted CRF on train log-probs; emission scale {scale:.3f}")
    f1 = score(dev, decode(dev, em_d, crf, scale))
    print(f"ensemble of {len(models)}: dev F1 {100*f1:.2f}")
    if a.out:
        net = LogProbEnsemble(models, scale)
        for m in models:
            m.fold()
        net.share()
        _, onnx_path = write_folder(a.out, os.path.join(a.work, "tokenizer.json"), [net], [crf], 512,
                                    "khabar-ner-ar", {"ensemble_size": len(models)}, net=net)
        check(net, onnx_path)
        print(f"model.onnx {os.path.getsize(onnx_path)/1e6:.1f} MB")
        if a.speed_text:
            sents = [l.strip() for l in open(a.speed_text, encoding="utf-8") if l.strip()]
            for bsz in (1, 8):
                print(f"ORT 1 thread, batch {bsz}: "
                      f"{speed(onnx_path, os.path.join(a.work, 'tokenizer.json'), sents, bsz):.0f} words/s")


if __name__ == "__main__":
    main()
