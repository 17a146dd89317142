"""A small pre-LN transformer encoder (BERT-style, factorised embeddings) and its heads.

Shared by pretrain_tx.py (masked-LM pretraining on raw/, run on a GPU) and
train_tx.py (NER fine-tuning on ANERcorp, on CPU), and exported by export_tx.py.

  embeddings : piece table [V, E] (E < H, ALBERT-style factorisation keeps the
               40k-piece vocabulary small) -> Linear(E, H), + learned positions,
               LayerNorm, dropout
  blocks     : pre-LN: x += attn(LN(x)); x += FFN(LN(x)) (GELU), then a final LN
  heads      : MLMHead (tied to the piece table) / a linear token classifier

Attention uses F.scaled_dot_product_attention for training; `manual=True`
spells it out with MatMul/Softmax so the ONNX export is plain opset-17 ops.
"""
import math
import os
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class TxConfig:
    vocab: int = 40000
    emb: int = 128
    hid: int = 256
    layers: int = 4
    heads: int = 4
    ff: int = 1024
    max_pos: int = 256
    drop: float = 0.1

    def to_dict(self):
        return asdict(self)


PRESETS = {
    # default model: fast enough for >= 3,000 tokens/s end-to-end on one core
    "mini": TxConfig(hid=256, layers=4, heads=4, ff=1024),
    # between the two
    "mid": TxConfig(hid=256, layers=6, heads=4, ff=1024),
    # the larger model, shipped as a second folder if it is more accurate
    "small": TxConfig(hid=384, layers=6, heads=6, ff=1536),
    # for tests of the scripts only
    "toy": TxConfig(vocab=40000, emb=16, hid=32, layers=2, heads=2, ff=64, max_pos=64),
}


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c.heads
        self.ln1 = nn.LayerNorm(c.hid)
        self.qkv = nn.Linear(c.hid, 3 * c.hid)
        self.o = nn.Linear(c.hid, c.hid)
        self.ln2 = nn.LayerNorm(c.hid)
        self.f1 = nn.Linear(c.hid, c.ff)
        self.f2 = nn.Linear(c.ff, c.hid)
        self.drop = nn.Dropout(c.drop)
        self.p = c.drop

    def forward(self, x, bias, manual):
        B, S, H = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).view(B, S, 3, h, H // h).permute(2, 0, 3, 1, 4)
        if manual:
            a = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(H // h))
            if bias is not None:
                a = a + bias
            a = torch.matmul(torch.softmax(a, -1), v)
        else:
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias,
                                               dropout_p=self.p if self.training else 0.0)
        a = a.transpose(1, 2).reshape(B, S, H)
        x = x + self.drop(self.o(a))
        return x + self.drop(self.f2(F.gelu(self.f1(self.ln2(x)))))


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.tok = nn.Embedding(c.vocab, c.emb, padding_idx=0)
        self.proj = nn.Linear(c.emb, c.hid)
        self.pos = nn.Embedding(c.max_pos, c.hid)
        self.ln = nn.LayerNorm(c.hid)
        self.drop = nn.Dropout(c.drop)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.layers))
        self.ln_f = nn.LayerNorm(c.hid)
        self.manual = False
        self.apply(_init)

    def forward(self, ids, attention_mask=None, all_layers=False):
        S = ids.shape[1]
        pos = torch.arange(S, device=ids.device).unsqueeze(0)
        x = self.drop(self.ln(self.proj(self.tok(ids)) + self.pos(pos)))
        bias = None
        if attention_mask is not None:
            if self.manual:
                bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
            else:
                bias = attention_mask[:, None, None, :].bool()
        hs = [x]
        for b in self.blocks:
            x = b(x, bias, self.manual)
            hs.append(x)
        if all_layers:  # the embedding output and every block's (the last through ln_f)
            hs[-1] = self.ln_f(x)
            return hs
        return self.ln_f(x)


def _init(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, std=0.02)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        nn.init.normal_(m.weight, std=0.02)
        if m.padding_idx is not None:
            with torch.no_grad():
                m.weight[m.padding_idx].zero_()


class MLMHead(nn.Module):
    """hidden -> dense/GELU/LN -> E -> logits over the (tied) piece table."""

    def __init__(self, c, table):
        super().__init__()
        self.dense = nn.Linear(c.hid, c.hid)
        self.ln = nn.LayerNorm(c.hid)
        self.down = nn.Linear(c.hid, c.emb)
        self.table = table
        self.bias = nn.Parameter(torch.zeros(c.vocab))
        self.apply(_init)

    def forward(self, h):
        h = self.down(self.ln(F.gelu(self.dense(h))))
        return h @ self.table.weight.t() + self.bias


class TxTagger(nn.Module):
    """Encoder + linear classifier: (input_ids, attention_mask) -> logits [B, S, labels]."""

    def __init__(self, c, n_labels):
        super().__init__()
        self.enc = Encoder(c)
        self.drop = nn.Dropout(c.drop)
        self.out = nn.Linear(c.hid, n_labels)
        _init(self.out)

    def forward(self, input_ids, attention_mask):
        return self.out(self.drop(self.enc(input_ids, attention_mask)))


def save_sharded(state, cfg, prefix, max_bytes=15_000_000, dtype=torch.float16):
    """Save a state dict as prefix.N.pt shards of at most max_bytes each (fp16).

    The device machine returns files of at most 16 MiB; shards keep each under it."""
    shards, cur, size = [], {}, 0
    for k, v in state.items():
        v = v.detach().to("cpu")
        if v.is_floating_point():
            v = v.to(dtype)
        n = v.numel() * v.element_size()
        if cur and size + n > max_bytes:
            shards.append(cur)
            cur, size = {}, 0
        cur[k] = v
        size += n
    if cur:
        shards.append(cur)
    paths = []
    for i, s in enumerate(shards):
        p = f"{prefix}.{i}.pt"
        torch.save({"cfg": cfg.to_dict(), "shard": i, "of": len(shards), "state": s}, p + ".tmp")
        os.replace(p + ".tmp", p)
        paths.append(p)
    return paths


def load_sharded(prefix):
    """Inverse of save_sharded: returns (TxConfig, fp32 state dict)."""
    import glob
    paths = sorted(glob.glob(prefix + ".*.pt"), key=lambda p: int(p.rsplit(".", 2)[1]))
    if not paths:
        raise FileNotFoundError(f"no shards {prefix}.N.pt")
    state, cfg, of = {}, None, None
    for p in paths:
        d = torch.load(p, map_location="cpu")
        cfg, of = d["cfg"], d["of"]
        state.update({k: (v.float() if v.is_floating_point() else v) for k, v in d["state"].items()})
    if of != len(paths):
        raise ValueError(f"{prefix}: {len(paths)} shards, expected {of}")
    return TxConfig(**cfg), state
