"""Export a fine-tuned tx.py tagger (train_tx.py's best.pt) to the model folder the engine loads.

Writes model.onnx (input_ids, attention_mask -> logits; attention spelled out in
plain opset-17 ops; weight matrices stored as fp16 and cast to fp32 when the
session loads), tokenizer.json, config.json (max_position_embeddings = the
positions the encoder was pretrained on) and crf.json, then checks the graph
against PyTorch (right padding in a batch) and measures one-thread ORT speed.
"""
import argparse
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import export_onnx, fp16_initializers, hf_config, report, write_config, write_crf  # noqa: E402
from train import LABELS  # noqa: E402
from tx import TxConfig, TxTagger  # noqa: E402


def load(ckpt):
    ck = torch.load(ckpt, map_location="cpu")
    cfg = TxConfig(**ck["cfg"])
    m = TxTagger(cfg, len(LABELS))
    m.load_state_dict(ck["model"])
    m.eval()
    return cfg, m, ck["crf"]


def write_folder(out, tok_path, cfg, net, crf, name, extra=None):
    os.makedirs(out, exist_ok=True)
    net.enc.manual = True
    onnx_path = export_onnx(net, os.path.join(out, "model.onnx"))
    fp16_initializers(onnx_path)
    shutil.copy(tok_path, os.path.join(out, "tokenizer.json"))
    write_crf(out, crf["trans"], crf["start"], crf["end"])
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
    report(net, onnx_path, a.tok, a.speed_text)


if __name__ == "__main__":
    main()
