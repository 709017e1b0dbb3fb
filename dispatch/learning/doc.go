// Package learning makes the classifier learn from the centre: the category
// and agencies call-takers finally dispatched are labelled examples, added
// to the corpus' train split to train the model (`sigap classify train` and
// on a schedule), which is saved and installed in the taxonomy.
package learning
