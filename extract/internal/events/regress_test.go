package events_test

import "testing"

// TestDatelinesVetoesAndCalls covers datelines (never arguments), the
// vetoing member as the one voter against (not the sponsor of the vetoed
// draft), calls held while making a demand, named counterparts, dates of
// cited resolutions and the topics of talks.
func TestDatelinesVetoesAndCalls(t *testing.T) {
	runCases(t, nil, []eventCase{
		{"dateline city", wed,
			`[لندن|GPE|GBR] – صوت [تسعة|NUM] أعضاء في [مجلس الأمن|ORG|UNSC] لصالح مشروع قرار قدمته [مالطا|GPE|MLT]، وامتنعت [روسيا|GPE|RUS] عن التصويت.`,
			[]string{
				`VOTE "صوت" participants=روسيا→RUS venue=مجلس الأمن→UNSC votes=9/?/1   RUS`,
				`DRAFT_SUBMIT "قدمته" actor=مالطا→MLT venue=مجلس الأمن→UNSC`}},
		{"dateline body and agency", wed,
			`[الأمم المتحدة|ORG|UN] ([رويترز|ORG]) - أعلنت [اليابان|GPE|JPN] [أمس|DATE] أنها ستدعم الهدنة.`,
			[]string{
				`STATEMENT "أعلنت" actor=اليابان→JPN date=أمس=2024-02-20`,
				`SUPPORT "ستدعم" [planned] actor=اليابان→JPN`}},
		{"not a dateline", wed,
			`[القاهرة|GPE|EGY] تدين - في بيان - الهجوم على [رفح|GPE].`,
			[]string{
				`CONDEMN "تدين" actor=القاهرة→EGY`,
				`ATTACK "الهجوم" target=رفح`}},
		{"veto sponsor is not against", wed,
			`[موسكو|GPE|RUS] – استخدمت [الصين|GPE|CHN] [الخميس|DATE] حق النقض ضد مشروع قرار أعدته [فرنسا|GPE|FRA] في [مجلس الأمن|ORG|UNSC]، بعد أن أيده [أحد عشر|NUM] عضوا وامتنعت [الإمارات|GPE|ARE] و[موزمبيق|GPE|MOZ] عن التصويت.`,
			[]string{
				`VETO "حق النقض" actor=الصين→CHN date=الخميس=2024-02-15 target=فرنسا→FRA venue=مجلس الأمن→UNSC`,
				`DRAFT_SUBMIT "أعدته" actor=فرنسا→FRA venue=مجلس الأمن→UNSC`,
				`VOTE "أيده" participants=الصين→CHN;الإمارات→ARE;موزمبيق→MOZ venue=مجلس الأمن→UNSC votes=11/1/2  CHN ARE,MOZ`}},
		{"call while demanding", wed,
			`وطالب [وزير الخارجية|TITLE] [الأردني|NORP|JOR] [أيمن الصفدي|PER] في اتصال هاتفي مع نظيره [الفرنسي|NORP|FRA] [ستيفان سيجورنيه|PER] بتطبيق القرار [2728|RESOLUTION|UNSC-2728] الصادر في [25 مارس 2024|DATE].`,
			[]string{
				`DEMAND "طالب" actor=أيمن الصفدي`,
				`CALL "اتصال هاتفي" actor=أيمن الصفدي participants=أيمن الصفدي;ستيفان سيجورنيه`}},
		{"talks topic is no venue", wed,
			`وفي [عمان|GPE|JOR]، أجرى [أيمن الصفدي|PER] اتصالا هاتفيا مع [ديفيد كاميرون|PER]، بحثا خلاله التطورات في [الضفة الغربية|GPE].`,
			[]string{
				`CALL "اتصالا هاتفيا" actor=أيمن الصفدي participants=أيمن الصفدي;ديفيد كاميرون venue=عمان→JOR`}},
		{"resolution dated in a relative clause", wed,
			`ورحب [أيمن الصفدي|PER] بالقرار [2712|RESOLUTION|UNSC-2712] الذي اعتمده [مجلس الأمن|ORG|UNSC] في [15 نوفمبر 2023|DATE].`,
			[]string{
				`STATEMENT "رحب" actor=أيمن الصفدي resolution=2712→UNSC-2712`,
				`ADOPT "اعتمده" actor=مجلس الأمن→UNSC date=15 نوفمبر 2023=2023-11-15 resolution=2712→UNSC-2712`}},
	})
}
