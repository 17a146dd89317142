# khabar — see README.md. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
GO ?= go
ORT_LIB := $(CURDIR)/third_party/onnxruntime/lib/libonnxruntime.so.1.30.0
export ONNXRUNTIME_SHARED_LIBRARY_PATH ?= $(ORT_LIB)

.PHONY: all setup build test run bench eval model pretrain parity clean

all: build

## setup: install the ONNX Runtime library (npm pack, sha256-checked) and Go modules
setup:
	@./third_party/setup-ort.sh
	@$(GO) mod download

## build: build bin/khabar
build: setup
	$(GO) build -o bin/khabar ./cmd/khabar

## test: vet, gofmt check and the race-enabled test suite
test: setup
	@unformatted=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## run: extract entities and events from the seed sample with the embedded default model
run: build
	./bin/khabar extract --date 2024-02-21 models/testdata/sample.txt

BENCH_COUNT ?= 5

## bench: whole pipeline vs bare ORT Run on the same batches (1 core and all cores; medians of
## BENCH_COUNT alternating runs and their ratio), then the per-stage benchmarks;
## BENCH_MODEL=khabar-ner-ar-fast (or a model folder) times another model
bench: setup
	@echo "== pipeline vs bare ORT (model: $(or $(BENCH_MODEL),default); tokens = model tokens incl. specials)"
	@mkdir -p bin; rm -f bin/bench-pipeline.txt; for i in $$(seq $(BENCH_COUNT)); do \
	  KHABAR_BENCH_MODEL=$(BENCH_MODEL) $(GO) test -run '^$$' -bench '^Benchmark(Pipeline|BareORT)$$' -benchtime 5x -count 1 ./extract/ | tee -a bin/bench-pipeline.txt | grep -E '^Benchmark'; done; \
	awk '/^Benchmark(Pipeline|BareORT)/ { name=$$1; sub(/-[0-9]+$$/, "", name); for (i = 2; i < NF; i++) if ($$(i+1) == "tokens/s") v[name] = v[name] " " $$i } \
	  function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 } \
	  END { for (k in v) m[k] = median(v[k]); for (k in m) printf "median %-32s %10.0f tokens/s\n", k, m[k]; \
	    for (k in m) if (k ~ /Pipeline/) { b = k; sub(/Pipeline/, "BareORT", b); if (b in m) printf "ratio  %-32s %10.2f x bare ORT\n", k, m[k] / m[b] } }' bin/bench-pipeline.txt
	@echo "== stages"
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./extract/normalize/ ./extract/internal/tokenize/ ./extract/internal/sentence/ ./extract/internal/runner/ ./extract/internal/events/ ./gazetteers/

ANERCORP_TEST := ../shared/data/anercorp/camel_split/ANERCorp_CamelLab_test.txt

## eval: the project's headline numbers (annotated samples; ANERcorp test when ../shared is there)
eval: build
	./bin/khabar eval --gold eval/testdata/samples.jsonl
	@if [ -f eval/testdata/heldout.jsonl ]; then ./bin/khabar eval --gold eval/testdata/heldout.jsonl; fi
	@if [ -f $(ANERCORP_TEST) ]; then ./bin/khabar eval --gold $(ANERCORP_TEST) --no-events; \
	  else echo "ANERcorp test not found at $(ANERCORP_TEST): skipped"; fi

## parity: regenerate the Python reference goldens (HF tokenizers, onnxruntime, transformers,
## seqeval) and check the Go side against them (needs PyPI; `make test` uses the committed goldens)
parity: setup
	python3 -m venv extract/internal/parity/py/.venv
	extract/internal/parity/py/.venv/bin/pip install -q -r extract/internal/parity/py/requirements.txt
	extract/internal/parity/py/.venv/bin/python extract/internal/parity/py/make_golden.py
	$(GO) test -count=1 -v ./extract/internal/parity/
	python3 -m venv eval/parity/.venv && eval/parity/.venv/bin/pip install -q -r eval/parity/requirements.txt
	eval/parity/.venv/bin/python eval/parity/harness.py
	$(GO) test -count=1 -run Parity -v ./eval/

## model: reproduce the shipped default model from ../shared/data (Python, CPU)
model:
	./models/train/make_model.sh

## pretrain: rebuild models/pretrained/khabar-lm-mini (masked-LM encoder; needs a CUDA GPU, ~5 min on an H200)
pretrain:
	./models/train/make_pretrain.sh

clean:
	rm -rf bin
