// Package hotline is the 112 side of Sigap: the JSON API call-takers'
// tools use, the health and metrics endpoints, and (later) the web console
// and the SMS webhooks. One place (errors.go) maps errors to HTTP status.
package hotline
