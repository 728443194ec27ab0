"""Scripted dialogues through the flow runner: push a message or press a button, read the reply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.content import load_content
from bot.engine.events import FlowFinished
from bot.engine.flows import FlowOutcome, FlowRunner
from bot.engine.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
DAY = 24 * 3600
BANNED = ("safe for you", "diagnose", "treats", "cures")


def make_runner(root: Path = ROOT) -> FlowRunner:
    """Load the runner with the engine's renderer (autoescape, strict undefined, trimmed blocks)."""
    content = load_content(root)
    return FlowRunner.load(content.flows, Renderer(content.templates).render, content.flow_words,
                           content.glossary)


RUNNER = make_runner()


class Chat:
    """A user talking to one flow, routed the way the engine routes flow messages."""

    def __init__(self, flow_id: str, now: float = 1000.0) -> None:
        """Start the flow."""
        self.now = now
        self.outcome = RUNNER.start(flow_id, now)
        self.fstate = self.outcome.fstate

    def _take(self, outcome: FlowOutcome) -> FlowOutcome:
        """Keep the new fstate (round-tripped through JSON, as the store does)."""
        self.outcome = outcome
        self.fstate = json.loads(json.dumps(outcome.fstate))
        return outcome

    def say(self, text: str) -> FlowOutcome:
        """Type a message: read at the pending question; what is no answer takes the unclear path."""
        self.now += 1
        outcome = RUNNER.on_text(self.fstate, text, (), self.now)
        if outcome.ask_matcher:
            outcome = RUNNER.on_unclear(outcome.fstate, self.now, notice=outcome.notice)
        return self._take(outcome)

    def press(self, value: str) -> FlowOutcome:
        """Press the current question's button with this value."""
        return self.press_data(self.data(value))

    def press_data(self, data: str) -> FlowOutcome:
        """Press a button by its raw data (must not be stale)."""
        self.now += 1
        outcome = RUNNER.on_button(self.fstate, data, self.now)
        assert outcome is not None, data
        return self._take(outcome)

    def data(self, value: str) -> str:
        """Return the data of the last reply's button with this value."""
        for button in self.outcome.replies[-1].buttons:
            if button.data.endswith(f":{value}"):
                return button.data
        raise AssertionError(f"no {value!r} button in {[b.data for b in self.outcome.replies[-1].buttons]}")

    @property
    def text(self) -> str:
        """Return the text of the replies."""
        return "\n\n".join(r.text for r in self.outcome.replies)

    @property
    def step(self) -> str:
        """Return the current step id."""
        return self.fstate["step"]


def checklist_at_criteria(product: str = "skip", price: str = "skip") -> Chat:
    """Start the checklist and get past the optional name and price."""
    chat = Chat("checklist")
    chat.say(product) if product != "skip" else chat.press("skip")
    chat.say(price) if price != "skip" else chat.press("skip")
    assert chat.step == "source"
    return chat


def finish_checklist(chat: Chat, source: str, answers: list[str]) -> FlowOutcome:
    """Answer the source question and the seven yes/no criteria with buttons."""
    chat.press(source)
    for value in answers:
        chat.press(value)
    assert chat.fstate["done"]  # the result card, open for corrections
    return chat.outcome


def finish_screening(answers: dict[str, str]) -> Chat:
    """Answer the screening with buttons; unlisted questions get "no"."""
    chat = Chat("screening")
    while not chat.fstate.get("done"):
        chat.press(answers.get(chat.step, "no"))
    return chat


# -- checklist -------------------------------------------------------------------


def test_checklist_starts_with_intro_and_optional_product_name():
    chat = Chat("checklist")
    assert "Product checklist" in chat.text and "eight things" in chat.text
    assert "What&#39;s the product called?" in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons] == ["Skip", "Cancel"]


def test_checklist_all_met_with_buttons():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "human", ["yes"] * 7)
    assert outcome.result == FlowFinished("checklist", met=8, total=8, verdict="most_met", source="human")
    card = outcome.replies[0]
    assert "8/8 criteria met" in card.text and card.text.count("✅") >= 8
    assert "more likely to deliver meaningful exosome content" in card.text
    assert "Before you buy, remember" in card.text
    assert ("Run the safety screening", "go:screening") in [(b.label, b.data) for b in card.buttons]


def test_checklist_progress_shows_question_number_of_eight():
    chat = checklist_at_criteria()
    assert "Question 1 of 8" in chat.text
    chat.press("plant")
    chat.press("yes")
    assert "Question 3 of 8" in chat.text and "CD63" in chat.text
    assert "Why this matters" in chat.text
    labels = [b.label for b in chat.outcome.replies[0].buttons]
    assert labels == ["Yes", "No", "Not sure", "« Back", "Cancel"]


def test_checklist_typed_dialogue_with_name_price_and_typos():
    chat = Chat("checklist")
    chat.say("Glow Lab Exo Serum")
    assert "Roughly what does it cost?" in chat.text
    chat.say("$299")
    for text in ["goat milk", "yess", "noo", "nto sure", "yep", "idk", "nope", "they do"]:
        chat.say(text)
    result = chat.outcome.result
    assert result == FlowFinished("checklist", met=4, total=8, verdict="mixed", source="animal")
    card = chat.text
    assert "Glow Lab Exo Serum" in card and "Price: $299" in card
    assert "4/8 criteria met" in card
    assert "✅ Source disclosure" in card and "❌ Characterization data" in card
    assert "❔ Third-party testing" in card
    assert "animal-derived" in card


def test_checklist_result_never_carries_product_name_or_price():
    chat = checklist_at_criteria("Secret Brand Serum", "$450")
    outcome = finish_checklist(chat, "plant", ["no"] * 7)
    dumped = repr(outcome.result)
    assert "Secret" not in dumped and "450" not in dumped
    assert outcome.fstate["done"]


def test_checklist_product_name_is_escaped_and_truncated_in_card():
    chat = checklist_at_criteria("<b>Evil</b> & Sons " + "x" * 200)
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Sons" in card
    assert "<b>Evil</b>" not in card
    assert "x" * 61 in card and "x" * 63 not in card  # 80 characters kept in all


def test_checklist_plant_source_and_high_price_with_little_transparency_notes():
    chat = checklist_at_criteria(price="$299")
    outcome = finish_checklist(chat, "plant", ["no", "unsure", "no", "yes", "unsure", "yes", "no"])
    card = outcome.replies[0].text
    assert "less likely to engage the human skin pathways" in card
    assert "Price note" in card and "negligible exosomes" in card


def test_checklist_high_price_with_good_transparency_has_no_price_note():
    chat = checklist_at_criteria(price="$299")
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert "Price: $299" in card and "Price note" not in card


def test_checklist_undisclosed_source_is_a_red_flag():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "not_stated", ["yes"] * 7)
    assert outcome.result.verdict == "red_flag" and outcome.result.met == 7
    assert "Verdict: red flag." in outcome.replies[0].text
    assert "missing disclosure should worry you" in outcome.replies[0].text
    assert outcome.replies[0].text.count("red flag") == 1
    assert "❌ Source disclosure" in outcome.replies[0].text


def test_checklist_mostly_unknown_is_unclear():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "unsure", ["unsure"] * 7)
    assert outcome.result.verdict == "unclear" and outcome.result.met == 0
    assert outcome.replies[0].text.count("❔") >= 8


@pytest.mark.parametrize("typed, value", [
    ("plant", "plant"), ("Plant-derived", "plant"), ("plant stem cells", "plant"), ("human-derived", "human"),
    ("goat milk", "animal"), ("from cows milk", "animal"), ("humna", "human"), ("not stated", "not_stated"),
    ("it doesn't say", "not_stated"), ("no idea", "unsure"),
])
def test_checklist_source_understands_option_words(typed, value):
    chat = checklist_at_criteria()
    assert RUNNER.parse_answer(chat.fstate, typed) == value


@pytest.mark.parametrize("typed, value", [
    *[(w, "yes") for w in ["yes", "Yep!", "yeah", "yup", "y", "sure", "it does", "they do", "correct", "yess",
                           "Yes, they do list CD63"]],
    *[(w, "no") for w in ["no", "nope", "nah", "n", "not really", "doesn't", "noo", "No they don't", "not stated"]],
    *[(w, "unsure") for w in ["not sure", "idk", "dunno", "no idea", "maybe", "unsure", "don't know",
                              "nto sure", "I don't know"]],
])
def test_yes_no_unsure_typed_answers(typed, value):
    chat = checklist_at_criteria()
    chat.press("human")
    assert RUNNER.parse_answer(chat.fstate, typed) == value


@pytest.mark.parametrize("typed", ["what is CD63?", "how do I find the lab data for this", "banana",
                                   "yes and no", "", "🙂"])
def test_questions_and_nonsense_are_not_answers(typed):
    chat = checklist_at_criteria()
    chat.press("human")
    assert RUNNER.parse_answer(chat.fstate, typed) is None


def test_product_name_step_leaves_questions_to_the_engine():
    chat = Chat("checklist")
    assert RUNNER.parse_answer(chat.fstate, "what is a good exosome serum?") is None
    assert RUNNER.parse_answer(chat.fstate, "skip") == "skip"
    assert RUNNER.parse_answer(chat.fstate, "  Exo   Glow  ") == "Exo Glow"


@pytest.mark.parametrize("typed", ["what is CD63?", "is a CD63 marker test enough for 2 brands?"])
def test_price_step_does_not_read_numbers_out_of_questions(typed):
    chat = Chat("checklist")
    chat.press("skip")
    assert RUNNER.parse_answer(chat.fstate, typed) is None


def test_only_the_product_name_step_takes_free_text():
    chat = Chat("checklist")
    assert RUNNER.takes_free_text(chat.fstate)
    chat.press("skip")
    assert not RUNNER.takes_free_text(chat.fstate)


@pytest.mark.parametrize("typed, bucket, shown", [
    ("$299", "high", "$299"), ("about 40 dollars", "low", "$40"), ("£100", "mid", "£100"),
    ("Over $150", "high", "Over $150"), ("$50-150", "mid", "$50-150"),
])
def test_price_typed_or_named_sets_bucket(typed, bucket, shown):
    chat = Chat("checklist")
    chat.press("skip")
    chat.say(typed)
    assert chat.fstate["path"][-1] == ["price", bucket]
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert f"Price: {shown}" in card


def test_back_returns_to_previous_question_and_forgets_its_answer():
    chat = checklist_at_criteria("Exo Glow", "$80")
    chat.press("animal")
    chat.press("yes")
    assert chat.step == "characterization"
    chat.press("back")
    assert chat.step == "manufacturing" and "Question 2 of 8" in chat.text
    assert chat.outcome.replies[0].edit is True
    chat.say("back")
    assert chat.step == "source"
    assert chat.fstate["path"] == [["product", "given"], ["price", "mid"]]
    chat.press("back")
    assert chat.step == "price" and "price" not in chat.fstate
    chat.press("back")
    assert chat.step == "product" and "product" not in chat.fstate
    with pytest.raises(AssertionError):
        chat.data("back")  # no Back on the first question
    assert RUNNER.on_button(chat.fstate, "f:product:back", chat.now) is None


def test_cancel_button_leaves_the_flow():
    chat = checklist_at_criteria()
    chat.press("human")
    outcome = chat.press("cancel")
    assert outcome.fstate is None and outcome.result is None
    assert "stopped the product checklist" in outcome.replies[0].text


def test_cancel_from_the_engine():
    chat = Chat("screening")
    outcome = RUNNER.cancel(chat.fstate)
    assert outcome.fstate is None and "stopped the safety screening" in outcome.replies[0].text


def test_nonsense_reasks_with_hint_then_offers_buttons_only():
    chat = checklist_at_criteria()
    chat.press("human")
    chat.say("purple elephants")
    assert "didn't catch that" in chat.text and "Please answer yes, no or not sure" in chat.text
    assert "Question 2 of 8" in chat.text
    chat.say("banana bread")
    assert "choose one of the buttons" in chat.text and "question 2 of 8" in chat.text
    assert "isolated and purified" not in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons][:3] == ["Yes", "No", "Not sure"]
    chat.say("yep")
    assert chat.step == "characterization" and chat.fstate["unclear"] == 0


def test_unclear_on_source_step_uses_its_own_hint():
    chat = checklist_at_criteria()
    chat.say("whatever lol")
    assert "human, animal, plant or not stated" in chat.text


def test_stale_unknown_and_forged_buttons_return_none():
    chat = checklist_at_criteria()
    old = chat.data("human")
    chat.press("human")
    now = chat.now + 1
    assert RUNNER.on_button(chat.fstate, old, now) is None  # stale: an earlier question
    assert RUNNER.on_button(chat.fstate, "f:manufacturing:banana", now) is None  # forged value
    assert RUNNER.on_button(chat.fstate, "f:manufacturing:skip", now) is None  # not optional
    assert RUNNER.on_button(chat.fstate, "f:pregnancy:yes", now) is None  # another flow's step
    assert RUNNER.on_button(chat.fstate, "f:manufacturing", now) is None
    assert RUNNER.on_button(chat.fstate, "x:manufacturing:yes", now) is None
    assert RUNNER.on_button(None, "f:manufacturing:yes", now) is None
    assert chat.step == "manufacturing"


def test_continue_offer_and_continue_button_resume_the_question():
    chat = checklist_at_criteria()
    chat.press("human")
    chat.press("yes")
    offer = RUNNER.continue_offer(chat.fstate)
    assert "carry on with the product checklist (question 3 of 8)" in offer.text
    assert [b.data for b in offer.buttons] == ["f:characterization:continue", "f:characterization:cancel"]
    outcome = chat.press_data("f:characterization:continue")
    assert "Question 3 of 8" in outcome.replies[0].text and chat.step == "characterization"


def test_continue_offer_on_optional_step_names_the_flow():
    chat = Chat("checklist")
    assert "carry on with the product checklist" in RUNNER.continue_offer(chat.fstate).text


def test_resume_reshows_current_question():
    chat = checklist_at_criteria()
    outcome = RUNNER.resume(chat.fstate, chat.now + 5)
    assert "Question 1 of 8" in outcome.replies[0].text and outcome.fstate["step"] == "source"


def test_expiry_counts_from_the_last_answer():
    chat = Chat("checklist", now=0.0)
    assert not RUNNER.expired(chat.fstate, DAY - 1, DAY)
    assert RUNNER.expired(chat.fstate, DAY + 1, DAY)
    chat.now = DAY - 10
    chat.press("skip")
    assert not RUNNER.expired(chat.fstate, DAY + 1, DAY)
    assert RUNNER.expired({"flow": "checklist"}, 10.0, DAY) is True  # no timestamp: start afresh
    assert RUNNER.expired({"updated": "garbage"}, 10.0, DAY) is True


def test_fstate_from_a_removed_step_restarts_cleanly():
    chat = checklist_at_criteria()
    broken = dict(chat.fstate, step="no_such_step")
    assert RUNNER.on_button(broken, "f:no_such_step:yes", 1.0) is None
    outcome = RUNNER.resume(broken, 2.0)
    assert outcome.fstate["step"] == "product" and outcome.fstate["path"] == []


def test_fstate_is_plain_json_data_at_every_step():
    chat = Chat("checklist")
    states = [chat.fstate]
    for action in ["Exo <Glow>", "$120", "plant", "yes", "no", "idk", "yes", "no", "yes"]:
        chat.say(action)
        states.append(chat.fstate)
    for state in states:
        assert json.loads(json.dumps(state)) == state
        assert isinstance(state["updated"], float)


def test_checklist_ignores_risks_but_keeps_going():
    chat = checklist_at_criteria()
    fstate = RUNNER.on_risks(chat.fstate, ["pregnancy"], chat.now + 1)
    assert "risks" not in fstate and fstate["step"] == "source"


# -- screening -------------------------------------------------------------------


def test_screening_all_no_raises_no_flags_and_gives_conservative_use():
    chat = finish_screening({})
    assert chat.outcome.result == FlowFinished("screening", flags=())
    text = chat.text
    assert "These questions raised no flags" in text and "general information" in text
    for advice in ["single exosome product", "Patch test", "sunscreen", "see a dermatologist"]:
        assert advice in text
    assert not any(word in text.lower() for word in BANNED)


def test_screening_asks_seven_questions_with_progress():
    chat = Chat("screening")
    seen = []
    while not chat.fstate.get("done"):
        seen.append(chat.text.split("<b>Question ")[1].split("</b>")[0])
        chat.press("no")
    assert seen == [f"{n} of 7" for n in range(1, 8)]


@pytest.mark.parametrize("step, flag, expected", [
    ("pregnancy", "pregnancy", "obstetrician"),
    ("breastfeeding", "breastfeeding", "obstetrician"),
    ("cancer", "cancer", "oncology team"),
    ("infection", "infection_or_immunity", "dermatologist or your doctor"),
    ("actives", "actives", "advises against using an exosome product together with strong exfoliating acids"),
    ("sensitive", "sensitive_skin", "Patch test first"),
])
@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_screening_each_factor_gets_its_section(step, flag, expected, answer):
    chat = finish_screening({step: answer})
    assert chat.outcome.result.flags == (flag,)
    assert expected in chat.text
    referral = "Please talk to a clinician before you use any exosome product" in chat.text
    assert referral is (flag not in ("actives", "sensitive_skin"))
    assert "raised no flags" not in chat.text


def test_screening_recent_procedure_asks_which_and_when_with_buttons():
    chat = Chat("screening")
    for _ in range(4):
        chat.press("no")
    chat.press("yes")
    assert chat.step == "procedure_type" and "Question 5 of 7" in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons][:4] == [
        "Laser", "Microneedling", "Chemical peel", "Other / not sure"]
    chat.press("microneedling")
    assert chat.step == "procedure_when"
    chat.press("d0_3")
    assert chat.step == "actives" and "Question 6 of 7" in chat.text
    chat.press("no")
    chat.press("no")
    assert chat.outcome.result.flags == ("recent_procedure",)
    assert "Recent procedure (microneedling)" in chat.text
    assert "clinic's aftercare protocol" in chat.text and "Avoid acids, retinoids" in chat.text
    assert "first days of healing" in chat.text


def test_screening_procedure_typed_answers_keep_only_categories():
    chat = Chat("screening")
    for text in ["nope", "no", "no", "nah", "not sure", "I had a chemical peel", "8 days ago", "yes", "no"]:
        chat.say(text)
    assert chat.outcome.result.flags == ("recent_procedure", "actives")
    assert "Recent procedure (chemical peel)" in chat.text


def test_screening_fstate_keeps_only_answer_values():
    chat = Chat("screening")
    allowed = {"yes", "no", "unsure", "laser", "microneedling", "peel", "other", "d0_3", "d4_14", "over_14"}
    for text in ["no", "no", "no", "no", "yes", "my dermatologist did a fractional laser", "yesterday"]:
        chat.say(text)
        assert {value for _, value in chat.fstate["path"]} <= allowed
        assert "laser" not in json.dumps({k: v for k, v in chat.fstate.items() if k != "path"})
    assert chat.fstate["path"][-2:] == [["procedure_type", "laser"], ["procedure_when", "d0_3"]]


def test_checklist_fstate_keeps_the_typed_words_for_the_card():
    chat = checklist_at_criteria()
    chat.say("umbilical cord MSCs")
    assert chat.fstate["typed"] == {"source": "umbilical cord MSCs"}


def test_screening_procedure_over_two_weeks_ago_is_not_flagged():
    chat = finish_screening({"procedure": "yes", "procedure_type": "laser", "procedure_when": "over_14"})
    assert chat.outcome.result.flags == ()


def test_screening_no_procedure_skips_follow_up_and_back_returns_to_it():
    chat = Chat("screening")
    for _ in range(5):
        chat.press("no")
    assert chat.step == "actives"
    chat.press("back")
    assert chat.step == "procedure"
    chat.press("unsure")
    assert chat.step == "procedure_type"
    chat.press("back")
    assert chat.step == "procedure"


def test_screening_records_risks_typed_mid_flow_as_flags():
    chat = Chat("screening")
    chat.press("no")
    chat.fstate = RUNNER.on_risks(chat.fstate, ["pregnancy", "immunocompromised", "urgent"], chat.now + 1)
    assert chat.fstate["risks"] == ["pregnancy", "infection_or_immunity"]
    while not chat.fstate.get("done"):
        chat.press("no")
    assert chat.outcome.result.flags == ("pregnancy", "infection_or_immunity")
    assert "obstetrician" in chat.text


def test_screening_every_flag_card_avoids_forbidden_words_and_fits():
    answers = {"pregnancy": "yes", "breastfeeding": "yes", "cancer": "yes", "infection": "yes",
               "procedure": "yes", "procedure_type": "other", "procedure_when": "unsure", "actives": "yes",
               "sensitive": "yes"}
    chat = finish_screening(answers)
    assert len(chat.outcome.result.flags) == 7
    assert len(chat.text) < 4096
    assert "Recent procedure</b>" in chat.text  # "other" names no procedure
    assert not any(word in chat.text.lower() for word in BANNED)
