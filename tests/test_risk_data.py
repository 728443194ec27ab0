"""Recall and false flags of the risk rules over the shipped risk data.

The tuning parts (data/risk/risk_tune.tsv, data/dev/dev_risk.tsv, the tune halves of data/blind4, blind5
and blind7) must come out exactly right; data/blind8/risk_tune.tsv and the tune halves of blind11 to blind19 are
held at their figures. The measure-only parts (data/risk/risk_measure.tsv,
data/blind4/risk_measure.tsv, data/blind3/risk.tsv and the measure halves of blind5 and blind11 to blind19) are
never read line by line: these tests assert a floor at the figures measured when the rules were last
changed and report only the totals, never a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.nlu.risk import FLAGS
from bot.ops.evaluate import read_labelled

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Figures:
    """Totals for one set: flags expected and found, and lines with a flag they should not have."""

    lines: int
    expected: int
    found: int
    false_flag_lines: int
    misses: tuple[str, ...]

    @property
    def recall(self) -> float:
        """Share of expected flags found."""
        return self.found / self.expected if self.expected else 1.0

    def summary(self) -> str:
        """The totals, and nothing from the lines themselves."""
        return (f"{self.lines} lines: {self.found}/{self.expected} flags found ({100 * self.recall:.1f}%), "
                f"{self.false_flag_lines} line(s) with a false flag")


def figures(engine: Engine, path: Path) -> Figures:
    """Run the risk rules over one labelled set."""
    rows = read_labelled(path)
    expected = found = false_lines = 0
    misses = []
    for text, labels in rows:
        assert set(labels) <= set(FLAGS), labels
        got = set(engine.risk.detect(text))
        expected += len(labels)
        found += len(got & set(labels))
        false_lines += bool(got - set(labels))
        if got != set(labels):
            misses.append(f"{text!r}: got {','.join(sorted(got)) or '-'}, want {','.join(labels) or '-'}")
    return Figures(len(rows), expected, found, false_lines, tuple(misses))


#: Sets that may be studied: every flag found, no false flag, and the misses are shown.
STUDIED = {"risk/risk_tune.tsv": 314, "dev/dev_risk.tsv": 26, "blind4/risk_tune.tsv": 170,
           "blind5/risk_tune.tsv": 180, "blind7/risk_tune.tsv": 150}

#: Measure-only sets, and the studied blind sets: (lines, floor on flags found, most false-flag lines).
#: Measured on the rules of this commit; raise a floor when the figure improves, never lower it.
#: blind4/risk_measure.tsv: most false-flag lines set at the false flags `exobot eval` counted (a line
#: holds one or more), since its lines are never looked at.
FLOORS = {
    "risk/risk_measure.tsv": (210, 121, 3),
    "blind4/risk_measure.tsv": (170, 115, 11),
    "blind3/risk.tsv": (60, 37, 0),
    "blind/risk.tsv": (80, 46, 1),
    "blind2/risk.tsv": (60, 35, 0),
    # every flag found since blind17's round
    "blind8/risk_tune.tsv": (150, 123, 0),
    # blind11 (measured whole on arrival: recall 94.2%, 29 false flags): the tuning half 108/114 and 13
    # false-flag lines before its round; left: chemo with no word of counts is cancer only for its writer
    # (every other writer labels it immunocompromised too), "do i count as immunocompromised" after a
    # medicine stopped years ago, and a bare "ok while nursing?" after a line about the user's own face
    "blind11/risk_tune.tsv": (160, 113, 3),
    # 120/128 and 13 false-flag lines before the round (aggregate only); 121 after blind12's round
    "blind11/risk_measure.tsv": (160, 123, 10),  # 122 after blind17's round, 123 and 10 after blind19's
    # blind12 (measured whole on arrival: recall 93.9%, 25 false flags): the tuning half 109/116 and 13
    # false-flag lines before its round; left: chemo with no word of counts is cancer only for its writer (as
    # blind11's; kept: every other writer adds immunocompromised), a peel "in March" that healed (a month
    # name says nothing without the date), and a birth with "feeding is going well" and no breast or pump
    "blind12/risk_tune.tsv": (160, 115, 3),
    # 105/112 and 12 false-flag lines before the round (aggregate only)
    "blind12/risk_measure.tsv": (160, 108, 9),  # 107 after blind17's round
    # blind13 (measured whole on arrival: recall 93.2%, 24 false flags): the tuning half 97/100 and 9
    # false-flag lines before its round; left: chemo with no word of counts (cancer only for its writer, as
    # blind11's and blind12's), a leukaemia treated in the 1990s (its writer counts a history over 15 years
    # as over; the rules refer any personal cancer history), and pores "'infected' with blackheads"
    "blind13/risk_tune.tsv": (160, 100, 3),
    # 94/105 and 11 false-flag lines before the round and after it (aggregate only)
    "blind13/risk_measure.tsv": (160, 103, 10),  # 98, 99, 102, 103 after blind17's, 19's, 7 languages, 25's
    # blind14 short lines (measured whole on arrival: recall 92.4%, 29 false flags): the tuning half 63/66 and
    # 15 false-flag lines before its round; left: chemo with no word of counts (cancer only for its writer), a
    # cancer "12 yrs ago, all clear" or "as a kid" (the rules refer any personal history), a peel booked for
    # friday (days away counts), and "se eu tiver herpes" (an "if" about now stays personal, as in English)
    "blind14/riskA_tune.tsv": (150, 66, 6),
    # 71/79 and 14 false-flag lines before the round and after it (aggregate only); 72 after riskB's round
    "blind14/riskA_measure.tsv": (150, 74, 13),  # 74 after blind17's round
    # blind14 chat-style lines (measured whole on arrival: recall 93.3%, 20 false flags): the tuning half 79/85
    # and 8 false-flag lines before its round; left: a Korean laser named without a time beside an emergency
    # (the emergency line is sent alone either way), chemo with no word of counts, a microneedling "in March
    # ... fully healed" (a month name says nothing without the date)
    "blind14/riskB_tune.tsv": (150, 84, 2),
    # 87/93 and 12 false-flag lines before the round and after it (aggregate only)
    "blind14/riskB_measure.tsv": (150, 92, 11),  # 90 after blind18's rounds, 91 after blind25's
    # blind15 riskC, whose risk it is (whole on arrival: recall 89.8%, 9 false flags): the tuning half 51/56 and
    # 3 false-flag lines before its round; left: chemo with no word of counts
    "blind15/riskC_tune.tsv": (120, 56, 1),
    # 46/52 and 6 before the round and after it (aggregate only)
    # 7 false-flag lines after the word lists of seven more languages (aggregate only)
    "blind15/riskC_measure.tsv": (120, 46, 7),
    # blind15 riskD, risk said indirectly (whole on arrival: recall 73.3%, 13 false flags): the tuning half 69/94
    # and 6 false-flag lines before its round; left: a tongue "too big for my mouth" speaking French (a joke),
    # oozing after a peel read as urgent too
    "blind15/riskD_tune.tsv": (120, 94, 2),
    # 63/86 and 7 false-flag lines before the round, 70/86 and 8 after it (aggregate only)
    # 74 after blind18's rounds; 75 and 9 after blind19's: chemotherapy named by its drug is read as chemo
    # (cancer and weak immunity), which riskD's writer labels cancer only, as every chemo line of theirs
    "blind15/riskD_measure.tsv": (120, 75, 8),
    # blind16 riskE, risk said indirectly (whole on arrival: recall 75.9%, 6 false flags): the tuning half 54/71
    # and 3 false-flag lines before its round; left: a cancer treated at 15 or a bell rung in 2012 (the rules
    # refer any personal history), chemo in Japanese (cancer only for its writer), "im 22 weeks" after "tandem
    # feeding is in my future", Portuguese "meu filho ... só mama no peito" (the son read as someone else)
    "blind16/riskE_tune.tsv": (100, 68, 3),
    # 56/74 and 3 false-flag lines before the round and after it (aggregate only)
    # 58 and 5 after blind19's round (chemotherapy by its drug: cancer only for riskE's writer, as their chemo)
    "blind16/riskE_measure.tsv": (100, 58, 3),
    # blind17 riskF, short and chat-style lines (whole on arrival: recall 91.3%, 19 false flags): the tuning half
    # 96/107 and 6 false-flag lines before its round; left: a c-section "on the 2nd" (a day of the month says
    # nothing of how recent), a Japanese nurse asking for her patients (read as personal), a hot swollen spot on
    # the cheek read as urgent too, weeping blisters after a peel read as an infection too
    "blind17/riskF_tune.tsv": (160, 106, 2),
    # 103/111 and 12 false-flag lines before the round, 103/111 and 11 after it (aggregate only)
    "blind17/riskF_measure.tsv": (160, 104, 10),  # 104 after blind18's rounds
    # blind5's measure half, measured after blind18's rounds (aggregate only)
    "blind5/risk_measure.tsv": (180, 115, 6),
    # blind18 riskH, short lines (whole on arrival: recall 95.1%, 13 false-flag lines): the tuning half 92/97 and
    # 4 false-flag lines before its round; left: chemo "15 yrs ago, all clear" (the rules refer any personal
    # history), "if my face swelled what wud i do" (an "if" about the user's own face stays personal), Tagalog
    # "impeksyon" (Tagalog was not among the languages read: 97 once it was)
    "blind18/riskH_tune.tsv": (120, 97, 2),
    # 62/65 and 9 false-flag lines before the round, 63/65 and 9 after it (aggregate only)
    # 10 false-flag lines after the word lists of seven more languages (aggregate only)
    "blind18/riskH_measure.tsv": (120, 63, 10),
    # blind18 riskG, risk buried in chat-style product questions (whole on arrival: recall 81.6%, 9 false-flag
    # lines): the tuning half 59/75 and 5 false-flag lines before its round; left: a laser "they 'zapped' my
    # spots with" (the "with" reads as a situation), a quoted "'I'm pregnant'" taken back
    "blind18/riskG_tune.tsv": (120, 75, 1),
    # 74/88 and 4 false-flag lines before the round and after it (aggregate only)
    "blind18/riskG_measure.tsv": (120, 75, 4),  # 75 after blind20's round
    # blind19 riskI, risk said indirectly (whole on arrival: recall 83.7%, 10 false-flag lines): the tuning half
    # 55/68 and 5 false-flag lines before its round; left: an appointment "on the 24th" (a day of the month says
    # nothing of how recent), Herceptin after chemo "finished in the summer" (read as weak immunity still), a
    # pregnancy's marks after a birth "in June", "expecting... a puppy"
    "blind19/riskI_tune.tsv": (100, 67, 2),  # 2 after blind20's round (the baby that "came in June")
    # 58/67 and 5 false-flag lines before the round and after it (aggregate only)
    "blind19/riskI_measure.tsv": (100, 58, 4),
    # blind19 riskJ, hard negatives and the positives beside them (whole on arrival: recall 87.6%, 13 false-flag
    # lines): the tuning half 50/55 and 6 false-flag lines before its round; left: microneedling "next Friday"
    # (the rules count a procedure a few days ahead; this writer was told planned ones do not), "not
    # pregnant-pregnant, only about 4 weeks"
    "blind19/riskJ_tune.tsv": (100, 53, 2),
    # 42/50 and 7 false-flag lines before the round and after it (aggregate only)
    "blind19/riskJ_measure.tsv": (100, 44, 7),  # 44 after the word lists of seven more languages
    # blind20 riskK, risk buried in chat and said indirectly (whole on arrival: recall 81.7%, 16 false flags):
    # the tuning half 96/116 and 9 false-flag lines before its round; left: a peel "on the 24th" and one "at the
    # end of August" (the rules know no calendar), "had my son at the start of November", Botox last Thursday
    # (the rules count Botox; this writer was told it alone does not), the infection beside an emergency's
    # spreading redness after a laser, "I had the leukemia when child" (read as general)
    "blind20/riskK_tune.tsv": (160, 112, 2),
    # 87/108 and 7 false-flag lines before the round and after it (aggregate only)
    "blind20/riskK_measure.tsv": (160, 88, 6),
    # blind21 riskL, pregnancy, breastfeeding and emergencies without their words (whole on arrival: recall
    # 83.8%, 11 false-flag lines): the tuning half 71/86 and 2 false-flag lines before its round; left: "12 weeks
    # today" (weeks of what), a positive test beside a 4-month-old (read as breastfeeding only), a laser "in
    # July" (the rules know no calendar)
    "blind21/riskL_tune.tsv": (130, 84, 1),
    # 74/87 and 9 false-flag lines before the round and after it (aggregate only)
    "blind21/riskL_measure.tsv": (130, 74, 9),
    # blind22 riskM, a natural mix of short and chat-style lines (whole on arrival: recall 93.9%, 12 false-flag
    # lines): the tuning half 104/111 and 4 false-flag lines before its round; left: a parent asking for a child on
    # chemotherapy or a biologic (third person, as the rules read it), "she's feeding right now" (the baby),
    # shingles that a neighbour suspects, "am I immunocompromised? I don't think so, only hay fever"
    "blind22/riskM_tune.tsv": (150, 106, 0),
    # 95/101 and 8 false-flag lines before the round and after it (aggregate only)
    "blind22/riskM_measure.tsv": (150, 96, 8),
    # blind23 riskM, short and chat-style lines (whole on arrival: recall 95.8%, 15 false-flag lines): the tuning
    # half 101/106 and 6 false-flag lines before its round; left: "my biggest cancer is my bank account", a
    # routine biopsy the derm is not worried about (referred, in doubt), yellow oozing after a peel read as an
    # infection too
    "blind23/riskM_tune.tsv": (150, 106, 2),
    # 105/109 and 9 false-flag lines before the round and after it (aggregate only)
    "blind23/riskM_measure.tsv": (150, 105, 9),
    # blind25 riskM, short and chat-style lines (whole on arrival: recall 94.7%, 18 false-flag lines): the tuning
    # half 107/113 and 8 false-flag lines before its round; left: chemotherapy sets weak immunity too (issue 10
    # names it among the medicines that weaken immunity; this writer flagged cancer alone)
    "blind25/riskM_tune.tsv": (150, 113, 1),
    # 109/115 and 10 false-flag lines before the round and after it (aggregate only)
    "blind25/riskM_measure.tsv": (150, 109, 10),
    # blind26 riskM, 110 short and 130 chat-style lines (whole on arrival: recall 96.4%, 13 false-flag lines): the
    # tuning half 74/79 and 5 false-flag lines before its round; left: a melanoma's wide excision "this spring"
    # read as a recent procedure (a season names no time the rules trust: "due this summer" is ahead)
    "blind26/riskM_tune.tsv": (120, 79, 1),
    # 85/86 and 8 false-flag lines before the round and after it (aggregate only)
    "blind26/riskM_measure.tsv": (120, 85, 8),
    # blind27 riskM, 130 short and 170 chat-style lines written to be hard on false flags (whole on arrival: recall
    # 95.2%, 24 false-flag lines): the tuning half 87/92 and 14 false-flag lines before its round; left: "peel tmrw"
    # (a procedure a day away is referred, as most writers flag it), "a CO2 laser booked for November" (a month named
    # alone dates nothing), "is that only for stronger stuff like chemo?" (a comparison read as a mention)
    "blind27/riskM_tune.tsv": (150, 92, 3),
    # 91/95 and 10 false-flag lines before the round, 92/95 and 10 after it (aggregate only)
    "blind27/riskM_measure.tsv": (150, 92, 10),
    # blind28 riskM, 120 short phone-style and 140 chat-style lines (whole on arrival: recall 93.4%, 22 false-flag
    # lines): the tuning half 86/92 and 12 false-flag lines before its round; left: chemotherapy sets weak immunity
    # too, "booked microneedling for next friday" (referred), a quoted leaflet about herpes lesions, a husband's
    # cancer written in Arabic, a kidney transplant written in Russian
    # (92 and 6 after blind29's round: the Russian transplant and the Arabic husband read)
    "blind28/riskM_tune.tsv": (130, 92, 6),
    # 84/90 and 10 false-flag lines before the round and after it (aggregate only)
    "blind28/riskM_measure.tsv": (130, 84, 10),
    # blind29 riskM, 130 short and 150 chat-style lines, negatives half ordinary questions and half tricky (whole on
    # arrival: recall 95.1%, 6 false-flag lines): the tuning half 108/113 and 3 false-flag lines before its round;
    # left: "microneedled 2 days ago and now it's oozing pus" (urgent too, as severe oozing after a procedure)
    "blind29/riskM_tune.tsv": (140, 112, 1),
    # 88/93 and 3 false-flag lines before the round and after it (aggregate only)
    "blind29/riskM_measure.tsv": (140, 88, 3),
    # blind30 riskM, 110 short and 130 chat-style lines, mostly ordinary negatives (whole on arrival: recall 94.6%,
    # 6 false-flag lines): the tuning half 75/79 and 2 false-flag lines before its round
    "blind30/riskM_tune.tsv": (120, 79, 0),
    # 82/87 and 4 false-flag lines before the round and after it (aggregate only)
    "blind30/riskM_measure.tsv": (120, 82, 4),
    # blind31 riskM, 120 short and 160 chat-style lines, hard negatives of six kinds (whole on arrival: recall 94.0%,
    # 11 false-flag lines): the tuning half 89/94 and 6 false-flag lines before its round; left: cancer long ago and
    # cleared (2009, a basal cell twelve years ago) stays flagged, as most writers flag it; chemo ended in September
    # stays weak immunity too (the careful side)
    "blind31/riskM_tune.tsv": (140, 94, 3),
    # 84/90 and 5 false-flag lines before the round and after it (aggregate only)
    "blind31/riskM_measure.tsv": (140, 84, 5),
    # blind32 riskM, 117 short and 203 chat-style lines, 85 not in native English, hard negatives of six kinds (whole
    # on arrival: recall 94.8%, 13 false-flag lines; its misses were printed once on arrival): the tuning half 91/96
    # and 5 false-flag lines before its round; left: a relative the product is bought for (the writer flags her,
    # the bot answers in general with who to see), chemo alone read as weak immunity too (the careful side), a shop
    # sign listing who should ask a doctor, "in generale ... solo curiosita", a peel in August "fully healed"
    "blind32/riskM_tune.tsv": (160, 94, 5),
    # 109/115 and 8 false-flag lines before the round and after it (aggregate only)
    "blind32/riskM_measure.tsv": (160, 109, 8),
}
MEASURE_ONLY = {"risk/risk_measure.tsv", "blind4/risk_measure.tsv", "blind3/risk.tsv", "blind11/risk_measure.tsv",
                "blind12/risk_measure.tsv", "blind13/risk_measure.tsv", "blind14/riskA_measure.tsv",
                "blind14/riskB_measure.tsv", "blind15/riskC_measure.tsv", "blind15/riskD_measure.tsv",
                "blind16/riskE_measure.tsv", "blind17/riskF_measure.tsv",
                "blind5/risk_measure.tsv", "blind18/riskH_measure.tsv", "blind18/riskG_measure.tsv",
                "blind19/riskI_measure.tsv", "blind19/riskJ_measure.tsv", "blind20/riskK_measure.tsv",
                "blind21/riskL_measure.tsv", "blind22/riskM_measure.tsv",
                "blind23/riskM_measure.tsv", "blind25/riskM_measure.tsv",
                "blind26/riskM_measure.tsv", "blind27/riskM_measure.tsv",
                "blind28/riskM_measure.tsv", "blind29/riskM_measure.tsv",
                "blind30/riskM_measure.tsv", "blind31/riskM_measure.tsv",
                "blind32/riskM_measure.tsv"}


@pytest.mark.parametrize("name", sorted(STUDIED))
def test_every_flag_found_and_no_false_flag_on_the_studied_sets(engine: Engine, name: str) -> None:
    fig = figures(engine, DATA / name)
    assert fig.lines == STUDIED[name]
    assert fig.recall == 1.0 and fig.false_flag_lines == 0, "\n".join(fig.misses)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_back_sets_stay_at_or_above_their_measured_figures(engine: Engine, name: str) -> None:
    lines, found, false_lines = FLOORS[name]
    fig = figures(engine, DATA / name)
    print(f"{name}: {fig.summary()}")
    shown = fig.summary() if name in MEASURE_ONLY else fig.summary() + "\n" + "\n".join(fig.misses)
    assert fig.lines == lines
    assert fig.found >= found, shown
    assert fig.false_flag_lines <= false_lines, shown


def test_the_figures_count_false_flags_by_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text("# t\ni am pregnant\tpregnancy\nmy sister is pregnant\t-\ni am pregnant and breastfeeding\t-\n",
                    encoding="utf-8")
    fig = figures(engine, path)
    assert (fig.lines, fig.expected, fig.found, fig.false_flag_lines) == (3, 1, 1, 1)
