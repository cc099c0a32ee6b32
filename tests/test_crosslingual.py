"""CC-CEDICT terms for English words (chatbot/crosslingual.py), on a hand-made dictionary."""
from chatbot.crosslingual import chinese_terms, english_phrases, gloss_keys, lemma, parse

LINES = [
    "# CC-CEDICT comment line",
    "密碼 密码 [mi4 ma3] /cipher; secret code/password; PIN/",
    "暗號 暗号 [an4 hao4] /secret signal (sign)/countersign/password/",
    "長度 长度 [chang2 du4] /length/",
    "最少 最少 [zui4 shao3] /at least/minimum/lowest (amount)/minimal/",
    "公務艙 公务舱 [gong1 wu4 cang1] /business class (airline seating)/",
    "主任 主任 [zhu3 ren4] /director/head/CL:個|个[ge4]/",
    "經理 经理 [jing1 li3] /manager/director/CL:個|个[ge4],位[wei4]/",
    "會 会 [hui4] /can/meeting; gathering/",
    "技術 技术 [ji4 shu4] /technology; technique; skill/",
]


def test_lemma():
    assert [lemma(w) for w in ("Technologies", "tickets", "class", "bus", "Loans", "is")] == \
        ["technology", "ticket", "class", "bus", "loan", "is"]


def test_gloss_keys_drop_parentheses_particles_and_notes():
    assert gloss_keys("to examine; review (of a case)") == ["examine", "review"]
    assert gloss_keys("CL:個|个[ge4]") == []
    assert gloss_keys("business class (airline seating)") == ["business class"]
    assert gloss_keys("a very long gloss of many words") == []


def test_parse_keeps_multi_character_headwords_in_gloss_order():
    table = parse(LINES)
    assert table["password"] == [(1, "密码"), (2, "暗号")]   # 密码's gloss is its 2nd field, 暗号's its 3rd
    assert table["director"] == [(0, "主任"), (1, "经理")]
    assert "meeting" not in table                           # 会: one character, too ambiguous
    assert table["technology"] == [(0, "技术")]


def test_phrases_longest_first_and_stopwords_dropped():
    table = parse(LINES)
    assert english_phrases("Can directors fly business class?", table) == ["director", "fly", "business class"]
    assert english_phrases("What is the minimum password length?", table) == ["minimum", "password", "length"]


def test_terms_only_those_the_corpus_uses():
    table = parse(LINES)
    vocabulary = {"密码", "长度", "最少", "暗号", "经理", "公务舱"}
    assert chinese_terms("What is the minimum password length?", vocabulary, table=table) == ["最少", "密码", "长度"]
    assert chinese_terms("What is the minimum password length?", vocabulary, per_word=2, table=table) == \
        ["最少", "密码", "暗号", "长度"]
    assert chinese_terms("Can directors fly business class?", vocabulary, table=table) == ["经理", "公务舱"]  # 主任 unused
    assert chinese_terms("密码长度是多少?", vocabulary, table=table) == []   # no English word: nothing to add


def test_shipped_dictionary_maps_common_words():
    assert chinese_terms("business class password", {"公务舱", "密码"}) == ["公务舱", "密码"]


def test_unknown_english_names():
    from chatbot.crosslingual import parse, unknown_names

    table = parse(["澳大利亞 澳大利亚 [Ao4 da4 li4 ya4] /Australia/", "資本 资本 [zi1 ben3] /capital/",
                   "中國 中国 [Zhong1 guo2] /China/"])
    vocab = {"资本", "中国", "chengyuan", "vpn"}
    assert unknown_names("What is the capital of Australia?", vocab, table) == ["australia"]
    assert unknown_names("Where is the VPN client of China?", vocab, table) == []        # acronym; a known name
    assert unknown_names("What is the code of the Chengyuan Cloud upgrade?", vocab, table) == []  # beside a known name
    assert unknown_names("Who won the Nobel Prize?", vocab, table) == ["nobel", "prize"]
    assert unknown_names("Australia is where?", vocab, table) == []                     # the first word is not judged
