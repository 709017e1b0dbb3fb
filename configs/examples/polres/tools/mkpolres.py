#!/usr/bin/env python3
# Rebuilds configs/examples/polres/taxonomy.yaml from the shipped Tebing
# Tinggi taxonomy plus the police additions below. Run from the repository
# root: python3 configs/examples/polres/tools/mkpolres.py
# (TestPolresExampleFollowsShippedTaxonomy fails when the two drift apart.)
base=open('configs/tebingtinggi/taxonomy.yaml').read()
header="# EXAMPLE deployment with Polres: Tebing Tinggi's taxonomy plus crime\n# categories led by the police (section \"police (polres)\" below).\n"
s=header+base
# aliases after 'apill' line
s=s.replace("  apill: lampu lalu lintas\n","  apill: lampu lalu lintas\n  mling: maling\n  brkelahi: berkelahi\n",1)
police='''  # ----- police (polres) -----
  - id: pencurian
    name: Pencurian / perampokan
    name_en: Theft or robbery
    lead: polres
    priority: 2
    tier: 1
    questions: [korban, pelaku_di_lokasi]
    keywords:
      - weight: 1
        words: [maling, curi, rampok, begal, jambret, copet motor, curanmor]
      - weight: 0.4
        words: [hilang dicuri]
  - id: perkelahian
    name: Perkelahian / penganiayaan / keributan
    name_en: Fight, assault or disturbance
    lead: polres
    priority: 2
    tier: 1
    questions: [korban, senjata]
    keywords:
      - weight: 1
        words: [kelahi, tawuran, keroyok, aniaya, baku hantam]
      - weight: 0.5
        words: [pukul, senjata tajam, parang, pisau]

  # ----- no dispatch -----
'''
assert "  # ----- no dispatch -----\n" in s
s=s.replace("  # ----- no dispatch -----\n",police,1)
q='''  - id: pelaku_di_lokasi
    text: Pelaku masih di lokasi?
    text_en: Is the offender still there?
    sms: pelaku masih di lokasi
    if_yes: {priority: 1}
  - id: senjata
    text: Ada senjata tajam / api?
    text_en: Any weapon?
    sms: bersenjata
    if_yes: {priority: 1}

# Asked when the classifier is not sure what the call is.
'''
assert "\n# Asked when the classifier is not sure what the call is.\n" in s
s=s.replace("\n\n# Asked when the classifier is not sure what the call is.\n","\n"+q,1)
open('configs/examples/polres/taxonomy.yaml','w').write(s)
