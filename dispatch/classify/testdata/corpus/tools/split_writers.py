#!/usr/bin/env python3
"""Turns calls written by outside writers (issue 11, session 3) into train
sources and a hold-out.

Eight writers who never saw the taxonomy, the corpus or the code wrote calls
in the corpus' JSONL schema from a one-page brief (category list, agencies,
labelling conventions) and a focus each. Writers w1-w3 were the engineers'
dev set while they tuned (their errors were read, so all of them go to
train: train_writers_dev.src). Writers w4-w8 were never read by anyone
tuning: a fixed fifth of them, chosen by a seeded hash of the text (a line's
side depends only on its text), is kept out of training as
../holdout_writers.jsonl; the rest becomes train_writers.src. Writers
w9-w11 (a second batch: non-emergencies with emergency words, calls
ambiguous between agencies, an ordinary week) all go to train
(train_writers_late.src). Writers w12-w23 (session 4: minimal pairs,
calls typed as fragments, a centre's real mix of non-emergencies, calls
ambiguous between agencies, emergency words that are not emergencies,
calls in the middle of an incident's life, regional registers, very short
and very long calls, callers who start with something else, follow-up
calls, people in danger told indirectly, an ordinary day) are split like
w4-w8, with the same seeded
hash: a fifth to ../holdout_writers2.jsonl, the rest to
train_writers2.src. Writers w24-w29 (session 5: questions asked while
something is happening, flat statements with emergency words and their
live twins, regional languages, call-takers' shorthand, callers who
downplay, third-party and relayed reports) are split the same way: a
fifth to ../holdout_writers3.jsonl, the rest to train_writers3.src.
Writers w30-w35 (session 5, second batch: people hurt inside non-medical
events, where and whether it is happening, live requests phrased as
questions, an ordinary night shift, a rainy-season week, very short calls)
likewise: ../holdout_writers4.jsonl and train_writers4.src. Writers
w36-w41 (a third batch: a day shift, holidays, callers who are the patient,
symptoms without medical words, roads and traffic, a call-taker from
Medan): ../holdout_writers5.jsonl and train_writers5.src.
gen_train.py appends the sources with its leak check
against the test split.

    python3 tools/split_writers.py dev  /work/wt/extra2/w[123].jsonl
    python3 tools/split_writers.py hold /work/wt/extra3/w[45678].jsonl
    python3 tools/split_writers.py late /work/wt/extra4/w9.jsonl /work/wt/extra4/w1[01].jsonl
    python3 tools/split_writers.py hold2 /work/wt/extra5/w1[2-9].jsonl /work/wt/extra5/w2[0-3].jsonl
    python3 tools/split_writers.py hold3 /work/wt/extra6/w2[4-9].jsonl
    python3 tools/split_writers.py hold4 /work/wt/extra7/w3[0-5].jsonl
    python3 tools/split_writers.py hold5 /work/wt/extra8/w3[6-9].jsonl /work/wt/extra8/w4[01].jsonl
    python3 tools/split_writers.py hold6 /work/wt/extra9/w4[2-7].jsonl
    python3 tools/split_writers.py hold7 /work/wt/extra10/w4[89].jsonl /work/wt/extra10/w5[0-3].jsonl

From hold6 on the script also writes which writer wrote which train lines
(train_writers6.writers), so that a later session can hold one writer out
without the writers' files (the earlier batches' files were lost with the
session-5 machine; batch_folds.py holds those out a batch at a time).
"""
import hashlib, json, os, sys

SEED = "s3-holdout-112"
here = os.path.dirname(os.path.abspath(__file__))


def held(text):
    return int(hashlib.sha256((SEED + text).encode()).hexdigest(), 16) % 5 == 0


def src_line(r):
    flags = ("v" if r["victim"] else "") + ("n" if r["non_emergency"] else "")
    # gen_train.py reads the first agency as the lead (a writer may list it later)
    ags = sorted(r["agencies"], key=lambda a: a != r["lead"])
    return "|".join([r["category"], ",".join(ags), str(r["priority"]), flags,
                     r.get("kind") or "writer", r["text"]])


# mode: (train source written, hold-out written or None)
MODES = {
    "dev": ("train_writers_dev.src", None),
    "hold": ("train_writers.src", "holdout_writers.jsonl"),
    "late": ("train_writers_late.src", None),
    "hold2": ("train_writers2.src", "holdout_writers2.jsonl"),
    "hold3": ("train_writers3.src", "holdout_writers3.jsonl"),
    "hold4": ("train_writers4.src", "holdout_writers4.jsonl"),
    "hold5": ("train_writers5.src", "holdout_writers5.jsonl"),
    "hold6": ("train_writers6.src", "holdout_writers6.jsonl"),
    "hold7": ("train_writers7.src", "holdout_writers7.jsonl"),
}
mode, paths = sys.argv[1], sys.argv[2:]
if mode not in MODES:
    sys.exit("usage: split_writers.py " + "|".join(MODES) + " FILE...")
name, out = MODES[mode]
holding = out is not None
train, hold, seen, counts = [], [], set(), []
for path in paths:
    counts.append([os.path.basename(path).split(".")[0], 0])
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        r = json.loads(line)
        text = " ".join(r["text"].split())
        if text.lower() in seen or "|" in text:
            continue
        seen.add(text.lower())
        r["text"] = text
        if holding and held(text):
            hold.append(r)
        else:
            train.append(r)
            counts[-1][1] += 1

with open(os.path.join(here, name), "w", encoding="utf-8") as f:
    for r in train:
        f.write(src_line(r) + "\n")
# Which writer wrote which train lines, in order, for one fold per writer
# (batch_folds.py --writers); kept since session 6.
with open(os.path.join(here, name[:-len(".src")] + ".writers"), "w", encoding="utf-8") as f:
    for w, n in counts:
        f.write(f"{w} {n}\n")
if holding:
    with open(os.path.join(here, "..", out), "w", encoding="utf-8") as f:
        for r in hold:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{name}: {len(train)} lines; held out {len(hold)}", file=sys.stderr)
