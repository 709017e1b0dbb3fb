package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"
)

// serveMetrics serves /metrics on SIGAP_METRICS_LISTEN (an address only the
// monitoring network reaches) when set; stop shuts it down.
func (a *App) serveMetrics() (stop func(), err error) {
	if a.Options.MetricsListen == "" {
		return func() {}, nil
	}
	l, err := net.Listen("tcp", a.Options.MetricsListen)
	if err != nil {
		return nil, fmt.Errorf("SIGAP_METRICS_LISTEN %s: %w", a.Options.MetricsListen, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.hotline.MetricsHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	a.metricsAddr = l.Addr().String()
	a.log.Info("metrics serving", zap.String("addr", a.metricsAddr))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
