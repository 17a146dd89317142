// Package testenv finds what khabar's tests and benchmarks read outside their
// own package: the repository root and the shared data folder beside it
// (../shared, which CI provides and a bare clone may lack).
package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RepoRoot walks up from the test's directory to the one holding go.mod.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// SharedDir is ../shared beside the repository root, or "" when it is absent.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	shared := filepath.Join(filepath.Dir(RepoRoot(tb)), "shared")
	if _, err := os.Stat(shared); err != nil {
		return ""
	}
	return shared
}

// NewsCorpus is the raw news file the benchmarks read, relative to SharedDir.
const NewsCorpus = "data/raw/ar-news-02.txt.xz"

// NewsParagraphs returns the long lines (over 200 bytes, trimmed) among the
// first 4,000 lines of NewsCorpus, at most n of them (all when n <= 0): the
// paragraphs the pipeline and stage benchmarks share. It returns nil when the
// corpus or xz is missing, so the caller decides whether to skip.
func NewsParagraphs(tb testing.TB, n int) []string {
	tb.Helper()
	shared := SharedDir(tb)
	if shared == "" {
		return nil
	}
	raw := filepath.Join(shared, NewsCorpus)
	if _, err := os.Stat(raw); err != nil {
		return nil
	}
	out, err := exec.Command("sh", "-c", `xz -dc "$1" | head -n 4000`, "sh", raw).Output()
	if err != nil {
		return nil
	}
	var paras []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && (n <= 0 || len(paras) < n) {
		if l := strings.TrimSpace(sc.Text()); len(l) > 200 {
			paras = append(paras, l)
		}
	}
	return paras
}
