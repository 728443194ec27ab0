"""Risk wordings found missed or over-read in the blind10 tuning half (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

REACTIONS = [
    # a term that does not apply (spreading redness needs a fever) hides no other term it overlaps
    ("got a rash of little blisters spreading across my jaw since the mask", "urgent"),
    ("theres a patch of blisters spreading down my neck", "urgent"),
    ("a rash spreading slowly on my arm, just itchy", "-"),
    # breathing or swallowing that feels wrong
    ("breathing feels hard since i used the spray", "urgent"),
    ("swallowing feels weird after that new serum", "urgent"),
    ("my breathing is getting heavy, i put the mask on ten minutes ago", "urgent"),
    ("breathing exercises help me relax before a facial", "-"),
    # a lip or an eye twice its size
    ("my top lip is like double the size after the serum", "urgent"),
    ("woke up and my eye is twice its normal size", "urgent"),
    ("the new bottle is double the size of the old one", "-"),
    # hives that came up
    ("my neck came up in hives an hour after the cream", "urgent"),
    ("arms coming up in welts since i tried the ampoule", "urgent"),
    # about to faint, the room spinning
    ("the room is spinning and i might faint, i just put the serum on", "urgent"),
    ("my head is spinning after the mask, feel awful", "urgent"),
    ("i might faint when i see the price of that serum lol", "-"),
    # oozing or weeping after a procedure; yellow or green ooze is pus
    ("had a peel on monday and now my chin is weeping", "recent_procedure,urgent"),
    ("lasered two days ago and there are oozing patches on my cheek", "recent_procedure,urgent"),
    ("my cheek is oozing yellow stuff", "infection"),
    ("the spot on my nose keeps leaking green gunk", "infection"),
    ("i was weeping at the end of that movie, anyway which serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), REACTIONS)
def test_reactions(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


FEEDING = [
    # everyday words for nursing
    ("the baby wants the boob every hour at the moment", "breastfeeding"),
    ("the baby lives on the boob these days, can i use the exosome mask", "breastfeeding"),
    ("my boob hurts after the gym", "-"),
    ("night feeds are killing me, is the eye cream ok", "breastfeeding"),
    ("cluster feeding all evening, any quick routine", "breastfeeding"),
    ("night feeds with formula are killing me, is the eye cream ok", "-"),
    ("just pumped and now doing my skincare", "breastfeeding"),
    ("pumped, then put on the serum, is that fine", "breastfeeding"),
    ("im so pumped for my new serum", "-"),
    ("pumped up the tyres on my bike then did a face mask", "-"),
    # a child of the user's who still nurses nurses from the user
    ("my daughter is two and still nurses at bedtime", "breastfeeding"),
    ("our little one only nurses to sleep now", "breastfeeding"),
    ("my daughter is a nurse, she asked about the serum", "-"),
    # a plan to breastfeed, a phase that is over
    ("im planning to breastfeed once he arrives, which products should i skip", "-"),
    ("my nursing days are long over, what about retinol", "-"),
    ("my breastfeeding years are behind me, any tips for stretch marks", "-"),
    ("im still breastfeeding, what about retinol", "breastfeeding"),
    # breastfeeding as a topic of talk
    ("breastfeeding is such a touchy subject at my work, what does the guide say", "-"),
]


@pytest.mark.parametrize(("text", "flags"), FEEDING)
def test_feeding(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


TIMES = [
    # postpartum shopping is no birth; a pregnancy the term claims itself outlasts a later birth word
    ("im 36 weeks and buying postpartum skincare, is this serum ok", "pregnancy"),
    ("im 30 weeks, putting together my postpartum kit", "pregnancy"),
    ("im 6 weeks postpartum and the serum stings", "breastfeeding"),
    # "we are planning to": a plan, not a present claim
    ("we are planning to start trying for a baby in a couple of years", "-"),
    ("im hoping to start ivf in a year or so, should i stop exosomes", "-"),
    ("were doing ivf, the transfer is in a few months", "pregnancy"),
    # weeks from now is the future; a time of day is recent
    ("booked a laser session for three weeks from now, any prep", "-"),
    ("got my dermapen appointment a month out, what to avoid", "-"),
    ("microneedling at noon, what can i put on tonight", "recent_procedure"),
    ("fraxel at 10am, is exosome serum ok", "recent_procedure"),
    ("dermarolled my forehead last night, can i use the serum", "recent_procedure"),
]


@pytest.mark.parametrize(("text", "flags"), TIMES)
def test_times(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
