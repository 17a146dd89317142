package main

import (
	"bytes"
	"context"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/cmd/khabar/internal/server"
	"github.com/khabar-nlp/khabar/extract"
)

// slowExtractor answers every document after a pause, so that a few
// concurrent clients fill the server's slots.
type slowExtractor struct{ pause time.Duration }

func (s slowExtractor) ExtractAll(ctx context.Context, docs iter.Seq2[extract.Doc, error], emit func(extract.Result) error) error {
	select {
	case <-time.After(s.pause):
	case <-ctx.Done():
		return ctx.Err()
	}
	for d, err := range docs {
		r := extract.Result{ID: d.ID, Entities: []extract.Entity{}, Events: []extract.Event{}}
		if err != nil {
			r = extract.ErrorResult(d.ID, err)
		}
		if err := emit(r); err != nil {
			return err
		}
	}
	return nil
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "127.0.0.2:1": true, "[::1]:8080": true, "localhost:80": true,
		"10.0.0.1:8080": false, "0.0.0.0:8080": false, "example.com:80": false, "127.0.0.1": false,
		"[::]:80": false, "192.168.1.1:80": false, "localhost.example.com:80": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "8.8.8.8:53"},
		{"-c", "0"},
		{"-c", "100000"},
		{"-d", "0s"},
		{"-d", "2h"},
		{"-doc", "/no/such/file"},
		{"-nope"},
	} {
		var out, errb bytes.Buffer
		if code := mainCode(args, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}

// TestShedsAgainstRealServer runs the load loop against the real server
// handler with two slots: answers are 200 and 429, nothing else.
func TestShedsAgainstRealServer(t *testing.T) {
	srv := server.New(slowExtractor{pause: 20 * time.Millisecond}, server.Config{MaxConcurrent: 2})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")
	st, err := run(context.Background(), config{addr: addr, clients: 8, duration: 500 * time.Millisecond,
		body: []byte(defaultDoc), timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	st.print(&out)
	t.Log(out.String())
	if ok, why := st.passed(true); !ok {
		t.Errorf("%v", why)
	}
	if st.requests != st.ok+st.shed+st.other+st.errs {
		t.Errorf("counts do not add up: %+v", st)
	}
}

// TestReportsOtherStatuses: a server that sometimes fails is caught.
func TestReportsOtherStatuses(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/readyz":
			w.WriteHeader(200)
		case n.Add(1)%3 == 0:
			http.Error(w, "boom", http.StatusInternalServerError)
		case n.Load()%3 == 1:
			w.WriteHeader(http.StatusTooManyRequests) // no Retry-After
		default:
			w.Write([]byte(`{"id": "load", "entities": [], "events": [], "error": null}`))
		}
	}))
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")
	st, err := run(context.Background(), config{addr: addr, clients: 2, duration: 200 * time.Millisecond,
		body: []byte(defaultDoc), timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ok, why := st.passed(false)
	if ok || st.other == 0 || st.otherCodes[500] == 0 || st.noRetryAfter == 0 {
		t.Errorf("a failing server passed: %+v %v", st, why)
	}
}

// TestNotReady: the run does not start against a server that is not ready.
func TestNotReady(t *testing.T) {
	srv := server.New(slowExtractor{}, server.Config{})
	srv.SetReady(false)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	_, err := run(context.Background(), config{addr: strings.TrimPrefix(ts.URL, "http://"), clients: 1,
		duration: time.Second, body: []byte(defaultDoc), timeout: time.Minute})
	if err == nil || !strings.Contains(err.Error(), "readyz") {
		t.Errorf("err = %v", err)
	}
}
