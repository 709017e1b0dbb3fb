package twiliotest

import "time"

// SetDown makes every message creation fail with the given HTTP status
// (e.g. 500) until SetDown(0): a provider outage of any length.
func (s *Server) SetDown(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = status
}

// SetLatency makes every message creation take d, as a loaded provider does.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Attempts counts the message creations asked for, failed or accepted.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

func (s *Server) conditions() (int, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	return s.down, s.latency
}
