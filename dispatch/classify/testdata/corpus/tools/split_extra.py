#!/usr/bin/env python3
"""Splits the outside authors' calls (issue 11, third round) into train and
hold-out.

Two engineers who had not worked on the classifier wrote calls in the
corpus' JSONL schema (extra_a: mostly non-emergencies, extra_b: mostly
victims). A fixed fifth of them, chosen by a seeded hash of the text (so a
line's side never depends on the order or on lines added later), is kept out
of training as a check (../holdout_extra.jsonl); the rest becomes the
hand-written train source train_extra.src, which gen_train.py appends with
its leak check against the test split.

    python3 tools/split_extra.py /work/wt/extra/extra_a.jsonl /work/wt/extra/extra_b.jsonl
"""
import hashlib, json, os, sys

SEED = "i11b-holdout-112"
here = os.path.dirname(os.path.abspath(__file__))

def held(text):
    return int(hashlib.sha256((SEED + text).encode()).hexdigest(), 16) % 5 == 0

train, hold, seen = [], [], set()
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        r = json.loads(line)
        text = " ".join(r["text"].split())
        if text in seen or "|" in text:
            continue
        seen.add(text)
        r["text"] = text
        (hold if held(text) else train).append(r)

with open(os.path.join(here, "..", "holdout_extra.jsonl"), "w", encoding="utf-8") as f:
    for r in hold:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(here, "train_extra.src"), "w", encoding="utf-8") as f:
    for r in train:
        flags = ("v" if r["victim"] else "") + ("n" if r["non_emergency"] else "")
        f.write("|".join([r["category"], ",".join(r["agencies"]), str(r["priority"]), flags, r.get("kind") or "extra", r["text"]]) + "\n")
print(f"{len(train)} train, {len(hold)} held out", file=sys.stderr)
