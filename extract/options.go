package extract

import (
	"fmt"
	"io/fs"
	"runtime"

	"github.com/khabar-nlp/khabar/models"
)

// Stage names a pipeline stage that can be switched off.
type Stage string

// The stages of the pipeline, in order.
const (
	StageModel     Stage = "model"     // ONNX NER
	StageGazetteer Stage = "gazetteer" // curated names, ids, titles, resolutions
	StagePatterns  Stage = "patterns"  // dates and vote numbers
	StageEvents    Stage = "events"    // event assembly
)

// Aggregation says how token predictions become word/entity predictions,
// with the semantics of Hugging Face's TokenClassificationPipeline.
type Aggregation int

// Aggregation strategies. AggregationDefault uses the model's own setting
// (config.json "khabar"."aggregation"), else AggregationFirst.
const (
	AggregationDefault Aggregation = iota
	AggregationNone
	AggregationSimple
	AggregationFirst
	AggregationAverage
	AggregationMax
)

// String returns the Hugging Face name of the strategy.
func (a Aggregation) String() string {
	switch a {
	case AggregationNone:
		return "none"
	case AggregationSimple:
		return "simple"
	case AggregationFirst:
		return "first"
	case AggregationAverage:
		return "average"
	case AggregationMax:
		return "max"
	}
	return "default"
}

// ParseAggregation parses a Hugging Face strategy name.
func ParseAggregation(s string) (Aggregation, error) {
	for a := AggregationDefault; a <= AggregationMax; a++ {
		if a.String() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown aggregation strategy %q (want none, simple, first, average or max)", ErrBadOption, s)
}

// config holds everything the options set. Its zero value is not used:
// defaults come from defaultConfig.
type config struct {
	modelDir     string
	modelFS      fs.FS
	modelName    string // for messages
	ortLib       string
	ortVerbose   bool
	intraThreads int
	interThreads int
	graphOpt     int // -1: ORT default
	batchSize    int
	stride       int
	aggregation  Aggregation
	maxDocBytes  int
	workers      int
	cacheSize    int
	disabled     map[Stage]bool
}

func defaultConfig() config {
	return config{
		intraThreads: 1,
		interThreads: 1,
		graphOpt:     -1,
		batchSize:    32,
		stride:       32,
		maxDocBytes:  4 << 20,
		workers:      runtime.GOMAXPROCS(0),
		cacheSize:    200_000,
		disabled:     map[Stage]bool{},
	}
}

// Option configures a Pipeline. Options validate their arguments: New
// returns an error wrapping ErrBadOption for a bad one.
type Option func(*config) error

// WithModelDir loads the NER model from a Hugging Face token-classification
// export folder (model.onnx, tokenizer.json, config.json, optional
// crf.json) instead of the embedded default.
func WithModelDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return fmt.Errorf("%w: empty model directory", ErrBadOption)
		}
		c.modelDir, c.modelFS = dir, nil
		return nil
	}
}

// WithModelName loads one of the models embedded in the binary by name
// (models.Names(); the default is models.DefaultName).
func WithModelName(name string) Option {
	return func(c *config) error {
		fsys, err := models.Open(name)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrBadOption, err)
		}
		c.modelFS, c.modelDir, c.modelName = fsys, "", "embedded:"+name
		return nil
	}
}

// WithModelFS loads the NER model from the root of fsys.
func WithModelFS(fsys fs.FS) Option {
	return func(c *config) error {
		if fsys == nil {
			return fmt.Errorf("%w: nil model file system", ErrBadOption)
		}
		c.modelFS, c.modelDir, c.modelName = fsys, "", "model"
		return nil
	}
}

// WithORTLibrary sets the path of the ONNX Runtime shared library. Without
// it the library is found through ONNXRUNTIME_SHARED_LIBRARY_PATH or in the
// checkout's third_party/onnxruntime/lib (installed by `make setup`).
func WithORTLibrary(path string) Option {
	return func(c *config) error { c.ortLib = path; return nil }
}

// WithORTLogging lets ONNX Runtime's own log lines through to stderr.
func WithORTLogging(on bool) Option {
	return func(c *config) error { c.ortVerbose = on; return nil }
}

// WithThreads sets ONNX Runtime's intra-op and inter-op thread counts for
// the one session all goroutines share (0 lets ORT choose).
func WithThreads(intra, inter int) Option {
	return func(c *config) error {
		if intra < 0 || inter < 0 {
			return fmt.Errorf("%w: negative thread count", ErrBadOption)
		}
		c.intraThreads, c.interThreads = intra, inter
		return nil
	}
}

// WithGraphOptimization sets ONNX Runtime's graph optimisation level:
// 0 disabled, 1 basic, 2 extended, 3 all.
func WithGraphOptimization(level int) Option {
	return func(c *config) error {
		if level < 0 || level > 3 {
			return fmt.Errorf("%w: graph optimisation level %d not in 0..3", ErrBadOption, level)
		}
		c.graphOpt = level
		return nil
	}
}

// WithBatchSize sets how many sequences go into one model run.
func WithBatchSize(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: batch size %d < 1", ErrBadOption, n)
		}
		c.batchSize = n
		return nil
	}
}

// WithStride sets the overlap, in tokens, between consecutive windows of a
// sentence longer than the model's maximum length.
func WithStride(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("%w: stride %d < 0", ErrBadOption, n)
		}
		c.stride = n
		return nil
	}
}

// WithAggregation sets how token predictions are aggregated into entities.
func WithAggregation(a Aggregation) Option {
	return func(c *config) error {
		if a < AggregationDefault || a > AggregationMax {
			return fmt.Errorf("%w: aggregation %d", ErrBadOption, int(a))
		}
		c.aggregation = a
		return nil
	}
}

// WithMaxDocBytes sets the largest document accepted (default 4 MiB);
// longer documents fail with ErrDocTooLarge.
func WithMaxDocBytes(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: max document size %d < 1", ErrBadOption, n)
		}
		c.maxDocBytes = n
		return nil
	}
}

// WithWorkers sets how many documents ExtractAll processes at once
// (default GOMAXPROCS).
func WithWorkers(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: workers %d < 1", ErrBadOption, n)
		}
		c.workers = n
		return nil
	}
}

// WithTokenCacheSize bounds the word → token ids cache (entries; 0 disables it).
func WithTokenCacheSize(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("%w: cache size %d < 0", ErrBadOption, n)
		}
		c.cacheSize = n
		return nil
	}
}

// WithoutStages switches stages off. Switching off StageModel also skips
// loading the model and the ONNX Runtime library.
func WithoutStages(stages ...Stage) Option {
	return func(c *config) error {
		for _, s := range stages {
			switch s {
			case StageModel, StageGazetteer, StagePatterns, StageEvents:
				c.disabled[s] = true
			default:
				return fmt.Errorf("%w: unknown stage %q", ErrBadOption, s)
			}
		}
		return nil
	}
}
