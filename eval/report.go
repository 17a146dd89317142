package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/eval/internal/plover"
)

// WriteJSON writes the report as one indented JSON object:
// {"meta": …, "entities": {"micro": {"p","r","f1","tp","fp","fn"},
// "macro": {"p","r","f1"}, "per_type": {…}}, "events": {…, "args": …,
// "votes": …, "actor_code": …, "target_code": …, "magnitude": …, "mode": …,
// "country": …, "plover": …}}. Events are absent for CoNLL gold.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as aligned plain-text tables.
func (r *Report) WriteTable(w io.Writer) error {
	m := &r.Meta
	var b strings.Builder
	fmt.Fprintf(&b, "gold: %s (%s, %d %s", m.Gold, m.GoldFormat, m.Docs, docsWord(m.GoldFormat))
	if m.Tokens > 0 {
		fmt.Fprintf(&b, ", %d tokens", m.Tokens)
	}
	if m.GoldScheme != "" {
		fmt.Fprintf(&b, ", %s", schemeNote(m.GoldScheme, m.GoldIllFormed))
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "pred: %s", m.Pred)
	if m.PredFormat != "" {
		fmt.Fprintf(&b, " (%s", m.PredFormat)
		if m.PredScheme != "" {
			fmt.Fprintf(&b, ", %s", schemeNote(m.PredScheme, m.PredIllFormed))
		}
		b.WriteString(")")
	}
	if m.PredErrors > 0 {
		fmt.Fprintf(&b, ", %d records with errors", m.PredErrors)
	}
	b.WriteString("\n")
	match := m.Match
	if match == "exact" && m.GoldFormat == FormatJSONL {
		match += " (starts tolerate proclitics و ف ب ل ك)"
	}
	fmt.Fprintf(&b, "match: %s", match)
	if m.Map != "" {
		fmt.Fprintf(&b, "; map: %s", m.Map)
	}
	if len(m.Types) > 0 {
		fmt.Fprintf(&b, "; types: %s", strings.Join(m.Types, ","))
	}
	b.WriteString("; NORP not scored\n")
	for _, n := range m.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if r.Entities != nil {
		if err := writeScores(w, "Entities", "type", &r.Entities.Scores); err != nil {
			return err
		}
	}
	if e := r.Events; e != nil {
		if err := writeScores(w, "Events (asserted only)", "type", &e.Scores); err != nil {
			return err
		}
		args := Scores{Micro: e.Args.Micro, Macro: e.Args.Macro, PerClass: e.Args.PerRole}
		if err := writeScores(w, "Event arguments (normalised text)", "role", &args); err != nil {
			return err
		}
		v := e.Votes
		if _, err := fmt.Fprintf(w, "\nVote tallies: %d/%d paired events exact (%.4f); %d gold events with tallies\n",
			v.Exact, v.Paired, v.Rate, v.Gold); err != nil {
			return err
		}
		if err := writeFields(w, e); err != nil {
			return err
		}
	}
	return nil
}

// writeFields writes the scores of the event fields beyond the arguments.
func writeFields(w io.Writer, e *EventReport) error {
	var b strings.Builder
	if !e.hasFields() {
		b.WriteString("\nEvent fields: no gold event states an actor/target code, mode, country, plover or magnitude\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("\nEvent fields (paired events whose gold states the field; rate = exact / paired)\n")
	fmt.Fprintf(&b, "  %-19s  %6s %6s %6s %7s\n", "field", "exact", "paired", "gold", "rate")
	row := func(name string, f FieldScore) {
		fmt.Fprintf(&b, "  %-19s  %6d %6d %6d %7.4f\n", name, f.Exact, f.Paired, f.Gold, f.Rate)
	}
	for _, c := range []struct {
		name string
		s    CodeScore
	}{{fieldActorCode, e.ActorCode}, {fieldTargetCode, e.TargetCode}} {
		row(c.name, c.s.Code)
		row(c.name+" country", c.s.Country)
		row(c.name+" agent", c.s.Agent)
	}
	row(fieldMode, e.Mode)
	row(fieldCountry, e.Country)
	row(fieldPlover+" (explicit)", e.Plover)
	b.WriteString("\nMagnitude numbers (rate = exact / stated: unpaired gold numbers are misses; spurious: predicted, not in gold)\n")
	fmt.Fprintf(&b, "  %-8s  %6s %6s %6s %8s %7s\n", "field", "exact", "paired", "stated", "spurious", "rate")
	mrow := func(name string, c MagnitudeCount) {
		fmt.Fprintf(&b, "  %-8s  %6d %6d %6d %8d %7.4f\n", name, c.Exact, c.Paired, c.Stated, c.Spurious, c.Rate)
	}
	for _, k := range plover.MagnitudeFields {
		mrow(k, e.Magnitude.PerField[k])
	}
	mrow("all", e.Magnitude.MagnitudeCount)
	_, err := io.WriteString(w, b.String())
	return err
}

func docsWord(f Format) string {
	if f == FormatCoNLL {
		return "sentences"
	}
	return "docs"
}

func schemeNote(s Scheme, ill int) string {
	if ill > 0 {
		return fmt.Sprintf("%s, %d stray I- tags", s, ill)
	}
	return string(s)
}

func writeScores(w io.Writer, title, classWord string, s *Scores) error {
	classes := s.Classes()
	width := max(len(classWord), len("macro"))
	for _, c := range classes {
		width = max(width, utf8.RuneCountInString(c))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n", title)
	fmt.Fprintf(&b, "  %-*s  %7s %7s %7s %6s %6s %6s %6s\n", width, classWord, "P", "R", "F1", "TP", "FP", "FN", "gold")
	row := func(name string, x PRF) {
		fmt.Fprintf(&b, "  %-*s  %7.4f %7.4f %7.4f %6d %6d %6d %6d\n", width, name, x.P, x.R, x.F1, x.TP, x.FP, x.FN, x.TP+x.FN)
	}
	for _, c := range classes {
		row(c, s.PerClass[c])
	}
	row("micro", s.Micro)
	fmt.Fprintf(&b, "  %-*s  %7.4f %7.4f %7.4f\n", width, "macro", s.Macro.P, s.Macro.R, s.Macro.F1)
	_, err := io.WriteString(w, b.String())
	return err
}
