package events_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/events"
	"github.com/khabar-nlp/khabar/gazetteers"
	"github.com/khabar-nlp/khabar/internal/testenv"
)

// marked parses inline entity markup, "[text|TYPE]" or "[text|TYPE|ID]"
// (the annotation source format of eval/testdata), into the text and its
// entities in code points.
func marked(t testing.TB, src string) (string, []extract.Entity) {
	var b strings.Builder
	var ents []extract.Entity
	n := 0 // code points written
	for i := 0; i < len(src); {
		if src[i] != '[' {
			r := []rune(src[i:])[0]
			b.WriteRune(r)
			n++
			i += len(string(r))
			continue
		}
		j := strings.IndexByte(src[i:], ']')
		if j < 0 {
			t.Fatalf("unclosed markup in %q", src)
		}
		f := strings.Split(src[i+1:i+j], "|")
		if len(f) < 2 {
			t.Fatalf("bad markup %q", src[i:i+j+1])
		}
		e := extract.Entity{Text: f[0], Type: f[1], Start: n, End: n + len([]rune(f[0]))}
		if len(f) > 2 {
			e.Link = &extract.Link{ID: f[2]}
			if len(f) > 3 {
				e.Link.Date = f[3]
			}
		}
		ents = append(ents, e)
		b.WriteString(f[0])
		n = e.End
		i += j + 1
	}
	return b.String(), ents
}

// render writes an event compactly for comparison: describe without the
// actor code.
func render(e extract.Event) string {
	e.ActorCode = ""
	return describe(e)
}

type eventCase struct {
	name, date, src string
	want            []string
}

// runCases assembles each case with entities from its markup and compares
// every event (asserted or not) with want.
func runCases(t *testing.T, g *gazetteers.Gazetteer, cases []eventCase) {
	t.Helper()
	as, err := events.New(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text, ents := marked(t, tc.src)
			d := buildDoc(t, tc.name, text, tc.date, ents)
			as.Assemble(d)
			var got []string
			for _, e := range toExtract(d) {
				got = append(got, render(e))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("%s\n got:\n  %s\nwant:\n  %s", text, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

const wed = "2024-02-21"

// TestEventTypes covers each of the twelve event types on sentences written
// for the test.
func TestEventTypes(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"statement", wed, `وقال [وزير الخارجية|TITLE] [سامح شكري|PER|P-sameh-shoukry] [اليوم الأربعاء|DATE] إن الحل سياسي.`,
			[]string{`STATEMENT "قال" actor=سامح شكري→P-sameh-shoukry date=اليوم الأربعاء=2024-02-21`}},
		{"call", wed, `تلقى [بدر عبد العاطي|PER] [أمس|DATE] اتصالا هاتفيا من [أنتوني بلينكن|PER].`,
			[]string{`CALL "اتصالا هاتفيا" actor=أنتوني بلينكن date=أمس=2024-02-20 participants=بدر عبد العاطي;أنتوني بلينكن`}},
		{"meet", wed, `التقى [الرئيس|TITLE] [عبد الفتاح السيسي|PER] في [القاهرة|GPE] [الملك|TITLE] [عبد الله الثاني|PER].`,
			[]string{`MEET "التقى" actor=عبد الفتاح السيسي participants=عبد الفتاح السيسي;عبد الله الثاني venue=القاهرة`}},
		{"vote", wed, `وصوت [13|NUM] عضوا لصالح القرار، وعارضته [روسيا|GPE|RUS]، فيما امتنعت [الصين|GPE|CHN] عن التصويت في [مجلس الأمن|ORG|UNSC].`,
			[]string{`VOTE "صوت" participants=روسيا→RUS;الصين→CHN venue=مجلس الأمن→UNSC votes=13/1/1  RUS CHN`}},
		{"veto", wed, `استخدمت [روسيا|GPE|RUS] [الثلاثاء|DATE] حق النقض (الفيتو) في [مجلس الأمن|ORG|UNSC] ضد مشروع قرار قدمته [الولايات المتحدة|GPE|USA].`,
			[]string{
				`VETO "حق النقض" actor=روسيا→RUS date=الثلاثاء=2024-02-20 target=الولايات المتحدة→USA venue=مجلس الأمن→UNSC`,
				`DRAFT_SUBMIT "قدمته" actor=الولايات المتحدة→USA venue=مجلس الأمن→UNSC`}},
		{"draft", wed, `وقدمت [الولايات المتحدة|GPE|USA] [يوم الاثنين|DATE] مشروع قرار بديل إلى [مجلس الأمن|ORG|UNSC].`,
			[]string{`DRAFT_SUBMIT "قدمت" actor=الولايات المتحدة→USA date=يوم الاثنين=2024-02-19 venue=مجلس الأمن→UNSC`}},
		{"adopt", wed, `اعتمد [مجلس الأمن|ORG|UNSC] بالإجماع [الجمعة|DATE] القرار [2720|RESOLUTION|UNSC-2720].`,
			[]string{`ADOPT "اعتمد" actor=مجلس الأمن→UNSC date=الجمعة=2024-02-16 resolution=2720→UNSC-2720 votes=?/?/? unanimous   `}},
		{"condemn", wed, `أدانت [مصر|GPE|EGY] بشدة الهجوم الذي شنته [إسرائيل|GPE|ISR] على [رفح|GPE].`,
			[]string{
				`CONDEMN "أدانت" actor=مصر→EGY target=إسرائيل→ISR`,
				`ATTACK "الهجوم" actor=إسرائيل→ISR target=رفح`}},
		{"demand", wed, `وطالب [الأمين العام|TITLE] [أنطونيو غوتيريش|PER] [إسرائيل|GPE|ISR] بوقف العمليات العسكرية.`,
			[]string{`DEMAND "طالب" actor=أنطونيو غوتيريش target=إسرائيل→ISR`}},
		{"attack", wed, `شنت [الولايات المتحدة|GPE|USA] و[بريطانيا|GPE|GBR] [فجر اليوم|DATE] غارات جوية على مواقع تابعة ل[جماعة الحوثي|ORG|HOUTHIS] في [اليمن|GPE|YEM].`,
			[]string{`ATTACK "غارات" actor=الولايات المتحدة→USA;بريطانيا→GBR date=فجر اليوم=2024-02-21 target=جماعة الحوثي→HOUTHIS venue=اليمن→YEM`}},
		{"protest", wed, `تظاهر آلاف من أنصار [التيار الصدري|ORG] [أمس|DATE] في [ساحة التحرير|LOC] ب[بغداد|GPE].`,
			[]string{`PROTEST "تظاهر" actor=التيار الصدري date=أمس=2024-02-20 venue=ساحة التحرير;بغداد`}},
		{"deploy", wed, `أرسلت [الولايات المتحدة|GPE|USA] حاملة طائرات إلى [البحر الأحمر|LOC].`,
			[]string{`DEPLOY "أرسلت" actor=الولايات المتحدة→USA venue=البحر الأحمر`}},
	})
}

// TestModality covers planned, negated, hypothetical and generic mentions.
func TestModality(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"intends", wed, `تعتزم [روسيا|GPE|RUS] استخدام حق النقض.`,
			[]string{`VETO "حق النقض" [planned] actor=روسيا→RUS`}},
		{"future prefix", wed, `وستدين [مصر|GPE|EGY] الهجوم.`,
			[]string{`CONDEMN "ستدين" [planned] actor=مصر→EGY`, `ATTACK "الهجوم"`}},
		{"scheduled vote", wed, `ومن المقرر أن يصوت [مجلس الأمن|ORG|UNSC] [غدا|DATE] على مشروع القرار.`,
			[]string{`VOTE "يصوت" [planned] date=غدا=2024-02-22 venue=مجلس الأمن→UNSC votes=?/?/?   `}},
		{"expected", wed, `ويتوقع دبلوماسيون أن تستخدم [روسيا|GPE|RUS] حق النقض.`,
			[]string{`VETO "حق النقض" [planned] actor=روسيا→RUS`}},
		{"negated", wed, `ولم تستخدم [الصين|GPE|CHN] حق النقض.`,
			[]string{`VETO "حق النقض" [negated] actor=الصين→CHN`}},
		{"not adopted", wed, `وأعربت [السعودية|GPE|SAU] عن أسفها لعدم اعتماد القرار.`,
			[]string{`STATEMENT "أعربت" actor=السعودية→SAU`, `ADOPT "اعتماد" [negated]`}},
		{"cancelled visit", wed, `وألغى [نتنياهو|PER] زيارة إلى [واشنطن|GPE|USA].`,
			[]string{`MEET "زيارة" [negated] venue=واشنطن→USA`}},
		{"conditional sentence", wed, `وإذا أسقطت [واشنطن|GPE|USA] المشروع، فسيكون ذلك سادس فيتو أمريكي.`,
			[]string{`VETO "فيتو" [hypothetical]`}},
		{"generic", wed, `وقامت [الولايات المتحدة|GPE|USA] أكثر من مرة بعرقلة قرارات في [مجلس الأمن|ORG|UNSC].`, nil},
		{"subjunctive", wed, `ويجب أن يدين [المجلس|ORG] الهجمات.`,
			[]string{`CONDEMN "يدين" [planned] actor=المجلس`}},
		{"participle is no event", wed, `وقال [لافروف|PER]، مؤكدا ضرورة الحوار، إن موسكو مستعدة.`,
			[]string{`STATEMENT "قال" actor=لافروف`}},
		{"future light verb", wed, `وأعلنت [المندوبة|TITLE] أن [واشنطن|GPE|USA] ستستخدم حق النقض.`,
			[]string{`STATEMENT "أعلنت" actor=المندوبة`, `VETO "حق النقض" [planned] actor=واشنطن→USA`}},
		{"instead of a veto", wed, `وامتنعت [الولايات المتحدة|GPE|USA] عن التصويت بدلا من استخدام حق النقض.`,
			[]string{`VOTE "امتنعت" participants=الولايات المتحدة→USA votes=?/?/1   USA`, `VETO "حق النقض" [negated] actor=الولايات المتحدة→USA`}},
		{"any strikes", wed, `وقال إن المهمة لن تشارك في أي ضربات.`, []string{`STATEMENT "قال"`}},
		{"court conviction", wed, `أدانت محكمة في [أستراليا|GPE|AUS] رجلا بتهمة القتل.`, nil},
		{"festival", wed, `وتنظم الجمعية تظاهرة ثقافية كبرى.`, nil},
		{"sports", wed, `والتقى منتخب [مصر|GPE|EGY] نظيره [المغربي|NORP|MAR].`, nil},
		{"attribution", wed, `بحسب ما صرح به [محمد الصحبي|PER] للإذاعة.`, nil},
		{"response to a call", wed, `تظاهر الآلاف استجابة لدعوة [مقتدى الصدر|PER].`,
			[]string{`PROTEST "تظاهر"`, `DEMAND "دعوة" actor=مقتدى الصدر`}},
	})
}

// TestResolutionContent: a draft's content is no event, an adopted
// resolution's is the adopting body's (ANNOTATION.md).
func TestResolutionContent(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"draft demands", wed, `أفشلت [الولايات المتحدة|GPE|USA] بحق النقض مشروع قرار [جزائري|NORP|DZA] في [مجلس الأمن|ORG|UNSC] يطالب بوقف فوري لإطلاق النار.`,
			[]string{`VETO "حق النقض" actor=الولايات المتحدة→USA target=جزائري→DZA venue=مجلس الأمن→UNSC`}},
		{"draft as subject", wed, `ويطالب مشروع القرار بالإفراج عن المحتجزين. وطالبت الوثيقة بتنفيذ القرار.`,
			[]string{`CONCEDE "الإفراج" [planned]`}},
		{"according to the text", wed, `وقدمت [الولايات المتحدة|GPE|USA] مشروع قرار. وبحسب النص، فإن [مجلس الأمن|ORG|UNSC] "يؤكد دعمه" للتهدئة.`,
			[]string{`DRAFT_SUBMIT "قدمت" actor=الولايات المتحدة→USA venue=مجلس الأمن→UNSC`}},
		{"adopted resolution demands", wed, `تبنى [مجلس الأمن|ORG|UNSC] [أمس|DATE] قرارا يطالب [إسرائيل|GPE|ISR] بوقف الاستيطان.`,
			[]string{
				`ADOPT "تبنى" actor=مجلس الأمن→UNSC date=أمس=2024-02-20`,
				`DEMAND "يطالب" actor=مجلس الأمن→UNSC target=إسرائيل→ISR`}},
		{"cited resolution", wed, `ودعا [الوزير|TITLE] إلى تنفيذ القرار [1701|RESOLUTION|UNSC-1701] الذي يطالب بانسحاب القوات.`,
			[]string{`DEMAND "دعا" actor=الوزير`}},
	})
}

// TestLinking covers the argument-linking rules.
func TestLinking(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"subject after verb", wed, `أدانت [جامعة الدول العربية|ORG|LAS] [اليوم|DATE] لجوء [الولايات المتحدة|GPE|USA] إلى حق النقض [أمس|DATE].`,
			[]string{
				`CONDEMN "أدانت" actor=جامعة الدول العربية→LAS date=اليوم=2024-02-21 target=الولايات المتحدة→USA`,
				`VETO "حق النقض" actor=الولايات المتحدة→USA date=أمس=2024-02-20`}},
		{"subject before verb", wed, `وقال إن [مصر|GPE|EGY] لن تسمح بذلك، وإن [الأردن|GPE|JOR] يدين الاعتداء.`,
			[]string{`STATEMENT "قال"`, `CONDEMN "يدين" actor=الأردن→JOR`, `ATTACK "الاعتداء"`}},
		{"pronoun subject carries the last actor", wed, `وشدد [الوزير|TITLE] [عبد العاطي|PER] على الحل. وأكد على أهمية الحوار.`,
			[]string{`STATEMENT "شدد" actor=عبد العاطي`, `STATEMENT "أكد" actor=عبد العاطي`}},
		{"من جانبه", wed, `وقال [لافروف|PER] إن الحل سياسي. من جانبه، أكد [بلينكن|PER] ضرورة التهدئة.`,
			[]string{`STATEMENT "قال" actor=لافروف`, `STATEMENT "أكد" actor=بلينكن`}},
		{"reporting chain", wed, `أعلنت [وزارة الخارجية الروسية|ORG|RUS-MFA] موقفها. وقالت الخارجية في بيانها إن الحل سياسي.`,
			[]string{`STATEMENT "أعلنت" actor=وزارة الخارجية الروسية→RUS-MFA`, `STATEMENT "قالت" actor=الخارجية→RUS-MFA`}},
		{"passive adoption", wed, `وتم اعتماد قرار [مجلس الأمن|ORG|UNSC] رقم [2712|RESOLUTION|UNSC-2712] في [15 نوفمبر 2023|DATE].`,
			[]string{`ADOPT "اعتماد" actor=مجلس الأمن→UNSC date=15 نوفمبر 2023=2023-11-15 resolution=2712→UNSC-2712`}},
		{"registry date over the text's", wed, `القرار [2712|RESOLUTION|UNSC-2712|2023-11-15] الذي تم تبنيه في [7 أكتوبر 2023|DATE].`,
			[]string{`ADOPT "تبنيه" date=2712→UNSC-2712=2023-11-15 resolution=2712→UNSC-2712`}},
		{"the two ministers", wed, `تلقى [بدر عبد العاطي|PER] اتصالا هاتفيا من [أنتوني بلينكن|PER]. وأكد الوزيران أهمية التهدئة.`,
			[]string{
				`CALL "اتصالا هاتفيا" actor=أنتوني بلينكن participants=بدر عبد العاطي;أنتوني بلينكن`,
				`STATEMENT "أكد" actor=بدر عبد العاطي;أنتوني بلينكن`}},
		{"dual verb", wed, `التقى [لافروف|PER] مع [فيدان|PER] في [أنقرة|GPE]، وأكدا ضرورة الحل.`,
			[]string{`MEET "التقى" actor=لافروف participants=لافروف;فيدان venue=أنقرة`, `STATEMENT "أكدا" actor=لافروف;فيدان`}},
		{"title as coreferent", wed, `وصرح [وزير الخارجية|TITLE] [سامح شكري|PER] بأن الحل قريب. وأدان [وزير الخارجية|TITLE] الهجوم.`,
			[]string{`STATEMENT "صرح" actor=سامح شكري`, `CONDEMN "أدان" actor=وزير الخارجية`, `ATTACK "الهجوم"`}},
		{"talks are the call", wed, `بحث [لافروف|PER] مع [فيدان|PER]، في مكالمة هاتفية [أمس|DATE]، الأوضاع في [غزة|GPE].`,
			[]string{`CALL "مكالمة هاتفية" actor=لافروف date=أمس=2024-02-20 participants=لافروف;فيدان`}},
		{"veto re-mention", wed, `استخدمت [روسيا|GPE|RUS] حق النقض (الفيتو) ضد مشروع القرار. ووصف [الوزير|TITLE] الفيتو الروسي بأنه مؤسف.`,
			[]string{`VETO "حق النقض" actor=روسيا→RUS`}},
		{"attack re-mentions", wed, `شنت [إسرائيل|GPE|ISR] غارات على [لبنان|GPE|LBN]. وأدانت [فرنسا|GPE|FRA] الضربات.`,
			[]string{`ATTACK "غارات" actor=إسرائيل→ISR target=لبنان→LBN`, `CONDEMN "أدانت" actor=فرنسا→FRA`}},
		{"received call from", wed, `وتلقى [الملك|TITLE] [عبد الله الثاني|PER] اتصالا من [الرئيس|TITLE] [جو بايدن|PER].`,
			[]string{`CALL "اتصالا" actor=جو بايدن participants=عبد الله الثاني;جو بايدن`}},
		{"request from", wed, `وعقد [مجلس الأمن|ORG|UNSC] جلسة طارئة بطلب من [الجزائر|GPE|DZA] و[باكستان|GPE|PAK].`,
			[]string{`DEMAND "طلب" actor=الجزائر→DZA;باكستان→PAK target=مجلس الأمن→UNSC`}},
		{"unnamed speaker", wed, `وأعلن [بايدن|PER] موقفه. وقالت مصادر إن المحادثات متعثرة.`,
			[]string{`STATEMENT "أعلن" actor=بايدن`, `STATEMENT "قالت"`}},
		{"SVO headline", wed, `[أردوغان|PER] يطالب [الأتراك|NORP|TUR] بدعم الليرة`,
			[]string{`DEMAND "يطالب" actor=أردوغان target=الأتراك→TUR`}},
		{"unnamed crowd before the verb", wed, `الآلاف يطالبون [نتنياهو|PER] بالرحيل`,
			[]string{`DEMAND "يطالبون" target=نتنياهو`}},
		{"plural verb does not take the last single actor", wed, `وقالت [المنظمة|ORG] إن خفر السواحل هددوا الطاقم وطالبوا بتسليم الركاب.`,
			[]string{`STATEMENT "قالت" actor=المنظمة`, `THREATEN "هددوا"`, `DEMAND "طالبوا"`}},
		{"a demand continuing the sentence", wed, `ونظمت [الجبهة|ORG] وقفة احتجاجية، ودعت [الحكومة|ORG] إلى قطع العلاقات.`,
			[]string{`PROTEST "وقفة احتجاجية" actor=الجبهة`, `DEMAND "دعت" actor=الجبهة target=الحكومة`}},
		{"group named by its members", wed, `ويحمل القرار الرقم [2728|RESOLUTION|UNSC-2728]، وقد صاغه الأعضاء المنتخبون، ومن بينهم [الجزائر|GPE|DZA] و[سويسرا|GPE|CHE].`,
			[]string{`DRAFT_SUBMIT "صاغه" actor=الجزائر→DZA;سويسرا→CHE`}},
		{"transitive verbal noun", wed, `وأعلنت [حماس|ORG|HAMAS] اغتيال [إسماعيل هنية|PER] في [طهران|GPE|IRN].`,
			[]string{`STATEMENT "أعلنت" actor=حماس→HAMAS`, `ATTACK "اغتيال" target=إسماعيل هنية venue=طهران→IRN`}},
		{"on behalf of", wed, `وأدانت [فرنسا|GPE|FRA] على لسان رئيسها [إيمانويل ماكرون|PER] العنف ضد [المدنيين|NORP].`,
			[]string{`CONDEMN "أدانت" actor=فرنسا→FRA target=المدنيين`}},
		{"owner of a group head", wed, `أغارت طائرات حربية تابعة ل[لجيش الإسرائيلي|ORG|IDF] [أمس|DATE] على [ميناء الحديدة|LOC] غربي [اليمن|GPE|YEM].`,
			[]string{`ATTACK "أغارت" actor=لجيش الإسرائيلي→IDF date=أمس=2024-02-20 target=ميناء الحديدة venue=اليمن→YEM`}},
		{"title in construct", wed, `ورحب [مندوب|TITLE] [السودان|GPE|SDN] [الحارث إدريس|PER] بالقرار.`,
			[]string{`STATEMENT "رحب" actor=الحارث إدريس`}},
		{"cited resolution", wed, `صوت [مجلس الأمن|ORG|UNSC] على القرار [2216|RESOLUTION|UNSC-2216] بالإجماع. ورحب [الرئيس|TITLE] [هادي|PER] بالقرار.`,
			[]string{`VOTE "صوت" resolution=2216→UNSC-2216 venue=مجلس الأمن→UNSC votes=?/?/? unanimous   `,
				`STATEMENT "رحب" actor=هادي resolution=2216→UNSC-2216`}},
		{"the number comes later", wed, `تبنى [مجلس الأمن|ORG|UNSC] [أمس|DATE] قرارا بشأن غزة. ويحمل القرار الرقم [2728|RESOLUTION|UNSC-2728].`,
			[]string{`ADOPT "تبنى" actor=مجلس الأمن→UNSC date=أمس=2024-02-20 resolution=2728→UNSC-2728`}},
		{"adoption dated by its vote", wed, `صوّت [مجلس الأمن|ORG|UNSC] [اليوم|DATE] لصالح تمديد الآلية، وتبنى القرار [2642|RESOLUTION|UNSC-2642] بتأييد [12|NUM] عضوا.`,
			[]string{
				`VOTE "صوّت" date=اليوم=2024-02-21 resolution=2642→UNSC-2642 venue=مجلس الأمن→UNSC votes=12/?/?   `,
				`ADOPT "تبنى" actor=مجلس الأمن→UNSC date=اليوم=2024-02-21 resolution=2642→UNSC-2642 votes=12/?/?   `}},
		{"the meeting a statement was made at", wed, `قال [هاكان فيدان|PER] خلال مؤتمر صحفي مشترك مع [أحمد الشرع|PER] في [دمشق|GPE] إن الوضع يتحسن.`,
			[]string{`STATEMENT "قال" actor=هاكان فيدان`,
				`MEET "مؤتمر صحفي مشترك" actor=هاكان فيدان participants=هاكان فيدان;أحمد الشرع venue=دمشق`}},
		{"veto by a permanent member only", wed, `وأفشلت [الجزائر|GPE|DZA] و[روسيا|GPE|RUS] بحق النقض المشروع.`,
			[]string{`VETO "حق النقض" actor=روسيا→RUS`}},
		{"dates go to the nearest trigger of their clause", wed, `وتم اعتماد القرار [2712|RESOLUTION|UNSC-2712] في [15 نوفمبر 2023|DATE]، كما تم اعتماد القرار [2720|RESOLUTION|UNSC-2720] في [22 ديسمبر 2023|DATE].`,
			[]string{
				`ADOPT "اعتماد" date=15 نوفمبر 2023=2023-11-15 resolution=2712→UNSC-2712`,
				`ADOPT "اعتماد" date=22 ديسمبر 2023=2023-12-22 resolution=2720→UNSC-2720`}},
	})
}

// TestTallies covers vote counts from numbers, number words, duals,
// unanimity, named members and vetoes.
func TestTallies(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"majority against abstain", wed, `واعتمدت [الجمعية العامة|ORG|UNGA] القرار بأغلبية [153|NUM] صوتا مقابل [10|NUM] أصوات وامتناع [23|NUM] عضوا عن التصويت.`,
			[]string{
				`ADOPT "اعتمدت" actor=الجمعية العامة→UNGA votes=153/10/23   `,
				`VOTE "أغلبية" venue=الجمعية العامة→UNGA votes=153/10/23   `}},
		{"dual and none against", wed, `وأيد القرار [13|NUM] عضوا، ولم يعترض عليه أحد، في حين امتنع [عضوان|NUM] عن التصويت.`,
			[]string{`VOTE "أيد" votes=13/0/2   `}},
		{"named members count", wed, `وامتنعت [روسيا|GPE|RUS] و[الصين|GPE|CHN] عن التصويت.`,
			[]string{`VOTE "امتنعت" participants=روسيا→RUS;الصين→CHN votes=?/?/2   RUS,CHN`}},
		{"veto is a vote against", wed, `استخدمت [الولايات المتحدة|GPE|USA] حق النقض في [مجلس الأمن|ORG|UNSC]. وصوت لصالح المشروع [14|NUM] عضوا.`,
			[]string{
				`VETO "حق النقض" actor=الولايات المتحدة→USA venue=مجلس الأمن→UNSC`,
				`VOTE "صوت" participants=الولايات المتحدة→USA venue=مجلس الأمن→UNSC votes=14/1/?  USA `}},
		{"the other members", wed, `استخدمت [روسيا|GPE|RUS] حق النقض في [مجلس الأمن|ORG|UNSC]، بعدما أيد المشروع الأعضاء [الأربعة عشر|NUM] الآخرون.`,
			[]string{
				`VETO "حق النقض" actor=روسيا→RUS venue=مجلس الأمن→UNSC`,
				`VOTE "أيد" participants=روسيا→RUS venue=مجلس الأمن→UNSC votes=14/1/0  RUS `}},
		{"unanimous leaves counts null", wed, `وصوت [مجلس الأمن|ORG|UNSC] بالإجماع على القرار [2401|RESOLUTION|UNSC-2401].`,
			[]string{`VOTE "صوت" resolution=2401→UNSC-2401 venue=مجلس الأمن→UNSC votes=?/?/? unanimous   `}},
		{"council size is no tally", wed, `وأيد القرار [12|NUM] عضوا من أصل [15|NUM].`,
			[]string{`VOTE "أيد" votes=12/?/?   `}},
	})
}

// TestWithGazetteer covers what needs the gazetteer: the counterpart on the
// document date, nisbas, actor codes.
func TestWithGazetteer(t *testing.T) {
	g, as := gazetteerAssembler(t)
	runCases(t, g, []eventCase{
		{"counterpart by office, country and date", wed, `تلقى [سامح شكري|PER|P-sameh-shoukry] اتصالا هاتفيا من نظيره الأمريكي.`,
			[]string{`CALL "اتصالا هاتفيا" actor=نظيره الأمريكي→P-antony-blinken participants=سامح شكري→P-sameh-shoukry;نظيره الأمريكي→P-antony-blinken`}},
		{"nisba actor resolved to the named state", wed, `أفشلت [الولايات المتحدة|GPE|USA] المسعى. ودانت [الرئاسة الفلسطينية|ORG|PSE-PRESIDENCY] الفيتو الأمريكي.`,
			[]string{`CONDEMN "دانت" actor=الرئاسة الفلسطينية→PSE-PRESIDENCY`, `VETO "الفيتو" actor=الولايات المتحدة→USA`}},
	})
	for _, tc := range []struct{ src, want string }{
		{`قال [سامح شكري|PER|P-sameh-shoukry] إن الحل قريب.`, "EGYGOV"},
		{`أعلنت [وزارة الخارجية الروسية|ORG|RUS-MFA] موقفها.`, "RUSGOV"},
		{`استخدمت [الولايات المتحدة|GPE|USA] حق النقض.`, "USA"},
		{`اعتمد [مجلس الأمن|ORG|UNSC] القرار [2720|RESOLUTION|UNSC-2720].`, "UNSC"},
		{`شن [الجيش الإسرائيلي|ORG|ISR-ARMY] غارات على [غزة|GPE].`, "ISRMIL"},
	} {
		text, ents := marked(t, tc.src)
		d := buildDoc(t, "code", text, wed, ents)
		as.Assemble(d)
		if len(d.Events) == 0 || d.Events[0].ActorCode != tc.want {
			t.Errorf("%s: actor code %v, want %s", text, d.Events, tc.want)
		}
	}
}

// TestContract checks what Assemble reads and adds: DATE and NUM mentions
// when the caller gave none, sentences when there are none, and that
// repeated runs give the same events.
func TestContract(t *testing.T) {
	as, err := events.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	nt, _ := normalizer.Normalize("وصوت 13 عضوا لصالح القرار يوم الاثنين، فيما امتنعت بريطانيا عن التصويت.")
	d := &doc.Doc{Text: nt, Date: wed}
	as.Assemble(d)
	if len(d.Sentences) != 1 {
		t.Errorf("sentences = %v", d.Sentences)
	}
	var types []string
	for _, m := range d.Entities {
		types = append(types, m.Type+"="+m.Value)
	}
	if strings.Join(types, " ") != "NUM=13 DATE=2024-02-19" {
		t.Errorf("entities added: %v", types)
	}
	if len(d.Events) != 1 || d.Events[0].Type != "VOTE" || d.Events[0].Votes == nil || *d.Events[0].Votes.For != 13 {
		t.Fatalf("events: %+v", d.Events)
	}
	renderAll := func() string {
		var out []string
		for _, e := range toExtract(d) {
			out = append(out, render(e))
		}
		return strings.Join(out, "\n")
	}
	first := renderAll()
	as.Assemble(d)
	if again := renderAll(); again != first {
		t.Errorf("a second run differs:\n%s\n%s", first, again)
	}
	as.Assemble(&doc.Doc{}) // no text: nothing to do, no panic
	if ev := d.Events[0]; ev.Sentence != 0 || ev.Confidence <= 0 || ev.Confidence > 1 {
		t.Errorf("sentence %d confidence %v", ev.Sentence, ev.Confidence)
	}
}

// TestNoDocumentDate: relative dates keep their text and no value.
func TestNoDocumentDate(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"weekday without anchor", "", `استخدمت [روسيا|GPE|RUS] [الثلاثاء|DATE] حق النقض.`,
			[]string{`VETO "حق النقض" actor=روسيا→RUS date=الثلاثاء`}},
	})
}

// FuzzAssemble checks that any text, with the DATE and NUM mentions the
// temporal stage finds, assembles without panicking into events whose spans
// lie in the text.
func FuzzAssemble(f *testing.F) {
	for _, s := range []string{
		"استخدمت الولايات المتحدة حق النقض (الفيتو) الثلاثاء.",
		"وصوت 13 عضوا لصالح القرار، فيما امتنعت بريطانيا.",
		"تلقى الوزير اتصالا هاتفيا من نظيره. وأكد الوزيران",
		"مشروع قرار يطالب", "و", "(", "الذي اللذين تم تبنيهما في 7 أكتوبر 2023",
	} {
		f.Add(s)
	}
	as, err := events.New(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nt, err := normalizer.Normalize(s)
		if err != nil {
			return
		}
		d := &doc.Doc{Text: nt, Date: wed}
		as.Assemble(d)
		n := len(nt.String())
		for _, e := range d.Events {
			if e.Trigger.Start < 0 || e.Trigger.End > n || e.Trigger.End <= e.Trigger.Start {
				t.Fatalf("trigger %v out of %d", e.Trigger, n)
			}
			for _, as := range e.Args {
				for _, a := range as {
					if a.Start < 0 || a.End > n || a.End <= a.Start {
						t.Fatalf("argument %v out of %d", a.Span, n)
					}
				}
			}
		}
	})
}

// BenchmarkAssembleSeed assembles the seed article with gazetteer entities.
func BenchmarkAssembleSeed(b *testing.B) {
	text, err := os.ReadFile(filepath.Join(testenv.RepoRoot(b), "..", "shared", "samples", "seed-article.txt"))
	if err != nil {
		b.Skipf("seed article not present: %v", err)
	}
	g, as := gazetteerAssembler(b)
	d := gazetteerDoc(b, g, string(text), "2024-02-21")
	ents := append([]doc.Mention(nil), d.Entities...)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Entities = append(d.Entities[:0], ents...)
		as.Assemble(d)
	}
}

// TestConcurrentAssemble runs one Assembler from several goroutines (run
// with -race).
func TestConcurrentAssemble(t *testing.T) {
	as, err := events.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	text, ents := marked(t, `استخدمت [روسيا|GPE|RUS] [الثلاثاء|DATE] حق النقض ضد مشروع قرار قدمته [الولايات المتحدة|GPE|USA].`)
	done := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			d := buildDoc(t, "c", text, wed, ents)
			as.Assemble(d)
			var out []string
			for _, e := range toExtract(d) {
				out = append(out, render(e))
			}
			done <- strings.Join(out, "\n")
		}()
	}
	first := <-done
	for i := 1; i < 4; i++ {
		if got := <-done; got != first {
			t.Errorf("goroutines disagree:\n%s\n%s", first, got)
		}
	}
}
