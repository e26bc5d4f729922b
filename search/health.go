package search

// EngineHealth is what an engine reports beyond its errors, for /readyz.
type EngineHealth struct {
	// Unavailable maps each index the engine cannot serve now to the
	// reason; its searches answer apperr.Unavailable until it recovers.
	Unavailable map[Kind]string
	// Panics counts panics inside the engine that were recovered.
	Panics int64
}

// HealthReporter is implemented by engines that can tell which of their
// indexes are unavailable (the Bleve engine closes an index that failed).
type HealthReporter interface {
	Health() EngineHealth
}
