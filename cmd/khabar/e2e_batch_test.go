//go:build linux || darwin

package main

// Batch-job tests that stop the command mid-run: atomic -o, SIGINT, and
// the acceptance scenario (10,000 records, 1% malformed, kill -9,
// --resume). To stop a run at a known point without timing guesses, the
// input is a pipe (stdin or a named FIFO) that the test keeps open: the
// command cannot finish before the test lets it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// completeLines counts the newline-terminated lines of a file (0 when it
// does not exist).
func completeLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// waitLines waits until path holds at least n complete lines, failing
// after a generous deadline or when the process exits first. It reads only
// what was appended since the last look, so that polling does not compete
// with the command for the CPU.
func waitLines(t *testing.T, path string, n int, exited <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	var off int64
	lines := 0
	buf := make([]byte, 1<<16)
	for {
		if f, err := os.Open(path); err == nil {
			if _, err := f.Seek(off, io.SeekStart); err == nil {
				for {
					k, err := f.Read(buf)
					off += int64(k)
					lines += bytes.Count(buf[:k], []byte("\n"))
					if err != nil || k == 0 {
						break
					}
				}
			}
			f.Close()
		}
		if lines >= n {
			return
		}
		select {
		case <-exited:
			t.Fatalf("the command exited before %s held %d lines (has %d)", path, n, completeLines(t, path))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never reached %d lines (has %d)", path, n, completeLines(t, path))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer the test can read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// started is a running command whose exit the test can wait for.
type started struct {
	cmd    *exec.Cmd
	stderr syncBuffer
	exited chan struct{}
	err    error
}

func start(t *testing.T, cmd *exec.Cmd) *started {
	t.Helper()
	s := &started{cmd: cmd, exited: make(chan struct{})}
	cmd.Stderr = &s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
	})
	return s
}

// wait waits for the exit and returns the exit status (-1 when killed by
// a signal).
func (s *started) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.exited:
	case <-time.After(cliTimeout):
		t.Fatalf("the command did not exit\nstderr: %s", s.stderr.String())
	}
	checkNoRace(t, s.stderr.String())
	return s.cmd.ProcessState.ExitCode()
}

func docLines(t *testing.T, from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		b.WriteString(jsonLine(t, map[string]string{"id": fmt.Sprintf("d%d", i), "text": arabicDoc}))
	}
	return b.String()
}

// TestOutputFileIsAtomic: with -o FILE, records go to FILE.partial as they
// are produced and FILE appears (or is replaced) only when the batch is
// complete.
func TestOutputFileIsAtomic(t *testing.T) {
	for _, existing := range []bool{false, true} {
		t.Run(fmt.Sprintf("existing=%v", existing), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.jsonl")
			old := "{\"id\":\"from an earlier run\"}\n"
			if existing {
				writeFile(t, out, []byte(old))
			}
			cmd := cliCommand(t, dir, extractArgs("-o", "out.jsonl")...)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			s := start(t, cmd)
			// ExtractAll holds documents until it has a chunk (a few
			// documents) to work on: send more than a chunk.
			if _, err := io.WriteString(stdin, docLines(t, 0, 64)); err != nil {
				t.Fatal(err)
			}
			waitLines(t, out+".partial", 1, s.exited)
			b, err := os.ReadFile(out)
			switch {
			case !existing && !os.IsNotExist(err):
				t.Errorf("%s exists before the batch is complete (%v): %q", out, err, b)
			case existing && string(b) != old:
				t.Errorf("%s changed before the batch is complete: %q, %v", out, b, err)
			}
			if _, err := io.WriteString(stdin, docLines(t, 64, 70)); err != nil {
				t.Fatal(err)
			}
			stdin.Close()
			if code := s.wait(t); code != exitOK {
				t.Fatalf("exit %d: %s", code, s.stderr.String())
			}
			if _, err := os.Stat(out + ".partial"); !os.IsNotExist(err) {
				t.Errorf("%s.partial left behind: %v", out, err)
			}
			wantDocIDs(t, out, 70)
		})
	}
}

// wantDocIDs checks that the output file holds the records of docLines'
// documents d0 … d(n-1), once each and in order.
func wantDocIDs(t *testing.T, path string, n int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprintf("d%d", i)
	}
	if got := ids(parseRecords(t, string(b))); !equalStrings(got, want) {
		t.Errorf("%s: ids %q, want %q", path, got, want)
	}
}

// TestInterruptWhileReadingStdin: SIGINT stops a batch that waits on an
// open stdin at once, with exit code 3, keeping the complete records in
// FILE.partial for --resume.
func TestInterruptWhileReadingStdin(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	cmd := cliCommand(t, dir, extractArgs("-o", "out.jsonl")...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, cmd)
	defer stdin.Close()
	if _, err := io.WriteString(stdin, docLines(t, 0, 64)); err != nil {
		t.Fatal(err)
	}
	waitLines(t, out+".partial", 64, s.exited)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("khabar extract ignored SIGINT while waiting for input")
	}
	if code := s.wait(t); code != exitCanceled {
		t.Fatalf("exit %d, want %d: %s", code, exitCanceled, s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), "--resume") {
		t.Errorf("stderr should tell how to continue: %s", s.stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after an interrupted run", out)
	}
	// Resume with the whole input.
	res := runCLI(t, dir, strings.NewReader(docLines(t, 0, 70)), extractArgs("--resume", "-o", "out.jsonl")...)
	if res.code != exitOK {
		t.Fatalf("resume: exit %d: %s", res.code, res.stderr)
	}
	wantDocIDs(t, out, 70)
}

// TestResumeEdgeCases: a torn last line and a corrupt record in the
// partial output are cut off and redone; repeated ids are counted, not
// merged; resuming a complete output changes nothing.
func TestResumeEdgeCases(t *testing.T) {
	dir := t.TempDir()
	in := jsonLine(t, map[string]string{"id": "a", "text": arabicDoc}) +
		jsonLine(t, map[string]string{"id": "a", "text": arabicDoc + " مرة أخرى"}) +
		jsonLine(t, map[string]string{"id": "b", "text": arabicDoc}) +
		"broken line\n" +
		jsonLine(t, map[string]string{"id": "c", "text": arabicDoc})
	writeFile(t, filepath.Join(dir, "in.jsonl"), []byte(in))
	ref := runCLI(t, dir, nil, extractArgs("-o", "ref.jsonl", "in.jsonl")...)
	if ref.code != exitOK {
		t.Fatalf("exit %d: %s", ref.code, ref.stderr)
	}
	want, err := os.ReadFile(filepath.Join(dir, "ref.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(want), "\n")
	wantIDs := []string{"a", "a", "b", "in.jsonl:4", "c"}
	if got := ids(parseRecords(t, string(want))); !equalStrings(got, wantIDs) {
		t.Fatalf("reference ids %q", got)
	}
	for _, tc := range []struct{ name, partial string }{
		{"empty partial", ""},
		{"torn last line", lines[0] + lines[1][:len(lines[1])/2]},
		{"one of two repeated ids", lines[0]},
		{"corrupt record in the middle", lines[0] + "{garbage\n" + lines[2]},
		{"record without id", lines[0] + "{\"entities\":[]}\n"},
		{"error record kept", lines[0] + lines[1] + lines[2] + lines[3]},
		{"all but the last", strings.Join(lines[:4], "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, filepath.Join(dir, "out.jsonl.partial"), []byte(tc.partial))
			res := runCLI(t, dir, nil, extractArgs("--resume", "-o", "out.jsonl", "in.jsonl")...)
			if res.code != exitOK {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			got, err := os.ReadFile(filepath.Join(dir, "out.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("resumed output differs from a straight run:\n%s", firstDiff(string(want), string(got)))
			}
			os.Remove(filepath.Join(dir, "out.jsonl"))
		})
	}
	// A complete output: --resume does nothing and keeps it.
	res := runCLI(t, dir, nil, "extract", "--no-model", "--resume", "-o", "ref.jsonl", "in.jsonl")
	got, err := os.ReadFile(filepath.Join(dir, "ref.jsonl"))
	if res.code != exitOK || err != nil || string(got) != string(want) {
		t.Errorf("resume of a complete output: exit %d %v; changed: %v", res.code, err, string(got) != string(want))
	}
	if !strings.Contains(res.stderr, "0 docs") || !strings.Contains(res.stderr, "5 docs already done") {
		t.Errorf("summary of a no-op resume: %q", res.stderr)
	}
}

// acceptanceInput builds n JSONL records of which 1% are malformed (five
// kinds, in turn) and returns them with the ids and error codes the output
// must carry, in order. name is the file name the command sees.
func acceptanceInput(n int, name string) (data []byte, wantIDs, wantCodes []string) {
	texts := []string{
		"استخدمت الولايات المتحدة حق النقض ضد مشروع قرار في مجلس الأمن الدولي بشأن قطاع غزة",
		"أجرى وزير الخارجية المصري اتصالاً هاتفياً مع نظيره الروسي سيرغي لافروف",
		"تبنى مجلس الأمن القرار 2720 بأغلبية ثلاثة عشر صوتاً وامتناع روسيا والولايات المتحدة",
		"تظاهر آلاف الأشخاص في عمّان تنديداً بالقصف على مدينة رفح",
		"دعت الأمم المتحدة إلى إدخال المساعدات الإنسانية عبر معبر رفح دون قيود",
	}
	var b bytes.Buffer
	for i := range n {
		line := i + 1
		defID := fmt.Sprintf("%s:%d", name, line)
		id := fmt.Sprintf("doc-%05d", i)
		if i%100 == 37 {
			switch (i / 100) % 5 {
			case 0: // truncated JSON
				fmt.Fprintf(&b, `{"id": %q, "text": "مقطوع`+"\n", id)
				wantIDs, wantCodes = append(wantIDs, defID), append(wantCodes, "bad_record")
			case 1: // not JSON
				b.WriteString("<html>not a record</html>\n")
				wantIDs, wantCodes = append(wantIDs, defID), append(wantCodes, "bad_record")
			case 2: // no text: the record's own id is kept
				fmt.Fprintf(&b, `{"id": %q, "body": "نص"}`+"\n", id)
				wantIDs, wantCodes = append(wantIDs, id), append(wantCodes, "bad_record")
			case 3: // invalid UTF-8
				fmt.Fprintf(&b, "{\"id\": %q, \"text\": \"\xd8\xa7\xff\xfe\"}\n", id)
				wantIDs, wantCodes = append(wantIDs, defID), append(wantCodes, "invalid_utf8")
			case 4: // not an object
				fmt.Fprintf(&b, "[%q, 1]\n", id)
				wantIDs, wantCodes = append(wantIDs, defID), append(wantCodes, "bad_record")
			}
			continue
		}
		rec := map[string]string{"text": fmt.Sprintf("%s (%d)", texts[i%len(texts)], i)}
		if i%250 == 3 {
			id = defID // no id: "<file>:<line>"
		} else {
			rec["id"] = id
		}
		if i%3 == 0 {
			rec["date"] = fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)
		}
		j, _ := json.Marshal(rec)
		b.Write(j)
		b.WriteByte('\n')
		wantIDs, wantCodes = append(wantIDs, id), append(wantCodes, "")
	}
	return b.Bytes(), wantIDs, wantCodes
}

// feedFIFO makes path a named pipe and writes data into it once a reader
// opens it. The pipe stays open until the returned close function is
// called, so that the reader cannot reach the end of its input before.
func feedFIFO(t *testing.T, path string, data []byte) (closeFIFO func()) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	release := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		if _, err := f.Write(data); err != nil {
			return // the reader died (EPIPE)
		}
		<-release
	}()
	return func() {
		close(release)
		// Unblock a writer still waiting for a reader to open the pipe.
		if f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		<-done
	}
}

// TestAcceptance10kResumeAfterKill_NoModel is the acceptance
// scenario, run without the NER model (--no-model) so that it checks the
// batch machinery in a few seconds on two cores:
//
//   - 10,000 JSONL records, 1% malformed → exactly 10,000 output lines,
//     the malformed ones as error records, ids in input order;
//   - a run killed with SIGKILL mid-batch, then rerun with --resume,
//     gives byte for byte the output of the uninterrupted run: no
//     duplicates, no gaps, same order;
//   - the same after SIGINT (exit code 3), where the documents in flight
//     must not be recorded as done.
func TestAcceptance10kResumeAfterKill_NoModel(t *testing.T) {
	if testing.Short() {
		t.Skip("acceptance scenario: skipped with -short")
	}
	const n = 10_000
	data, wantIDs, wantCodes := acceptanceInput(n, "in.jsonl")
	args := func(more ...string) []string { return extractArgs(append([]string{"-o", "out.jsonl"}, more...)...) }

	// The uninterrupted run.
	dirA := t.TempDir()
	writeFile(t, filepath.Join(dirA, "in.jsonl"), data)
	t0 := time.Now()
	res := runCLI(t, dirA, nil, args("in.jsonl")...)
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	t.Logf("uninterrupted run: %s", time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	defer func() { t.Logf("checks: %s", time.Since(t0).Round(time.Millisecond)) }()
	want, err := os.ReadFile(filepath.Join(dirA, "out.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(want, []byte("\n")); got != n {
		t.Fatalf("%d output lines for %d input records", got, n)
	}
	recs := parseRecords(t, string(want))
	wantRecords(t, recs, wantIDs, wantCodes)
	nErr := 0
	for _, c := range codes(recs) {
		if c != "" {
			nErr++
		}
	}
	if nErr != n/100 {
		t.Errorf("%d error records, want %d", nErr, n/100)
	}
	if t.Failed() {
		t.FailNow()
	}

	for _, tc := range []struct {
		name     string
		sig      os.Signal
		wantCode int
	}{
		{"SIGKILL", syscall.SIGKILL, -1},
		{"SIGINT", os.Interrupt, exitCanceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.jsonl")
			partial := filepath.Join(dir, "out.jsonl.partial")
			closeFIFO := feedFIFO(t, in, data)
			s := start(t, cliCommand(t, dir, args("in.jsonl")...))
			waitLines(t, partial, n/5, s.exited)
			if err := s.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			code := s.wait(t)
			closeFIFO()
			if code != tc.wantCode {
				t.Fatalf("exit %d after %s, want %d: %s", code, tc.name, tc.wantCode, s.stderr.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "out.jsonl")); !os.IsNotExist(err) {
				t.Fatalf("out.jsonl exists after an interrupted run: %v", err)
			}
			b, err := os.ReadFile(partial)
			if err != nil {
				t.Fatal(err)
			}
			kept := bytes.Count(b, []byte("\n"))
			if kept >= n {
				t.Fatalf("the interrupted run wrote all %d records", kept)
			}
			if !bytes.HasPrefix(want, b[:bytes.LastIndexByte(b, '\n')+1]) {
				t.Errorf("the partial output is not a prefix of the complete output")
			}
			if bytes.Contains(b, []byte(`"code":"canceled"`)) {
				t.Errorf("the partial output records documents as canceled; --resume would skip them")
			}
			t.Logf("%s after %d of %d records", tc.name, kept, n)
			if tc.sig == syscall.SIGKILL {
				// A kill can also land in the middle of a write.
				f, err := os.OpenFile(partial, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(`{"id":"doc-99999","entities":[{"text":"الأمم`)
				f.Close()
			}

			// Rerun on the same (now regular) file with --resume.
			if err := os.Remove(in); err != nil {
				t.Fatal(err)
			}
			writeFile(t, in, data)
			res := runCLI(t, dir, nil, args("--resume", "in.jsonl")...)
			if res.code != exitOK {
				t.Fatalf("resume: exit %d: %s", res.code, res.stderr)
			}
			got, err := os.ReadFile(filepath.Join(dir, "out.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(partial); !os.IsNotExist(err) {
				t.Errorf("out.jsonl.partial left after the resumed run: %v", err)
			}
			if bytes.Equal(got, want) {
				return // same records, ids, order and bytes as the uninterrupted run
			}
			t.Errorf("resumed output differs from the uninterrupted run:\n%s", firstDiff(string(want), string(got)))
			gotRecs := parseRecords(t, string(got))
			seen := map[string]int{}
			for _, id := range ids(gotRecs) {
				seen[id]++
			}
			for _, id := range wantIDs {
				switch seen[id] {
				case 0:
					t.Errorf("gap: %s missing", id)
				case 1:
				default:
					t.Errorf("duplicate: %s %d times", id, seen[id])
				}
			}
			if len(gotRecs) != n {
				t.Errorf("%d records after resume, want %d", len(gotRecs), n)
			}
			if !equalStrings(ids(gotRecs), wantIDs) {
				t.Errorf("ids out of input order after resume")
			}
		})
	}
}
