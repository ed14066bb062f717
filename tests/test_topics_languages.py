"""Topics for news in languages other than Chinese and English (issue 4): the taxonomy's vocabulary in
each language, and how its terms match in scripts that space their words and in those that do not.

The sentences are written for these tests in each language's ordinary news wording, not taken from the
corpus: the corpus pages in other languages are the check that the vocabulary generalises."""

from __future__ import annotations

import pytest

from triage.topics import load_tagger, to_simplified


@pytest.fixture(scope="module")
def tagger():
    return load_tagger()


@pytest.mark.parametrize(
    ("lang", "headline", "slug"),
    [
        (
            "de",
            "Die SPD verliert bei der Bundestagswahl, der Kanzler spricht von einer Niederlage der Regierung",
            "politics",
        ),
        ("tr", "Süper Lig'de derbi maçında iki gol: teknik direktör takımını övdü", "sport"),
        ("pl", "Sąd skazał oskarżonego, prokuratura zapowiada apelację od wyroku", "crime-law"),
        ("ja", "衆院選で自民党が過半数を維持、野党は議席を伸ばす", "politics"),
        ("ko", "대통령 탄핵안이 국회에서 통과되자 여당과 야당이 충돌했다", "politics"),
        ("es", "El equipo ganó el partido con dos goles y el entrenador celebró el título de Liga", "sport"),
        ("pt", "A inflação sobe e o banco central eleva os juros; empresas temem queda nas vendas", "economy-business"),
        (
            "ru",
            "Землетрясение магнитудой 6,1 произошло на Камчатке, спасатели МЧС эвакуируют людей",
            "disaster-accident",
        ),
        (
            "fr",
            "Canicule : Météo-France place 40 départements en vigilance, les températures dépassent 38 degrés",
            "weather",
        ),
        ("id", "Gempa bumi magnitudo 5,6 guncang Cianjur, BNPB catat puluhan bangunan rusak", "disaster-accident"),
        ("ms", "Dewan Rakyat lulus bajet, Perdana Menteri isyarat pilihan raya awal", "politics"),
        ("it", "Il governo approva la manovra, l'opposizione protesta in Parlamento", "politics"),
        ("vi", "Bộ Y tế cho biết số bệnh nhân sốt xuất huyết tại các bệnh viện Hà Nội tăng mạnh", "health"),
        ("ar", "وزارة الصحة تعلن عن لقاح جديد ضد فيروس كورونا", "health"),
        ("ar", "الحكومة تعلن موعد الانتخابات البرلمانية", "politics"),
        ("ar", "معارضون يسيطرون على مخازن للصواريخ بريف دمشق", "conflict-war"),  # CNN Arabic (newspaper4k's data)
    ],
)
def test_a_news_headline_in_another_language_names_its_topic(tagger, lang, headline, slug):
    topics = tagger.topics(headline)
    assert topics, lang
    assert topics[0].slug == slug, (lang, topics)


def test_a_polish_word_containing_a_term_does_not_fire_it(tagger):
    # "sąd" (court) sits inside "przesądny" (superstitious)
    assert tagger.matcher.find("Był przesądny i bał się czarnych kotów") == {}


def test_a_cyrillic_term_inside_a_longer_word_does_not_fire(tagger):
    # "суд" and "суда" (court) sit inside "государство" (the state)
    assert tagger.matcher.find("Государство увеличит расходы на дороги") == {}


def test_an_accented_letter_continues_a_word_so_a_term_inside_it_does_not_fire(tagger):
    # "élection" inside "réélection" (re-election) and English "art" inside Turkish "şartı": the letter
    # before them (é, ş) is part of the word although it is not ASCII
    assert "élection" not in tagger.matcher.find("la réélection du maire")
    assert "art" not in tagger.matcher.find("Vize şartı kalktı")


def test_an_inflected_form_listed_in_the_taxonomy_is_found_as_a_whole_word(tagger):
    assert tagger.matcher.find("Seçimlerde muhalefet kazandı") == {"seçimlerde": 1, "muhalefet": 1}


def test_a_korean_term_is_found_with_its_particle_attached(tagger):
    assert tagger.matcher.find("선거에서 이겼다") == {"선거": 1}


def test_a_japanese_kanji_term_matches_the_text_simplified_as_it_is_read(tagger):
    # 選挙 is looked for as 选挙, which is what the text's 選挙 becomes before matching
    assert tagger.matcher.find(to_simplified("来月の選挙の投票")) == {to_simplified("選挙"): 1}


def test_a_weak_term_alone_does_not_tag_a_foreign_text(tagger):
    # Spanish "partido" is a party and a match: weak in politics and sport, no topic on its own
    assert tagger.topics("El partido presentó su programa") == []


def test_every_term_of_the_taxonomy_is_found_in_its_own_text(tagger):
    # a term that normalising, lower-casing or simplifying would make unreachable is a dead line of data
    unreachable = []
    for topic in tagger.taxonomy.topics.values():
        for term in topic.terms + topic.weak:
            if not tagger.matcher.find(to_simplified(term)):
                unreachable.append(term)
    assert unreachable == []


def test_a_long_russian_story_ranks_the_topic_it_says_most_first(tagger):
    # a story read as having no length (only ASCII words counted) had every topic's evidence at 1.0 and
    # ranked them in taxonomy order (economy first); sentences repeated to article length, politics named most
    politics = "Президент и правительство обсудили выборы в парламенте, депутаты и министр спорили о санкциях. "
    economy = "Компания сообщила, что цены и инфляция растут. "
    topics = tagger.topics(politics * 12 + economy * 14)
    assert [t.slug for t in topics[:2]] == ["politics", "economy-business"]
