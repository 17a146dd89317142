"""Prepare pretraining text, the WordPiece tokenizer and piece embeddings.

Steps (each skipped when its output exists, so reruns are cheap):
  1. select raw/ lines (licence-clean sources by default, see SOURCES below),
     normalise them with arabic_norm.normalize (the Go pipeline's twin) and
     write work/raw_norm.txt;
  2. train a WordPiece tokenizer (Python `tokenizers`) on that text plus the
     normalised ANERcorp train tokens -> work/tokenizer.json;
  3. piece-tokenise the raw text -> work/raw_ids.npy (int32, -1 between lines);
  4. train word2vec (gensim skip-gram) on the piece sequences -> work/w2v.npy
     (rows aligned with the tokenizer's vocabulary).
"""
import argparse
import lzma
import multiprocessing as mp
import os
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arabic_norm  # noqa: E402
from train import read_conll  # noqa: E402

RAW = "raw"
# (chunk, first line, last line) 1-based inclusive, per raw/SOURCES.tsv line counts.
# ar-news-01 is all SaudiNewsNet (CC BY-NC-SA 4.0) and ar-news-02 starts with its
# last 4,659 lines: left out by default so the shipped weights carry no
# non-commercial source. ar-news-02 lines 312,514-323,588 (BBC crawl, GPL code
# repository; Moroccan news, no licence stated) are left out too.
SOURCES = {
    "clean": [
        ("ar-news-02.txt.xz", 4660, 312513),     # ant_multi + ant_jawhara (Apache-2.0, cite)
        ("ar-news-02.txt.xz", 323589, 328134),   # sanad_sample (SANAD: CC BY 4.0)
        ("ar-news-03.txt.xz", 1, 135898),        # arwiki_comparable (CC BY-SA 4.0)
    ],
    "all": [
        ("ar-news-01.txt.xz", 1, 10**9),
        ("ar-news-02.txt.xz", 1, 10**9),
        ("ar-news-03.txt.xz", 1, 10**9),
    ],
}
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _norm(line):
    return arabic_norm.normalize(line)


def step_raw(data, work, which):
    out = os.path.join(work, f"raw_norm_{which}.txt")
    if os.path.exists(out):
        return out
    lines = []
    for chunk, a, b in SOURCES[which]:
        with lzma.open(os.path.join(data, RAW, chunk), "rt", encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if i > b:
                    break
                if i >= a:
                    lines.append(line.rstrip("\n"))
    t = time.time()
    with mp.Pool(2) as pool:
        normed = pool.map(_norm, lines, chunksize=2000)
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        for s in normed:
            if s:
                f.write(s + "\n")
    os.replace(out + ".tmp", out)
    print(f"raw: {len(lines)} lines normalised in {time.time()-t:.0f}s -> {out}", flush=True)
    return out


def step_tokenizer(raw_path, train_sents, work, vocab_size):
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    out = os.path.join(work, "tokenizer.json")
    if os.path.exists(out):
        return out
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", continuing_subword_prefix="##",
                                     max_input_chars_per_word=100))
    tok.normalizer = None
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=3,
                                        special_tokens=SPECIALS, limit_alphabet=400,
                                        continuing_subword_prefix="##", show_progress=False)
    ner_text = [" ".join(arabic_norm.normalize(w) for w, _ in s) for s in train_sents]

    def it():
        with open(raw_path, encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")
        # ANERcorp train twice, so its words are in the vocabulary.
        for _ in range(2):
            yield from ner_text

    t = time.time()
    tok.train_from_iterator(it(), trainer=trainer)
    tok.post_processor = processors.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")),
                                                   ("[CLS]", tok.token_to_id("[CLS]")))
    tok.save(out)
    print(f"tokenizer: vocab {tok.get_vocab_size()} in {time.time()-t:.0f}s", flush=True)
    return out


def step_ids(raw_path, tok_path, work):
    from tokenizers import Tokenizer
    out = os.path.join(work, "raw_ids.npy")
    if os.path.exists(out):
        return out
    tok = Tokenizer.from_file(tok_path)
    t = time.time()
    parts = []
    batch = []

    def flush():
        for e in tok.encode_batch(batch, add_special_tokens=False):
            parts.append(np.asarray(e.ids + [-1], dtype=np.int32))
        batch.clear()

    with open(raw_path, encoding="utf-8") as f:
        for line in f:
            batch.append(line.rstrip("\n"))
            if len(batch) == 5000:
                flush()
    flush()
    ids = np.concatenate(parts)
    np.save(out, ids)
    print(f"ids: {len(ids)} pieces in {time.time()-t:.0f}s", flush=True)
    return out


class _Sents:
    """Restartable iterator over piece-id sentences (as str tokens) for gensim."""

    def __init__(self, ids):
        self.ids = ids
        self.cuts = np.flatnonzero(ids == -1)

    def __iter__(self):
        start = 0
        for c in self.cuts:
            seg = self.ids[start:c]
            start = c + 1
            if len(seg):
                yield [str(x) for x in seg.tolist()]


def step_w2v(ids_path, tok_path, work, dim, epochs, seed):
    from gensim.models import Word2Vec
    from tokenizers import Tokenizer
    out = os.path.join(work, f"w2v{dim}.npy")
    if os.path.exists(out):
        return out
    ids = np.load(ids_path)
    t = time.time()
    m = Word2Vec(sentences=_Sents(ids), vector_size=dim, window=5, min_count=1, sg=1,
                 negative=10, sample=1e-4, workers=2, epochs=epochs, seed=seed)
    V = Tokenizer.from_file(tok_path).get_vocab_size()
    rng = np.random.default_rng(seed)
    E = rng.normal(0, 0.1, size=(V, dim)).astype(np.float32)
    found = 0
    for k in m.wv.index_to_key:
        E[int(k)] = m.wv[k]
        found += 1
    E[0] = 0
    np.save(out, E)
    print(f"w2v: {found}/{V} rows trained in {time.time()-t:.0f}s", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--sources", default="clean", choices=sorted(SOURCES))
    ap.add_argument("--vocab", type=int, default=40000)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--w2v-epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-w2v", action="store_true", help="stop after the piece ids (make pretrain)")
    a = ap.parse_args()
    random.seed(a.seed)
    os.makedirs(a.work, exist_ok=True)
    train = read_conll(os.path.join(a.data, "anercorp/camel_split/ANERCorp_CamelLab_train.txt"))
    raw = step_raw(a.data, a.work, a.sources)
    tokp = step_tokenizer(raw, train, a.work, a.vocab)
    idp = step_ids(raw, tokp, a.work)
    if not a.no_w2v:
        step_w2v(idp, tokp, a.work, a.dim, a.w2v_epochs, a.seed)


if __name__ == "__main__":
    main()
