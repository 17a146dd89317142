"""Write the golden files the Go parity tests compare against.

Reference implementations, on >= 300 normalised Arabic sentences taken from
../shared/data/raw at run time (normalised with models/train/arabic_norm.py)
plus a few hand-written edge cases:

  testdata/tokens.json    Hugging Face `tokenizers`: ids, byte offsets,
                          word ids, special-token mask, type ids;
  testdata/logits.json    Python onnxruntime logits of the tiny model
                          (models/testdata/tiny), rounded to 6 decimals;
  testdata/entities.json  `transformers` TokenClassificationPipeline entity
                          spans for every aggregation strategy (none, simple,
                          first, average, max), fed by the same ONNX logits.

All offsets are BYTE offsets into the UTF-8 text (Go's convention); the
pipeline's character offsets are converted here.

Run from the repository root:
  extract/internal/parity/py/.venv/bin/python extract/internal/parity/py/make_golden.py
"""
import argparse
import json
import lzma
import os
import re
import sys

import numpy as np
import onnxruntime as ort
import tokenizers
import torch
import transformers
from transformers import AutoConfig, AutoTokenizer, BertForTokenClassification, pipeline
from transformers.modeling_outputs import TokenClassifierOutput

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "train"))
import arabic_norm  # noqa: E402

STRATEGIES = ["none", "simple", "first", "average", "max"]

EDGE_CASES = [
    "قال د. محمد البرادعي ان مجلس الامن الدولي صوت على القرار 1701/2006 بنسبة 2.5 في المئة.",
    "The U.S. vetoed the draft, Russia abstained (13 votes in favour).",
    "اجتماع في نيويورك!!! ... ؟؟ «مجلس الامن» [MASK] يناقش",
    "كلمةطويلةجدامتصلةبدونمسافاتكلمةطويلةجدامتصلةبدونمسافاتكلمةطويلةجدامتصلةبدونمسافاتكلمةطويلةجدامتصلةبدونمسافات اخر",
    "الامم المتحدة 😀 UNRWA الاونروا، اليونيفيل؛ 15.11.2023",
    "x",
]


RAW_EDGE_CASES = [
    "مُحَمَّدٌ أَحْمَد إِلى آخِرِهِ، الأُمَمُ المُتَّحِدَة ـــ تطويل",
    "Café Müller İstanbul ÅNGSTRÖM naïve résumé",
    "北京是中国的首都 and 東京",
    "control\u0001chars\u200bhere \ufeffBOM",
    "ＡＢＣ１２３ fullwidth ﻻ ligature ﷺ",
    "٢٠٢٣ ۱۲۳ emoji 😀👍🏽 done",
]


def raw_sample(shared, n):
    """Un-normalised news paragraphs (a different sample from the sentences)."""
    out = []
    with lzma.open(os.path.join(shared, "data", "raw", "ar-news-01.txt.xz"), "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 211 == 5:
                out.append(line.rstrip("\n")[:600])
            if len(out) >= n:
                break
    return out


def byte_offsets(text):
    """char index -> byte offset table (len(text)+1 entries)."""
    out, b = [], 0
    for c in text:
        out.append(b)
        b += len(c.encode("utf-8"))
    out.append(b)
    return out


def sentences(shared, want, tok, max_tokens):
    """Deterministic sample of normalised news sentences that fit the tiny
    model's 128 positions with [CLS]/[SEP]."""
    path = os.path.join(shared, "data", "raw", "ar-news-02.txt.xz")
    out, paragraphs = [], []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 97:
                continue
            para = arabic_norm.normalize(line.rstrip("\n"))
            if len(paragraphs) < 20:
                paragraphs.append(para)
            for s in re.split(r"(?<=[.!؟?])\s+", para):
                n = len(tok.encode(s).ids)
                if 5 <= len(s.split()) and n <= max_tokens:
                    out.append(s)
            if len(out) >= want:
                break
    return out[:want], paragraphs


def token_case(tok, text):
    """One golden case: text and its HF encoding (byte offsets, -1 word ids for specials)."""
    enc = tok.encode(text)
    bo = byte_offsets(text)
    return {"text": text, "ids": enc.ids, "type_ids": enc.type_ids,
            "offsets": [[bo[s], bo[e]] for s, e in enc.offsets],
            "words": [-1 if w is None else w for w in enc.word_ids],
            "special": [bool(x) for x in enc.special_tokens_mask]}


def unigram_golden(args, raw_texts):
    """1c. A SentencePiece-style Unigram tokenizer (as multilingual-e5/XLM-R models use),
    BertPreTokenizer then Metaspace ("always"), <s> … </s>. Its vocabulary is built here,
    deterministically (tokenizers' UnigramTrainer is not: its scores and pieces vary from run
    to run): the character n-grams (1-4, word-initial ones with ▁) seen 3+ times in 40 raw
    paragraphs, scored log(count / total), so many words need several pieces; Latin letters
    are left out so that some characters have no piece."""
    import collections
    import math
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    counts = collections.Counter()
    for text in raw_texts[:40]:
        for w in text.split():
            w = "\u2581" + w
            for i in range(len(w)):
                for n in range(1, 5):
                    if i + n <= len(w) and not (i == 0 and n == 1):
                        counts[w[i:i + n]] += 1
    kept = sorted((p for p, c in counts.items() if c >= 3 and not re.search("[A-Za-z]", p)),
                  key=lambda p: (-counts[p], p))
    total = sum(counts[p] for p in kept)
    vocab = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", math.log(0.05))]
    vocab += [(p, math.log(counts[p] / total)) for p in kept if p != "\u2581"]
    tk = Tokenizer(models.Unigram(vocab, unk_id=3, byte_fallback=False))
    tk.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.BertPreTokenizer(),
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")])
    tk.post_processor = processors.BertProcessing(("</s>", 2), ("<s>", 0))
    texts = raw_texts + ["a\u2581b \u2581 \u2581\u2581x", "☃☃ x☃y", "(الأمن)،", "  ", "ﷺ!", "2712/2720"]
    cases = [token_case(tk, text) for text in texts]
    dump(os.path.join(args.out, "tokens_unigram.json"), {"versions": {"tokenizers": tokenizers.__version__}, "variants": [
        {"name": "unigram-bert-metaspace", "tokenizer": json.loads(tk.to_str()), "cases": cases}]})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "testdata", "tiny"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "testdata"))
    ap.add_argument("-n", type=int, default=320)
    ap.add_argument("--unigram-only", action="store_true", help="write only tokens_unigram.json")
    args = ap.parse_args()
    if args.unigram_only:
        unigram_golden(args, raw_sample(args.shared, 60) + RAW_EDGE_CASES)
        return
    os.makedirs(args.out, exist_ok=True)

    tok = tokenizers.Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tok.no_truncation()  # khabar never truncates: it windows long inputs
    cfg = json.load(open(os.path.join(args.model, "config.json"), encoding="utf-8"))
    max_pos = cfg["max_position_embeddings"]
    sents, paragraphs = sentences(args.shared, args.n, tok, max_pos)
    edge = [arabic_norm.normalize(s) for s in EDGE_CASES]
    versions = {"tokenizers": tokenizers.__version__, "transformers": transformers.__version__,
                "onnxruntime": ort.__version__, "torch": torch.__version__}

    # 1. Tokens: sentences, edge cases and whole paragraphs (longer than the
    # model's window; the tokenizer itself never truncates).
    cases = []
    for kind, texts in (("sentence", sents), ("edge", edge), ("paragraph", paragraphs)):
        for text in texts:
            cases.append({"kind": kind, **token_case(tok, text)})
    dump(os.path.join(args.out, "tokens.json"), {"versions": versions, "model": "models/testdata/tiny", "cases": cases})

    # 1b. Other tokenizer.json components khabar accepts, on raw (not
    # normalised) text, so that the normalisers' offset alignment is checked
    # too: variants of the tiny tokenizer.json.
    base = json.load(open(os.path.join(args.model, "tokenizer.json"), encoding="utf-8"))
    base["truncation"] = None
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    template = {"type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [cls_id], "tokens": ["[CLS]"]},
                                   "[SEP]": {"id": "[SEP]", "ids": [sep_id], "tokens": ["[SEP]"]}}}
    variants = {
        "bert-uncased": {"normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                                        "strip_accents": None, "lowercase": True}},
        "nfd-strip-whitespace-template": {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}]},
                                          "pre_tokenizer": {"type": "Whitespace"}, "post_processor": template},
        "nfkc-lower-wssplit-nopost": {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]},
                                      "pre_tokenizer": {"type": "WhitespaceSplit"}, "post_processor": None},
    }
    raw_texts = raw_sample(args.shared, 60) + RAW_EDGE_CASES
    var_cases = []
    for name, change in variants.items():
        cfg_json = dict(base)
        cfg_json.update(change)
        vt = tokenizers.Tokenizer.from_str(json.dumps(cfg_json, ensure_ascii=False))
        cases_v = []
        for text in raw_texts:
            cases_v.append(token_case(vt, text))
        var_cases.append({"name": name, "tokenizer": cfg_json, "cases": cases_v})
    dump(os.path.join(args.out, "tokens_variants.json"), {"versions": versions, "variants": var_cases})
    unigram_golden(args, raw_texts)

    # 2. Logits from Python onnxruntime, one sentence per run (no padding).
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(os.path.join(args.model, "model.onnx"), so, providers=["CPUExecutionProvider"])

    def run(ids):
        ids = np.asarray([ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        return sess.run(["logits"], feeds)[0][0]

    fit = [s for s in sents + edge if len(tok.encode(s).ids) <= max_pos]
    logit_cases = []
    for text in fit:
        ids = tok.encode(text).ids
        logit_cases.append({"text": text, "ids": ids, "logits": [[round(float(x), 6) for x in row] for row in run(ids)]})
    dump(os.path.join(args.out, "logits.json"), {"versions": versions, "model": "models/testdata/tiny",
                                                 "labels": [cfg["id2label"][str(i)] for i in range(len(cfg["id2label"]))],
                                                 "cases": logit_cases})

    # 3. transformers' pipeline, its forward pass replaced by the ONNX
    # session so that its spans follow from exactly the logits above.
    hf_tok = AutoTokenizer.from_pretrained(args.model)
    model = BertForTokenClassification(AutoConfig.from_pretrained(args.model))
    model.eval()

    def onnx_forward(input_ids=None, attention_mask=None, token_type_ids=None, **_):
        feeds = {"input_ids": input_ids.numpy().astype(np.int64),
                 "attention_mask": attention_mask.numpy().astype(np.int64),
                 "token_type_ids": (token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)).numpy().astype(np.int64)}
        return TokenClassifierOutput(logits=torch.from_numpy(sess.run(["logits"], feeds)[0]))

    model.forward = onnx_forward
    nlps = {s: pipeline("token-classification", model=model, tokenizer=hf_tok, aggregation_strategy=s, device="cpu")
            for s in STRATEGIES}
    ent_cases = []
    n_ents = 0
    for text in fit:
        bo = byte_offsets(text)
        per = {}
        for strat in STRATEGIES:
            ents = []
            for e in nlps[strat](text):
                item = {"type": e.get("entity_group", e.get("entity")), "start": bo[e["start"]], "end": bo[e["end"]],
                        "score": round(float(e["score"]), 6), "word": e["word"]}
                if "index" in e:
                    item["index"] = int(e["index"])
                ents.append(item)
            n_ents += len(ents)
            per[strat] = ents
        ent_cases.append({"text": text, "entities": per})
    dump(os.path.join(args.out, "entities.json"), {"versions": versions, "model": "models/testdata/tiny",
                                                   "strategies": STRATEGIES, "cases": ent_cases})
    print(f"{len(cases)} token cases, {len(logit_cases)} logit cases, {len(ent_cases)} pipeline cases "
          f"({n_ents} entities over {len(STRATEGIES)} strategies)")


def dump(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
