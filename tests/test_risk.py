"""Tests for bot.nlu.risk: risk-flag detection on the development set and own cases, and the referral templates."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from bot.nlu.risk import FLAGS, RiskDetector
from tests.risk_cases import expected_flags, load_default

ROOT = Path(__file__).parent.parent
DEV_RISK = ROOT / "data/dev/dev_risk.tsv"
REFERRALS_DIR = ROOT / "answers" / "referrals"



def _dev_rows() -> list[tuple[str, str]]:
    """Read the development set (text<TAB>flags)."""
    rows = []
    for line in DEV_RISK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, flags = line.split("\t")
        rows.append((text, flags))
    return rows


@pytest.mark.parametrize(("text", "flags"), _dev_rows())
def test_dev_set(detector: RiskDetector, text: str, flags: str) -> None:
    """Every line of the development set comes out exactly right."""
    assert detector.detect(text) == expected_flags(flags)


# Own cases: situations of the user, with varied wording, typos and
# uncertainty, and several flags at once.
FLAGGED = [
    ("i'm pregnant", "pregnancy"),
    ("I’m 20 weeks pregnant, can I use the serum?", "pregnancy"),
    ("im pregant", "pregnancy"),
    ("iam pregnent and want to try exosomes", "pregnancy"),
    ("preggo here, is this ok", "pregnancy"),
    ("pregnant, can i use this", "pregnancy"),
    ("Pregnant! can I still use my exosome cream?", "pregnancy"),
    ("we are trying to conceive", "pregnancy"),
    ("ttc for a year, is exosome serum fine?", "pregnancy"),
    ("i'm doing IVF right now", "pregnancy"),
    ("trying for a baby", "pregnancy"),
    ("my husband and i are trying to get pregnant", "pregnancy"),
    ("i'm in my second trimester", "pregnancy"),
    ("third trimester, exosome face mask?", "pregnancy"),
    ("i'm expecting a baby in june", "pregnancy"),
    ("im expecting twins", "pregnancy"),
    ("not sure if i'm pregnant", "pregnancy"),
    ("I might be pregnant", "pregnancy"),
    ("could be pregnant tbh", "pregnancy"),
    ("maybe pregnant", "pregnancy"),
    ("can't rule out pregnancy", "pregnancy"),
    ("I think I'm pregnant", "pregnancy"),
    ("i don't know if i'm pregnant yet", "pregnancy"),
    ("there is a chance i'm pregnant", "pregnancy"),
    ("can i use exosomes while pregnant?", "pregnancy"),
    ("im breastfeeding", "breastfeeding"),
    ("i'm breast feeding my 3 month old", "breastfeeding"),
    ("breastfeading, is exosome serum ok", "breastfeeding"),
    ("brestfeeding mum here", "breastfeeding"),
    ("i'm nursing", "breastfeeding"),
    ("exclusively pumping for my son", "breastfeeding"),
    ("i'm lactating", "breastfeeding"),
    ("still breast-feeding my toddler", "breastfeeding"),
    ("can i use it while breastfeeding", "breastfeeding"),
    ("i have breast cancer", "cancer"),
    ("i had melanoma", "cancer"),
    ("in remission from lymphoma", "cancer"),
    ("i'm in remission", "cancer"),
    ("had a tumour removed last year", "cancer"),
    ("leukaemia survivor", "cancer"),
    ("i have leukemia", "cancer"),
    ("finished chemo in march", "cancer,immunocompromised"),
    ("on chemo", "cancer,immunocompromised"),
    ("doing radiotherapy for breast cancer", "cancer"),
    ("had radiation therapy", "cancer"),
    ("diagnosed with basal cell carcinoma", "cancer"),
    ("i had skin cancer 10 years ago", "cancer"),
    ("my oncologist said to ask", "cancer"),
    ("i'm cancer free for 2 years", "cancer"),
    ("i have a cold sore", "infection"),
    ("got a coldsore on my lip", "infection"),
    ("herpes outbreak right now", "infection"),
    ("my skin is infected", "infection"),
    ("i have an infected spot on my cheek", "infection"),
    ("i have impetigo", "infection"),
    ("cellulitis on my leg", "infection"),
    ("i have shingles", "infection"),
    ("infected cut on my face", "infection"),
    ("i have a skin infection and a fever", "infection"),
    ("i'm hiv positive", "immunocompromised"),
    ("i have HIV", "immunocompromised"),
    ("kidney transplant in 2015, on tacrolimus", "immunocompromised"),
    ("i had a transplant", "immunocompromised"),
    ("im on immunosupressants", "immunocompromised"),
    ("immunosuppressed", "immunocompromised"),
    ("i have a weakened immune system", "immunocompromised"),
    ("weak immune system", "immunocompromised"),
    ("my immune system is compromised", "immunocompromised"),
    ("i have lupus and take biologics", "immunocompromised"),
    ("on humira for crohns", "immunocompromised"),
    ("i'm immunocompromised", "immunocompromised"),
    ("i had laser yesterday", "recent_procedure"),
    ("just had laser", "recent_procedure"),
    ("had microneedling 2 days ago", "recent_procedure"),
    ("got microneedled last week", "recent_procedure"),
    ("i had a peel yesterday", "recent_procedure"),
    ("did a tca peel 3 days ago", "recent_procedure"),
    ("microneedeling yesterday, can i use exosomes", "recent_procedure"),
    ("fresh out of a fraxel session", "recent_procedure"),
    ("day 3 post co2 laser", "recent_procedure"),
    ("i'm healing from dermabrasion", "recent_procedure"),
    ("i had a chemical peel this morning", "recent_procedure"),
    ("just got my microneedling done", "recent_procedure"),
    ("my face is swelling", "urgent"),
    ("my lips are swollen after the cream", "urgent"),
    ("swollen eyes and itchy after using it", "urgent"),
    ("tongue swelling!!", "urgent"),
    ("i can't breathe", "urgent"),
    ("cant breathe properly", "urgent"),
    ("difficulty breathing", "urgent"),
    ("throat is closing", "urgent"),
    ("my throat feels tight after the serum", "urgent"),
    ("spreading redness and a fever", "infection,urgent"),  # an emergency and an infection
    ("severe blistering after the serum", "urgent"),
    ("it burns badly", "urgent"),
    ("hives all over my body", "urgent"),
    ("i think it's anaphylaxis", "urgent"),
    ("🤰 can i use it", "pregnancy"),
    ("<b>pregnant</b>", "pregnancy"),
    ("i am pregnant and had laser yesterday", "pregnancy,recent_procedure"),
    ("breastfeeding and on chemo", "breastfeeding,cancer,immunocompromised"),
    ("i'm not pregnant but i'm breastfeeding", "breastfeeding"),
    ("not pregnant but had a peel yesterday", "recent_procedure"),
    ("my face is swelling and i'm pregnant", "pregnancy,urgent"),
    ("i have a cold sore and i'm hiv positive", "infection,immunocompromised"),
    ("I am currently 8 weeks pregnant and I wanted to ask whether the exosome serum I bought is ok", "pregnancy"),
    (
        "Hi there! I've been reading a lot about exosomes lately and I'm really curious. "
        "I bought a serum last month for about $200. By the way I'm breastfeeding my "
        "daughter who is 4 months old. Anyway, how should I layer it with my vitamin C?",
        "breastfeeding",
    ),
    ("quick q - had microneedling on tuesday, when can i put exosomes on?", "recent_procedure"),
    ("i had a chemical peel a few days ago", "recent_procedure"),
    ("my derm did a laser treatment on me yesterday", "recent_procedure"),
    ("i just got lasered", "recent_procedure"),
    ("I got a Morpheus8 treatment 5 days ago", "recent_procedure"),
    ("lips swelled up after i applied it", "urgent"),
    ("my eyelids are swollen shut", "urgent"),
    ("i’m having trouble breathing", "urgent"),
    ("shortness of breath after using the mask", "urgent"),
    ("face is puffed up and my throat feels tight", "urgent"),
    ("my skin is blistering after the serum", "urgent"),
    ("i broke out in hives everywhere", "urgent"),
    ("the redness is spreading and i have a fever", "infection,urgent"),
    ("what should i do if my lips swell?", "urgent"),
    ("i'm a transplant recipient", "immunocompromised"),
    ("i have rheumatoid arthritis and i'm on methotrexate", "immunocompromised"),
    ("i have an autoimmune disease", "immunocompromised"),
    ("my immunity is weak after chemo", "cancer,immunocompromised"),
    ("weak immune system from chemotherapy", "cancer,immunocompromised"),
    ("chemotherapy finished 2 weeks ago", "cancer,immunocompromised"),
    ("im hiv+", "immunocompromised"),
    ("I’m HIV-positive", "immunocompromised"),
    ("had a cold sore last week", "infection"),
    ("fever and an infected wound on my chin", "infection"),
    ("there's pus in a spot on my chin", "infection"),
    ("can i use exosomes on an infected pimple?", "infection"),
    ("herpes flare up", "infection"),
    ("Am I pregnant?", "pregnancy"),
    ("is it safe if i'm pregnant", "pregnancy"),
    ("what if i'm pregnant", "pregnancy"),
    ("pregnant with my second", "pregnancy"),
    ("we're expecting!", "pregnancy"),
    ("Were expecting our first baby", "pregnancy"),
    ("my girlfriend and i are expecting", "pregnancy"),
    ("i had lymphoma as a kid", "cancer"),
    ("melanoma survivor here", "cancer"),
    ("i was treated for melanoma", "cancer"),
    ("stage 2 breast cancer", "cancer"),
    ("Stage 2 breast cancer, can I use it", "cancer"),
    ("PREGNANT", "pregnancy"),
    ("i am pregnant", "pregnancy"),
    ("i'm 12 weeks along", "pregnancy"),
    ("twenty weeks along and my skin is dull", "pregnancy"),
]

# Own cases: negations, third persons, general questions, long-ago events,
# look-alike words and out-of-scope chatter.
NOT_FLAGGED = [
    ("me and my wife are ttc, she asked me to check", "-"),
    ("i'm NOT pregnant", "-"),
    ("i am not pregnant or breastfeeding", "-"),
    ("never been pregnant", "-"),
    ("not pregnant, not breastfeeding", "-"),
    ("my sister is pregnant", "-"),
    ("my best friend is pregnant, can she use it?", "-"),
    ("she's pregnant", "-"),
    ("are exosomes safe during pregnancy?", "-"),
    ("is it safe to use exosomes while pregnant?", "-"),
    ("can pregnant women use exosome serum?", "-"),
    ("what results should i be expecting?", "-"),
    ("Pregnant: no", "-"),
    ("pregnancy test was negative", "-"),
    ("i was pregnant 3 years ago", "-"),
    ("i work in a nursing home", "-"),
    ("i'm a nursing student", "-"),
    ("i stopped breastfeeding last year", "-"),
    ("i am not breastfeeding", "-"),
    ("is it safe while breastfeeding?", "-"),
    ("can breastfeeding mothers use it", "-"),
    ("my wife is breastfeeding", "-"),
    ("never had cancer", "-"),
    ("no history of cancer", "-"),
    ("i don't have cancer", "-"),
    ("my friend has cancer", "-"),
    ("my mom had breast cancer", "-"),
    ("family history of melanoma", "-"),
    ("does exosome serum cause cancer", "-"),
    ("can exosomes cause tumors", "-"),
    ("what is the cancer risk of exosomes", "-"),
    ("do exosomes increase cancer risk?", "-"),
    ("are exosomes linked to cancer", "-"),
    ("will exosomes give me cancer?", "-"),
    ("is it safe for cancer patients?", "-"),
    ("can cancer survivors use exosome products?", "-"),
    ("does uv radiation damage skin", "-"),
    ("i never had any skin infection", "-"),
    ("no infection", "-"),
    ("i had shingles 10 years ago", "-"),
    ("can exosomes cause infection?", "-"),
    ("how to avoid infection after microneedling", "-"),
    ("can you use it on infected skin?", "-"),
    ("my son has impetigo", "-"),
    ("i don't have hiv", "-"),
    ("hiv negative", "-"),
    ("my husband had a transplant", "-"),
    ("hair transplant last year", "-"),
    ("is it safe for people with hiv?", "-"),
    ("it aids healing", "-"),
    ("i had laser resurfacing 3 years ago", "-"),
    ("microneedling 2 years ago", "-"),
    ("can i use exosomes after microneedling?", "-"),
    ("does it help after laser?", "-"),
    ("i'm getting laser next week", "-"),
    ("my skin is peeling", "-"),
    ("i have never had a chemical peel", "-"),
    ("puffy eyes, will exosomes help?", "-"),
    ("does it reduce swelling after microneedling", "-"),
    ("no swelling at all", "-"),
    ("the swelling on my face went down", "-"),
    ("a little redness", "-"),
    ("redness spreading", "-"),
    ("what are exosomes", "-"),
    ("how much does exosome serum cost", "-"),
    ("", "-"),
    ("Nina mimba", "-"),  # Swahili is not among the languages with word lists
    ("no cancer, no hiv, not pregnant", "-"),
    ("hi", "-"),
    ("is an exosome serum good after a chemical peel?", "-"),
    ("is it normal to have swelling after microneedling?", "-"),
    ("can exosomes cause an allergic reaction", "-"),
    ("my sister had a laser yesterday", "-"),
    ("does exosome serum interact with chemotherapy drugs?", "-"),
    ("my kid has a cold sore", "-"),
    ("i'm not sick, no infections", "-"),
    ("I dont have any active infections", "-"),
    ("no cold sores currently", "-"),
    ("I am 36, not pregnant, no cancer history, normal skin", "-"),
    ("do exosomes affect fertility", "-"),
    ("exosomes and pregnancy", "-"),
    ("exosomes and cancer", "-"),
    ("pregnancy safe exosome products?", "-"),
    ("what about breastfeeding?", "-"),
    ("my girlfriend is expecting", "-"),
    ("my mum had lymphoma", "-"),
    ("has anyone with melanoma used this", "-"),
    ("can people with melanoma use exosomes?", "-"),
]


@pytest.mark.parametrize(("text", "flags"), FLAGGED)
def test_flagged(detector: RiskDetector, text: str, flags: str) -> None:
    """The user's own risk situation sets exactly the expected flags."""
    assert detector.detect(text) == expected_flags(flags)


@pytest.mark.parametrize(("text", "flags"), NOT_FLAGGED)
def test_not_flagged(detector: RiskDetector, text: str, flags: str) -> None:
    """Negated, third-person and general messages set no flag."""
    assert detector.detect(text) == expected_flags(flags)


# --- referral templates -------------------------------------------------

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(REFERRALS_DIR)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
BANNED = ("safe for you", "diagnose", "treats", "cures")


@pytest.mark.parametrize("flag", FLAGS)
def test_referral_template(flag: str) -> None:
    """Each flag has a short Telegram-HTML referral with no banned claims."""
    assert (REFERRALS_DIR / f"{flag}.j2").is_file()
    text = ENV.get_template(f"{flag}.j2").render()
    assert 0 < len(text) <= 350
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)[^>]*>", text))
    assert tags <= {"b", "i"}
    lowered = text.lower()
    for phrase in BANNED:
        assert phrase not in lowered


def test_urgent_first_line() -> None:
    """The urgent referral opens with emergency care."""
    first = ENV.get_template("urgent.j2").render().splitlines()[0]
    assert "emergency" in first.lower()
    assert first.startswith("\U0001f6a8 <b>Get emergency care now</b>")


def test_no_stray_referral_templates() -> None:
    """One referral template per flag, plus what follows an emergency, the failed-check referral and the reminder."""
    names = {p.stem for p in REFERRALS_DIR.glob("*.j2")}
    assert names == set(FLAGS) | {"after_emergency", "unchecked", "reminder"}


@pytest.mark.parametrize("text, flags", [
    ("kidney transplant patient here with a skin infection on my arm, exosomes?", ("infection", "immunocompromised")),
    ("i'm a cancer patient, is exosome serum ok", ("cancer",)),
    ("my patient has cancer, can she use exosomes", ()),
    ("my client is pregnant", ()),
    ("one of my clients had a peel yesterday", ()),
])
def test_patients_and_clients_are_someone_else_only_with_an_owner(text, flags):
    assert load_default().detect(text) == flags
