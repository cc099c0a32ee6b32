import os

import pytest

from chatbot.documents import decode, load_corpus
from chatbot.errors import CorpusError

from conftest import SEED

TEXT = "互联网金融:注册资本门槛从1亿元提升至10亿元。\n第二行,含半角与全角标点，？"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16")])
def test_decode_common_chinese_encodings(encoding, expected):
    text = TEXT * 5
    assert decode(text.encode(encoding)) == (text, expected)


def test_crlf_is_folded_so_offsets_match_across_copies():
    assert decode("一\r\n二\r三".encode())[0] == "一\n二\n三"


def test_gbk_copy_of_the_seed_loads_identically(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "gbk.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    docs, skipped = load_corpus(tmp_path)
    assert skipped == []
    assert [d.encoding for d in docs] == ["gb18030", "utf-8"]
    assert docs[0].text == docs[1].text == SEED.read_text(encoding="utf-8")


def test_bad_files_are_skipped_with_a_reason_and_the_rest_load(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    outside = tmp_path / "secret.txt"
    outside.write_text("机密", encoding="utf-8")
    os.symlink(outside, corpus / "link.txt")
    (corpus / "big.txt").write_text("大" * 400_000, encoding="utf-8")
    docs, skipped = load_corpus(corpus, max_file_mb=1)
    assert [d.source for d in docs] == ["guide.md", "银行手册.txt"]
    reasons = {s.source: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "image.txt", "link.txt", "big.txt"}
    assert "空的" in reasons["empty.txt"]
    assert "二进制" in reasons["image.txt"]
    assert "之外" in reasons["link.txt"]
    assert "超过 1 MB 的上限" in reasons["big.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_the_corpus_dictionary_is_not_a_document(corpus):
    (corpus / "userdict.txt").write_text("网络小贷 5 n\n", encoding="utf-8")
    (corpus / "notes").mkdir()
    (corpus / "notes" / "userdict.txt").write_text("只有根目录的词典不算文档。", encoding="utf-8")
    docs, skipped = load_corpus(corpus)
    assert [d.source for d in docs] == ["guide.md", "notes/userdict.txt", "银行手册.txt"] and not skipped
