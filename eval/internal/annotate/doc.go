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
// "EVENT TYPE key=value ..." lines follow the text. TYPE is one of
// extract.EventTypes (FORMAT.md's two event tables: STATEMENT … DEPLOY and
// AGREE … COERCE). Values are bare words
// or double-quoted. trigger is required; the roles actor, target,
// participants, venue, resolution, date and location take entity texts of
// the paragraph separated by ";". A text that occurs more than once must be
// disambiguated with "#n" (its n-th occurrence), for triggers as for
// arguments. votes=F/A/B gives the tallies ("?" for a count the text does
// not give) or votes=unanimous; for=, against= and abstain= list member ids
// separated by ",". A VOTE event always carries a votes object; an ADOPT
// event carries one only when votes= is given.
//
// # Event fields beyond the arguments
//
// FORMAT.md's "Fields every event may carry" are optional keys of the
// EVENT line, checked against the tables of eval/internal/plover and
// written to the gold event only when given (an event without them keeps
// its earlier bytes):
//
//	EVENT ATTACK trigger=تفجير target=بغداد location=بغداد actor_code=UAF target_code=IRQCVL mode=explosives killed=18 injured=40 country=IRQ cameo=183
//	EVENT STATEMENT trigger=رحب actor=الأردن actor_code=JORGOV plover=SUPPORT cameo=051
//
// The keys:
//
//   - actor_code=CODE, target_code=CODE: a CAMEO actor code, written to the
//     event's actor_code / target_code and as "code" on the event's first
//     actor / target argument when it has one (a code without an argument is
//     fine: UAF for unnamed gunmen). CODE is an optional ISO3 country the
//     gazetteer knows followed by one or two agents (GOV MIL COP JUD LEG OPP
//     REB PTY CVL REL EDU MED BUS LAB HLH REF NGO IGO UAF SPY CRM): IRQMIL,
//     PSECVL, CVL, IRQ; or an organisation id (upper-case letters, digits,
//     '-'): UNSC, HAMAS, ARAB-COALITION. Rejected: a three-letter prefix that
//     is no country before agents (XYZMIL; gazetteer organisations such as
//     UNSMIL excepted) and state institution ids (USA-MOD: write USAMIL).
//   - mode=WORD: one lower-case word (a-z and '-') from the type's list below;
//     a type with no list takes no mode.
//   - killed=N, injured=N, arrested=N, size=N: non-negative integers (digits
//     only; number words and "نحو 1500" are written as the number, "عشرات" is
//     left out), collected in the event's magnitude object, where a count not
//     given is null; no magnitude key when none is given. Types take: ATTACK
//     killed injured size; PROTEST and COERCE all four; DEPLOY, CONCEDE and
//     RETREAT size; others none.
//   - country=ISO3: the event's own country (where it happened), an ISO3 code
//     the gazetteer knows; the place itself is the location role.
//   - plover=CATEGORY: one of PLOVER's 16 categories (AGREE CONSULT SUPPORT
//     CONCEDE COOPERATE AID RETREAT DEMAND ACCUSE REJECT THREATEN PROTEST
//     SANCTION MOBILIZE COERCE ASSAULT). A STATEMENT may take any (a welcome
//     or praise is plover=SUPPORT cameo=051, ANNOTATION.md); another type
//     only its own category (ATTACK: ASSAULT, CALL and MEET: CONSULT, VETO:
//     REJECT, ADOPT: AGREE, CONDEMN: ACCUSE, DEPLOY: MOBILIZE, the nine
//     PLOVER-complete types: their own name); VOTE and DRAFT_SUBMIT none.
//     When not given, the gold plover stays empty (the type says it).
//   - cameo=CODE: 2-4 digits under the CAMEO roots of the event's PLOVER
//     category (plover= or the type's): none 01 02, AGREE 03 057, CONSULT
//     04, SUPPORT 05, COOPERATE 06, AID 07, CONCEDE 081-083, RETREAT
//     084-087, DEMAND 10, ACCUSE 11, REJECT 12, THREATEN 13, PROTEST 14,
//     MOBILIZE 15, SANCTION 16, COERCE 17, ASSAULT 18 19 20.
//
// Modes per type: PLOVER's mode names (openeventdata/PLOVER manual) where
// PLOVER has them, FORMAT.md's words where it names them (demonstrate,
// strike, hunger for PLOVER's demo, strike-gen/-lim, strike-hun; seize,
// aerial, shelling), and khabar's own for categories PLOVER gives none:
//
//	CALL, MEET  visit third-party multilateral phone meet summit
//	DEMAND      assist change yield meet
//	ATTACK      abduct beat torture execute sexual assassinate destroy primitive firearms explosives suicide-attack heavy-weapons aerial shelling arson stabbing incursion cyber
//	PROTEST     demonstrate riot strike hunger boycott obstruct sit-in march
//	DEPLOY      troops weapons police
//	AGREE       sign ceasefire
//	SUPPORT     endorse recognize
//	COOPERATE   military economic intelligence judicial
//	AID         economic military humanitarian asylum
//	CONCEDE     release ease accede
//	RETREAT     withdraw return disarm ceasefire access resign demobilize
//	THREATEN    restrict ban arrest relations expel territory violence sanction veto
//	SANCTION    convict cancel expel withdraw sever economic embargo boycott suspend
//	COERCE      confiscate restrict ban censor curfew martial-law arrest deport withhold seize detain raid
//
// STATEMENT, VOTE, VETO, DRAFT_SUBMIT, ADOPT and CONDEMN take no mode.
//
// "NOTE ..." lines are for reviewers (why something is not an event) and
// are not written to the output.
package annotate
