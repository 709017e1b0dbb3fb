package redisstore

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sigap112/sigap/agencies"
)

// QueueCollector reports queue depth and lag per agency at scrape time, read
// from Redis (so it is right across several server instances).
type QueueCollector struct {
	store    *Store
	agencies []agencies.AgencyID
	length   *prometheus.Desc
	pending  *prometheus.Desc
	lag      *prometheus.Desc
	dead     *prometheus.Desc
}

// NewQueueCollector returns a collector for the given agencies' queues.
func NewQueueCollector(s *Store, ids []agencies.AgencyID) *QueueCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, []string{"agency"}, nil)
	}
	return &QueueCollector{store: s, agencies: ids,
		length:  d("sigap_queue_length", "Entries in the agency's assignment stream."),
		pending: d("sigap_queue_pending", "Entries handed to a worker and not yet acknowledged."),
		lag:     d("sigap_queue_lag", "Entries not yet handed to any worker."),
		dead:    d("sigap_queue_dead", "Entries in the agency's dead-letter stream."),
	}
}

// Describe implements prometheus.Collector.
func (c *QueueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.length
	ch <- c.pending
	ch <- c.lag
	ch <- c.dead
}

// Collect implements prometheus.Collector; an agency whose stats cannot be
// read (Redis down) is left out rather than reported as zero.
func (c *QueueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, a := range c.agencies {
		st, err := c.store.Stats(ctx, a)
		if err != nil {
			continue
		}
		label := string(a)
		ch <- prometheus.MustNewConstMetric(c.length, prometheus.GaugeValue, float64(st.Length), label)
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(st.Pending), label)
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(st.Lag), label)
		ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(st.Dead), label)
	}
}
