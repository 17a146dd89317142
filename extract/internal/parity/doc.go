// Package parity checks khabar's engine against the Hugging Face reference
// implementations it must agree with: token ids and offsets against
// `tokenizers`, logits against Python onnxruntime, entity spans against
// `transformers`' TokenClassificationPipeline. The references are golden
// files under testdata/, written by py/make_golden.py (see README.md); the
// Go tests need no Python.
package parity
