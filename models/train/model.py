"""The tagger: piece embeddings + char CNN -> stacked LSTMs -> CRF over first pieces.

Layout (all over WordPiece pieces, [CLS] ... [SEP]):
  input table  : pretrained piece vector (word2vec) ++ char-CNN vector of the piece's
                 characters. Both depend on the piece id alone, so export folds them
                 into constant int8 tables (a scale per row) that the graph Gathers from.
                 With `ctx` (the "hyb" member), a learned mix of the layers of a frozen
                 pretrained tx.Encoder is appended per piece (LayerMix).
  context      : `layers` forward LSTMs and `layers` backward LSTMs (separate
                 directions, ELMo-style, so they can be pretrained as language models),
                 then one joint BiLSTM over [input ++ fw ++ bw].
  output       : linear -> logits per piece; the label of a word is read on its first
                 piece; a linear-chain CRF over words (transitions exported to crf.json).
Padding: the backward direction runs on each sequence reversed within its own length
(index arithmetic from attention_mask), so right padding never reaches a real position.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def reverse_index(mask):
    """Per row, index that reverses the first len positions and keeps the rest."""
    S = mask.shape[1]
    lengths = mask.sum(1, keepdim=True)
    t = torch.arange(S, device=mask.device).unsqueeze(0)
    return torch.where(t < lengths, lengths - 1 - t, t)


def quantize_rows(t):
    """Symmetric int8 per row: t ~= q * s[:, None]."""
    s = (t.abs().amax(1) / 127.0).clamp(min=1e-12)
    q = torch.round(t / s[:, None]).clamp(-127, 127).to(torch.int8)
    return q, s.float()


def lookup_q8(q, s, ids):
    return q[ids].float() * s[ids].unsqueeze(-1)


def gather_time(x, idx):
    return torch.gather(x, 1, idx.unsqueeze(-1).expand(-1, -1, x.shape[-1]))


class LayerMix(nn.Module):
    """ELMo-style scalar mix of a pretrained encoder's layers: gamma * sum_i softmax(w)_i LN(h_i)."""

    def __init__(self, n, dim):
        super().__init__()
        self.dim = dim
        self.w = nn.Parameter(torch.zeros(n))
        self.gamma = nn.Parameter(torch.ones(1))

    def forward(self, hs):
        p = torch.softmax(self.w, 0)
        out = 0
        for i, h in enumerate(hs):
            out = out + p[i] * F.layer_norm(h, (self.dim,))
        return self.gamma * out


class Tagger(nn.Module):
    def __init__(self, emb, char_table, n_chars, n_labels, hid=256, layers=2, task_hid=128,
                 cdim=32, cfil=64, drop=0.4, freeze_emb=True, ctx=None):
        super().__init__()
        V, D = emb.shape
        # ctx: an optional pretrained tx.Encoder whose layers (mixed) join the input table
        self.ctx = ctx
        if ctx is not None:
            self.mix = LayerMix(ctx.c.layers + 1, ctx.c.hid)
        self.emb = nn.Embedding(V, D)
        self.emb.weight.data.copy_(emb)
        self.emb.weight.requires_grad = not freeze_emb
        self.register_buffer("char_table", char_table)          # [V, L] int64
        self.cemb = nn.Embedding(n_chars, cdim, padding_idx=0)
        self.conv = nn.Conv1d(cdim, cfil, 3, padding=1)
        self.in_dim = D + cfil + (ctx.c.hid if ctx is not None else 0)
        self.fw = nn.ModuleList()
        self.bw = nn.ModuleList()
        d = self.in_dim
        for _ in range(layers):
            self.fw.append(nn.LSTM(d, hid, batch_first=True))
            self.bw.append(nn.LSTM(d, hid, batch_first=True))
            d = hid
        self.task_hid = task_hid
        if task_hid:
            self.task_f = nn.LSTM(self.in_dim + 2 * hid, task_hid, batch_first=True)
            self.task_b = nn.LSTM(self.in_dim + 2 * hid, task_hid, batch_first=True)
            self.out = nn.Linear(2 * task_hid, n_labels)
        else:
            self.out = nn.Linear(self.in_dim + 2 * hid, n_labels)
        self.drop = nn.Dropout(drop)
        self.folded = False  # fold() precomputes the per-id tables for export

    def char_features(self, ids):
        ch = self.char_table[ids]                               # [..., L]
        shp = ch.shape
        c = self.cemb(ch.reshape(-1, shp[-1])).transpose(1, 2)  # [N, cdim, L]
        c = F.relu(self.conv(c)).max(dim=2).values              # [N, cfil]
        return c.reshape(*shp[:-1], -1)

    def inputs(self, ids, emb=None, mask=None, ctx_layers=None):
        if emb is None:
            emb = lookup_q8(self.table_emb_q, self.table_emb_s, ids) if self.folded else self.emb(ids)
        if self.folded:
            x = [emb, lookup_q8(self.table_chr_q, self.table_chr_s, ids)]
        else:
            x = [emb, self.char_features(ids)]
        if self.ctx is not None:
            if ctx_layers is None:
                ctx_layers = self.ctx(ids, mask, all_layers=True)
            x.append(self.mix(ctx_layers))
        return torch.cat(x, -1)

    @torch.no_grad()
    def fold(self):
        """Precompute per-id tables so the exported graph has no char CNN: the word2vec
        rows and the char-CNN output of every piece, each stored as int8 with one fp32
        scale per row (symmetric), looked up with Gather and rescaled in the graph."""
        V = self.emb.weight.shape[0]
        rows = []
        for a in range(0, V, 4096):
            rows.append(self.char_features(torch.arange(a, min(V, a + 4096))))
        q, sc = quantize_rows(self.emb.weight.detach())
        self.register_buffer("table_emb_q", q)
        self.register_buffer("table_emb_s", sc)
        q, sc = quantize_rows(torch.cat(rows))
        self.register_buffer("table_chr_q", q)
        self.register_buffer("table_chr_s", sc)
        self.folded = True

    def directional(self, x, mask):
        rev = reverse_index(mask)
        f = x
        b = gather_time(x, rev)
        for lf, lb in zip(self.fw, self.bw):
            f, _ = lf(self.drop(f))
            b, _ = lb(self.drop(b))
        return f, gather_time(b, rev)

    def forward(self, input_ids, attention_mask, emb=None, ctx_layers=None):
        """ctx_layers: the ctx encoder's layers for these inputs, when already computed (an
        ensemble whose members share one frozen encoder runs it once)."""
        x = self.inputs(input_ids, emb, attention_mask, ctx_layers)
        f, b = self.directional(x, attention_mask)
        h = torch.cat([x, f, b], -1)
        if not self.task_hid:
            return self.out(self.drop(h))
        # joint BiLSTM, padding-safe the same way
        rev = reverse_index(attention_mask)
        hd = self.drop(h)
        tf, _ = self.task_f(hd)
        tb, _ = self.task_b(gather_time(hd, rev))
        o = torch.cat([tf, gather_time(tb, rev)], -1)
        return self.out(self.drop(o))


class CRF(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))   # [from, to]
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))

    def nll(self, em, tags, mask):
        """em [B,T,K], tags [B,T], mask [B,T] bool with True prefix. Mean NLL."""
        B, T, K = em.shape
        maskf = mask.float()
        # gold score
        s = self.start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for t in range(1, T):
            st = self.trans[tags[:, t - 1], tags[:, t]] + em[:, t].gather(1, tags[:, t:t + 1]).squeeze(1)
            s = s + st * maskf[:, t]
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        s = s + self.end[last]
        # partition
        a = self.start + em[:, 0]
        for t in range(1, T):
            n = torch.logsumexp(a.unsqueeze(2) + self.trans.unsqueeze(0) + em[:, t].unsqueeze(1), 1)
            a = torch.where(mask[:, t:t + 1], n, a)
        z = torch.logsumexp(a + self.end, 1)
        return (z - s).mean()

    @torch.no_grad()
    def decode(self, em, mask):
        B, T, K = em.shape
        a = self.start + em[:, 0]
        bp = []
        for t in range(1, T):
            sc = a.unsqueeze(2) + self.trans.unsqueeze(0)
            best, arg = sc.max(1)
            n = best + em[:, t]
            m = mask[:, t:t + 1]
            a = torch.where(m, n, a)
            bp.append(torch.where(m, arg, torch.arange(K).expand(B, K)))
        a = a + self.end
        cur = a.argmax(1)
        path = [cur]
        for arg in reversed(bp):
            cur = arg.gather(1, cur.unsqueeze(1)).squeeze(1)
            path.append(cur)
        path.reverse()
        out = torch.stack(path, 1)
        lens = mask.sum(1).tolist()
        return [out[i, :lens[i]].tolist() for i in range(B)]
