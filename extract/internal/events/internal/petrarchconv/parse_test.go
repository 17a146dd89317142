package petrarchconv

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadAgents(t *testing.T) {
	src := `# LAST UPDATED: 22 July 2018
انفصالي_مسلحي [~REB]
لاجئ [~REF]
لاجئ [~REF]
رئيس [~BUS]
رئيس [~GOV]
مراقب_في [IGO~]
طائرة_مقاتل [~MILطائرة مقاتل ]
تطرف_إسلامي [ISLAMIC_EXTREMIST تطرف إسلامي ]
وزير_خارجية_ [~GOVXYZ]
صَحَفِيّ {صحفيون} [~MED] # comment
مُدَرِّس
`
	got, st, err := ReadAgents(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Agent{
		{"انفصالي مسلحي", "REB", Prefix, 2},
		{"رئيس", "BUS", Prefix, 5},
		{"رئيس", "GOV", Prefix, 6},
		{"صحفي", "MED", Prefix, 11},
		{"صحفيون", "MED", Prefix, 11},
		{"طائرة مقاتل", "MIL", Prefix, 8},
		{"لاجئ", "REF", Prefix, 3},
		{"مراقب في", "IGO", Prefix, 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
	if st.Duplicates != 1 || st.RepairedCode != 1 || st.BadCode != 3 || st.PrefixPos != 1 || st.Conflicts != 1 {
		t.Errorf("stats: %+v", st)
	}
}

func TestValidAgent(t *testing.T) {
	for code, ok := range map[string]bool{"REB": true, "GOVMED": true, "BUDUAF": true, "IGO": true,
		"": false, "RE": false, "GOVXYZ": false, "ISLAMIC": false} {
		if validAgent(code) != ok {
			t.Errorf("validAgent(%q) = %v", code, !ok)
		}
	}
}

func TestReadActors(t *testing.T) {
	src := "غزة  [PSE]\n" + // inline, undated, prefix
		"إيهود_اولمر_\n" +
		"\t[ISRGOV 20060414-20090331]\n" +
		"\t[ISRELI 20090331-18000101]\n" + // open end; ISRGOV ends the day before
		"اليابان\n\t[JPN >22000101]\n" + // always
		"قاعدة  [IMG?]\n" + // bad code: no row
		"عاهل_أردني_\n\t[JORGOV 19700101-19640922]\n\t[JORGOV <990207]\n" + // inverted dropped; YYMMDD
		" شرطة_بريطاني_  [GBRCOP]\n+شرطة_لندن_\n" + // leading space, synonym
		"غزة [PSE]\n" // duplicate
	got, st, err := ReadActors(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Actor{
		{"اليابان", "JPN", "", "", Prefix, 6},
		{"ايهود اولمر", "ISRELI", "2009-03-31", "", Exact, 4},
		{"ايهود اولمر", "ISRGOV", "2006-04-14", "2009-03-30", Exact, 3},
		{"شرطة بريطاني", "GBRCOP", "", "", Exact, 11},
		{"شرطة لندن", "GBRCOP", "", "", Exact, 11},
		{"عاهل اردني", "JORGOV", "", "1999-02-07", Exact, 10},
		{"غزة", "PSE", "", "", Prefix, 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
	if st.BadCode != 1 || st.Inverted != 1 || st.Adjusted != 1 || st.Duplicates != 1 || st.NoCode != 1 ||
		st.Sentinel["18000101"] != 1 || st.Sentinel["22000101"] != 1 || st.Sentinel["19700101"] != 1 {
		t.Errorf("stats: %+v", st)
	}
}

func TestParseRestriction(t *testing.T) {
	tests := []struct {
		in, from, to string
		err          bool
	}{
		{"", "", "", false},
		{"<20040726", "", "2004-07-26", false},
		{">19781125", "1978-11-25", "", false},
		{"19840502-18000101", "1984-05-02", "", false},
		{"19700101-20150429", "", "2015-04-29", false},
		{"19700101-19700101", "", "", false},
		{"20110130-20110129", "", "", true},
		{"20100931-20101001", "", "", true},
		{"2010", "", "", true},
	}
	for _, tc := range tests {
		st := ActorStats{Sentinel: map[string]int{}}
		from, to, _, err := parseRestriction(tc.in, &st)
		if (err != nil) != tc.err || from != tc.from || to != tc.to {
			t.Errorf("parseRestriction(%q) = %q, %q, %v", tc.in, from, to, err)
		}
	}
}

func TestReadSynsets(t *testing.T) {
	src := `####### SYNONYM SETS #######
&LEADER
+رئيس_
_دكتاتور+
+حاملة_طائرات
+رئيس_
&AUX_
+كان
####### VERB PATTERNS #######
&IGNORED
+شيء_
`
	var st SynsetStats
	rows, err := readSynsets(strings.NewReader(src), "cameo", &st)
	if err != nil {
		t.Fatal(err)
	}
	rows = mergeSynsets(rows, &st)
	want := []Synset{
		{"AUX", "كان", Exact, "cameo:8"},
		{"LEADER", "حاملة طائرات", Prefix, "cameo:5"},
		{"LEADER", "دكتاتور", Exact, "cameo:4"},
		{"LEADER", "رئيس", Exact, "cameo:3"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %v\nwant %v", rows, want)
	}
	if st.ReversedMarkers != 1 || st.Duplicates != 1 || st.Classes != 2 {
		t.Errorf("stats: %+v", st)
	}
}

func TestParsePattern(t *testing.T) {
	classes := map[string]bool{"MILITARY": true, "WEAPON": true, "FIGHT_OF_WORDS": true}
	tests := []struct{ in, want, err string }{
		{"* &MILITARY", "* &MILITARY", ""},
		{" * (ل حد) ", "* (ل حد)", ""},
		{"*(في محكمة)", "* (في محكمة)", ""},
		{"* (ل{مساعدة إنساني})", "* (ل {مساعدة انساني})", ""},
		{"* (في ضغط) (لرفد)", "* (في ضغط) (ل رفد)", ""},
		{"* (للتصويت)", "* (ل تصويت)", ""},
		{"* (بين)", "* (بين)", ""},
		{"* (لل نشر) &MILITARY", "* (ل نشر) &MILITARY", ""},
		{"- $ جندي * (ب اتجاه) -", "$ جندي * (ب اتجاه)", ""},
		{"&WEAPON * ( - من $) (إلى)", "&WEAPON * (من $) (الي)", ""},
		{"* (في &FIGHT_OF_WORDS)", "* (في &FIGHT_OF_WORDS)", ""},
		{"* (&CEASEFIRE منا شدة (لل", "", "undefined synset &CEASEFIRE"},
		{"* (في {تبادل (ل إطلاق النار)}", "", errUnbalanced.Error()},
		{"* (عملية } ل)", "", errUnbalanced.Error()},
		{"(في محكمة)", "", errNoVerb.Error()},
		{"* * علم", "", errTwoVerbs.Error()},
	}
	for _, tc := range tests {
		var st patternStats
		got, err := parsePattern(tc.in, classes, &st)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("parsePattern(%q) error = %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parsePattern(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseVerbLine(t *testing.T) {
	tests := []struct {
		in   string
		want []verbEntry
	}{
		{"أنطلق", []verbEntry{{verb: "انطلق"}}},
		{"حقق+في", []verbEntry{{verb: "حقق", particle: "في"}}},
		{"اضرم+نار+في", []verbEntry{{verb: "اضرم", particle: "نار في"}}},
		{"قام+ب زيارة+إلى", []verbEntry{{verb: "قام", particle: "ب زيارة الي"}}},
		{"أعلن،+خبر", []verbEntry{{verb: "اعلن"}, {verb: "خبر"}}},
		{"وضع هوو", []verbEntry{{verb: "وضع"}}},
		{"إس توفي", []verbEntry{{verb: "استوفي"}}},
		{"ك من+ل", []verbEntry{{verb: "كمن", particle: "ل"}}},
		{"تصادم والتصادم", []verbEntry{{verb: "تصادم"}}},
		{"و هو", nil},
	}
	for _, tc := range tests {
		var st VerbStats
		got := parseVerbLine(tc.in, &st)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseVerbLine(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestReadVerbs(t *testing.T) {
	src := `# LAST UPDATED
####### SYNONYM SETS #######
&CEASEFIRE
+هدنة_

####### VERB PATTERNS #######
--- رتب [---] ---
رتب                  # arrange
نظم [141]            # stage
- * &CEASEFIRE   [0356]  # رتب,نظم
- * مظاهرة [141] # نظم
- * (ل {مساعدة [020]

--- أعلن [010] ---
أعلن
حقق+في
- * هدنة [0871]
`
	rows, syns, st, _, err := ReadVerbs(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range rows {
		got = append(got, strings.Join([]string{v.Verb, dash(v.Particle), v.Cameo, v.Pattern}, "|"))
	}
	want := []string{
		"اعلن|-|010|*",
		"اعلن|-|0871|* هدنة",
		"حقق|في|010|*",
		"حقق|في|0871|* هدنة",
		"رتب|-|0356|* &CEASEFIRE",
		"رتب|-|141|* مظاهرة",
		"نظم|-|141|*",
		"نظم|-|0356|* &CEASEFIRE",
		"نظم|-|141|* مظاهرة",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if len(syns) != 1 || st.Blocks != 2 || st.BlocksWithCode != 1 || st.BadPattern != 1 ||
		st.OwnCode != 1 || st.EnglishGloss != 2 || st.SubsetComment != 1 {
		t.Errorf("synsets %v, stats %+v", syns, st)
	}
}

func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"* &MILITARY (الي +)", "* (ل{مساعدة إنساني})", "(((", "* }{", "- $ جندي * (ب اتجاه) -"} {
		f.Add(s)
	}
	classes := map[string]bool{"MILITARY": true}
	f.Fuzz(func(t *testing.T, s string) {
		var st patternStats
		p, err := parsePattern(s, classes, &st)
		if err != nil {
			return
		}
		// A parsed pattern is a fixed point.
		again, err := parsePattern(p, classes, &st)
		if err != nil || again != p {
			t.Errorf("parsePattern(%q) = %q, reparsed %q, %v", s, p, again, err)
		}
	})
}

func FuzzReadActors(f *testing.F) {
	f.Add("غزة  [PSE]\nاولمر_\n\t[ISRGOV 20060414-20090331]\n\t[ISRELI 20090331-18000101]\n")
	f.Add("[X]\n")
	f.Add("a [B >20000230]\n+c\n\t[ ]\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, _, err := ReadActors(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.From != "" && r.To != "" && r.To < r.From {
				t.Errorf("inverted row %+v", r)
			}
			if !validActorCode(r.Code) || r.Phrase == "" {
				t.Errorf("bad row %+v", r)
			}
		}
	})
}
