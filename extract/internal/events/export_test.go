package events

// AddTemporal exposes addTemporal to the external tests and benchmarks.
var AddTemporal = addTemporal
