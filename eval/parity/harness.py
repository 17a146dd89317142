#!/usr/bin/env python3
"""seqeval parity harness for khabar's eval package.

Writes the golden numbers that eval's Go tests compare against, computed by
the Python seqeval package itself (default mode, as `seqeval.metrics`
computes them when no mode/scheme is given):

  eval/testdata/seqeval_synthetic.json
      Small synthetic tag sequences (committed in full): well-formed IOB2,
      IOB1, IOBES and ill-formed sequences (stray I- tags, type changes
      inside an entity, unknown prefixes, tags without a type, "I--ORG",
      "O-PER", non-ASCII prefixes) with seqeval's chunks and its micro,
      macro and per-type P/R/F1.

  eval/testdata/seqeval_golden.json
      Perturbed predictions for the ANERcorp CAMeL-split test file (read
      from ../shared, never copied): the file's sha256, the perturbation
      recipes (seed and rates), the sha256 of each perturbed tag stream and
      seqeval's scores. The Go test regenerates the same perturbed tags from
      the same file with a twin of perturb() below (eval/perturb_test.go),
      checks the sha256, and compares the scores.

Usage (from the repo root):
  python3 -m venv eval/parity/.venv
  eval/parity/.venv/bin/pip install -r eval/parity/requirements.txt
  eval/parity/.venv/bin/python eval/parity/harness.py [--anercorp PATH]
"""

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import warnings

from importlib.metadata import version

from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import (get_entities,
                                               precision_recall_fscore_support)

MASK = (1 << 64) - 1


class SplitMix64:
    """splitmix64; eval/perturb_test.go has the same generator."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def float(self):
        return (self.next() >> 11) / float(1 << 53)

    def intn(self, n):
        return self.next() % n


TYPES = ["LOC", "MISC", "ORG", "PERS"]

RECIPES = [
    {"name": "light", "seed": 20240221, "drop": 0.05, "retype": 0.05, "shift": 0.05,
     "split": 0.03, "iob1": 0.02, "stray": 0.005, "spurious": 0.005},
    {"name": "heavy", "seed": 7, "drop": 0.15, "retype": 0.15, "shift": 0.15,
     "split": 0.10, "iob1": 0.10, "stray": 0.03, "spurious": 0.02},
    {"name": "stray", "seed": 99, "drop": 0.02, "retype": 0.02, "shift": 0.02,
     "split": 0.20, "iob1": 0.30, "stray": 0.08, "spurious": 0.01},
]


def simple_entities(tags):
    """Entities of a (well-formed) sequence: B-X or I-X, then I-X*."""
    out = []
    i, n = 0, len(tags)
    while i < n:
        t = tags[i]
        if t.startswith("B-") or t.startswith("I-"):
            typ = t[2:]
            j = i + 1
            while j < n and tags[j] == "I-" + typ:
                j += 1
            out.append((i, j, typ))
            i = j
        else:
            i += 1
    return out


def others(t):
    return [x for x in TYPES if x != t]


def perturb(sents, r):
    """Deterministic corruption of gold sentences; see RECIPES."""
    rng = SplitMix64(r["seed"])
    out = []
    for tags in sents:
        pred = list(tags)
        n = len(tags)
        for (s, e, t) in simple_entities(tags):
            u = rng.float()
            if u < r["drop"]:
                for i in range(s, e):
                    pred[i] = "O"
                continue
            u -= r["drop"]
            if u < r["retype"]:
                o = others(t)
                nt = o[rng.intn(len(o))]
                pred[s] = "B-" + nt
                for i in range(s + 1, e):
                    pred[i] = "I-" + nt
                continue
            u -= r["retype"]
            if u < r["shift"]:
                k = rng.intn(4)
                if k == 0 and e < n and pred[e] == "O" and tags[e] == "O":
                    pred[e] = "I-" + t
                elif k == 1 and e - s > 1:
                    pred[e - 1] = "O"
                elif k == 2 and s > 0 and pred[s - 1] == "O" and tags[s - 1] == "O":
                    pred[s - 1] = "B-" + t
                    pred[s] = "I-" + t
                elif k == 3 and e - s > 1:
                    pred[s] = "O"
                    pred[s + 1] = "B-" + t
                continue
            u -= r["shift"]
            if u < r["split"]:
                if e - s > 1:
                    k = s + 1 + rng.intn(e - s - 1)
                    if rng.float() < 0.5:
                        pred[k] = "B-" + t
                    else:
                        o = others(t)
                        pred[k] = "I-" + o[rng.intn(len(o))]
                continue
            u -= r["split"]
            if u < r["iob1"]:
                pred[s] = "I-" + t
                continue
        for i in range(n):
            if pred[i] != "O":
                continue
            u = rng.float()
            if u < r["stray"]:
                pred[i] = "I-" + TYPES[rng.intn(len(TYPES))]
            elif u < r["stray"] + r["spurious"]:
                pred[i] = "B-" + TYPES[rng.intn(len(TYPES))]
        out.append(pred)
    return out


def tags_sha256(sents):
    return hashlib.sha256("\n".join(" ".join(s) for s in sents).encode("utf-8")).hexdigest()


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def scores(y_true, y_pred):
    """seqeval's numbers plus the entity counts behind them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        true_chunks = get_entities(y_true)
        pred_chunks = get_entities(y_pred)
        types = sorted({c[0] for c in true_chunks} | {c[0] for c in pred_chunks})
        out = {"per_type": {}}
        if types:
            p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None)
            ts, ps = {}, {}
            for c in true_chunks:
                ts.setdefault(c[0], set()).add((c[1], c[2]))
            for c in pred_chunks:
                ps.setdefault(c[0], set()).add((c[1], c[2]))
            for i, t in enumerate(types):
                a, b = ts.get(t, set()), ps.get(t, set())
                out["per_type"][t] = {"p": num(p[i]), "r": num(r[i]), "f1": num(f[i]),
                                      "support": int(s[i]), "tp": len(a & b),
                                      "pred": len(b), "gold": len(a)}
        for avg in ("micro", "macro"):
            if not types and avg == "macro":
                out[avg] = None  # numpy's mean of nothing is nan
                continue
            p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=avg)
            out[avg] = {"p": num(p), "r": num(r), "f1": num(f)}
        if types:
            # classification_report is what users print: same numbers.
            rep = classification_report(y_true, y_pred, output_dict=True)
            for t in types:
                assert abs(rep[t]["f1-score"] - out["per_type"][t]["f1"]) < 1e-12
            assert abs(rep["micro avg"]["f1-score"] - out["micro"]["f1"]) < 1e-12
            assert abs(rep["macro avg"]["f1-score"] - out["macro"]["f1"]) < 1e-12
    out["chunks_true"] = [[c[0], c[1], c[2]] for c in true_chunks]
    out["chunks_pred"] = [[c[0], c[1], c[2]] for c in pred_chunks]
    return out


# --- synthetic sequences -----------------------------------------------------

WELL = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
IOBES = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC", "S-LOC", "I-LOC"]
QUIRKS = ["I", "B", "E", "S", "IO", "OO", "I--ORG", "B-", "X-PER", ".-PER", ".", "L-PER",
          "U-LOC", "B-PER-X", "I-PER-X", "I-_", "B-_", "_", "-", "O-PER", "O-LOC", "ب-LOC",
          "I-ب", "BI-PER", "B-MIS1`", "I-LOC", "I-PER"]


def gen_bio(rng, n):
    tags, i = [], 0
    while i < n:
        if rng.random() < 0.6:
            tags.append("O")
            i += 1
            continue
        t = rng.choice(["PER", "LOC", "ORG"])
        k = rng.randint(1, 3)
        for j in range(k):
            if i >= n:
                break
            tags.append(("B-" if j == 0 else "I-") + t)
            i += 1
    return tags


def to_iob1(tags):
    out = []
    for i, t in enumerate(tags):
        if t.startswith("B-") and not (i > 0 and tags[i - 1][2:] == t[2:] and tags[i - 1] != "O"):
            t = "I-" + t[2:]
        out.append(t)
    return out


def corrupt(rng, tags, vocab):
    out = list(tags)
    for i in range(len(out)):
        if rng.random() < 0.25:
            out[i] = rng.choice(vocab)
    return out


def synthetic(seed, count):
    rng = random.Random(seed)
    cases = []
    kinds = ["iob2", "iob1", "iobes", "quirky", "soup", "pred_only", "empty"]
    for c in range(count):
        kind = kinds[c % len(kinds)]
        ns = rng.randint(1, 4)
        lens = [rng.randint(0, 9) for _ in range(ns)]
        if kind == "empty":
            y_true = [["O"] * n for n in lens]
            y_pred = [corrupt(rng, ["O"] * n, WELL) if rng.random() < 0.5 else ["O"] * n for n in lens]
        elif kind == "iobes":
            y_true = [[rng.choice(IOBES) for _ in range(n)] for n in lens]
            y_pred = [corrupt(rng, s, IOBES) for s in y_true]
        elif kind == "soup":
            vocab = WELL + QUIRKS
            y_true = [[rng.choice(vocab) for _ in range(n)] for n in lens]
            y_pred = [[rng.choice(vocab) for _ in range(n)] for n in lens]
        else:
            y_true = [gen_bio(rng, n) for n in lens]
            if kind == "iob1":
                y_true = [to_iob1(s) for s in y_true]
            vocab = WELL if kind in ("iob2", "iob1") else WELL + QUIRKS
            y_pred = [corrupt(rng, s, vocab) for s in y_true]
            if kind == "pred_only":
                y_true = [["O"] * n for n in lens]
            if kind == "quirky":
                y_true = [corrupt(rng, s, QUIRKS) for s in y_true]
        case = {"kind": kind, "true": y_true, "pred": y_pred}
        case.update(scores(y_true, y_pred))
        cases.append(case)
    return cases


# --- ANERcorp -----------------------------------------------------------------

def read_conll(path):
    sents, cur = [], []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            fields = [x for x in re.split(r"[ \t\r\v\f]+", line.rstrip("\r\n")) if x]
            if not fields or fields[0] == "-DOCSTART-":
                if cur:
                    sents.append(cur)
                cur = []
                continue
            cur.append(fields[1])
    if cur:
        sents.append(cur)
    return sents


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def repo_root():
    d = os.path.dirname(os.path.abspath(__file__))
    while not os.path.exists(os.path.join(d, "go.mod")):
        parent = os.path.dirname(d)
        if parent == d:
            sys.exit("go.mod not found above " + __file__)
        d = parent
    return d


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def main():
    root = repo_root()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--anercorp", default=os.path.join(
        root, "..", "shared", "data", "anercorp", "camel_split", "ANERCorp_CamelLab_test.txt"))
    ap.add_argument("--synthetic-seed", type=int, default=6)
    ap.add_argument("--synthetic-count", type=int, default=140)
    args = ap.parse_args()
    testdata = os.path.join(root, "eval", "testdata")

    cases = synthetic(args.synthetic_seed, args.synthetic_count)
    with open(os.path.join(testdata, "seqeval_synthetic.json"), "w", encoding="utf-8") as f:
        # One case a line keeps the file small and its diffs readable.
        f.write('{"seqeval_version": %s, "generator_seed": %d, "cases": [\n' % (
            json.dumps(version("seqeval")), args.synthetic_seed))
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                           for c in cases))
        f.write("\n]}\n")
    print("synthetic: %d cases" % len(cases))

    if not os.path.exists(args.anercorp):
        print("ANERcorp not found at %s: golden ANERcorp numbers not regenerated" % args.anercorp)
        return
    gold = read_conll(args.anercorp)
    runs = []
    for r in RECIPES:
        pred = perturb(gold, r)
        s = scores(gold, pred)
        del s["chunks_true"], s["chunks_pred"]
        runs.append({"recipe": r, "pred_sha256": tags_sha256(pred), "scores": s})
        print("%-6s micro P %.4f R %.4f F1 %.4f  macro F1 %.4f" % (
            r["name"], s["micro"]["p"], s["micro"]["r"], s["micro"]["f1"], s["macro"]["f1"]))
    golden = {
        "source": "anercorp/camel_split/ANERCorp_CamelLab_test.txt",
        "source_sha256": file_sha256(args.anercorp),
        "gold_sha256": tags_sha256(gold),
        "sentences": len(gold),
        "tokens": sum(len(s) for s in gold),
        "types": TYPES,
        "seqeval": version("seqeval") + " default mode (precision_recall_fscore_support / classification_report)",
        "runs": runs,
    }
    write_json(os.path.join(testdata, "seqeval_golden.json"), golden)


if __name__ == "__main__":
    main()
