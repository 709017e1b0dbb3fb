// Package hotline is the 112 side of Sigap over HTTP: the JSON API
// (/api/v1), the call-takers' and supervisors' web console (templates and
// assets embedded), the public charter page, Server-Sent Events, the SMS
// provider's webhooks (responders' replies, delivery receipts), accounts and
// sessions, health and metrics. It depends on dispatch and on small
// interfaces (Accounts, Outbox, WebhookSigner) that cmd fills with adapters;
// hotline/redisstore keeps users, sessions and tokens. One table
// (errors.go) maps errors to HTTP status.
package hotline
