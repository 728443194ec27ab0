"""The console chat: the same engine, buttons as numbers, /quit to leave."""

from bot.adapters.console import pick_button, render_turn, run_console
from bot.engine.conversation import Button


def converse(engine, lines):
    """Run the console over scripted input and return everything it printed."""
    feed = iter(lines)
    printed: list[str] = []

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    status = run_console(engine, read=read, write=printed.append, clock=lambda: 1_700_000_000.0)
    return status, printed


def test_console_greets_answers_and_quits(engine):
    status, printed = converse(engine, ["what does plated mean", "/quit"])
    assert status == 0
    assert "Hi, I'm exobot" in printed[1]
    assert "cell culture" in printed[2] and "<b>" not in printed[2]
    assert printed[-1] == "bot> Bye!"


def test_typing_a_number_presses_that_button(engine):
    status, printed = converse(engine, ["1"])  # the menu's first button: What are exosomes?
    assert status == 0
    assert printed[2].startswith("bot> ")
    assert "nanomet" in printed[2]


def test_a_whole_checklist_by_numbers(engine):
    lines = ["/checklist", "skip", "skip"] + ["1"] * 8
    status, printed = converse(engine, lines)
    assert status == 0
    assert printed[-1] == ""  # end of input
    assert "/8" in printed[-2]


def test_end_of_input_leaves_quietly(engine):
    status, printed = converse(engine, [])
    assert status == 0


def test_buttons_are_numbered_and_picked():
    buttons = (Button("Yes", "f:x:yes"), Button("No", "f:x:no"))
    assert pick_button("2", buttons) == buttons[1]
    assert pick_button("[1]", buttons) == buttons[0]
    assert pick_button("3", buttons) is None
    assert pick_button("yes", buttons) is None


def test_render_turn_strips_markup(engine):
    from bot.engine.conversation import Incoming

    turn = engine.handle(engine.new_state(), Incoming(text="/start"))
    text = render_turn(turn)
    assert "<b>" not in text and "[1]" in text


# -- The same behaviours a Telegram user meets, typed at the console ---------------------


def test_console_answers_a_question_with_numbered_follow_ups(console):
    printed = console.push("whats plated mean")
    assert printed.startswith("bot> ") and "cell culture" in printed and "  [1] " in printed


def test_console_leads_with_the_referral_on_a_risk(console):
    printed = console.push("im pregnant, is exosome serum ok?")
    assert "obstetrician" in printed.split("\n\n")[0].lower()


def test_console_screening_by_typing_and_numbers(console):
    console.push("/screen")
    console.press("No")
    console.press("No")
    assert "3 of 7" in console.text


def test_console_forget_asks_then_erases(console):
    console.push("what are exosomes")
    assert "[1] Yes, erase everything" in console.push("/forget")
    assert "erased" in console.press("Yes, erase everything").lower()
    assert console.session.state == console.session.engine.new_state()
