"""Messages in other languages: told from English, and their core risk words found (bot/nlu/languages.py)."""

from __future__ import annotations

import re

import pytest
import yaml
from english_words import get_english_words_set

from bot.nlu.languages import fold
from bot.nlu.risk import RiskDetector
from tests.risk_cases import WORDS

# One core word per flag in each language, with a negation and someone else for contrast.
FOREIGN = [
    ("Estoy embarazada de 12 semanas, ¿puedo usar exosomas?", "pregnancy"),
    ("Estoy amamantando a mi bebé", "breastfeeding"),
    ("Tengo cáncer de mama", "cancer"),
    ("Tengo herpes labial desde ayer", "infection"),
    ("Soy VIH positivo", "immunocompromised"),
    ("Me hicieron microneedling ayer", "recent_procedure"),
    ("Me cuesta respirar y tengo los labios hinchados", "urgent"),
    ("No estoy embarazada", "-"),
    ("Mi hermana está embarazada", "-"),
    ("¿Es seguro durante el embarazo?", "-"),
    ("Estou grávida de 5 meses", "pregnancy"),
    ("Estou amamentando, posso usar?", "breastfeeding"),
    ("Fiz laser ontem e meu rosto está inchando", "recent_procedure,urgent"),
    ("Não estou grávida", "-"),
    ("Je suis enceinte", "pregnancy"),
    ("J'allaite mon fils de 3 mois", "breastfeeding"),
    ("J'ai du mal à respirer", "urgent"),
    ("Je ne suis pas enceinte", "-"),
    ("Ich bin schwanger", "pregnancy"),
    ("Ich stille noch meine Tochter", "breastfeeding"),
    ("Ich hatte gestern Botox. Darf ich Exosomen benutzen?", "recent_procedure"),
    ("Seit meiner Nierentransplantation nehme ich Immunsuppressiva", "immunocompromised"),
    ("Ich bin nicht schwanger", "-"),
    ("Meine Mutter hatte Brustkrebs, ich selbst bin gesund", "-"),
    ("Sono incinta di 3 mesi", "pregnancy"),
    ("Ho un tumore, posso usare gli esosomi?", "cancer"),
    ("Non sono incinta e non allatto", "-"),
    ("我怀孕了", "pregnancy"),
    ("我在哺乳期，可以用吗？", "breastfeeding"),
    ("用了以后嘴唇肿了，呼吸困难", "urgent"),
    ("我没有怀孕", "-"),
    ("我妈妈怀孕了", "-"),
    ("授乳中ですが、使っても大丈夫ですか？", "breastfeeding"),
    ("昨日レーザーをしました", "recent_procedure"),
    ("息ができない", "urgent"),
    ("妹が妊娠中です。私は妊娠していません。", "-"),
    ("임신 중인데 엑소좀 써도 되나요?", "pregnancy"),
    ("어제 보톡스 맞았어요", "recent_procedure"),
    ("입술이 부었어요", "urgent"),
    ("유방암 치료 끝난 지 1년 됐어요", "cancer"),
    ("Jestem w ciąży, czy mogę używać tego serum?", "pregnancy"),
    ("Wczoraj miałam zabieg laserem", "recent_procedure"),
    ("Nie jestem w ciąży", "-"),
    ("Hamileyim, bu serumu kullanabilir miyim?", "pregnancy"),
    ("Emziriyorum, kullanabilir miyim?", "breastfeeding"),
    ("Hamile değilim ve emzirmiyorum", "-"),
    ("Kız kardeşim hamile, ben değilim", "-"),
    ("Yüzüm şişti, nefes alamıyorum", "urgent"),
    ("Я беременна, можно ли?", "pregnancy"),
    ("У меня рак, можно?", "cancer"),
    ("Вчера делала лазер", "recent_procedure"),
    ("Saya sedang hamil, boleh pakai serum ini?", "pregnancy"),
    ("Saya masih menyusui anak saya", "breastfeeding"),
    ("Muka saya bengkak dan sesak napas", "urgent"),
    ("Saya tidak hamil", "-"),
    ("Tôi đang mang thai, có dùng được không?", "pregnancy"),
    ("Tôi đang cho con bú", "breastfeeding"),
    ("Tôi không mang thai", "-"),
    ("Ik ben zwanger, mag ik dit gebruiken?", "pregnancy"),
    ("Ik geef borstvoeding", "breastfeeding"),
    ("Ik ben niet zwanger", "-"),
    ("Si algún día quedo embarazada, ¿puedo usar el serum?", "-"),
    ("Kalau nanti hamil, boleh pakai?", "-"),
    ("Sí, estoy embarazada de 3 meses", "pregnancy"),
    ("Tengo un cold sore, ¿puedo usar el serum?", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), FOREIGN)
def test_core_words_in_other_languages(detector: RiskDetector, text: str, flags: str) -> None:
    reading = detector.read(text)
    assert reading.foreign
    assert (",".join(reading.flags) or "-") == flags


@pytest.mark.parametrize("text", [
    "what does plated mean", "vitamin c?", "non comedogenic?", "hola", "merci beaucoup", "gracias", "ciao!",
    "is it a scam", "eu sou de portugal, desculpa o inglês. i think maybe i am pregnant",
    "¿Funcionan de verdad? I mean do exosome creams really work, my cousin in Madrid says yes",
])
def test_english_and_a_word_of_greeting_stay_english(detector: RiskDetector, text: str) -> None:
    assert not detector.read(text).foreign


@pytest.mark.parametrize("text", ["¿Qué son los exosomas?", "Bonjour, est-ce que les exosomes marchent vraiment ?",
                                  "外泌体是什么", "엑소좀 앰플은 냉장 보관해야 하나요?", "Что такое экзосомы?"])
def test_other_languages_and_scripts_are_foreign(detector: RiskDetector, text: str) -> None:
    reading = detector.read(text)
    assert reading.foreign and reading.flags == ()


def test_a_distinctive_word_inside_an_english_message_is_found(detector: RiskDetector) -> None:
    assert detector.read("embarazada, can i use exosome serum?").flags == ("pregnancy",)


@pytest.mark.parametrize(("text", "flags"), [
    ("buntis po ako, pwede ba gamitin?", "pregnancy"), ("nagpapadede po ako", "breastfeeding"),
    ("hindi ako buntis", "-"), ("pwede ba sa buntis?", "-"), ("my ate is buntis, I just want the same brand", "-"),
])
def test_tagalog_words_are_read_in_taglish_read_as_english(detector: RiskDetector, text: str, flags: str) -> None:
    reading = detector.read(text)
    assert not reading.foreign
    assert (",".join(reading.flags) or "-") == flags


def test_fold_strips_accents_from_latin_letters_only() -> None:
    assert fold("Grávida, WEIß, j'ai") == "gravida, weiss, j ai"
    assert fold("có bầu, đang, kız kardeşim, białaczka") == "co bau, dang, kiz kardesim, bialaczka"
    assert fold("임신 중") == "임신 중"
    assert fold("がんばって") == "がんばって"


def test_no_word_meant_for_english_messages_is_an_english_word() -> None:
    """Words English shares ("cancer", "laser") go under shared_words, read only in foreign messages."""
    english = [w for w in get_english_words_set(["web2", "gcide"], lower=True, alpha=True) if len(w) > 4]
    data = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    fragments = [f for cfg in data["languages"].values() for fs in cfg["flags"].values() for f in fs if f.isascii()]
    anyone = re.compile("|".join(f"(?:{f})" for f in fragments))
    clashes = [(f, w) for w in english if anyone.fullmatch(w) for f in fragments if re.fullmatch(f, w)]
    assert clashes == []
