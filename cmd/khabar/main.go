// Command khabar extracts named entities and events from Arabic news.
//
//	khabar extract [flags] [FILE|DIR ...]   JSONL records on stdout (stdin when no file)
//	khabar serve   [flags]                   HTTP/JSON service (POST /v1/extract)
//	khabar eval    [flags] --gold FILE       score against annotated samples
//	khabar version
//
// Run `khabar COMMAND -h` for the flags of a command.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, documented in README.md.
const (
	exitOK       = 0 // every record processed (some may be error records)
	exitFailure  = 1 // set-up failed (model, library) or output could not be written
	exitUsage    = 2 // bad flags or arguments
	exitCanceled = 3 // interrupted; output so far is complete records only
)

var version = "dev"

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"extract", "extract entities and events from text or JSONL", cmdExtract},
		{"serve", "serve extraction over HTTP/JSON", cmdServe},
		{"eval", "score predictions or the pipeline against gold annotations", func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
			return cmdEval(ctx, args, stdout, stderr)
		}},
		{"version", "print the version", func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
			fmt.Fprintln(stdout, "khabar", version)
			return exitOK
		}},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: khabar COMMAND [flags] [args]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "khabar: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}
