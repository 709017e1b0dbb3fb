#!/usr/bin/env python3
"""How often two labellers agree (issue 11): agreement.jsonl holds a second,
independent labelling of 600 train calls drawn at random (seed 20261207)
from writers w42-w53 (not their frozen hold-out fifths). The second
labeller saw only BRIEF.md down to "## Style" and the texts, never the
writers' labels. This prints, against the writers' labels in train.jsonl,
the agreement on the figures the classifier is judged by:

    python3 tools/agreement.py
"""
import collections, json, os

here = os.path.dirname(os.path.abspath(__file__))
first = {}
for line in open(os.path.join(here, "..", "train.jsonl"), encoding="utf-8"):
    e = json.loads(line)
    first[" ".join(e["text"].split())] = e
pairs = []
for line in open(os.path.join(here, "..", "agreement.jsonl"), encoding="utf-8"):
    b = json.loads(line)
    a = first[" ".join(b["text"].split())]
    pairs.append((a, b))
n = len(pairs)
same = lambda f: sum(f(a) == f(b) for a, b in pairs)
vict = [(a, b) for a, b in pairs if a["victim"]]
ne = [(a, b) for a, b in pairs if a["non_emergency"]]
em = [(a, b) for a, b in pairs if not a["non_emergency"]]
print(f"{n} calls labelled twice (writers' labels first, the second labeller's second)")
print(f"lead agency            {same(lambda e: e['lead']):4d} ({100 * same(lambda e: e['lead']) / n:.1f} %)")
print(f"category               {same(lambda e: e['category']):4d} ({100 * same(lambda e: e['category']) / n:.1f} %)")
print(f"agency set             {same(lambda e: sorted(e['agencies'])):4d} ({100 * same(lambda e: sorted(e['agencies'])) / n:.1f} %)")
d = sum("dinkes" in b["agencies"] for a, b in vict)
print(f"dinkes on victim calls {d:4d} of {len(vict)} ({100 * d / len(vict):.1f} %)")
s = sum(not b["non_emergency"] for a, b in ne)
print(f"non-emergencies sent   {s:4d} of {len(ne)} ({100 * s / len(ne):.1f} %)")
s = sum(b["non_emergency"] for a, b in em)
print(f"emergencies doubted    {s:4d} of {len(em)} ({100 * s / len(em):.1f} %)")
c = collections.Counter((a["lead"] or "-", b["lead"] or "-") for a, b in pairs if a["lead"] != b["lead"])
print("lead disagreements:", ", ".join(f"{x} -> {y}: {k}" for (x, y), k in c.most_common()))
