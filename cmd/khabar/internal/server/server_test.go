package server

import (
	"context"
	"encoding/json"
	"io"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/extract"
)

// fakeExtractor echoes documents as results; when gate is non-nil every
// call waits for it (or for its context).
type fakeExtractor struct {
	gate    chan struct{}
	started chan struct{}
	mu      sync.Mutex
	ctxErrs []error
}

func (f *fakeExtractor) ExtractAll(ctx context.Context, docs iter.Seq2[extract.Doc, error], emit func(extract.Result) error) error {
	if f.started != nil {
		f.started <- struct{}{}
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			f.mu.Lock()
			f.ctxErrs = append(f.ctxErrs, ctx.Err())
			f.mu.Unlock()
			return ctx.Err()
		}
	}
	for d, err := range docs {
		if err != nil {
			if e := emit(extract.ErrorResult(d.ID, err)); e != nil {
				return e
			}
			continue
		}
		if d.Text == "" {
			if e := emit(extract.ErrorResult(d.ID, extract.ErrEmptyDoc)); e != nil {
				return e
			}
			continue
		}
		r := extract.Result{ID: d.ID, Entities: []extract.Entity{{Text: d.Text, Type: "GPE", Start: 0, End: len([]rune(d.Text))}}, Events: []extract.Event{}}
		if err := emit(r); err != nil {
			return err
		}
	}
	return nil
}

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(url+"/v1/extract", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestExtractSingleAndBatch(t *testing.T) {
	ts := httptest.NewServer(New(&fakeExtractor{}, Config{}).Handler())
	defer ts.Close()

	resp, body := post(t, ts.URL, `{"id":"a","text":"مصر"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var r extract.Result
	if err := json.Unmarshal([]byte(body), &r); err != nil || r.ID != "a" || len(r.Entities) != 1 {
		t.Fatalf("single: %v %+v", err, r)
	}

	resp, body = post(t, ts.URL, "{\"documents\": [\n {\"text\": \"a\"},\n {\"text\": \"\"},\n {\"txt\": 1},\n {\"id\": \"z\", \"text\": \"b\"}]}")
	if resp.StatusCode != 200 {
		t.Fatalf("batch status %d: %s", resp.StatusCode, body)
	}
	var br struct{ Results []extract.Result }
	if err := json.Unmarshal([]byte(body), &br); err != nil {
		t.Fatal(err)
	}
	if len(br.Results) != 4 {
		t.Fatalf("want 4 results, got %d: %s", len(br.Results), body)
	}
	wantIDs := []string{"request:1", "request:2", "request:3", "z"}
	wantErr := []string{"", "empty_document", "bad_record", ""}
	for i, r := range br.Results {
		code := ""
		if r.Error != nil {
			code = r.Error.Code
		}
		if r.ID != wantIDs[i] || code != wantErr[i] {
			t.Errorf("result %d: id %q error %q, want %q %q", i, r.ID, code, wantIDs[i], wantErr[i])
		}
	}

	// A bare array is a batch too.
	resp, body = post(t, ts.URL, `[{"text":"a"}]`)
	if resp.StatusCode != 200 || !strings.Contains(body, `"results"`) {
		t.Fatalf("array batch: %d %s", resp.StatusCode, body)
	}
	// A single failing document is a 422 with its error record.
	resp, body = post(t, ts.URL, `{"text":""}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "empty_document") {
		t.Fatalf("empty single: %d %s", resp.StatusCode, body)
	}
}

func TestBadRequests(t *testing.T) {
	ts := httptest.NewServer(New(&fakeExtractor{}, Config{MaxBodyBytes: 100, MaxDocs: 2}).Handler())
	defer ts.Close()
	for _, tc := range []struct {
		body string
		code int
		err  string
	}{
		{`{"text":`, 400, "bad_json"},
		{``, 400, "bad_json"},
		{`"text"`, 400, "bad_json"},
		{`{"documents": 3}`, 400, "bad_json"},
		{`{"text":"` + strings.Repeat("x", 200) + `"}`, 413, "body_too_large"},
		{`[{"text":"a"},{"text":"b"},{"text":"c"}]`, 413, "too_many_documents"},
	} {
		resp, body := post(t, ts.URL, tc.body)
		if resp.StatusCode != tc.code || !strings.Contains(body, tc.err) {
			t.Errorf("body %.30q: got %d %s, want %d %s", tc.body, resp.StatusCode, body, tc.code, tc.err)
		}
	}
	resp, err := http.Get(ts.URL + "/v1/extract")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /v1/extract: %d", resp.StatusCode)
	}
}

func TestShedsLoadWith429(t *testing.T) {
	fx := &fakeExtractor{gate: make(chan struct{}), started: make(chan struct{}, 4)}
	ts := httptest.NewServer(New(fx, Config{MaxConcurrent: 1}).Handler())
	defer ts.Close()
	done := make(chan int)
	go func() {
		resp, _ := post(t, ts.URL, `{"text":"a"}`)
		done <- resp.StatusCode
	}()
	<-fx.started // the first request holds the only slot
	resp, body := post(t, ts.URL, `{"text":"b"}`)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("second request: %d %s (Retry-After %q)", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	close(fx.gate)
	if code := <-done; code != 200 {
		t.Fatalf("first request: %d", code)
	}
	// The metric counted the shed request.
	mresp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(mresp.Body)
	mresp.Body.Close()
	if !strings.Contains(string(m), "khabar_shed_requests_total 1") {
		t.Errorf("metrics lack the shed count:\n%s", m)
	}
}

func TestCancellationReachesExtractor(t *testing.T) {
	fx := &fakeExtractor{gate: make(chan struct{}), started: make(chan struct{}, 1)}
	ts := httptest.NewServer(New(fx, Config{}).Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/v1/extract", strings.NewReader(`{"text":"a"}`))
	go func() { <-fx.started; cancel() }()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("canceled request succeeded")
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fx.mu.Lock()
		n := len(fx.ctxErrs)
		fx.mu.Unlock()
		if n == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("extractor never saw the cancellation")
}

func TestTimeout(t *testing.T) {
	fx := &fakeExtractor{gate: make(chan struct{})}
	defer close(fx.gate)
	ts := httptest.NewServer(New(fx, Config{Timeout: 50 * time.Millisecond}).Handler())
	defer ts.Close()
	resp, body := post(t, ts.URL, `{"text":"a"}`)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "timeout") {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
}

func TestShutdownDrainsInFlight(t *testing.T) {
	fx := &fakeExtractor{gate: make(chan struct{}), started: make(chan struct{}, 1)}
	s := New(fx, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s.Handler()}
	go hs.Serve(ln)
	url := "http://" + ln.Addr().String()
	done := make(chan string)
	go func() {
		resp, body := post(t, url, `{"id":"inflight","text":"a"}`)
		done <- resp.Status + " " + body
	}()
	<-fx.started
	s.SetReady(false)
	rresp, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	rresp.Body.Close()
	if rresp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d", rresp.StatusCode)
	}
	shut := make(chan error)
	go func() { shut <- hs.Shutdown(context.Background()) }()
	time.Sleep(50 * time.Millisecond) // Shutdown is now waiting on the request
	close(fx.gate)
	got := <-done
	if !strings.HasPrefix(got, "200") || !strings.Contains(got, "inflight") {
		t.Fatalf("in-flight request lost: %s", got)
	}
	if err := <-shut; err != nil {
		t.Fatal(err)
	}
}

func TestProbesAndOpenAPI(t *testing.T) {
	ts := httptest.NewServer(New(&fakeExtractor{}, Config{}).Handler())
	defer ts.Close()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/openapi.json": 200} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		if path == "/openapi.json" {
			var doc struct {
				OpenAPI string                    `json:"openapi"`
				Paths   map[string]map[string]any `json:"paths"`
			}
			if err := json.Unmarshal(b, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
				t.Fatalf("openapi.json: %v %q", err, doc.OpenAPI)
			}
			for _, p := range []string{"/v1/extract", "/healthz", "/readyz", "/metrics"} {
				if doc.Paths[p] == nil {
					t.Errorf("openapi.json lacks %s", p)
				}
			}
		}
	}
}
