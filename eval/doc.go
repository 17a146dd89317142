// Package eval scores khabar's output (or any tagger's) against annotated
// data, with the numbers the field computes.
//
// Entities are scored from gold JSONL (FORMAT.md §3, spans with FORMAT.md's
// proclitic tolerance) or CoNLL/BIO files (ANERcorp, AQMAR, Wojood layouts),
// exact or partial, micro, macro and per type; on BIO files the scores
// equal the Python seqeval package's (default mode), quirks included, as a
// parity test against committed seqeval output shows. Events are scored as
// FORMAT.md §4 says: one-to-one pairing by type and trigger overlap or
// actor, P/R/F1 per type, argument P/R/F1 per role, vote tally exact-match
// rate, asserted events only; on paired events also the accuracy of actor
// and target codes (whole, country, agent), mode, event country, explicit
// plover, and magnitude numbers.
//
//	rep, err := eval.Run(ctx, eval.Config{Gold: "gold.jsonl", Pred: "pred.jsonl"})
//	if err != nil {
//		return err // errors.Is(err, eval.ErrBadInput): the message names file:line
//	}
//	rep.WriteTable(os.Stdout)
//
// `khabar eval` is a thin layer over Run; README.md in this folder defines
// the formats and metrics.
package eval
