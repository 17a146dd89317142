// Package petrarchconv derives khabar's PETRARCH lexicon files
// (extract/internal/events/lexicon/petrarch) from UniversalPetrarch's Arabic
// dictionaries: agents, actors, CAMEO verb patterns and synonym sets, in
// khabar's normalised spelling, restructured, sorted and deduplicated. The
// source files themselves are never copied; the MIT notice travels with the
// output. cmd/petrarch-convert runs it.
package petrarchconv

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// Source file names inside the source folder.
const (
	AgentsFile  = "agents.all.ar_v3.txt"
	ActorsFile  = "actor_dict_ar_v4.txt"
	VerbsFile   = "CAMEO.ar.0.5.txt"
	SynsetsFile = "synsets.ar.txt"
	LicenseFile = "LICENSE_MIT_UniversalPetrarch.txt"
)

// Output file names.
const (
	AgentsOut  = "agents.tsv"
	ActorsOut  = "actors.tsv"
	VerbsOut   = "verbs.tsv"
	SynsetsOut = "synsets.tsv"
	LicenseOut = "LICENSE-UniversalPetrarch"
	ReadmeOut  = "README.md"
)

// Outputs lists every file Convert writes.
var Outputs = []string{AgentsOut, ActorsOut, VerbsOut, SynsetsOut, LicenseOut, ReadmeOut}

// Report holds the counts of one conversion; README.md is written from it.
type Report struct {
	Agents  AgentStats
	Actors  ActorStats
	Verbs   VerbStats
	Synsets SynsetStats
	Sizes   map[string]int // bytes per TSV file
}

// Convert reads the UniversalPetrarch Arabic dictionaries in src and writes
// khabar's lexicon files into out (created if missing).
func Convert(src, out string) (*Report, error) {
	files, rep, err := Build(src)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	for _, name := range Outputs {
		if err := os.WriteFile(filepath.Join(out, name), files[name], 0o644); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Build converts the dictionaries in src and returns the output files by
// name without writing them.
func Build(src string) (map[string][]byte, *Report, error) {
	rep := &Report{Sizes: map[string]int{}}
	files := map[string][]byte{}
	var (
		agents     []Agent
		actors     []Actor
		verbs      []Verb
		syns, more []Synset
		sst        SynsetStats
	)
	err := readSource(src, AgentsFile, func(r io.Reader) (err error) {
		agents, rep.Agents, err = ReadAgents(r)
		return err
	})
	if err == nil {
		err = readSource(src, ActorsFile, func(r io.Reader) (err error) {
			actors, rep.Actors, err = ReadActors(r)
			return err
		})
	}
	if err == nil {
		err = readSource(src, VerbsFile, func(r io.Reader) (err error) {
			verbs, syns, rep.Verbs, sst, err = ReadVerbs(r)
			return err
		})
	}
	if err == nil {
		err = readSource(src, SynsetsFile, func(r io.Reader) (err error) {
			more, err = readSynsets(r, "synsets", &sst)
			return err
		})
	}
	if err != nil {
		return nil, nil, err
	}
	syns = mergeSynsets(append(syns, more...), &sst)
	rep.Synsets = sst

	lic, err := os.ReadFile(filepath.Join(src, LicenseFile))
	if err != nil {
		return nil, nil, fmt.Errorf("petrarch source: %w", err)
	}

	files[AgentsOut] = writeAgents(agents)
	files[ActorsOut] = writeActors(actors)
	files[VerbsOut] = writeVerbs(verbs)
	files[SynsetsOut] = writeSynsets(syns)
	for _, name := range []string{AgentsOut, ActorsOut, VerbsOut, SynsetsOut} {
		rep.Sizes[name] = len(files[name])
	}
	files[LicenseOut] = writeLicense(lic)
	readme, err := writeReadme(rep)
	if err != nil {
		return nil, nil, err
	}
	files[ReadmeOut] = readme
	return files, rep, nil
}

// FindModuleRoot walks up from dir to the folder holding khabar's go.mod.
func FindModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(b, []byte("module github.com/khabar-nlp/khabar\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("khabar's go.mod not found above " + dir)
		}
		dir = parent
	}
}

// Default locations, relative to the module root.
const (
	DefaultSrc = "../shared/data/petrarch_ar"
	DefaultOut = "extract/internal/events/lexicon/petrarch"
)

// header is the comment block every TSV starts with.
func header(name, source, about string, columns ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n", name, about)
	fmt.Fprintf(&b, "# Derived from UniversalPetrarch's Arabic dictionaries (%s; MIT licence, see\n", source)
	b.WriteString("# LICENSE-UniversalPetrarch) by petrarch-convert; do not edit: regenerate\n")
	b.WriteString("# (README.md). Spelling is khabar's normalised text.\n#\n")
	b.WriteString("# Columns (TAB-separated):\n")
	for _, c := range columns {
		b.WriteString("#   " + c + "\n")
	}
	b.WriteString("#\n# ")
	for i, c := range columns {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(strings.Fields(c)[0])
	}
	b.WriteByte('\n')
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeAgents(rows []Agent) []byte {
	return writeTable(header(AgentsOut, AgentsFile, "agent nouns and their CAMEO agent codes",
		"phrase  the agent noun phrase, words separated by single spaces",
		"agent   CAMEO agent code: one or more 3-letter codes (REB, GOVMED)",
		"match   exact: the last word ends there; prefix: the last word may continue",
		"src     line in "+AgentsFile), rows, func(a Agent) string {
		return fmt.Sprintf("%s\t%s\t%s\t%d\n", a.Phrase, a.Code, a.Match, a.Line)
	})
}

func writeActors(rows []Actor) []byte {
	return writeTable(header(ActorsOut, ActorsFile, "named actors and their CAMEO actor codes over time",
		"phrase  the actor name, words separated by single spaces",
		"code    CAMEO actor code (IRQGOV, PSEREB, IGO)",
		"from    first day the code applies, YYYY-MM-DD, - when open",
		"to      last day the code applies (inclusive), YYYY-MM-DD, - when open",
		"match   exact: the last word ends there; prefix: the last word may continue",
		"src     line of the code in "+ActorsFile), rows, func(a Actor) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%d\n", a.Phrase, a.Code, dash(a.From), dash(a.To), a.Match, a.Line)
	})
}

func writeVerbs(rows []Verb) []byte {
	return writeTable(header(VerbsOut, VerbsFile, "CAMEO verb patterns",
		"verb      the verb lemma",
		"particle  words that follow the verb (a preposition, an object), - when none",
		"cameo     CAMEO event code",
		"pattern   the context, * standing for the verb (README.md: pattern syntax)",
		"src       line of the pattern (of the verb when the pattern is *) in "+VerbsFile), rows, func(v Verb) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%d\n", v.Verb, dash(v.Particle), v.Cameo, v.Pattern, v.Line)
	})
}

func writeSynsets(rows []Synset) []byte {
	return writeTable(header(SynsetsOut, VerbsFile+" and "+SynsetsFile, "synonym classes used by verb patterns",
		"class   class name, referred to as &CLASS in verbs.tsv patterns",
		"phrase  a member, words separated by single spaces",
		"match   exact: the last word ends there; prefix: the last word may continue",
		"src     cameo:LINE in "+VerbsFile+", synsets:LINE in "+SynsetsFile), rows, func(s Synset) string {
		return fmt.Sprintf("%s\t%s\t%s\t%s\n", s.Class, s.Phrase, s.Match, s.Src)
	})
}

func writeLicense(mit []byte) []byte {
	var b bytes.Buffer
	b.WriteString("The files agents.tsv, actors.tsv, verbs.tsv and synsets.tsv in this folder are\n" +
		"derived from the Arabic dictionaries of UniversalPetrarch\n" +
		"(https://github.com/openeventdata/UniversalPetrarch, Open Event Data Alliance;\n" +
		"dictionaries by the UT Dallas / Open Event Data Alliance teams, built on the\n" +
		"PETRARCH and TABARI dictionaries of Philip A. Schrodt and colleagues), which\n" +
		"are distributed under the following licence:\n\n")
	b.Write(bytes.TrimRight(mit, "\n"))
	b.WriteByte('\n')
	return b.Bytes()
}

//go:embed readme.md.tmpl
var readmeTmpl string

func writeReadme(rep *Report) ([]byte, error) {
	t, err := template.New("readme").Funcs(template.FuncMap{
		"join": strings.Join,
		"kb":   func(n int) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) },
		"sum": func(m map[string]int) int {
			s := 0
			for _, v := range m {
				s += v
			}
			return s
		},
	}).Parse(readmeTmpl)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, rep); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// readSource opens one dictionary file of src and hands it to read.
func readSource(src, name string, read func(io.Reader) error) error {
	f, err := os.Open(filepath.Join(src, name))
	if err != nil {
		return fmt.Errorf("petrarch source: %w", err)
	}
	defer f.Close()
	return read(f)
}

// writeTable writes a TSV file: its header comment, then one line per row.
func writeTable[T any](head string, rows []T, line func(T) string) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	for _, r := range rows {
		b.WriteString(line(r))
	}
	return b.Bytes()
}
