#!/usr/bin/env python3
"""Writes the folds of a leave-one-batch-out measurement (issue 11).

Each outside writers' batch in train (train_extra.src, train_writers*.src)
becomes one fold: the train.jsonl lines whose text is in that batch, in
OUTDIR/<batch>.jsonl. TestTuneCombination then holds one fold out at a time
and trains on the rest of the train split:

    python3 tools/batch_folds.py /tmp/folds
    SIGAP_TUNE=1 SIGAP_LOWO="$(ls /tmp/folds/*.jsonl | tr '\\n' ' ')" \\
        go test -run TestTuneCombination -v -timeout 60m ./dispatch/classify/

A batch is six to twelve writers who wrote on the same day from the same
brief, so a fold holds out their style as a new writer's sentences would
meet the model. The writers' own files stayed outside the repository
until session 6 and were lost with that machine; from batch 6 on,
split_writers.py records each writer's lines (train_writers6.writers) and
--writers splits a batch into one fold per writer.
"""
import glob, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
per_writer = "--writers" in sys.argv
if len(args) != 1:
    sys.exit("usage: batch_folds.py [--writers] OUTDIR")
out = args[0]
os.makedirs(out, exist_ok=True)
train = {}
for line in open(os.path.join(here, "..", "train.jsonl"), encoding="utf-8"):
    r = json.loads(line)
    train[r["text"]] = line
for src in sorted(glob.glob(os.path.join(here, "train_extra.src")) + glob.glob(os.path.join(here, "train_writers*.src"))):
    batch = os.path.basename(src)[:-len(".src")]
    texts = [l.rstrip("\n").split("|", 5)[5] for l in open(src, encoding="utf-8") if l.strip()]
    folds = [(batch, texts)]
    side = src[:-len(".src")] + ".writers"
    if per_writer and os.path.exists(side):
        folds, i = [], 0
        for l in open(side, encoding="utf-8"):
            name, n = l.split()
            folds.append((name, texts[i:i + int(n)]))
            i += int(n)
        if i != len(texts):
            sys.exit(f"{side}: {i} lines named, {len(texts)} in {src}")
    for name, ts in folds:
        kept = [train[t] for t in ts if t in train]
        with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as f:
            f.writelines(kept)
        print(f"{name}: {len(kept)} of {len(ts)} lines in train", file=sys.stderr)
