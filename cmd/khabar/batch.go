package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/khabar-nlp/khabar/extract"
)

// A sink receives output records. For -o FILE it writes FILE.partial,
// flushing each record, and renames it to FILE when the batch completes, so
// that FILE only ever appears whole and a killed job leaves a .partial file
// that --resume continues.
type sink struct {
	w       *bufio.Writer
	f       *os.File // nil for stdout
	path    string
	partial string
	enc     *json.Encoder
}

// partialSuffix marks an output file still being written.
const partialSuffix = ".partial"

// openSink opens the output. With resume, the records already in
// FILE.partial (or in FILE, from a run that completed) are kept and their
// ids returned, counted, so that the caller skips them; a torn last line
// left by a kill is cut off.
func openSink(path string, stdout io.Writer, resume bool) (*sink, map[string]int, error) {
	if path == "" || path == "-" {
		if resume {
			return nil, nil, errors.New("--resume needs -o FILE")
		}
		bw := bufio.NewWriterSize(stdout, 1<<16)
		return &sink{w: bw, enc: newEncoder(bw)}, nil, nil
	}
	s := &sink{path: path, partial: path + partialSuffix}
	done := map[string]int{}
	if resume {
		// A finished output from an earlier run is continued too.
		if _, err := os.Stat(s.partial); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Stat(path); err == nil {
				if err := os.Rename(path, s.partial); err != nil {
					return nil, nil, err
				}
			}
		}
		keep, err := scanDone(s.partial, done)
		if err != nil {
			return nil, nil, err
		}
		f, err := os.OpenFile(s.partial, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, err
		}
		if err := f.Truncate(keep); err != nil {
			f.Close()
			return nil, nil, err
		}
		if _, err := f.Seek(keep, io.SeekStart); err != nil {
			f.Close()
			return nil, nil, err
		}
		s.f = f
	} else {
		f, err := os.Create(s.partial)
		if err != nil {
			return nil, nil, err
		}
		s.f = f
	}
	s.w = bufio.NewWriterSize(s.f, 1<<16)
	s.enc = newEncoder(s.w)
	return s, done, nil
}

func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// scanDone reads a partial output and counts the ids of its complete
// records. It returns the byte length of the complete records: anything
// after is a torn line.
func scanDone(path string, done map[string]int) (int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var good int64
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			var rec struct {
				ID *string `json:"id"`
			}
			if json.Unmarshal(bytes.TrimSpace(line), &rec) != nil || rec.ID == nil {
				// A corrupt record in the middle: keep what came before.
				return good, nil
			}
			done[*rec.ID]++
			good += int64(len(line))
		}
		if err == io.EOF {
			return good, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// write writes one record and flushes it to the file, so that a kill loses
// at most the record being written.
func (s *sink) write(r extract.Result) error {
	if err := s.enc.Encode(r); err != nil {
		return err
	}
	if s.f != nil {
		return s.w.Flush()
	}
	return nil
}

// finish flushes and, for a file, syncs and renames it into place.
func (s *sink) finish() error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if s.f == nil {
		return nil
	}
	if err := s.f.Sync(); err != nil {
		return err
	}
	if err := s.f.Close(); err != nil {
		return err
	}
	return os.Rename(s.partial, s.path)
}

// abandon flushes what was written and leaves FILE.partial for --resume.
func (s *sink) abandon() {
	s.w.Flush()
	if s.f != nil {
		s.f.Close()
	}
}

// progress reports docs/s and ETA on stderr: a redrawn line on a terminal,
// a plain line every interval otherwise, nothing when quiet.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	total    int // 0 when unknown
	skipped  int
	done     int
	errs     int
	start    time.Time
	stop     chan struct{}
	stopped  sync.WaitGroup
	interval time.Duration
}

func startProgress(w io.Writer, quiet bool, total, skipped int) *progress {
	p := &progress{w: w, total: total, skipped: skipped, start: time.Now(), stop: make(chan struct{})}
	if quiet {
		return p
	}
	p.tty = isTerminal(w)
	p.interval = 10 * time.Second
	if p.tty {
		p.interval = 250 * time.Millisecond
	}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.print()
			}
		}
	}()
	return p
}

func (p *progress) add(r extract.Result) {
	p.mu.Lock()
	p.done++
	if r.Error != nil {
		p.errs++
	}
	p.mu.Unlock()
}

func (p *progress) print() {
	p.mu.Lock()
	done, errs := p.done, p.errs
	p.mu.Unlock()
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(done) / el
	}
	line := fmt.Sprintf("khabar: %d docs", done+p.skipped)
	if p.total > 0 {
		line = fmt.Sprintf("khabar: %d/%d docs (%.0f%%)", done+p.skipped, p.total, 100*float64(done+p.skipped)/float64(p.total))
	}
	line += fmt.Sprintf(", %d errors, %.1f docs/s", errs, rate)
	if p.total > 0 && rate > 0 {
		left := float64(p.total-done-p.skipped) / rate
		line += fmt.Sprintf(", ETA %s", time.Duration(left*float64(time.Second)).Round(time.Second))
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// end stops the reporter and clears a terminal line.
func (p *progress) end() {
	close(p.stop)
	p.stopped.Wait()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
