//go:build linux || darwin

package main

// End-to-end test of `khabar serve` as a separate process on loopback:
// extraction, probes, metrics, the OpenAPI document, shedding with 429,
// structured logs, and a SIGTERM while a request is in flight.

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServe starts `khabar serve` on a free loopback port and returns its
// base URL once it listens.
func startServe(t *testing.T, args ...string) (string, *started) {
	t.Helper()
	cmd := cliCommand(t, "", append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, cmd)
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				addr <- rest
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case a := <-addr:
		if !strings.HasPrefix(a, "http://127.0.0.1:") {
			t.Fatalf("serve listens on %q, want loopback", a)
		}
		return a, s
	case <-s.exited:
		t.Fatalf("serve exited: %s", s.stderr.String())
	case <-time.After(cliTimeout):
		t.Fatalf("serve did not start: %s", s.stderr.String())
	}
	return "", nil
}

// client talks to the server without keeping connections alive, so that
// shutdown only waits for the requests the test holds open.
var client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Minute}

func httpDo(t *testing.T, method, url, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// metricValue returns the value of the first sample of /metrics whose
// line starts with prefix ("" when absent).
func metricValue(t *testing.T, base, prefix string) string {
	t.Helper()
	_, _, body := httpDo(t, "GET", base+"/metrics", "")
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, prefix+" ") {
			return strings.TrimPrefix(line, prefix+" ")
		}
	}
	return ""
}

// slowRequest is a POST /v1/extract whose body the test sends in two
// parts: the server holds it in flight until finish is called.
type slowRequest struct {
	pw     *io.PipeWriter
	answer chan slowAnswer
}

type slowAnswer struct {
	code int
	body string
	err  error
}

func startSlow(t *testing.T, base, id string) *slowRequest {
	t.Helper()
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", base+"/v1/extract", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	s := &slowRequest{pw: pw, answer: make(chan slowAnswer, 1)}
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			s.answer <- slowAnswer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		s.answer <- slowAnswer{code: resp.StatusCode, body: string(b), err: err}
	}()
	go pw.Write([]byte(`{"id": "` + id + `", "text": "`))
	return s
}

func (s *slowRequest) finish(t *testing.T) slowAnswer {
	t.Helper()
	go func() {
		s.pw.Write([]byte(arabicDoc + `"}`))
		s.pw.Close()
	}()
	select {
	case a := <-s.answer:
		return a
	case <-time.After(cliTimeout):
		t.Fatal("no answer to the slow request")
	}
	return slowAnswer{}
}

// waitInflight waits until the server reports n requests extracting.
func waitInflight(t *testing.T, base string, n string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for metricValue(t, base, "khabar_inflight_requests") != n {
		if time.Now().After(deadline) {
			t.Fatalf("khabar_inflight_requests never reached %s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeEndToEnd(t *testing.T) {
	base, srv := startServe(t, "--no-model", "--max-concurrent", "1", "--log-format", "json", "--shutdown-timeout", "1m")

	// One document: the golden article.
	article, err := os.ReadFile(filepath.Join(goldenDir, "veto.txt"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(map[string]string{"id": "seed", "date": "2024-02-23", "text": string(article)})
	code, hdr, body := httpDo(t, "POST", base+"/v1/extract", string(doc))
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("POST one document: %d %s %s", code, hdr.Get("Content-Type"), body)
	}
	recs := parseRecords(t, body)
	if len(recs) != 1 || recs[0].ID != "seed" || recs[0].Error != nil || recs[0].Date != "2024-02-23" {
		t.Fatalf("one document: %s", body)
	}
	if len(recs[0].Entities) == 0 {
		t.Errorf("no entities in the article: %s", body)
	}
	checkSpans(t, recs[0], string(article))

	// A batch keeps order and turns a bad document into an error record.
	code, _, body = httpDo(t, "POST", base+"/v1/extract",
		`{"documents": [{"id": "1", "text": "`+arabicDoc+`"}, {"id": "2", "text": "  "}, {"id": "3"}, {"text": "مصر"}]}`)
	var batch struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &batch); code != 200 || err != nil {
		t.Fatalf("batch: %d %v %s", code, err, body)
	}
	var lines []string
	for _, r := range batch.Results {
		lines = append(lines, string(r))
	}
	recs = parseRecords(t, strings.Join(lines, "\n")+"\n")
	wantRecords(t, recs, []string{"1", "2", "3", "request:4"}, []string{"", "empty_document", "bad_record", ""})

	// Bad requests.
	for _, tc := range []struct {
		method, path, body string
		want               int
	}{
		{"POST", "/v1/extract", `{"text": `, 400},
		{"POST", "/v1/extract", ``, 400},
		{"POST", "/v1/extract", `{"text": ""}`, 422},
		{"GET", "/v1/extract", ``, 405},
		{"GET", "/no/such/path", ``, 404},
	} {
		if code, _, body := httpDo(t, tc.method, base+tc.path, tc.body); code != tc.want {
			t.Errorf("%s %s %q: %d %s, want %d", tc.method, tc.path, tc.body, code, body, tc.want)
		}
	}

	// Probes.
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, _, body := httpDo(t, "GET", base+path, ""); code != 200 || !json.Valid([]byte(body)) {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}
	// The OpenAPI document is the one kept in the repository.
	code, _, body = httpDo(t, "GET", base+"/openapi.json", "")
	kept, err := os.ReadFile("internal/server/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || body != string(kept) {
		t.Errorf("GET /openapi.json: %d, same as internal/server/openapi.json: %v", code, body == string(kept))
	}
	// Metrics count what happened.
	for prefix, want := range map[string]string{
		`khabar_http_requests_total{code="200",route="/v1/extract"}`:      "2",
		`khabar_http_requests_total{code="400",route="/v1/extract"}`:      "2",
		`khabar_documents_total`:                                          "6",
		`khabar_document_errors_total{code="bad_record"}`:                 "1",
		`khabar_document_errors_total{code="empty_document"}`:             "2",
		`khabar_inflight_requests`:                                        "0",
		`khabar_http_request_duration_seconds_count{route="/v1/extract"}`: "5",
	} {
		if got := metricValue(t, base, prefix); got != want {
			t.Errorf("metric %s = %q, want %s", prefix, got, want)
		}
	}

	// Load shedding: one slot; a request holding it makes the next a 429.
	slow := startSlow(t, base, "slow-1")
	waitInflight(t, base, "1")
	code, hdr, body = httpDo(t, "POST", base+"/v1/extract", string(doc))
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
		t.Errorf("with all slots busy: %d (Retry-After %q) %s", code, hdr.Get("Retry-After"), body)
	}
	if a := slow.finish(t); a.err != nil || a.code != 200 || !strings.Contains(a.body, `"slow-1"`) {
		t.Fatalf("slow request: %+v", a)
	}
	if got := metricValue(t, base, "khabar_shed_requests_total"); got != "1" {
		t.Errorf("khabar_shed_requests_total = %q", got)
	}

	// SIGTERM with a request in flight: the server stops accepting, lets
	// the request finish and exits 0.
	slow = startSlow(t, base, "slow-2")
	waitInflight(t, base, "1")
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(srv.stderr.String(), "draining") {
		if time.Now().After(deadline) {
			t.Fatalf("no drain after SIGTERM: %s", srv.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := client.Get(base + "/healthz"); err == nil {
		t.Errorf("the server still accepts connections while draining")
	}
	select {
	case <-srv.exited:
		t.Fatalf("the server exited with a request in flight: %s", srv.stderr.String())
	case <-time.After(200 * time.Millisecond):
	}
	if a := slow.finish(t); a.err != nil || a.code != 200 || !strings.Contains(a.body, `"slow-2"`) {
		t.Fatalf("request in flight at SIGTERM: %+v", a)
	}
	if code := srv.wait(t); code != exitOK {
		t.Errorf("exit %d after draining: %s", code, srv.stderr.String())
	}

	// Structured logs: every stderr line is a JSON object with a message;
	// one "request" line per request.
	requests := 0
	for _, line := range strings.Split(strings.TrimSpace(srv.stderr.String()), "\n") {
		var entry struct {
			Level, Msg string
			Status     int
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry.Level == "" || entry.Msg == "" {
			t.Errorf("log line is not structured JSON: %q", line)
			continue
		}
		if entry.Msg == "request" {
			requests++
		}
	}
	if requests < 10 {
		t.Errorf("%d request log lines", requests)
	}
	if !regexp.MustCompile(`"msg":"stopped"`).MatchString(srv.stderr.String()) {
		t.Errorf("no stop message: %s", srv.stderr.String())
	}
	if strings.Contains(srv.stderr.String(), "shutdown incomplete") {
		t.Errorf("shutdown incomplete: %s", srv.stderr.String())
	}
}

// TestServeStalledUploadFreesItsSlot: a client that sends its headers and
// then stalls mid-body holds an extraction slot only until --timeout.
func TestServeStalledUploadFreesItsSlot(t *testing.T) {
	base, _ := startServe(t, "--no-model", "--max-concurrent", "1", "--timeout", "2s")
	stalled := startSlow(t, base, "stalled")
	defer stalled.pw.Close()
	waitInflight(t, base, "1")
	waitInflight(t, base, "0")
	code, _, body := httpDo(t, "POST", base+"/v1/extract", `{"id": "next", "text": "`+arabicDoc+`"}`)
	if code != 200 {
		t.Errorf("after the stalled upload timed out: %d %s", code, body)
	}
}
