package hotline

import "sync"

// streams lets a shutdown end every Server-Sent Events stream at once:
// http.Server.Shutdown waits for active requests, and an SSE stream never
// finishes by itself, so without this the process waited its whole grace
// period while the board still said "live".
type streams struct {
	once sync.Once
	mu   sync.Mutex
	done chan struct{}
}

func (st *streams) closing() <-chan struct{} { return st.channel() }

func (st *streams) channel() chan struct{} {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done == nil {
		st.done = make(chan struct{})
	}
	return st.done
}

// CloseStreams ends every open event stream (and any opened later); the
// browsers see the connection drop and say so. Call it when shutdown
// begins (http.Server.RegisterOnShutdown).
func (s *Server) CloseStreams() {
	ch := s.streams.channel()
	s.streams.once.Do(func() { close(ch) })
}
