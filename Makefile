# khabar — see README.md. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
GO ?= go
ORT_LIB := $(CURDIR)/third_party/onnxruntime/lib/libonnxruntime.so.1.30.0
export ONNXRUNTIME_SHARED_LIBRARY_PATH ?= $(ORT_LIB)

.PHONY: all setup build test run bench eval model parity clean

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
	./bin/khabar extract models/testdata/sample.txt

## bench: pipeline, bare ORT, tokeniser and gazetteer benchmarks
bench: setup
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./...

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

clean:
	rm -rf bin
