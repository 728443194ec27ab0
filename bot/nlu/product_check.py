"""A message about one product the user has in hand, asking whether it is any good: the product checklist.

"I have the bottle right here, $140 at a mall pop-up. Is it any good?" or "Found DermaVesic on Amazon, $59.
Should I trust this one?" asks for a verdict on that product, which the checklist gives, not for the general
answer on judging products. Both halves must be there: a question about "it" or "this one", and something that
makes the product concrete (a price, a name in quotes or after "brand is", the bottle at hand).
"""

from __future__ import annotations

import re

#: "it"/"them" as the thing used or combined: the message is about the product being discussed.
REFERENCE = re.compile(r"\b(?:use|using|put|apply|applying|mix|mixing|pair|layer|combine|with|need|keep|store)\s+"
                       r"(?:it|them|this|these|that)\b|\b(?:it|them|this|these)\s+(?:with|on|before|after)\b")
#: ... or as the thing that works ("does it work on acne scars?"): not about another product.
SUBJECT = re.compile(r"\b(?:does|do|will|would|can|could|did)\s+(?:it|they|this|these)\s+(?:\w+\s+)?"
                     r"(?:work|help|do|fix|improve|make|treat|clear|heal|reduce|get)\b")
#: Topics a question about one product at hand is read as, when it is really asking for the checklist's verdict.
VERDICT_TOPICS = ("worth_it", "price", "real_world_examples")

_IT = r"(?:it|this|this\s+one|that|that\s+one|they|these|this\s+(?:serum|cream|ampoule|product|brand|bottle|stuff))"
#: Asking for a verdict on the product named.
_VERDICT = re.compile(
    rf"\b(?:is|are|was)\s+{_IT}\s+(?:\w+\s+)?(?:any\s+good|legit\w*|a\s+scam|scam|trustworthy|"
    r"(?:a\s+)?(?:good|decent|ok|okay)(?:\s+one)?(?=\s*(?:[.?!,]|$|or\b|to\b)))"
    r"|\b(?:this|that)\s+one\s+(?:any\s+)?(?:good|legit|ok|okay)\b"
    rf"|\bcan\s+(?:i\s+)?trust\b|\bshould\s+i\s+(?:trust|buy|grab|get|order)\s+{_IT}\b"
    r"|\b(?:decent|good)\s+one\s+to\s+(?:grab|buy|get|order)\b"
    # "can we go through it together and see if it holds up?"
    rf"|\b(?:see|check|tell\s+me|find\s+out|work\s+out)\s+(?:if|whether)\s+{_IT}\s+(?:really\s+|actually\s+)?"
    r"(?:holds?\s+up|is\s+(?:any\s+good|legit\w*|a\s+scam|worth\s+it|trustworthy))"
    rf"|\b(?:go\s+through|vet|rate|assess|evaluate)\s+{_IT}\s+(?:together|with\s+me|for\s+me)\b")
#: What makes it one product: a price, a name quoted or given, the bottle at hand.
_CONCRETE = re.compile(
    r"[$€£]\s?\d|\d+(?:[.,]\d+)?\s*(?:\$|usd|dollars?|euros?|eur|€|£|pounds?|bucks|yen|won|rupees|reais|zł|zl)(?!\w)"
    r"|\b(?:bottle|box|jar|tube|ampoule|vial|pack|one)\b[^.!?]{0,40}\b(?:here|in\s+my\s+hand|with\s+me|"
    r"in\s+front\s+of\s+me)\b|\b(?:brand\s+is|called|named|brand\s+name\s+is)\s+\w", re.IGNORECASE)
#: A name in quotes that starts with a capital, as product names do ("ExoLuxe Platinum", not "not real exosomes").
_QUOTED_NAME = re.compile("[\"\u201c][A-Z][^\"\u201d]{2,40}[\"\u201d]")


def asks_about_one_product(text: str) -> bool:
    """Tell whether a message asks for a verdict on one concrete product the user has or is about to buy."""
    return bool(_VERDICT.search(text.lower()) and (_CONCRETE.search(text) or _QUOTED_NAME.search(text)))


def refers(text: str) -> bool:
    """Tell whether a message says "it" or "them" of the product being discussed ("can i mix it with retinol")."""
    return bool(REFERENCE.search(text.lower()))
