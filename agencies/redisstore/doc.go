// Package redisstore keeps the agencies' data that changes at run time in
// Redis (the SMS outbox), and starts the Redis server Sigap uses when none is
// configured: a child redis-server with AOF persistence when one is installed,
// otherwise an in-process, non-durable Redis-compatible server for demos.
//
// Redis plumbing lives here because agencies is the lowest package that keeps
// data in Redis; dispatch/redisstore builds on it.
package redisstore
