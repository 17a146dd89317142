# khabar — see README.md. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
GO ?= go
ORT_LIB := $(CURDIR)/third_party/onnxruntime/lib/libonnxruntime.so.1.30.0
export ONNXRUNTIME_SHARED_LIBRARY_PATH ?= $(ORT_LIB)

.PHONY: all setup build test race vet fmt run bench eval model parity fuzz clean

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

## eval: the project's headline numbers
eval: build
	./bin/khabar eval --gold eval/testdata/samples.jsonl

## model: reproduce the shipped default model from ../shared/data (Python, CPU)
model:
	./models/train/make_model.sh

clean:
	rm -rf bin
