// Package deployment loads a city's configuration: city.yaml and the files
// it names (agencies and stations, charter, taxonomy, hoax rules, boundary
// data, gazetteer, the public charter page), every file decoded strictly
// and cross-checked, so that a typo stops the process with file:line.
package deployment
