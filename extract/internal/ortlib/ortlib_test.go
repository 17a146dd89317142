package ortlib

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("not really a library"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLocate(t *testing.T) {
	root := t.TempDir()
	lib := filepath.Join(root, "third_party", "onnxruntime", "lib", "libonnxruntime.so.1.30.0")
	touch(t, lib)
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "x", "libonnxruntime.so")
	touch(t, other)
	empty := t.TempDir()

	tests := []struct {
		name     string
		explicit string
		env      string
		wd       string
		want     string
		wantErr  string
	}{
		{name: "search up from working directory", wd: deep, want: lib},
		{name: "search in root itself", wd: root, want: lib},
		{name: "explicit file wins", explicit: other, env: lib, wd: deep, want: other},
		{name: "explicit folder", explicit: filepath.Dir(other), wd: empty, want: other},
		{name: "env var", env: other, wd: deep, want: other},
		{name: "explicit missing", explicit: filepath.Join(empty, "nope.so"), wd: deep, wantErr: "--ort-lib"},
		{name: "env missing is an error, not a fallback", env: filepath.Join(empty, "nope.so"), wd: deep, wantErr: EnvVar},
		{name: "folder without library", explicit: empty, wd: deep, wantErr: "no libonnxruntime.so"},
		{name: "nothing anywhere", wd: empty, wantErr: "make setup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvVar, tt.env)
			t.Chdir(tt.wd)
			explicit := tt.explicit
			if explicit != "" && !filepath.IsAbs(explicit) {
				t.Fatal("test paths are absolute")
			}
			got, err := Locate(explicit)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Locate = %q, want error", got)
				}
				if !errors.Is(err, ErrNoRuntime) {
					t.Errorf("error %v does not wrap ErrNoRuntime", err)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Locate = %q, want %q", got, tt.want)
			}
			if !filepath.IsAbs(got) {
				t.Errorf("Locate = %q is not absolute", got)
			}
		})
	}
}

func TestLocateRelativeExplicitIsMadeAbsolute(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "lib", "libonnxruntime.so"))
	t.Chdir(dir)
	t.Setenv(EnvVar, "")
	got, err := Locate("lib/libonnxruntime.so")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "lib", "libonnxruntime.so"); got != want {
		t.Errorf("Locate = %q, want %q", got, want)
	}
}

func TestFindInPrefersUnversioned(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "libonnxruntime.so.1"))
	touch(t, filepath.Join(dir, "libonnxruntime.so.1.30.0"))
	if got, want := findIn(dir), filepath.Join(dir, "libonnxruntime.so.1.30.0"); got != want {
		t.Errorf("findIn = %q, want %q", got, want)
	}
	touch(t, filepath.Join(dir, "libonnxruntime.so"))
	if got, want := findIn(dir), filepath.Join(dir, "libonnxruntime.so"); got != want {
		t.Errorf("findIn = %q, want %q", got, want)
	}
}

// TestInit loads the real library when the checkout has one (make setup).
func TestInit(t *testing.T) {
	path, err := Locate("")
	if errors.Is(err, ErrNoRuntime) {
		t.Skipf("ONNX Runtime library not found (run `make setup`): %v", err)
	}
	got, err := Init(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got != path {
		t.Errorf("Init loaded %q, Locate found %q", got, path)
	}
	// A second call is a no-op; asking for the same file explicitly is fine.
	if again, err := Init(Options{Path: path, Verbose: true}); err != nil || again != got {
		t.Errorf("second Init = %q, %v", again, err)
	}
	if _, err := Init(Options{Verbose: false}); err != nil {
		t.Error(err)
	}
	// A different library cannot replace the loaded one.
	other := filepath.Join(t.TempDir(), "libonnxruntime.so")
	touch(t, other)
	if _, err := Init(Options{Path: other}); !errors.Is(err, ErrNoRuntime) {
		t.Errorf("Init with another library: err = %v, want ErrNoRuntime", err)
	}
	if Loaded() != got {
		t.Errorf("Loaded = %q", Loaded())
	}
}
