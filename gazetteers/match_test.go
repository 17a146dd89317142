package gazetteers

import (
	"strings"
	"testing"
	"time"
)

func gpe(text, id, country string) span   { return span{TypeGPE, text, id, country} }
func org(text, id, country string) span   { return span{TypeORG, text, id, country} }
func loc(text string) span                { return span{TypeLOC, text, "", ""} }
func norp(text, country string) span      { return span{TypeNORP, text, country, country} }
func res(text, id string) span            { return span{TypeRESOLUTION, text, id, ""} }
func title(text, id, country string) span { return span{TypeTITLE, text, id, country} }
func per(text, id, country string) span   { return span{TypePER, text, id, country} }

// Sentences of the seed article (shared/samples/seed-article.txt) and news
// written for these tests. Spans are compared in the original text, after
// normalising, matching and mapping back with Text.ToOriginal. The fixture
// registry, offices and officials (testdata/fixture) are used so that the
// expectations do not move with the real lists.
var matchCases = []struct {
	text string
	want []span
}{
	// Seed article.
	{"أعلنت وزارة الخارجية الروسية أن موسكو تعتزم مواصلة الجهود في الأمم المتحدة لإنهاء الصراع الإسرائيلي الفلسطيني في أقرب وقت ممكن، على الرغم من الموقف المستهجن للولايات المتحدة.",
		[]span{org("وزارة الخارجية الروسية", "RUS-MFA", "RUS"), gpe("موسكو", "RUS", "RUS"), org("الأمم المتحدة", "UN", ""),
			norp("الإسرائيلي", "ISR"), norp("الفلسطيني", "PSE"), gpe("لولايات المتحدة", "USA", "USA")}},
	{"وفي وقت سابق، أفشلت الولايات المتحدة بحق النقض (الفيتو) مجددا، مشروع قرار جزائري في مجلس الأمن الدولي يطالب بوقف فوري لإطلاق النار لأسباب إنسانية في قطاع غزة.",
		[]span{gpe("الولايات المتحدة", "USA", "USA"), norp("جزائري", "DZA"), org("مجلس الأمن الدولي", "UNSC", ""), gpe("قطاع غزة", "", "PSE")}},
	{"وصوت 13 عضوا في مجلس الأمن التابع للأمم المتحدة لصالح القرار، وكانت الولايات المتحدة ضده، فيما امتنعت بريطانيا فقط عن التصويت.",
		[]span{org("مجلس الأمن", "UNSC", ""), org("لأمم المتحدة", "UN", ""), gpe("الولايات المتحدة", "USA", "USA"), gpe("بريطانيا", "GBR", "GBR")}},
	{"وطالبت الوثيقة بالتنفيذ الكامل للقرارين 2712 و2720 اللذين تم تبنيهما في 7 أكتوبر 2023 بشأن الصراع بين الإسرائيلي الفلسطيني.",
		[]span{res("2712", "UNSC-2712"), res("2720", "UNSC-2720"), norp("الإسرائيلي", "ISR"), norp("الفلسطيني", "PSE")}},
	{"وتم اعتماد قرار مجلس الأمن رقم 2712، مع التركيز على الحاجة إلى حماية الأطفال في النزاعات المسلحة، في 15 نوفمبر 2023، كما تم اعتماد القرار 2720، مع الأهداف المعلنة",
		[]span{org("مجلس الأمن", "UNSC", ""), res("2712", "UNSC-2712"), res("2720", "UNSC-2720")}},
	{"وأكد على أهمية العمل على تمكين السلطة الفلسطينية، وضرورة التعامل مع الضفة الغربية وقطاع غزة باعتبارها وحدة متكاملة من الأراضي الفلسطينية",
		[]span{org("السلطة الفلسطينية", "PA", "PSE"), gpe("الضفة الغربية", "", "PSE"), gpe("قطاع غزة", "", "PSE"), gpe("الأراضي الفلسطينية", "PSE", "PSE")}},
	{"وإقرار التهدئة وتنفيذ قرار مجلس الأمن 1701 بشكل كامل",
		[]span{org("مجلس الأمن", "UNSC", ""), res("1701", "UNSC-1701")}},
	{"توغل إسرائيل داخل الأراضي اللبنانية واستهداف الجيش اسرائيل لقوات اليونيفيل في انتهاك للسيادة اللبنانية",
		[]span{gpe("إسرائيل", "ISR", "ISR"), norp("اللبنانية", "LBN"), gpe("اسرائيل", "ISR", "ISR"), org("اليونيفيل", "UNIFIL", ""), norp("اللبنانية", "LBN")}},
	{"وأهمية دعم المؤسسات اللبنانية وفى مقدمتها الجيش اللبناني",
		[]span{norp("اللبنانية", "LBN"), org("الجيش اللبناني", "LBN-ARMY", "LBN")}},
	{"ومنع وكالة الاونروا من الاضطلاع بدورها. وأهمية أن يكون نهر النيل شرياناً للتعاون بين دول حوض النيل",
		[]span{org("وكالة الاونروا", "UNRWA", ""), loc("نهر النيل"), loc("حوض النيل")}},
	{"تلقى الدكتور بدر عبد العاطي، وزير الخارجية والهجرة، اليوم الأحد، اتصالاً هاتفياً من أنتوني بلينكن وزير الخارجية الأمريكي",
		[]span{per("بدر عبد العاطي", "P-test-badr-abdelatty", "EGY"), title("وزير الخارجية", "FOREIGN-MINISTER", ""),
			per("أنتوني بلينكن", "P-test-antony-blinken", "USA"), title("وزير الخارجية", "FOREIGN-MINISTER", "USA"), norp("الأمريكي", "USA")}},
	// News written for these tests.
	{"وقال المتحدث باسم الخارجية الأمريكية إن واشنطن تتمسك بالقرار رقم 2334 وبالقرارين 242 و338.",
		[]span{org("الخارجية الأمريكية", "USA-MFA", "USA"), gpe("واشنطن", "USA", "USA"), res("2334", "UNSC-2334"), res("242", "UNSC-242"), res("338", "UNSC-338")}},
	{"وصل الوفد إلى الدوحة، فيما قال مسؤول في طهران إن إيران لن تشارك.",
		[]span{gpe("الدوحة", "QAT", "QAT"), gpe("طهران", "", "IRN"), gpe("إيران", "IRN", "IRN")}},
	{"أعلنت جماعة الحوثي استهداف سفينة في البحر الأحمر وخليج عدن، وردّت القيادة المركزية الأمريكية.",
		[]span{org("جماعة الحوثي", "HOUTHIS", "YEM"), loc("البحر الأحمر"), loc("خليج عدن"), org("القيادة المركزية الأمريكية", "CENTCOM", "USA")}},
	{"وأدانت جامعة الدول العربية ومنظمة التعاون الإسلامي والاتحاد الأوروبي الهجوم، وكذلك حلف شمال الأطلسي.",
		[]span{org("جامعة الدول العربية", "LAS", ""), org("منظمة التعاون الإسلامي", "OIC", ""), org("الاتحاد الأوروبي", "EU", ""), org("حلف شمال الأطلسي", "NATO", "")}},
	{"وفي كوريا الجنوبية قالت سول إن بيونغ يانغ أطلقت صاروخا، وإن كوريا لن تقبل ذلك.",
		[]span{gpe("كوريا الجنوبية", "KOR", "KOR"), gpe("سول", "KOR", "KOR"), gpe("بيونغ يانغ", "PRK", "PRK"), {TypeGPE, "كوريا", "", ""}}},
	{"ودعت الأمم المتحدة إلى احترام اتفاق أوسلو وإلى عودة المفاوضات في أوسلو.",
		[]span{org("الأمم المتحدة", "UN", ""), gpe("أوسلو", "", "NOR")}},
	{"قالت الحكومة اليمنية والمجلس الانتقالي الجنوبي إن الهدنة في الحديدة صامدة.",
		[]span{org("الحكومة اليمنية", "YEM-GOV", "YEM"), org("المجلس الانتقالي الجنوبي", "STC", "YEM"), {TypeGPE, "الحديدة", "", "YEM"}}},
	{"وصوت لصالح القرار 11 عضوا، وامتنع أربعة أعضاء عن التصويت.", nil},
	{"وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن مشروع القرار لم يمر.",
		[]span{title("الأمين العام", "SECRETARY-GENERAL", "UN"), org("لأمم المتحدة", "UN", ""), per("أنطونيو غوتيريش", "P-test-antonio-guterres", "UN")}},
	{"وقالت السفيرة الأمريكية إن بلادها ستستخدم الفيتو، وأكد سفيرها في القاهرة ذلك.",
		[]span{title("السفيرة", "AMBASSADOR", "USA"), norp("الأمريكية", "USA"), title("سفير", "AMBASSADOR", ""), gpe("القاهرة", "", "EGY")}},
	{"والتقى رئيس وزراء لبنان نواف سلام بوفد من البنك الدولي ومن صندوق النقد الدولي، وقال سلام إن السلام ممكن.",
		[]span{title("رئيس", "PRESIDENT", ""), gpe("لبنان", "LBN", "LBN"), per("نواف سلام", "P-test-salam-one", "LBN"), org("البنك الدولي", "WORLDBANK", ""), org("صندوق النقد الدولي", "IMF", "")}},
	{"ونقلت وكالة الأنباء السعودية (واس) عن ولي العهد أن الرياض تدعم مبادرة مجلس التعاون لدول الخليج العربية.",
		[]span{org("وكالة الأنباء السعودية", "SPA", "SAU"), org("واس", "SPA", "SAU"), gpe("الرياض", "SAU", "SAU"), org("مجلس التعاون لدول الخليج العربية", "GCC", "")}},
	{"وأكد أن «حماس» و«الجهاد الإسلامي» وافقتا، بينما رفض الاحتلال.",
		[]span{org("حماس", "HAMAS", "PSE"), org("الجهاد الإسلامي", "PIJ", "PSE")}},
	{"ويرى الأتراك والروس أن الحل في أيدي السوريين، كما قال وزير خارجية تركيا.",
		[]span{norp("الأتراك", "TUR"), norp("الروس", "RUS"), norp("السوريين", "SYR"), title("وزير خارجية", "FOREIGN-MINISTER", "TUR"), gpe("تركيا", "TUR", "TUR")}},
	{"اجتمع ممثلو غينيا-بيساو وغينيا الاستوائية وغينيا في جنيف.",
		[]span{gpe("غينيا-بيساو", "GNB", "GNB"), gpe("غينيا الاستوائية", "GNQ", "GNQ"), gpe("غينيا", "GIN", "GIN"), {TypeGPE, "جنيف", "", "CHE"}}},
	{"وقال البيت الأبيض والكرملين والإليزيه في بيانات منفصلة إن مجلس الأمن القومي سيجتمع.",
		[]span{org("البيت الأبيض", "USA-PRESIDENCY", "USA"), org("الكرملين", "RUS-PRESIDENCY", "RUS"), org("الإليزيه", "FRA-PRESIDENCY", "FRA"), org("مجلس الأمن القومي", "", "")}},
	{"وأفادت فرانس برس ورويترز بأن جيش الاحتلال الإسرائيلي قصف مخيم جباليا ورفح.",
		[]span{org("فرانس برس", "AFP", "FRA"), org("رويترز", "REUTERS", ""), org("جيش الاحتلال الإسرائيلي", "IDF", "ISR"), {TypeGPE, "مخيم جباليا", "", "PSE"}, {TypeGPE, "رفح", "", "PSE"}}},
	{"يتصدر الولاياتُ المتحدةُ الأمريكيةُ القائمةَ، تليها المملكةُ العربيةُ السعودية.",
		[]span{gpe("الولاياتُ المتحدةُ الأمريكيةُ", "USA", "USA"), gpe("المملكةُ العربيةُ السعودية", "SAU", "SAU")}},
	{"الولاياتالمتحدة ليست كلمة، لكن العراقيات والعراقيون يعرفون بغداد.",
		[]span{norp("العراقيات", "IRQ"), norp("العراقيون", "IRQ"), gpe("بغداد", "IRQ", "IRQ")}},
	{"تظاهر آلاف أمام البيت الأبيض، فيما أعلن البنتاغون إرسال مدمرات إلى شرق المتوسط.",
		[]span{{TypeLOC, "البيت الأبيض", "USA-PRESIDENCY", "USA"}, org("البنتاغون", "USA-MOD", "USA"), loc("شرق المتوسط")}},
	{"اشتباكات بين الجيش السوداني وقوات الدعم السريع في الفاشر، في قرار حمل الرقم 2736.",
		[]span{org("الجيش السوداني", "SDN-ARMY", "SDN"), org("الدعم السريع", "RSF", "SDN"), {TypeGPE, "الفاشر", "", "SDN"}, res("2736", "")}},
	{"احتلت إسرائيل هضبة الجولان عام 1967.",
		[]span{gpe("إسرائيل", "ISR", "ISR"), {TypeLOC, "هضبة الجولان", "", "SYR"}}},
	{"قرار الجمعية العامة 377 والقرار 9999 غير المعروف",
		[]span{org("الجمعية العامة", "UNGA", ""), res("377", ""), res("9999", "")}},
}

func TestMatchCases(t *testing.T) {
	g := fixtureGazetteer(t)
	for _, c := range matchCases {
		got, _ := matchOriginal(t, g, c.text)
		diffSpans(t, c.text, got, c.want)
	}
}

func TestMatchInvariants(t *testing.T) {
	g := fixtureGazetteer(t)
	for _, c := range matchCases {
		n := testNorm.String(c.text)
		ms := g.Match(n)
		checkInvariants(t, n, ms)
	}
}

// checkInvariants: spans inside the text, non-empty, on word starts or after
// proclitics, in order, never overlapping.
func checkInvariants(t testing.TB, n string, ms []Match) {
	t.Helper()
	prevEnd := 0
	for _, m := range ms {
		if m.Start < prevEnd || m.End <= m.Start || m.End > len(n) {
			t.Fatalf("bad span %d..%d after %d in %q: %+v", m.Start, m.End, prevEnd, n, m)
		}
		prevEnd = m.End
		if m.Type == "" {
			t.Fatalf("match without type: %+v", m)
		}
	}
}

func TestResolutionDates(t *testing.T) {
	g := fixtureGazetteer(t)
	_, ms := matchOriginal(t, g, "للقرارين 2712 و2720")
	if len(ms) != 2 || ms[0].Date != "2023-11-15" || ms[1].Date != "2023-12-22" ||
		ms[0].Name != "UN Security Council Resolution 2712" {
		t.Fatalf("got %+v", ms)
	}
}

func TestResolutionPatterns(t *testing.T) {
	g := fixtureGazetteer(t)
	cases := []struct {
		text string
		want []string
	}{
		{"القرار 2720", []string{"2720"}},
		{"القرار رقم 1701", []string{"1701"}},
		{"القرار الأممي رقم 2334 (2016)", []string{"2334"}},
		{"القرار 2334/2016 والقرار 242", []string{"2334", "242"}},
		{"قراري مجلس الأمن الدولي 242 و338", []string{"242", "338"}},
		{"القرارات 242، 338 و 2334", []string{"242", "338", "2334"}},
		{"بالقرار (1701)", []string{"1701"}},
		{"وأيد القرار 12 عضوا من أصل 15", nil},
		{"مشروع القرار الذي قدمته الجزائر", nil},
		{"القرار عام 2023", nil},
	}
	for _, c := range cases {
		_, ms := matchOriginal(t, g, c.text)
		var got []string
		n := testNorm.String(c.text)
		for _, m := range ms {
			if m.Type == TypeRESOLUTION {
				got = append(got, n[m.Start:m.End])
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v, want %v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: got %v, want %v", c.text, got, c.want)
			}
		}
	}
}

func TestOfficeHolder(t *testing.T) {
	g := fixtureGazetteer(t)
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	cases := []struct {
		office, country, date string
		want                  []string
	}{
		{"FOREIGN-MINISTER", "USA", "2024-11-17", []string{"P-test-antony-blinken"}},
		{"FOREIGN-MINISTER", "USA", "2025-01-20", []string{"P-test-antony-blinken"}},
		{"FOREIGN-MINISTER", "USA", "2025-01-21", []string{"P-test-marco-rubio"}},
		{"FOREIGN-MINISTER", "USA", "2019-06-01", []string{"P-test-mike-pompeo"}},
		{"FOREIGN-MINISTER", "USA", "2010-06-01", nil},
		{"FOREIGN-MINISTER", "EGY", "2024-11-17", []string{"P-test-badr-abdelatty"}},
		{"SECRETARY-GENERAL", "UN", "2030-01-01", []string{"P-test-antonio-guterres"}},
	}
	for _, c := range cases {
		got, ok := g.OfficeHolder(c.office, c.country, day(c.date))
		if ok != (len(c.want) > 0) || len(got) != len(c.want) {
			t.Errorf("%v: got %v %v", c, got, ok)
			continue
		}
		for i := range got {
			if got[i].ID != c.want[i] {
				t.Errorf("%v: got %s", c, got[i].ID)
			}
		}
	}
}

func TestLookups(t *testing.T) {
	g := mustLoad(t)
	if e, ok := g.Country("EGY"); !ok || e.Name != "Egypt" || e.Capital != "Cairo" {
		t.Errorf("Country(EGY) = %+v %v", e, ok)
	}
	if e, ok := g.CapitalOf("موسكو"); !ok || e.ID != "RUS" {
		t.Errorf("CapitalOf(موسكو) = %+v %v", e, ok)
	}
	for word, want := range map[string]string{"الأمريكي": "USA", "الأميركيين": "USA", "روسية": "RUS", "الروس": "RUS", "الكوريون الشماليون": "PRK"} {
		if e, ok := g.Nisba(word); !ok || e.ID != want {
			t.Errorf("Nisba(%s) = %s %v, want %s", word, e.ID, ok, want)
		}
	}
	if e, ok := g.Organization("RUS-MFA"); !ok || e.Kind != KindInstitution || e.Country != "RUS" {
		t.Errorf("Organization(RUS-MFA) = %+v %v", e, ok)
	}
	if e, ok := g.Organization("IDF"); !ok || e.Country != "ISR" {
		t.Errorf("Organization(IDF) = %+v %v", e, ok)
	}
	if _, ok := g.Organization("ISR-ARMY"); ok {
		t.Errorf("ISR-ARMY should be replaced by IDF")
	}
	if m, ok := g.Lookup("للأمم المتحدة"); !ok || m.ID != "UN" {
		t.Errorf("Lookup(للأمم المتحدة) = %+v %v", m, ok)
	}
	if m, ok := g.Lookup("الأمريكي"); !ok || m.Type != TypeNORP || m.Country != "USA" {
		t.Errorf("Lookup(الأمريكي) = %+v %v", m, ok)
	}
	if _, ok := g.Lookup("الأمم المتحدة اليوم"); ok {
		t.Errorf("Lookup must cover the whole phrase")
	}
	if n, ok := g.Name("USA"); !ok || n != "United States" {
		t.Errorf("Name(USA) = %q %v", n, ok)
	}
}

func TestConcurrentMatch(t *testing.T) {
	g := mustLoad(t)
	text := testNorm.String(matchCases[0].text + " " + matchCases[1].text)
	want := len(g.Match(text))
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func() {
			n := 0
			for j := 0; j < 50; j++ {
				n = len(g.Match(text))
			}
			done <- n
		}()
	}
	for i := 0; i < 8; i++ {
		if n := <-done; n != want {
			t.Errorf("concurrent Match gave %d matches, want %d", n, want)
		}
	}
	g2, _ := Load()
	if g2 != g {
		t.Errorf("Load must return the same gazetteer")
	}
}

func FuzzMatch(f *testing.F) {
	for _, c := range matchCases {
		f.Add(c.text)
	}
	f.Add("للقرارين 2712 و")
	f.Add("القرار (")
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := testNorm.String(s)
		checkInvariants(t, n, g.Match(n))
		checkInvariants(t, s, g.Match(s)) // unnormalised input must not break it either
	})
}

func TestCliticsAndBoundaries(t *testing.T) {
	g := mustLoad(t)
	cases := []struct {
		text string
		want []string // matched original substrings, in order
	}{
		{"والولايات المتحدة", []string{"الولايات المتحدة"}},
		{"بالولايات المتحدة", []string{"الولايات المتحدة"}},
		{"وللأمم المتحدة", []string{"لأمم المتحدة"}},
		{"فللأمم المتحدة", []string{"لأمم المتحدة"}},
		{"للعراق وبمصر ولمصر كالعراق وبالعراق", []string{"لعراق", "مصر", "مصر", "العراق", "العراق"}},
		{"للبنان", []string{"لبنان"}},
		{"مصرف مصري", []string{"مصري"}},
		{"عمانوئيل الروسيات", []string{"الروسيات"}},
		{"الولايات المتحدةالأمريكية", nil}, // no word boundary after المتحدة
		{"غزةَ، ولبنانُ؛ والعراقِ؟", []string{"غزةَ", "لبنانُ", "العراقِ"}},
		{"الأمم\nالمتحدة", nil}, // a line break ends a name
	}
	for _, c := range cases {
		spans, _ := matchOriginal(t, g, c.text)
		var got []string
		for _, s := range spans {
			got = append(got, s.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

// TestConfirmForms: a form marked ! (also a common word) is matched as usual
// with Confirm set, for the caller to check against its tagger; the longer
// forms of the same row are not marked, and a multi-word stop form (مسقط رأسه)
// still swallows a capital.
func TestConfirmForms(t *testing.T) {
	g := mustLoad(t)
	cases := []struct {
		text    string
		want    []string // matched text, with "!" when Confirm is set
		wantIDs []string
	}{
		{"عاد من المنفى", []string{"!المنفى"}, []string{"P-mohamed-al-menfi"}},
		{"قال محمد المنفي وقال المنفي", []string{"محمد المنفي", "!المنفي"}, []string{"P-mohamed-al-menfi", "P-mohamed-al-menfi"}},
		{"انتشر المحتجون في الميادين وبالميادين", []string{"!الميادين", "!الميادين"}, []string{"ALMAYADEEN", "ALMAYADEEN"}},
		{"قالت قناة الميادين", []string{"قناة الميادين"}, []string{"ALMAYADEEN"}},
		{"قال بشار الأسد وقال الأسد", []string{"بشار الأسد", "الأسد"}, []string{"P-bashar-al-assad", "P-bashar-al-assad"}},
		{"عاد إلى مسقط رأسه", nil, nil},
		{"وصل الوفد إلى مسقط", []string{"مسقط"}, nil},
	}
	for _, c := range cases {
		spans, ms := matchOriginal(t, g, c.text)
		var got, ids []string
		for i, m := range ms {
			s := spans[i].Text
			if m.Confirm {
				s = "!" + s
			}
			got = append(got, s)
			if m.ID != "" {
				ids = append(ids, m.ID)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
		if c.wantIDs != nil && strings.Join(ids, "|") != strings.Join(c.wantIDs, "|") {
			t.Errorf("%q: ids %q, want %q", c.text, ids, c.wantIDs)
		}
	}
}

func TestContextForms(t *testing.T) {
	g := mustLoad(t)
	cases := []struct {
		text string
		want []string
	}{
		{"قدمت الحكومة دعم مالي كبير", nil},
		{"انسحبت القوات من مالي", []string{"مالي"}},
		{"في النيجر ومالي وبوركينا فاسو", []string{"النيجر", "مالي", "بوركينا فاسو"}},
		{"وصل الوفد إلى مالي", []string{"مالي"}},
		{"بمالي", []string{"مالي"}},
	}
	for _, c := range cases {
		spans, _ := matchOriginal(t, g, c.text)
		var got []string
		for _, s := range spans {
			if s.Type == TypeGPE {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}
