// Package ortlib finds the ONNX Runtime shared library and initialises the
// one ONNX Runtime environment a process may have.
//
// onnxruntime_go keeps a single global environment, so initialisation is
// process-wide: the first successful Init loads the library and it stays
// loaded for the life of the process (unloading ONNX Runtime with dlclose is
// not something its authors support). Later Init calls are cheap no-ops that
// only check they ask for the same library.
package ortlib

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// EnvVar is the environment variable that names the library, as in
// onnxruntime_go's own tests.
const EnvVar = "ONNXRUNTIME_SHARED_LIBRARY_PATH"

// LibDir is where `make setup` installs the library, relative to the root
// of a khabar checkout.
const LibDir = "third_party/onnxruntime/lib"

// ErrNoRuntime is returned when the ONNX Runtime library cannot be found or
// loaded.
var ErrNoRuntime = errors.New("ONNX Runtime library not available")

// Options says where the library is and how talkative it may be.
type Options struct {
	// Path is the library file (or a folder holding libonnxruntime.so*).
	// Empty: $ONNXRUNTIME_SHARED_LIBRARY_PATH, else a search upward from the
	// executable's folder and from the working directory for
	// third_party/onnxruntime/lib.
	Path string
	// Verbose lets ONNX Runtime's warnings and errors through to stderr.
	// Otherwise only fatal ones are logged; errors still come back as Go
	// errors.
	Verbose bool
}

var (
	mu     sync.Mutex
	loaded string // absolute path of the library in use; "" before Init succeeds
)

// Init locates the library and initialises the ONNX Runtime environment,
// once per process. It returns the absolute path of the library in use. A
// second call with a different explicit library fails; Verbose may be
// changed by any call.
func Init(opts Options) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if loaded != "" {
		if opts.Path != "" {
			want, err := resolve(opts.Path, "--ort-lib")
			if err != nil {
				return "", err
			}
			if !sameFile(want, loaded) {
				return "", fmt.Errorf("%w: %s requested but %s is already loaded in this process", ErrNoRuntime, want, loaded)
			}
		}
		if err := ort.SetEnvironmentLogLevel(logLevel(opts.Verbose)); err != nil {
			return "", fmt.Errorf("onnxruntime: set log level: %w", err)
		}
		return loaded, nil
	}
	path, err := Locate(opts.Path)
	if err != nil {
		return "", err
	}
	if ort.IsInitialized() {
		// Someone else in this process initialised onnxruntime_go directly.
		loaded = path
		return path, ort.SetEnvironmentLogLevel(logLevel(opts.Verbose))
	}
	ort.SetSharedLibraryPath(path)
	var level ort.EnvironmentOption
	if opts.Verbose {
		level = ort.WithLogLevelWarning()
	} else {
		level = ort.WithLogLevelFatal()
	}
	if err := ort.InitializeEnvironment(level); err != nil {
		return "", fmt.Errorf("%w: load %s: %v", ErrNoRuntime, path, err)
	}
	loaded = path
	return path, nil
}

// Loaded returns the absolute path of the library in use, or "" before a
// successful Init.
func Loaded() string {
	mu.Lock()
	defer mu.Unlock()
	return loaded
}

// LogLevel is the ONNX Runtime severity that Init and sessions log at for
// the given verbosity.
func LogLevel(verbose bool) ort.LoggingLevel { return logLevel(verbose) }

func logLevel(verbose bool) ort.LoggingLevel {
	if verbose {
		return ort.LoggingLevelWarning
	}
	return ort.LoggingLevelFatal
}

// Locate returns the absolute path of the library to load: explicit (a
// file or a folder), else $ONNXRUNTIME_SHARED_LIBRARY_PATH, else the first
// third_party/onnxruntime/lib/libonnxruntime.so* found walking up from the
// executable's folder, then from the working directory. The error wraps
// ErrNoRuntime and says how to get a library.
func Locate(explicit string) (string, error) {
	if explicit != "" {
		return resolve(explicit, "--ort-lib")
	}
	if env := os.Getenv(EnvVar); env != "" {
		return resolve(env, EnvVar)
	}
	var starts []string
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		starts = append(starts, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, start := range starts {
		for dir := start; ; {
			lib := filepath.Join(dir, filepath.FromSlash(LibDir))
			if p := findIn(lib); p != "" {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("%w: no %s/libonnxruntime.so* above %s; run `make setup` in the khabar checkout, "+
		"or point --ort-lib or %s at libonnxruntime.so", ErrNoRuntime, LibDir, strings.Join(starts, " or "), EnvVar)
}

// resolve turns a user-given file or folder into an absolute library path.
func resolve(p, from string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%w: %s=%q: %v", ErrNoRuntime, from, p, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("%w: %s=%q: %v (run `make setup`, or point --ort-lib or %s at libonnxruntime.so)",
			ErrNoRuntime, from, p, err, EnvVar)
	}
	if st.IsDir() {
		if lib := findIn(abs); lib != "" {
			return lib, nil
		}
		return "", fmt.Errorf("%w: %s=%q: folder holds no libonnxruntime.so*", ErrNoRuntime, from, p)
	}
	return abs, nil
}

// findIn returns the library in dir, preferring the unversioned name, then
// the longest (most specific) versioned one; "" when there is none.
func findIn(dir string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "libonnxruntime.so*"))
	var files []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() {
			files = append(files, m)
		}
	}
	if len(files) == 0 {
		return ""
	}
	sort.Slice(files, func(i, j int) bool {
		bi, bj := filepath.Base(files[i]), filepath.Base(files[j])
		if (bi == "libonnxruntime.so") != (bj == "libonnxruntime.so") {
			return bi == "libonnxruntime.so"
		}
		if len(bi) != len(bj) {
			return len(bi) > len(bj)
		}
		return bi < bj
	})
	return files[0]
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
