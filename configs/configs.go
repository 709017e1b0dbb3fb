// Package configs holds the data of each deployment (YAML and GeoJSON), embedded
// in the binary so that the server starts with no files beside it. No logic here.
package configs

import "embed"

// FS holds one directory per deployment; tebingtinggi is the default.
//
//go:embed tebingtinggi
var FS embed.FS

// Default is the directory of the default deployment inside FS.
const Default = "tebingtinggi"
