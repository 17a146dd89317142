// Package server is khabar's HTTP/JSON service: POST /v1/extract, health and
// readiness probes, Prometheus metrics and the OpenAPI document.
package server

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/khabar-nlp/khabar/extract"
)

// OpenAPI is the OpenAPI 3 document of the service, served at /openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte

// Extractor is what the server needs of an extract.Pipeline.
type Extractor interface {
	ExtractAll(ctx context.Context, docs iter.Seq2[extract.Doc, error], emit func(extract.Result) error) error
}

// Config sets the server's limits. Zero values take the defaults noted.
type Config struct {
	// MaxBodyBytes bounds a request body (default 16 MiB): 413 past it.
	MaxBodyBytes int64
	// MaxDocs bounds the documents of one batch request (default 1000).
	MaxDocs int
	// MaxConcurrent bounds the requests extracting at once (default 4);
	// one more gets 429 with Retry-After.
	MaxConcurrent int
	// Timeout bounds the work of one request (default 60s): 503 past it.
	Timeout time.Duration
	// Logger receives one structured line per request (default: discard).
	Logger *slog.Logger
}

func (c *Config) defaults() {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 16 << 20
	}
	if c.MaxDocs <= 0 {
		c.MaxDocs = 1000
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 4
	}
	if c.Timeout <= 0 {
		c.Timeout = 60 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// Server holds the handlers and their state. Build it with New.
type Server struct {
	cfg     Config
	ex      Extractor
	slots   chan struct{}
	ready   atomic.Bool
	reg     *prometheus.Registry
	mux     *http.ServeMux
	metrics metrics
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	docs     prometheus.Counter
	docErrs  *prometheus.CounterVec
	inflight prometheus.Gauge
	shed     prometheus.Counter
}

// New returns a Server that extracts with ex. It is ready at once; call
// SetReady(false) before shutting down so that /readyz turns away traffic.
func New(ex Extractor, cfg Config) *Server {
	cfg.defaults()
	s := &Server{cfg: cfg, ex: ex, slots: make(chan struct{}, cfg.MaxConcurrent), reg: prometheus.NewRegistry()}
	s.metrics = metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "khabar_http_requests_total", Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "khabar_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"route"}),
		docs:     prometheus.NewCounter(prometheus.CounterOpts{Name: "khabar_documents_total", Help: "Documents processed."}),
		docErrs:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "khabar_document_errors_total", Help: "Documents that came out as error records, by code."}, []string{"code"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "khabar_inflight_requests", Help: "Extraction requests being processed."}),
		shed:     prometheus.NewCounter(prometheus.CounterOpts{Name: "khabar_shed_requests_total", Help: "Requests turned away with 429 because all slots were busy."}),
	}
	s.reg.MustRegister(s.metrics.requests, s.metrics.latency, s.metrics.docs, s.metrics.docErrs, s.metrics.inflight, s.metrics.shed,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	s.ready.Store(true)
	mux := http.NewServeMux()
	mux.Handle("POST /v1/extract", s.instrument("/v1/extract", http.HandlerFunc(s.handleExtract)))
	mux.Handle("GET /healthz", s.instrument("/healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})))
	mux.Handle("GET /readyz", s.instrument("/readyz", http.HandlerFunc(s.handleReady)))
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	mux.Handle("GET /openapi.json", s.instrument("/openapi.json", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(OpenAPI)
	})))
	s.mux = mux
	return s
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.mux }

// SetReady sets what /readyz answers.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }

func (s *Server) handleReady(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rec, r)
		el := time.Since(start)
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(rec.code)).Inc()
		s.metrics.latency.WithLabelValues(route).Observe(el.Seconds())
		s.cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.code), slog.Duration("duration", el),
			slog.String("remote", r.RemoteAddr))
	})
}

// apiError is the body of every non-2xx answer.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// batchRequest is the body of a batch call.
type batchRequest struct {
	Documents []json.RawMessage `json:"documents"`
}

func (s *Server) handleExtract(w http.ResponseWriter, r *http.Request) {
	// Shed load before reading the body.
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		s.metrics.shed.Inc()
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "overloaded", fmt.Sprintf("all %d extraction slots are busy; retry later", s.cfg.MaxConcurrent))
		return
	}
	s.metrics.inflight.Inc()
	defer s.metrics.inflight.Dec()

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("request body larger than %d bytes", s.cfg.MaxBodyBytes))
			return
		}
		writeError(w, http.StatusBadRequest, "bad_body", err.Error())
		return
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\ufeff")))
	if len(trimmed) == 0 {
		writeError(w, http.StatusBadRequest, "bad_json", "empty body: send a document {\"text\": ...} or a batch {\"documents\": [...]}")
		return
	}
	var raws []json.RawMessage
	batch := false
	switch trimmed[0] {
	case '[':
		batch = true
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			writeError(w, http.StatusBadRequest, "bad_json", err.Error())
			return
		}
	case '{':
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			writeError(w, http.StatusBadRequest, "bad_json", err.Error())
			return
		}
		if docs, ok := probe["documents"]; ok {
			batch = true
			if err := json.Unmarshal(docs, &raws); err != nil {
				writeError(w, http.StatusBadRequest, "bad_json", "documents: "+err.Error())
				return
			}
		} else {
			raws = []json.RawMessage{trimmed}
		}
	default:
		writeError(w, http.StatusBadRequest, "bad_json", "body must be a JSON object or array")
		return
	}
	if len(raws) > s.cfg.MaxDocs {
		writeError(w, http.StatusRequestEntityTooLarge, "too_many_documents", fmt.Sprintf("%d documents > limit %d", len(raws), s.cfg.MaxDocs))
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	docs := func(yield func(extract.Doc, error) bool) {
		for i, raw := range raws {
			if !yield(extract.ParseDoc(raw, "request:"+strconv.Itoa(i+1))) {
				return
			}
		}
	}
	results := make([]extract.Result, 0, len(raws))
	err = s.ex.ExtractAll(ctx, docs, func(res extract.Result) error {
		s.metrics.docs.Inc()
		if res.Error != nil {
			s.metrics.docErrs.WithLabelValues(res.Error.Code).Inc()
		}
		results = append(results, res)
		return nil
	})
	if err != nil {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			writeError(w, http.StatusServiceUnavailable, "timeout", fmt.Sprintf("extraction took longer than %s", s.cfg.Timeout))
		case errors.Is(err, context.Canceled):
			// The client went away; nobody reads the answer.
			writeError(w, 499, "canceled", "request canceled")
		default:
			writeError(w, http.StatusInternalServerError, "internal", err.Error())
		}
		return
	}
	if batch {
		writeJSON(w, http.StatusOK, map[string]any{"results": results})
		return
	}
	status := http.StatusOK
	if len(results) == 1 && results[0].Error != nil {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, results[0])
}
