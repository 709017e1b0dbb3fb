// Package smsreply reads the SMS a responder sends back: TERIMA, OTW, TIBA,
// SELESAI, TOLAK, PALSU, INFO and BANTU with an incident code, typed on a
// feature phone by someone tired and in a hurry. ParseReply turns a body
// into a Reply; Inbox applies it to the responder's assignment and answers
// by SMS (and takes delivery receipts and callers' ratings).
package smsreply
