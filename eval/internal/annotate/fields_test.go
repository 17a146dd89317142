package annotate

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/eval/internal/plover"
)

// fieldsHead is a paragraph with an attack, an arrest, a protest and a
// welcome, for the event fields of FORMAT.md "Fields every event may carry".
const fieldsHead = `=== t1 2024-02-21
قتل مسلحون [18|NUM] شخصا في تفجير ضرب [بغداد|GPE|IRQ] وأصيب آخرون، واعتقلت [الشرطة العراقية|ORG|IRQ-POLICE] ثلاثة، وتظاهر [الطلاب|ORG] في [البصرة|GPE]، ورحب [الأردن|GPE|JOR] بالهدنة.
`

func TestConvertEventFields(t *testing.T) {
	src := fieldsHead +
		`EVENT ATTACK trigger=تفجير target=بغداد location=بغداد actor_code=UAF target_code=IRQCVL mode=explosives killed=18 country=IRQ cameo=183
EVENT COERCE trigger=اعتقلت actor="الشرطة العراقية" actor_code=IRQCOP mode=arrest arrested=3 country=IRQ plover=COERCE
EVENT PROTEST trigger=تظاهر actor=الطلاب location=البصرة actor_code=IRQEDU mode=demonstrate size=0 country=IRQ
EVENT STATEMENT trigger=رحب actor=الأردن actor_code=JORGOV plover=SUPPORT cameo=051
`
	recs, err := convertString(t, src)
	if err != nil {
		t.Fatal(err)
	}
	evs := recs[0].Events
	if len(evs) != 4 {
		t.Fatalf("got %d events", len(evs))
	}
	at, co, pr, st := evs[0], evs[1], evs[2], evs[3]
	if at.ActorCode != "UAF" || at.TargetCode != "IRQCVL" || at.Mode != "explosives" || at.Country != "IRQ" || at.Cameo != "183" {
		t.Errorf("attack fields: %+v", at)
	}
	if at.Args["target"][0].Code != "IRQCVL" {
		t.Errorf("target code not on the first target: %+v", at.Args["target"])
	}
	if at.Args["location"][0].Code != "" {
		t.Errorf("code set on a location argument: %+v", at.Args["location"])
	}
	if m := at.Magnitude; m == nil || m.Killed == nil || *m.Killed != 18 || m.Injured != nil || m.Arrested != nil || m.Size != nil {
		t.Errorf("attack magnitude: %+v", m)
	}
	if co.Args["actor"][0].Code != "IRQCOP" || co.Plover != "COERCE" || *co.Magnitude.Arrested != 3 {
		t.Errorf("coerce fields: %+v", co)
	}
	if pr.Magnitude == nil || pr.Magnitude.Size == nil || *pr.Magnitude.Size != 0 {
		t.Errorf("size=0 must be a stated zero: %+v", pr.Magnitude)
	}
	if st.Plover != "SUPPORT" || st.Cameo != "051" || st.Magnitude != nil || st.Mode != "" {
		t.Errorf("statement fields: %+v", st)
	}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, recs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`"magnitude":{"killed":18,"injured":null,"arrested":null,"size":null}`,
		`"actor_code":"UAF","target_code":"IRQCVL","mode":"explosives"`,
		`"country":"IRQ"`,
		`"code":"IRQCVL"`,
		`"type":"STATEMENT","cameo":"051","plover":"SUPPORT"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	// An event without the new keys writes none of them.
	if n := strings.Count(out, `"magnitude"`); n != 3 {
		t.Errorf("%d magnitude keys, want 3 (not on the statement)", n)
	}
}

func TestConvertEventFieldErrors(t *testing.T) {
	cases := []struct{ name, event, want string }{
		{"unknown type", `EVENT ASSAULT trigger=تفجير`, `unknown event type "ASSAULT"`},
		{"bad code shape", `EVENT ATTACK trigger=تفجير actor_code=irqmil`, "actor code"},
		{"code with space", `EVENT ATTACK trigger=تفجير actor_code="IRQ MIL"`, "actor code"},
		{"not a country prefix", `EVENT ATTACK trigger=تفجير actor_code=XYZMIL`, "XYZ is not an ISO3"},
		{"institution id", `EVENT ATTACK trigger=تفجير target_code=USA-MOD`, "country + agent"},
		{"bad target code", `EVENT ATTACK trigger=تفجير target_code=QQQCVL`, "target_code"},
		{"unknown mode", `EVENT ATTACK trigger=تفجير mode=bombing`, `mode "bombing" is not among the ATTACK modes`},
		{"mode of another type", `EVENT ATTACK trigger=تفجير mode=arrest`, "not among the ATTACK modes"},
		{"mode upper case", `EVENT ATTACK trigger=تفجير mode=Explosives`, "one lower-case word"},
		{"mode on statement", `EVENT STATEMENT trigger=رحب mode=phone`, "STATEMENT takes no mode"},
		{"negative count", `EVENT ATTACK trigger=تفجير killed=-1`, "non-negative integer"},
		{"plus count", `EVENT ATTACK trigger=تفجير killed=+1`, "non-negative integer"},
		{"word count", `EVENT ATTACK trigger=تفجير injured=عشرات`, "non-negative integer"},
		{"float count", `EVENT PROTEST trigger=تظاهر size=1.5`, "non-negative integer"},
		{"arrested on attack", `EVENT ATTACK trigger=تفجير arrested=3`, "ATTACK takes no arrested count"},
		{"magnitude on statement", `EVENT STATEMENT trigger=رحب killed=3`, "STATEMENT takes no magnitude"},
		{"country not iso3", `EVENT ATTACK trigger=تفجير country=IQ`, `country "IQ" is not an ISO3`},
		{"country unknown", `EVENT ATTACK trigger=تفجير country=XYZ`, `country "XYZ" is not an ISO3`},
		{"plover unknown", `EVENT STATEMENT trigger=رحب plover=PRAISE`, "not a PLOVER category"},
		{"plover other type", `EVENT ATTACK trigger=تفجير plover=COERCE`, "whose category is ASSAULT"},
		{"plover on vote", `EVENT VOTE trigger=رحب plover=AGREE`, "VOTE has no PLOVER category"},
		{"cameo shape", `EVENT ATTACK trigger=تفجير cameo=18a`, "2-4 digits"},
		{"cameo too long", `EVENT ATTACK trigger=تفجير cameo=18311`, "2-4 digits"},
		{"cameo root", `EVENT ATTACK trigger=تفجير cameo=173`, "does not fit PLOVER ASSAULT"},
		{"cameo of statement", `EVENT STATEMENT trigger=رحب cameo=051`, "does not fit a statement"},
		{"cameo on draft", `EVENT DRAFT_SUBMIT trigger=رحب cameo=01`, "has no CAMEO code"},
		{"key twice", `EVENT ATTACK trigger=تفجير killed=1 killed=2`, "given twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := convertString(t, fieldsHead+c.event+"\n")
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q, want %q", err, c.want)
			}
		})
	}
}

func TestConvertEventFieldsGood(t *testing.T) {
	// Values that must be accepted, one event each.
	for _, ev := range []string{
		`EVENT ATTACK trigger=تفجير actor_code=IRQMIL`,
		`EVENT ATTACK trigger=تفجير actor_code=CVL`,
		`EVENT ATTACK trigger=تفجير actor_code=IRQ`,
		`EVENT ATTACK trigger=تفجير actor_code=UNSC target_code=ARAB-COALITION`,
		`EVENT ATTACK trigger=تفجير actor_code=UNSMIL`,
		`EVENT ATTACK trigger=تفجير actor_code=HAMAS`,
		`EVENT ATTACK trigger=تفجير actor_code=PSECVL`,
		`EVENT ATTACK trigger=تفجير mode=suicide-attack`,
		`EVENT ATTACK trigger=تفجير killed=0 injured=12 size=30`,
		`EVENT ATTACK trigger=تفجير country=PSE`,
		`EVENT PROTEST trigger=تظاهر mode=sit-in size=1500 killed=2 injured=3 arrested=40`,
		`EVENT COERCE trigger=اعتقلت mode=curfew`,
		`EVENT STATEMENT trigger=رحب plover=SUPPORT`,
		`EVENT STATEMENT trigger=رحب cameo=010`,
		`EVENT ATTACK trigger=تفجير cameo=18 plover=ASSAULT`,
	} {
		if _, err := convertString(t, fieldsHead+ev+"\n"); err != nil {
			t.Errorf("%s: %v", ev, err)
		}
	}
}

// TestDocModes keeps doc.go's table of modes equal to eval/internal/plover's.
func TestDocModes(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string][]string{}
	for _, l := range strings.Split(string(b), "\n") {
		l, ok := strings.CutPrefix(l, "//\t")
		if !ok {
			continue
		}
		head, modes, ok := strings.Cut(l, "  ")
		if !ok || strings.HasPrefix(head, "EVENT") {
			continue
		}
		for _, typ := range strings.Split(head, ", ") {
			documented[typ] = strings.Fields(modes)
		}
	}
	for _, typ := range EventTypes() {
		if want := plover.Info(typ).Modes; !slices.Equal(documented[typ], want) {
			t.Errorf("doc.go modes of %s: %v, table: %v", typ, documented[typ], want)
		}
	}
	if len(documented) == 0 {
		t.Fatal("no mode table found in doc.go")
	}
}
