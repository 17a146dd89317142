// Package annotate turns the project's hand-annotated source file
// (eval/testdata/samples.src.txt) into gold JSONL in the shape of FORMAT.md
// §3, checking it on the way: spans are flat and sit on word edges (only
// proclitics may precede a span inside its word), every event trigger and
// argument is found in its paragraph, dates agree with their ISO values and
// with the paragraph's document date, and vote tallies agree with the named
// voting states.
//
// # Source format
//
// The file is a sequence of blocks; blank lines and lines starting with "#"
// outside paragraph text are ignored.
//
//	@resolution UNSC-2720 2023-12-22
//
//	=== p01 2024-02-21
//	أفشلت [الولايات المتحدة|GPE|USA] بحق النقض مشروع قرار قدمته [الجزائر|GPE|DZA] ...
//	EVENT VETO trigger="حق النقض" actor="الولايات المتحدة" target="الجزائر" venue="مجلس الأمن"
//	NOTE "تعتزم" is planned: no event.
//
// "@resolution ID DATE" declares the adoption date of a resolution; every
// RESOLUTION entity with that id gets it as link.date, and an ADOPT event
// that names the resolution and a date must agree with it.
//
// "=== ID DATE" opens a paragraph; DATE (YYYY-MM-DD) is its document date,
// the anchor of relative dates. The text lines that follow (joined with
// "\n") hold inline entity markup [text|TYPE] or [text|TYPE|extra]: extra
// is the link id, or for DATE the ISO value (YYYY, YYYY-MM or YYYY-MM-DD).
// Attached proclitics stay outside the brackets: و[الولايات المتحدة|GPE|USA],
// ل[لأمم المتحدة|ORG|UN].
//
// "EVENT TYPE key=value ..." lines follow the text. Values are bare words
// or double-quoted. trigger is required; the roles actor, target,
// participants, venue, resolution, date and location take entity texts of
// the paragraph separated by ";". A text that occurs more than once must be
// disambiguated with "#n" (its n-th occurrence), for triggers as for
// arguments. votes=F/A/B gives the tallies ("?" for a count the text does
// not give) or votes=unanimous; for=, against= and abstain= list member ids
// separated by ",". A VOTE event always carries a votes object; an ADOPT
// event carries one only when votes= is given.
//
// "NOTE ..." lines are for reviewers (why something is not an event) and
// are not written to the output.
package annotate
