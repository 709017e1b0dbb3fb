// Package classify proposes, from the caller's description as the call-taker
// types it, what kind of incident a 112 call is about, which agencies to send,
// a default priority and how sure the proposal is, with the words that led
// to it. The call-taker always has the last word (ClassifyAs).
//
// Everything city-specific is data, read from a taxonomy file
// (configs/<city>/taxonomy.yaml):
//
//   - categories: agencies (lead, support), default priority, tier, and
//     weighted keywords and "near" pairs (two words close together in one
//     clause, e.g. "lampu merah … mati");
//   - synonyms: words and phrases that mean the same (Medan's "kereta" is a
//     motorcycle, "kereta api" the train, "pajak" the market);
//   - aliases: informal and SMS spellings (gk → tidak, sesek → sesak);
//   - signals: facts that change the response whatever the category (a
//     casualty adds the ambulance, a trapped person the rescue team);
//   - rules: a category refiled when a signal is present (a crash with
//     casualties is led by the ambulance);
//   - negation words, and common words that must never be read as typos.
//
// The code knows Bahasa Indonesia in general: case, punctuation and letters
// held down ("tolooong"), reduplication ("kejang-kejang", "anak2"), affixes
// (ter-, ke-…-an, di-, me-, ber-, -nya, -kan, and the nasal sound changes:
// menabrak → tabrak), typing mistakes (edit distance 1 from five letters,
// 2 from nine), and negation ("tidak ada korban", "korbannya nihil"), while
// keywords that contain a negation ("tidak sadarkan diri") still match.
//
// Classify runs on every keystroke of the console: it allocates only its
// result and takes a few microseconds.
package classify
