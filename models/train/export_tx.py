"""Export a fine-tuned tx.py tagger (train_tx.py's best.pt) to the model folder the engine loads.

Writes model.onnx (input_ids, attention_mask -> logits; attention spelled out in
plain opset-17 ops; weight matrices stored as fp16 and cast to fp32 when the
session loads), tokenizer.json, config.json (max_position_embeddings = the
positions the encoder was pretrained on) and crf.json, then checks the graph
against PyTorch (right padding in a batch) and measures one-thread ORT speed.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import check, export_onnx, hf_config, speed, write_config  # noqa: E402
from train import LABELS  # noqa: E402
from tx import TxConfig, TxTagger  # noqa: E402


def load(ckpt):
    ck = torch.load(ckpt, map_location="cpu")
    cfg = TxConfig(**ck["cfg"])
    m = TxTagger(cfg, len(LABELS))
    m.load_state_dict(ck["model"])
    m.eval()
    return cfg, m, ck["crf"]


def fp16_initializers(onnx_path, min_elems=4096):
    """Store large float initializers as fp16, each behind a Cast to float32."""
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(onnx_path)
    g = m.graph
    casts, renamed = [], {}
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        arr = numpy_helper.to_array(init)
        if arr.size < min_elems:
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


def write_folder(out, tok_path, cfg, net, crf, name, extra=None):
    os.makedirs(out, exist_ok=True)
    net.enc.manual = True
    onnx_path = export_onnx(net, os.path.join(out, "model.onnx"))
    fp16_initializers(onnx_path)
    shutil.copy(tok_path, os.path.join(out, "tokenizer.json"))
    json.dump({"labels": LABELS, "transitions": crf["trans"].tolist(), "start": crf["start"].tolist(),
               "end": crf["end"].tolist()}, open(os.path.join(out, "crf.json"), "w"), indent=1)
    write_config(out, hf_config("KhabarTransformerCRFForTokenClassification", "khabar-transformer-crf",
                                cfg.max_pos, cfg.vocab, name, extra or {}, hidden_size=cfg.hid,
                                embedding_size=cfg.emb, num_hidden_layers=cfg.layers,
                                num_attention_heads=cfg.heads, intermediate_size=cfg.ff))
    return onnx_path


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--tok", default=os.path.join(here, "work/tokenizer.json"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--speed-text", default="")
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg, net, crf = load(a.ckpt)
    onnx_path = write_folder(a.out, a.tok, cfg, net, crf, a.name)
    check(net, onnx_path)
    print(f"model.onnx {os.path.getsize(onnx_path)/1e6:.1f} MB")
    if a.speed_text:
        sents = [l.strip() for l in open(a.speed_text, encoding="utf-8") if l.strip()]
        for bsz in (1, 8):
            print(f"ORT 1 thread, batch {bsz}: {speed(onnx_path, a.tok, sents, bsz):.0f} words/s")


if __name__ == "__main__":
    main()
