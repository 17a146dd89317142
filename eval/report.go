package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteJSON writes the report as one indented JSON object:
// {"meta": …, "entities": {"micro": {"p","r","f1","tp","fp","fn"},
// "macro": {"p","r","f1"}, "per_type": {…}}, "events": {…, "args": …,
// "votes": …}}. Events are absent for CoNLL gold.
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
	}
	return nil
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
