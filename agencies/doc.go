// Package agencies knows the responding agencies of the city: their
// stations and service areas, responders and duty rosters, the charter
// (maklumat pelayanan) response standards, and how a responder is told of an
// assignment by SMS.
//
// It imports geo and nothing else of Sigap; technology adapters live in
// subpackages (twiliosms, redisstore).
package agencies
