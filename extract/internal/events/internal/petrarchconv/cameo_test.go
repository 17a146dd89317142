package petrarchconv

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// khabarTypes are FORMAT.md's event types (both tables).
var khabarTypes = setOf("STATEMENT", "CALL", "MEET", "VOTE", "VETO", "DRAFT_SUBMIT", "ADOPT",
	"CONDEMN", "DEMAND", "ATTACK", "PROTEST", "DEPLOY", "AGREE", "SUPPORT", "COOPERATE", "AID",
	"CONCEDE", "RETREAT", "THREATEN", "SANCTION", "COERCE")

// ploverCategories are PLOVER's 16 event categories (CAMEO2PLOVER-2021).
var ploverCategories = setOf("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE",
	"RETREAT", "ACCUSE", "DEMAND", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION",
	"COERCE", "ASSAULT")

// readTSV returns the data rows of a lexicon TSV (comment lines skipped)
// with their line numbers.
func readTSV(t *testing.T, path string) (rows [][]string, lines []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			rows = append(rows, strings.Split(l, "\t"))
			lines = append(lines, n)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, lines
}

// TestCameoTable checks lexicon/cameo.tsv: six columns, unique 2–4 digit
// codes, known khabar types and PLOVER categories, and a row for every code
// the petrarch verb patterns use (its own or a prefix of it).
func TestCameoTable(t *testing.T) {
	rows, lines := readTSV(t, "../../lexicon/cameo.tsv")
	codes := map[string]bool{}
	for i, r := range rows {
		if len(r) != 5 {
			t.Errorf("cameo.tsv:%d: %d columns, want 5 (cameo, type, plover, mode, label)", lines[i], len(r))
			continue
		}
		code, typ, plover, mode, label := r[0], r[1], r[2], r[3], r[4]
		if !validCameo(code) {
			t.Errorf("cameo.tsv:%d: code %q is not 2–4 digits", lines[i], code)
		}
		if codes[code] {
			t.Errorf("cameo.tsv:%d: code %s repeated", lines[i], code)
		}
		codes[code] = true
		if len(code) > 2 && !codes[code[:len(code)-1]] && !codes[code[:2]] {
			t.Errorf("cameo.tsv:%d: code %s comes before its parent", lines[i], code)
		}
		if typ != "-" && !khabarTypes[typ] {
			t.Errorf("cameo.tsv:%d: type %q is not a FORMAT.md event type", lines[i], typ)
		}
		if plover != "-" && !ploverCategories[plover] {
			t.Errorf("cameo.tsv:%d: plover %q is not a PLOVER category", lines[i], plover)
		}
		if mode == "" || strings.ContainsAny(mode, " \t") || label == "" {
			t.Errorf("cameo.tsv:%d: empty mode or label", lines[i])
		}
	}
	for root := 1; root <= 20; root++ {
		if c := twoDigits(root); !codes[c] || !codes[c+"0"] {
			t.Errorf("cameo.tsv: root %s or %s0 missing", c, c)
		}
	}
	verbs, vlines := readTSV(t, "../../lexicon/petrarch/verbs.tsv")
	missing := map[string]int{}
	for i, v := range verbs {
		if len(v) < 3 {
			t.Fatalf("verbs.tsv:%d: %d columns", vlines[i], len(v))
		}
		c := v[2]
		found := false
		for k := len(c); k >= 2 && !found; k-- {
			found = codes[c[:k]]
		}
		if !found {
			missing[c] = vlines[i]
		}
	}
	for c, l := range missing {
		t.Errorf("verbs.tsv:%d: CAMEO code %s has no row (nor a prefix of it) in cameo.tsv", l, c)
	}
}

func twoDigits(n int) string {
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}
