package plover

import (
	"slices"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

func TestTableCoversEventTypes(t *testing.T) {
	got := TableTypes()
	want := slices.Clone(extract.EventTypes)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("table rows %v, want extract.EventTypes %v", got, want)
	}
	for _, typ := range extract.EventTypes {
		info := Info(typ)
		if info.Plover != "" && !slices.Contains(Categories, info.Plover) {
			t.Errorf("%s: plover %q is not a category", typ, info.Plover)
		}
		if _, ok := cameoRoots[info.Plover]; !ok {
			t.Errorf("%s: no CAMEO roots for %q", typ, info.Plover)
		}
		seen := map[string]bool{}
		for _, m := range info.Modes {
			if seen[m] || !reModeWord.MatchString(m) {
				t.Errorf("%s: bad or repeated mode %q", typ, m)
			}
			seen[m] = true
		}
		for _, f := range info.Magnitude {
			if !slices.Contains(MagnitudeFields, f) {
				t.Errorf("%s: unknown magnitude field %q", typ, f)
			}
		}
	}
	// The nine PLOVER-complete types each have their category.
	for _, typ := range extract.EventTypes[slices.Index(extract.EventTypes, extract.EventAgree):] {
		if DefaultPlover(typ) != typ {
			t.Errorf("%s: plover %q, want its own name", typ, DefaultPlover(typ))
		}
	}
}

func TestSplitCode(t *testing.T) {
	cases := []struct{ code, country, agent string }{
		{"IRQMIL", "IRQ", "MIL"},
		{"PSECVL", "PSE", "CVL"},
		{"IRQ", "IRQ", ""},
		{"USAGOVMIL", "USA", "GOVMIL"},
		{"CVL", "", "CVL"},
		{"UAF", "", "UAF"},
		{"UNSC", "", "UNSC"},
		{"UNSMIL", "", "UNSMIL"}, // UNS is no country
		{"USAID", "", "USAID"},   // USA + an id that is no agent
		{"IRNA", "", "IRNA"},
		{"ARAB-COALITION", "", "ARAB-COALITION"},
		{"XYZMIL", "", "XYZMIL"},
		{" EGYGOV ", "EGY", "GOV"},
		{"", "", ""},
	}
	for _, c := range cases {
		country, agent := SplitCode(c.code)
		if country != c.country || agent != c.agent {
			t.Errorf("SplitCode(%q) = %q, %q; want %q, %q", c.code, country, agent, c.country, c.agent)
		}
	}
}

func TestCheckActorCode(t *testing.T) {
	for code, ok := range map[string]bool{
		"IRQMIL": true, "PSECVL": true, "CVL": true, "UAF": true, "EGYGOV": true, "UNSC": true,
		"HAMAS": true, "ARAB-COALITION": true, "UNSMIL": true, "IRQ": true, "GOVMIL": true,
		"XYZMIL": false, "QQQCVL": false, "USA-MOD": false, "irqmil": false, "IRQ MIL": false,
		"": false, "-UN": false, "UN-": false,
	} {
		if err := CheckActorCode(code); (err == nil) != ok {
			t.Errorf("CheckActorCode(%q) = %v, want ok=%v", code, err, ok)
		}
	}
}

func TestCheckCameo(t *testing.T) {
	for _, c := range []struct {
		plover, code string
		ok           bool
	}{
		{"", "010", true}, {"", "051", false}, {"SUPPORT", "051", true}, {"AGREE", "057", true},
		{"AGREE", "051", false}, {"AGREE", "036", true}, {"CONCEDE", "081", true}, {"CONCEDE", "084", false},
		{"RETREAT", "0871", true}, {"ASSAULT", "20", true}, {"ASSAULT", "1", false}, {"ASSAULT", "18311", false},
	} {
		if err := CheckCameo(c.plover, c.code); (err == nil) != c.ok {
			t.Errorf("CheckCameo(%q, %q) = %v, want ok=%v", c.plover, c.code, err, c.ok)
		}
	}
}
