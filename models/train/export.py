"""Export a checkpoint to the model folder the Go engine loads.

Writes model.onnx (input_ids, attention_mask -> logits), tokenizer.json,
config.json and crf.json, then checks the ONNX graph against PyTorch (with
right padding in a batch) and measures single-thread ORT speed.
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CRF, Tagger  # noqa: E402
from train import LABELS, char_table  # noqa: E402

NORMALIZE = {"format": True, "diacritics": True, "tatweel": True, "alef": True, "yaa": True,
             "teh_marbuta": False, "digits": True, "whitespace": True, "lowercase": False}


def load(ckpt_paths, work):
    """Load one or more checkpoints (an ensemble averages their logits)."""
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(work, "tokenizer.json"))
    ct, n_chars = char_table(tok)
    models, crfs = [], []
    for p in ckpt_paths:
        ck = torch.load(p)
        a = ck["args"]
        emb = torch.zeros(ck["model"]["emb.weight"].shape)
        ctx = None
        if ck.get("ctx_cfg"):
            from tx import Encoder, TxConfig
            ctx = Encoder(TxConfig(**ck["ctx_cfg"]))
            ctx.manual = True  # plain MatMul/Softmax attention in the exported graph
        # each model gets its own copy: load_state_dict writes the checkpoint's table in place
        m = Tagger(emb, ct.clone(), n_chars, len(LABELS), hid=a["hid"], layers=a["layers"],
                   task_hid=a["task_hid"], cfil=a["cfil"], drop=a["drop"], ctx=ctx)
        m.load_state_dict(ck["model"])
        m.eval()
        c = CRF(len(LABELS))
        c.load_state_dict(ck["crf"])
        models.append(m)
        crfs.append(c)
    return tok, models, crfs


def same_weights(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


class Ensemble(torch.nn.Module):
    """Several taggers as one graph: the mean of their logits (a product of experts with the
    mean CRF, which the engine decodes unchanged). Members whose frozen ctx encoders are
    identical (the same pretrained weights) share one run of it."""

    def __init__(self, members):
        super().__init__()
        self.members = torch.nn.ModuleList(members)
        withctx = [m for m in members if m.ctx is not None]
        self.shared = len(withctx) > 1 and all(same_weights(withctx[0].ctx, m.ctx) for m in withctx[1:])

    def forward(self, input_ids, attention_mask):
        layers = None
        if self.shared:
            layers = next(m.ctx for m in self.members if m.ctx is not None)(input_ids, attention_mask, all_layers=True)
        out = 0
        for m in self.members:
            out = out + m(input_ids, attention_mask, ctx_layers=layers if m.ctx is not None else None)
        return out / len(self.members)


def dedupe_initializers(onnx_path):
    """Members trained on the same frozen word2vec table carry identical copies: keep one."""
    import hashlib
    import onnx
    m = onnx.load(onnx_path)
    g = m.graph
    seen, alias = {}, {}
    for init in list(g.initializer):
        key = (init.data_type, tuple(init.dims), hashlib.sha256(init.raw_data).hexdigest()) if init.raw_data else None
        if key is None:
            continue
        if key in seen:
            alias[init.name] = seen[key]
            g.initializer.remove(init)
        else:
            seen[key] = init.name
    for node in g.node:
        for k, name in enumerate(node.input):
            if name in alias:
                node.input[k] = alias[name]
    onnx.checker.check_model(m)
    onnx.save(m, onnx_path)
    return len(alias)


def fp16_initializers(onnx_path, min_elems=4096, lstm_weights=False):
    """Store large float initializers (≥ min_elems values) as fp16, each behind a Cast to float32
    that ORT folds at load; with lstm_weights, every LSTM W/R/B too, whatever its size (the fp16
    export; the int8 one has quantised them)."""
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(onnx_path)
    g = m.graph
    lstm = {n for node in g.node if node.op_type == "LSTM" for n in node.input[1:4]} if lstm_weights else set()
    casts, renamed = [], {}
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        arr = numpy_helper.to_array(init)
        if arr.size < min_elems and init.name not in lstm:
            continue
        g.initializer.remove(init)
        g.initializer.append(numpy_helper.from_array(arr.astype(np.float16), init.name + "_fp16"))
        casts.append(helper.make_node("Cast", [init.name + "_fp16"], [init.name + "_f32"],
                                      to=onnx.TensorProto.FLOAT, name=init.name + "_cast"))
        renamed[init.name] = init.name + "_f32"
    for node in g.node:
        for k, name in enumerate(node.input):
            if name in renamed:
                node.input[k] = renamed[name]
    for c in reversed(casts):
        g.node.insert(0, c)
    onnx.checker.check_model(m)
    onnx.save(m, onnx_path)


def write_crf(out, trans, start, end):
    """crf.json: the labels and the CRF's transitions [from][to], start and end scores."""
    json.dump({"labels": LABELS, "transitions": trans.tolist(), "start": start.tolist(),
               "end": end.tolist()}, open(os.path.join(out, "crf.json"), "w"), indent=1)


def export_onnx(net, onnx_path):
    """The engine's interface: input_ids, attention_mask (int64 [batch, seq]) -> logits, opset 17."""
    ids = torch.tensor([[2, 100, 200, 300, 3], [2, 400, 3, 0, 0]])
    am = (ids != 0).long()
    torch.onnx.export(net, (ids, am), onnx_path, input_names=["input_ids", "attention_mask"],
                      output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                    "attention_mask": {0: "batch", 1: "seq"},
                                    "logits": {0: "batch", 1: "seq"}},
                      opset_version=17, dynamo=False)
    return onnx_path


def quantize_int8(onnx_path):
    """Dynamic int8 quantisation of the MatMul and LSTM weights (onnxruntime.quantization):
    weights int8 per tensor, activations quantised on the fly; ORT's CPU kernels for these
    (MatMulInteger, DynamicQuantizeLSTM) are faster than fp32 ones."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    tmp = onnx_path + ".q.onnx"
    quantize_dynamic(onnx_path, tmp, op_types_to_quantize=["MatMul", "LSTM"], weight_type=QuantType.QInt8)
    os.replace(tmp, onnx_path)


def write_folder(out, tok_path, models, crfs, max_pos, name, extra_card=None, net=None, int8=False):
    os.makedirs(out, exist_ok=True)
    if net is None:
        for m in models:
            m.fold()
        net = models[0] if len(models) == 1 else Ensemble(models)
    net.eval()
    onnx_path = export_onnx(net, os.path.join(out, "model.onnx"))
    if int8:
        quantize_int8(onnx_path)
    fp16_initializers(onnx_path, lstm_weights=not int8)
    dedupe_initializers(onnx_path)
    shutil.copy(tok_path, os.path.join(out, "tokenizer.json"))
    # average CRF parameters of an ensemble (each was trained with its own emissions;
    # averaging both the emissions and the transitions keeps the same scale)
    trans = sum(c.trans.detach() for c in crfs) / len(crfs)
    start = sum(c.start.detach() for c in crfs) / len(crfs)
    end = sum(c.end.detach() for c in crfs) / len(crfs)
    write_crf(out, trans, start, end)
    khabar = {"ensemble_size": len(models)}
    khabar.update(extra_card or {})
    write_config(out, hf_config("KhabarBiLSTMCRFForTokenClassification", "khabar-bilstm-crf", max_pos,
                                len(json.load(open(tok_path))["model"]["vocab"]), name, khabar))
    return net, onnx_path


def hf_config(arch, model_type, max_pos, vocab_size, name, khabar, pad=0, **dims):
    """config.json: Hugging Face's token-classification fields (dims such as hidden_size go
    after vocab_size) and the `khabar` section the engine reads (khabar's keys are added to
    the normalisation, IOB2, first-piece and CRF defaults)."""
    cfg = {
        "architectures": [arch],
        "model_type": model_type,
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "num_labels": len(LABELS),
        "max_position_embeddings": max_pos,
        "vocab_size": vocab_size,
    }
    cfg.update(dims)
    cfg.update({"pad_token_id": pad, "name": name,
                "khabar": {"normalize": NORMALIZE, "label_scheme": "IOB2", "aggregation": "first",
                           "crf": "crf.json", **khabar}})
    return cfg


def write_config(out, cfg):
    json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=1, ensure_ascii=False)


def check(net, onnx_path, tol=(5e-2, 1e-3), pad=0, vocab=30000):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    a = rng.integers(5, vocab, size=(1, 30))
    b = rng.integers(5, vocab, size=(1, 12))
    batch = np.full((2, 30), pad, dtype=np.int64)
    batch[0] = a
    batch[1, :12] = b
    am = np.ones_like(batch)
    am[1, 12:] = 0
    got = s.run(None, {"input_ids": batch, "attention_mask": am})[0]
    solo = s.run(None, {"input_ids": b.astype(np.int64), "attention_mask": np.ones_like(b)})[0]
    with torch.no_grad():
        ref = net(torch.from_numpy(batch), torch.from_numpy(am)).numpy()
    d1 = float(np.abs(got - ref).max())
    d2 = float(np.abs(got[1, :12] - solo[0]).max())
    print(f"onnx vs torch max |diff| {d1:.2e}; padded vs solo {d2:.2e}")
    # fp16 weights: small drift; int8 (dynamic quantisation: activation scales per batch) more
    assert d1 < tol[0] and d2 < tol[1], "export mismatch"


def speed(onnx_path, tok_path, sentences, batch=1, seconds=5.0, pad=0):
    """Words per CPU-second of ORT on one thread (inputs pre-tokenised; tokenizer not timed)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(tok_path)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    s = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    encs = [tok.encode(x) for x in sentences]
    words = [len(tok.pre_tokenizer.pre_tokenize_str(x)) for x in sentences]
    c = time.process_time()
    n_words = 0
    i = 0
    while time.process_time() - c < seconds:
        grp = list(range(i, i + batch))
        i = (i + batch) % max(1, len(encs) - batch)
        S = max(len(encs[k].ids) for k in grp)
        ids = np.full((len(grp), S), pad, dtype=np.int64)
        am = np.zeros((len(grp), S), dtype=np.int64)
        for r, k in enumerate(grp):
            ids[r, :len(encs[k].ids)] = encs[k].ids
            am[r, :len(encs[k].ids)] = 1
        s.run(None, {"input_ids": ids, "attention_mask": am})
        n_words += sum(words[k] for k in grp)
    # CPU seconds of this (single-threaded) process: robust when other jobs share the cores
    return n_words / (time.process_time() - c)


def report(net, onnx_path, tok_path, speed_text="", tol=(5e-2, 1e-3), pad=0, vocab=30000):
    """After an export: the ONNX-vs-PyTorch check, the file size and, given news text, the
    one-thread ORT speed at batch 1 and 8."""
    check(net, onnx_path, tol, pad, vocab)
    print(f"model.onnx {os.path.getsize(onnx_path)/1e6:.1f} MB")
    if speed_text:
        sents = [l.strip() for l in open(speed_text, encoding="utf-8") if l.strip()]
        for bsz in (1, 8):
            print(f"ORT 1 thread, batch {bsz}: {speed(onnx_path, tok_path, sents, bsz, pad=pad):.0f} words/s")


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--work", default=os.path.join(here, "work"))
    ap.add_argument("--ckpt", required=True, help="comma-separated checkpoints (ensemble)")
    ap.add_argument("--out", default=os.path.join(here, "../khabar-ner-ar"))
    ap.add_argument("--name", default="khabar-ner-ar")
    ap.add_argument("--speed-text", default="")
    ap.add_argument("--int8", action="store_true", help="dynamic int8 quantisation of MatMul/LSTM weights")
    a = ap.parse_args()
    torch.set_num_threads(1)
    tok, models, crfs = load(a.ckpt.split(","), a.work)
    # a pretrained context encoder has learned positions: windows no longer than those
    max_pos = min([m.ctx.c.max_pos for m in models if m.ctx is not None] + [512])
    net, onnx_path = write_folder(a.out, os.path.join(a.work, "tokenizer.json"), models, crfs,
                                  max_pos, a.name, int8=a.int8)
    report(net, onnx_path, os.path.join(a.work, "tokenizer.json"), a.speed_text,
           (0.25, 0.25) if a.int8 else (5e-2, 1e-3))


if __name__ == "__main__":
    main()
