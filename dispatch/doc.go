// Package dispatch is the core every use case shares: the Incident with its
// assignments, the events that change it (Apply, Rebuild: an incident's
// state can always be rebuilt from its log), calls, hoax-risk assessments as
// data, timers, the charter book, and the small interfaces behind which
// storage and queues live (their Redis implementation is dispatch/redisstore).
// Service is the shared base: the collaborators and the clock the use-case
// packages are built on.
//
// The use cases live in subpackages, each named for what it does:
//
//	dispatch/intake      a call in: validate, classify, locate, route, store and queue
//	dispatch/linking     duplicate suggestions, linking callers, corroboration
//	dispatch/hoax        hoax-risk score with reasons, callers' standing
//	dispatch/manage      dispatchers' decisions: status, note, reassign, close, confirm false
//	dispatch/notify      one SMS onto one phone once; the assignment SMS; provider health
//	dispatch/escalation  the agency queue worker, charter clocks, the escalation ladder
//	dispatch/smsreply    responders' replies: parsing and applying them
//	dispatch/reconcile   the periodic repair that keeps the first law
//	dispatch/learning    the classifier learning from dispatched incidents
//	dispatch/deployment  loading a city's configuration
//	dispatch/classify    the classifier itself; dispatch/report the compliance reports
package dispatch
