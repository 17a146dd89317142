"""Generate khabar's tiny test models (models/testdata/tiny and tiny-crf).

A deliberately small Hugging Face token-classification export, made the way
HF tooling makes one, so that the Go engine (tokeniser, ORT runner, windows,
decoding) and the parity harness can be tested without the real model:

  * a WordPiece vocabulary (~2.5k pieces) trained with the `tokenizers`
    package on normalised (models/train/arabic_norm.py) Arabic news from
    ../shared/data/raw; BertPreTokenizer + BertProcessing, no normaliser
    (khabar normalises in Go before tokenising);
  * a BertForTokenClassification (hidden 32, 2 layers, 2 heads,
    max_position_embeddings 128, so that window/stride code is exercised on
    ordinary sentences), trained briefly on the normalised ANERcorp train split
    (CAMeL split) with labels O B-PER I-PER B-LOC I-LOC B-ORG I-ORG B-MISC
    I-MISC, so it predicts some real entities;
  * model.onnx exported with torch.onnx.export: inputs input_ids,
    attention_mask, token_type_ids (int64, dynamic batch and sequence axes),
    output logits;
  * config.json (HF's, with id2label/label2id/max_position_embeddings) plus a
    "khabar" section: {"normalize": <arabic_norm.DEFAULT>, "label_scheme": "IOB2"};
  * tiny-crf/: the same files plus crf.json, label-bigram log probabilities
    counted on the same training data (a CRF-shaped fixture for Viterbi
    decoding, not a trained CRF).

Run (CPU, a few minutes):
  extract/internal/parity/py/.venv/bin/python models/testdata/make_tiny.py
Everything is seeded; the output is deterministic for a given set of package
versions (extract/internal/parity/py/requirements.txt).
"""
import argparse
import json
import lzma
import math
import os
import random
import shutil
import sys
import tempfile
import time

import numpy as np
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "models", "train"))
import arabic_norm  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def raw_lines(shared, n_per_file):
    """The first n_per_file paragraphs of each news chunk, normalised."""
    out = []
    for name in ("ar-news-01.txt.xz", "ar-news-02.txt.xz"):
        with lzma.open(os.path.join(shared, "data", "raw", name), "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= n_per_file:
                    break
                out.append(arabic_norm.normalize(line.rstrip("\n")))
    return out


def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            w, t = line.rsplit(" ", 1) if " " in line else (line, "O")
            w = arabic_norm.normalize(w)
            if not w.strip():
                continue  # a token that was only marks or tatweel
            words.append(w.replace(" ", ""))
            tags.append(t.replace("PERS", "PER"))
    if words:
        sents.append((words, tags))
    return sents


def build_tokenizer(lines, vocab_size):
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                        min_frequency=2, show_progress=False)
    tok.train_from_iterator(lines, trainer=trainer)
    tok.post_processor = processors.BertProcessing(
        ("[SEP]", tok.token_to_id("[SEP]")), ("[CLS]", tok.token_to_id("[CLS]")))
    return tok


def encode_sentences(fast, sents, max_len):
    """First-subword labelling, as HF's token-classification examples do."""
    label2id = {l: i for i, l in enumerate(LABELS)}
    feats = []
    for words, tags in sents:
        enc = fast(words, is_split_into_words=True, truncation=True, max_length=max_len)
        labels, prev = [], None
        for w in enc.word_ids():
            if w is None or w == prev:
                labels.append(-100)
            else:
                labels.append(label2id.get(tags[w], 0))
            prev = w
        feats.append((enc["input_ids"], labels))
    return feats


def batches(feats, size, pad_id, rng):
    idx = list(range(len(feats)))
    rng.shuffle(idx)
    for i in range(0, len(idx), size):
        chunk = [feats[j] for j in idx[i:i + size]]
        n = max(len(c[0]) for c in chunk)
        ids = torch.full((len(chunk), n), pad_id, dtype=torch.long)
        lab = torch.full((len(chunk), n), -100, dtype=torch.long)
        att = torch.zeros((len(chunk), n), dtype=torch.long)
        for k, (a, b) in enumerate(chunk):
            ids[k, :len(a)] = torch.tensor(a)
            lab[k, :len(b)] = torch.tensor(b)
            att[k, :len(a)] = 1
        yield ids, att, lab


def crf_params(sents):
    """Label-bigram log probabilities with add-one smoothing; transitions an
    IOB2 decoder must never take (O→I-X, B-X→I-Y) get -10000."""
    n = len(LABELS)
    idx = {l: i for i, l in enumerate(LABELS)}
    trans = np.ones((n, n))
    start = np.ones(n)
    end = np.ones(n)
    for _, tags in sents:
        t = [idx.get(x, 0) for x in tags]
        start[t[0]] += 1
        end[t[-1]] += 1
        for a, b in zip(t, t[1:]):
            trans[a, b] += 1
    trans = np.log(trans / trans.sum(1, keepdims=True))
    start = np.log(start / start.sum())
    end = np.log(end / end.sum())
    for j, lj in enumerate(LABELS):
        if not lj.startswith("I-"):
            continue
        start[j] = -10000.0
        for i, li in enumerate(LABELS):
            if li == "O" or li[2:] != lj[2:]:
                trans[i, j] = -10000.0
    r = lambda x: round(float(x), 4)  # noqa: E731
    return {"labels": LABELS,
            "transitions": [[r(x) for x in row] for row in trans],
            "start": [r(x) for x in start], "end": [r(x) for x in end]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--vocab", type=int, default=2500)
    ap.add_argument("--raw-lines", type=int, default=40000)
    ap.add_argument("--seconds", type=float, default=150, help="training time budget")
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args()

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(1)  # more threads thrash on a shared 2-core machine

    t0 = time.time()
    lines = raw_lines(args.shared, args.raw_lines)
    anercorp = os.path.join(args.shared, "data", "anercorp", "camel_split", "ANERCorp_CamelLab_train.txt")
    sents = read_conll(anercorp)
    tok = build_tokenizer(lines + [" ".join(w) for w, _ in sents], args.vocab)
    print(f"vocab {tok.get_vocab_size()} pieces from {len(lines)} raw lines ({time.time()-t0:.0f}s)")

    tmp = tempfile.mkdtemp()
    tok.save(os.path.join(tmp, "tokenizer.json"))
    fast = PreTrainedTokenizerFast(
        tokenizer_file=os.path.join(tmp, "tokenizer.json"), unk_token="[UNK]", pad_token="[PAD]",
        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]", model_max_length=128)

    config = BertConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128, type_vocab_size=2,
        hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, pad_token_id=tok.token_to_id("[PAD]"),
        num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)})
    config._attn_implementation = "eager"
    model = BertForTokenClassification(config)

    rng = random.Random(0)
    rng.shuffle(sents)
    dev, train = sents[:200], sents[200:]
    ftrain = encode_sentences(fast, train, 128)
    fdev = encode_sentences(fast, dev, 128)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    t1 = time.time()
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for ids, att, lab in batches(ftrain, 32, config.pad_token_id, rng):
            out = model(input_ids=ids, attention_mask=att, labels=lab)
            opt.zero_grad()
            out.loss.backward()
            opt.step()
            total += out.loss.item()
        model.eval()
        good = n = ent_good = ent_n = 0
        with torch.no_grad():
            for ids, att, lab in batches(fdev, 64, config.pad_token_id, random.Random(1)):
                pred = model(input_ids=ids, attention_mask=att).logits.argmax(-1)
                m = lab != -100
                good += (pred[m] == lab[m]).sum().item()
                n += m.sum().item()
                e = m & (lab != 0)
                ent_good += (pred[e] == lab[e]).sum().item()
                ent_n += e.sum().item()
        print(f"epoch {epoch+1}: loss {total:.1f} dev acc {good/n:.3f} entity-token recall {ent_good/max(1,ent_n):.3f}"
              f" ({time.time()-t1:.0f}s)", flush=True)
        if time.time() - t1 > args.seconds:
            break
    model.eval()

    out = os.path.join(args.out, "tiny")
    os.makedirs(out, exist_ok=True)
    fast.save_pretrained(out)
    for extra in ("special_tokens_map.json",):
        p = os.path.join(out, extra)
        if os.path.exists(p):
            os.remove(p)
    cfg = config.to_dict()
    cfg["architectures"] = ["BertForTokenClassification"]
    cfg.pop("_attn_implementation", None)
    cfg["khabar"] = {"normalize": dict(arabic_norm.DEFAULT), "label_scheme": "IOB2"}
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")

    ids = torch.tensor([fast("مجلس الامن الدولي في نيويورك")["input_ids"]])
    att = torch.ones_like(ids)
    typ = torch.zeros_like(ids)
    torch.onnx.export(
        model, (ids, att, typ), os.path.join(out, "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                      "attention_mask": {0: "batch_size", 1: "sequence_length"},
                      "token_type_ids": {0: "batch_size", 1: "sequence_length"},
                      "logits": {0: "batch_size", 1: "sequence_length"}},
        opset_version=14, do_constant_folding=True, dynamo=False)

    crf = os.path.join(args.out, "tiny-crf")
    os.makedirs(crf, exist_ok=True)
    for name in os.listdir(out):
        shutil.copy(os.path.join(out, name), os.path.join(crf, name))
    with open(os.path.join(crf, "crf.json"), "w", encoding="utf-8") as f:
        json.dump(crf_params(train), f)
        f.write("\n")
    shutil.rmtree(tmp)
    for d in (out, crf):
        print(d, {n: os.path.getsize(os.path.join(d, n)) for n in sorted(os.listdir(d))})


if __name__ == "__main__":
    main()
