package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/khabar-nlp/khabar/cmd/khabar/internal/server"
	"github.com/khabar-nlp/khabar/extract"
)

func cmdServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf pipelineFlags
	pf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	maxBody := fs.Int64("max-body", 16<<20, "largest request body in bytes (413 past it)")
	maxDocs := fs.Int("max-docs", 1000, "most documents in one batch request")
	maxDocBytes := fs.Int("max-doc-bytes", 1<<20, "largest document in bytes (an error record past it)")
	concurrent := fs.Int("max-concurrent", runtime.GOMAXPROCS(0), "requests extracting at once; one more gets 429 with Retry-After")
	timeout := fs.Duration("timeout", 60*time.Second, "longest a request may work")
	drain := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGINT/SIGTERM, how long accepted requests may take to finish")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: khabar serve [flags]")
		fmt.Fprintln(stderr, "Serves POST /v1/extract, GET /healthz, /readyz, /metrics, /openapi.json.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "khabar serve: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	var handler slog.Handler
	switch *logFormat {
	case "text":
		handler = slog.NewTextHandler(stderr, nil)
	case "json":
		handler = slog.NewJSONHandler(stderr, nil)
	default:
		fmt.Fprintf(stderr, "khabar serve: -log-format %q: want text or json\n", *logFormat)
		return exitUsage
	}
	log := slog.New(handler)
	opts, err := pf.options(0)
	if err != nil {
		fmt.Fprintln(stderr, "khabar serve:", err)
		return exitUsage
	}
	opts = append(opts, extract.WithMaxDocBytes(*maxDocBytes))

	p, err := extract.New(ctx, opts...)
	if err != nil {
		log.Error("pipeline set-up failed", "err", err)
		return exitFailure
	}
	defer p.Close()
	srv := server.New(p, server.Config{MaxBodyBytes: *maxBody, MaxDocs: *maxDocs,
		MaxConcurrent: *concurrent, Timeout: *timeout, Logger: log})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("listen failed", "addr", *addr, "err", err)
		return exitFailure
	}
	// ReadTimeout bounds the upload of a request body too: the handler
	// holds an extraction slot while it reads, and a client that stalls
	// mid-body must not keep it for ever.
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: *timeout, IdleTimeout: 2 * time.Minute,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "max_concurrent", *concurrent)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	select {
	case err := <-errc:
		log.Error("server failed", "err", err)
		return exitFailure
	case <-ctx.Done():
	}
	// Drain: stop being ready, stop accepting, let accepted requests finish.
	srv.SetReady(false)
	log.Info("shutting down; draining in-flight requests", "timeout", drain.String())
	sctx, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Error("shutdown incomplete", "err", err)
		return exitFailure
	}
	log.Info("stopped")
	return exitOK
}
