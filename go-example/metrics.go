package main

import "runtime/metrics"

// The scheduler states of runtime/metrics arrived in Go 1.26. Asking
// metrics.All() which ones this runtime has keeps one build for every Go
// from 1.19 on: older runtimes simply report fewer lines in /stats.
var schedMetricNames = []string{
	"/sched/goroutines/runnable:goroutines",
	"/sched/goroutines/waiting:goroutines",
	"/sched/goroutines/running:goroutines",
	"/sched/goroutines/not-in-go:goroutines",
	"/sched/goroutines-created:goroutines",
	"/sched/threads/total:threads",
}

type schedMetric struct {
	name  string
	value uint64
}

var schedSamples = func() []metrics.Sample {
	have := map[string]bool{}
	for _, d := range metrics.All() {
		have[d.Name] = true
	}
	var s []metrics.Sample
	for _, n := range schedMetricNames {
		if have[n] {
			s = append(s, metrics.Sample{Name: n})
		}
	}
	return s
}()

// schedMetrics reads the scheduler metrics this runtime has.
func schedMetrics() []schedMetric {
	if len(schedSamples) == 0 {
		return nil
	}
	buf := make([]metrics.Sample, len(schedSamples))
	copy(buf, schedSamples)
	metrics.Read(buf)
	out := make([]schedMetric, 0, len(buf))
	for _, s := range buf {
		if s.Value.Kind() == metrics.KindUint64 {
			out = append(out, schedMetric{s.Name, s.Value.Uint64()})
		}
	}
	return out
}
