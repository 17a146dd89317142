package gazetteers

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/internal/testenv"
)

// benchText returns normalised Arabic news text for the benchmarks: the first
// 8 MB of ../shared/data/raw/ar-news-02 (Al Arabiya, BBC, CNN, France24, Sky
// News Arabia ... 2018) when ../shared and the xz tool are there, otherwise
// testdata/news.txt repeated to 4 MB.
func benchText(b *testing.B) (string, string) {
	b.Helper()
	benchOnce.Do(func() { benchNorm, benchName = loadBenchText(b) })
	return benchNorm, benchName
}

var (
	benchOnce            sync.Once
	benchNorm, benchName string
)

func loadBenchText(b *testing.B) (string, string) {
	if shared := testenv.SharedDir(b); shared != "" {
		path := filepath.Join(shared, "data/raw/ar-news-02.txt.xz")
		if _, err := os.Stat(path); err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out bytes.Buffer
			cmd := exec.CommandContext(ctx, "sh", "-c", `xz -dc "$1" | head -c 8000000`, "sh", path)
			cmd.Stdout = &out
			if err := cmd.Run(); err == nil && out.Len() > 1<<20 {
				raw := bytes.ToValidUTF8(out.Bytes(), nil)
				return testNorm.String(string(raw)), "ar-news-02 (8 MB)"
			}
		}
	}
	raw, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for buf.Len() < 4<<20 {
		buf.Write(raw)
	}
	return testNorm.String(buf.String()), "testdata/news.txt ×N (4 MB)"
}

// BenchmarkMatch measures Match with the full embedded gazetteer on one core
// over normalised Arabic news text (MB/s is of normalised text).
func BenchmarkMatch(b *testing.B) {
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	text, name := benchText(b)
	b.Logf("text: %s, %d bytes, %d matches", name, len(text), len(g.Match(text)))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		g.Match(text)
	}
	// On a shared machine wall time (MB/s) counts the time other processes
	// hold the core; MB per CPU-second of this process does not.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(text))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// cpuTime returns the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoad measures building the gazetteer from the embedded files.
func BenchmarkLoad(b *testing.B) {
	fsys := embeddedData(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadFS(fsys); err != nil {
			b.Fatal(err)
		}
	}
}
