// Package dispatch turns a logged emergency call into an Incident: it
// classifies the caller's description, routes each responsible agency to the
// right station, queues the assignments and keeps the incident's event log,
// from which its state can always be rebuilt.
//
// Storage and queues are behind small interfaces declared here; the Redis
// implementation lives in dispatch/redisstore.
package dispatch
