// Package notify gets one SMS onto one phone exactly once: the assignment
// SMS a responder reads (ComposeAssignment), the send ledger that makes a
// redelivered queue entry or a crash between send and record never text
// twice (Sender), and the SMS provider's health as the board and /healthz
// show it (ProviderHealth).
package notify
