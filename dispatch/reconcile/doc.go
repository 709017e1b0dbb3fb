// Package reconcile keeps the first law when everything else has failed:
// a periodic pass over every open incident that repairs what the queues,
// timers and send ledger should hold but do not (after a Redis restart, a
// lost entry, a crash between two writes), re-drives dead letters of open
// incidents, and tells supervisors once per SMS-provider outage.
package reconcile
