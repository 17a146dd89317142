// Command loadtest puts a running `khabar serve` under load from N
// concurrent clients for a fixed time and checks that it sheds with 429
// rather than failing: every answer must be 200 or 429 (with Retry-After).
//
//	khabar serve --no-model --addr 127.0.0.1:8080 --max-concurrent 2 &
//	go run ./cmd/khabar/loadtest -addr 127.0.0.1:8080 -c 32 -d 10s
//
// It only talks to loopback addresses and is bounded in clients and time.
// Exit status: 0 when every answer was 200 or 429 and at least one was 200
// (and, with -want-429, at least one 429); 1 otherwise; 2 for bad flags.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds on what one run may ask for.
const (
	maxClients  = 1024
	maxDuration = 10 * time.Minute
)

// defaultDoc is the document every client posts unless -doc names a file.
const defaultDoc = `{"id": "load", "date": "2024-02-21", "text": "استخدمت الولايات المتحدة يوم الثلاثاء حق النقض ضد مشروع قرار قدمته الجزائر إلى مجلس الأمن الدولي يطالب بوقف فوري لإطلاق النار في قطاع غزة، بعد أن أيده ثلاثة عشر عضواً وامتنعت المملكة المتحدة عن التصويت."}`

// config is what one load run does.
type config struct {
	addr     string        // host:port of the server, loopback only
	clients  int           // concurrent clients
	duration time.Duration // how long to send
	body     []byte        // request body of every POST /v1/extract
	timeout  time.Duration // per-request client timeout
}

// stats counts the answers of a run.
type stats struct {
	requests, ok, shed, other, errs int64
	noRetryAfter                    int64 // 429s without a Retry-After header
	badOK                           int64 // 200s whose body is not a result
	otherCodes                      map[int]int64
	firstProblems                   []string
	latencies                       []time.Duration // of the 200s
	elapsed                         time.Duration
}

// checkLoopback accepts only literal loopback addresses and "localhost",
// so that the tool cannot be pointed at another machine.
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v (want host:port)", addr, err)
	}
	if port == "" {
		return fmt.Errorf("-addr %q: no port", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed", addr)
	}
	return nil
}

func (c *config) check() error {
	if err := checkLoopback(c.addr); err != nil {
		return err
	}
	if c.clients < 1 || c.clients > maxClients {
		return fmt.Errorf("-c %d: want 1..%d", c.clients, maxClients)
	}
	if c.duration <= 0 || c.duration > maxDuration {
		return fmt.Errorf("-d %s: want more than 0 and at most %s", c.duration, maxDuration)
	}
	if !json.Valid(c.body) {
		return errors.New("the request body is not valid JSON")
	}
	return nil
}

// run sends requests from cfg.clients goroutines until cfg.duration has
// passed or ctx is done, and counts the answers.
func run(ctx context.Context, cfg config) (*stats, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	base := "http://" + cfg.addr
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.clients, MaxConnsPerHost: cfg.clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: cfg.timeout}

	// The server must be up and ready before the load starts.
	resp, err := hc.Get(base + "/readyz")
	if err != nil {
		return nil, fmt.Errorf("server not reachable: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /readyz: %s", resp.Status)
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	st := &stats{otherCodes: map[int]int64{}}
	var mu sync.Mutex // guards otherCodes, firstProblems, latencies
	problem := func(s string) {
		mu.Lock()
		if len(st.firstProblems) < 10 {
			st.firstProblems = append(st.firstProblems, s)
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	start := time.Now()
	for range cfg.clients {
		wg.Go(func() {
			var lat []time.Duration
			defer func() {
				mu.Lock()
				st.latencies = append(st.latencies, lat...)
				mu.Unlock()
			}()
			for ctx.Err() == nil {
				req, err := http.NewRequestWithContext(ctx, "POST", base+"/v1/extract", bytes.NewReader(cfg.body))
				if err != nil {
					problem(err.Error())
					return
				}
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := hc.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						return // the run ended while this request was out
					}
					atomic.AddInt64(&st.requests, 1)
					atomic.AddInt64(&st.errs, 1)
					problem(err.Error())
					continue
				}
				body, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				if rerr != nil && ctx.Err() != nil {
					return
				}
				atomic.AddInt64(&st.requests, 1)
				switch resp.StatusCode {
				case http.StatusOK:
					atomic.AddInt64(&st.ok, 1)
					lat = append(lat, time.Since(t0))
					var res struct {
						ID       *string           `json:"id"`
						Entities []json.RawMessage `json:"entities"`
						Results  []json.RawMessage `json:"results"`
					}
					if rerr != nil || json.Unmarshal(body, &res) != nil || (res.ID == nil && res.Results == nil) {
						atomic.AddInt64(&st.badOK, 1)
						problem(fmt.Sprintf("200 with a body that is not a result: %.200s", body))
					}
				case http.StatusTooManyRequests:
					atomic.AddInt64(&st.shed, 1)
					if resp.Header.Get("Retry-After") == "" {
						atomic.AddInt64(&st.noRetryAfter, 1)
					}
				default:
					atomic.AddInt64(&st.other, 1)
					mu.Lock()
					st.otherCodes[resp.StatusCode]++
					mu.Unlock()
					problem(fmt.Sprintf("%s: %.200s", resp.Status, body))
				}
			}
		})
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st, nil
}

// passed reports whether the run met the expectations, and why not.
func (s *stats) passed(want429 bool) (bool, []string) {
	var why []string
	if s.ok == 0 {
		why = append(why, "no request succeeded")
	}
	if s.other > 0 {
		why = append(why, fmt.Sprintf("%d answers other than 200/429 %v", s.other, s.otherCodes))
	}
	if s.errs > 0 {
		why = append(why, fmt.Sprintf("%d transport errors", s.errs))
	}
	if s.noRetryAfter > 0 {
		why = append(why, fmt.Sprintf("%d 429s without Retry-After", s.noRetryAfter))
	}
	if s.badOK > 0 {
		why = append(why, fmt.Sprintf("%d 200s with a malformed body", s.badOK))
	}
	if want429 && s.shed == 0 {
		why = append(why, "no request was shed with 429 (-want-429)")
	}
	return len(why) == 0, why
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}

func (s *stats) print(w io.Writer) {
	secs := s.elapsed.Seconds()
	fmt.Fprintf(w, "%d requests in %.1fs (%.1f/s): 200: %d, 429: %d, other: %d, errors: %d\n",
		s.requests, secs, float64(s.requests)/max(secs, 1e-9), s.ok, s.shed, s.other, s.errs)
	lat := slices.Clone(s.latencies)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		fmt.Fprintf(w, "latency of 200s: p50 %s, p90 %s, p99 %s, max %s\n",
			percentile(lat, .5).Round(time.Microsecond), percentile(lat, .9).Round(time.Microsecond),
			percentile(lat, .99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	}
	for _, p := range s.firstProblems {
		fmt.Fprintln(w, "  problem:", p)
	}
}

func main() {
	os.Exit(mainCode(os.Args[1:], os.Stdout, os.Stderr))
}

func mainCode(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config{}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address of a running `khabar serve` (loopback only)")
	fs.IntVar(&cfg.clients, "c", 32, fmt.Sprintf("concurrent clients (at most %d)", maxClients))
	fs.DurationVar(&cfg.duration, "d", 10*time.Second, fmt.Sprintf("how long to send (at most %s)", maxDuration))
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "client timeout of one request")
	docFile := fs.String("doc", "", "file with the JSON request body (default: one short Arabic article)")
	want429 := fs.Bool("want-429", false, "also fail when no request was shed (the server was never full)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg.body = []byte(defaultDoc)
	if *docFile != "" {
		b, err := os.ReadFile(*docFile)
		if err != nil {
			fmt.Fprintln(stderr, "loadtest:", err)
			return 2
		}
		cfg.body = b
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	fmt.Fprintf(stdout, "loadtest: %d clients for %s against http://%s/v1/extract\n", cfg.clients, cfg.duration, cfg.addr)
	st, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 1
	}
	st.print(stdout)
	if ok, why := st.passed(*want429); !ok {
		fmt.Fprintln(stdout, "FAIL:", strings.Join(why, "; "))
		return 1
	}
	fmt.Fprintln(stdout, "PASS: every answer was 200 or 429")
	return 0
}
