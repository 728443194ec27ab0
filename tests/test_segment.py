"""Splitting chat messages into clauses and telling questions from backstory (bot/nlu/segment.py)."""

from bot.nlu.segment import asks, clauses, questions, sentences


def test_sentences_split_on_ends_and_line_breaks() -> None:
    assert sentences("I'm 61. What is it?\nthanks") == ["I'm 61.", "What is it?", "thanks"]
    assert sentences("is it safe?what about pregnancy") == ["is it safe?", "what about pregnancy"]


def test_a_question_is_found_after_the_backstory() -> None:
    text = "my daughter bought a serum that says exosome on the bottle and i am 61, what is it exactly"
    assert questions(text) == ["what is it exactly"]


def test_backstory_after_the_question_is_context() -> None:
    text = "is there any real proof exosome serums work? i'm turning 40 and would rather not waste money"
    assert [c.asks for c in clauses(text)] == [True, False]


def test_a_list_stays_in_one_clause() -> None:
    text = "Kindly explain the difference between human, animal and plant exosomes."
    assert [c.text for c in clauses(text)] == [text]


def test_fillers_and_requests_are_seen_through() -> None:
    assert asks("ok so like what are they even made of")
    assert asks("tell me plainly what they carry")
    assert asks("is it worth it")
    assert not asks("my roommate says it's just fancy water")


def test_two_questions_are_two_clauses() -> None:
    assert questions("why is it so costly? and is it even safe?") == ["why is it so costly?", "and is it even safe?"]


def test_a_part_that_only_qualifies_the_question_stays_with_it() -> None:
    text = "after a peel, what should I skip, and for how long?"
    assert [c.text for c in clauses(text)] == ["after a peel", "what should I skip, and for how long?"]
    assert [c.text for c in clauses("which serum goes first, or in what order do they go")] == [
        "which serum goes first, or in what order do they go"]
    # a real second question still stands on its own
    assert questions("what should I skip after a peel, and how long do results last?") == [
        "what should I skip after a peel", "and how long do results last?"]


def test_a_question_wondered_about_mid_sentence_is_its_own_clause() -> None:
    text = "it came in a gold box and now im staring at it wondering is it actually worth that kind of money"
    assert questions(text) == ["wondering is it actually worth that kind of money"]
    # near miss: wondering with nothing asked after it stays in its sentence
    assert [c.text for c in clauses("i keep wondering about it all day")] == ["i keep wondering about it all day"]
