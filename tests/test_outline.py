"""outline.py: a nested list is chunked by item, and a chunk starting under an item carries that item in its context."""
from dataclasses import replace

from chatbot.chunks import chunk_section
from chatbot.outline import indent, parents, pieces
from chatbot.readers.model import Block
from chatbot.sections import Section

GROUNDS = ("- 北郊训练场\n  - 地址：北郊区兴业大道188号\n  - 开放时间：每天7:00—19:00（6月至9月为6:30—19:30）\n  - 设施：\n"
           "    - 学员休息室（空调、免费饮用水）\n    - 免费停车位50个\n"
           "- 南湖训练场\n  - 地址：南湖区湖滨路66号\n  - 开放时间：每天7:00—21:30\n  - 设施：\n    - 驾驶模拟器12台\n"
           "- 西山摩托车训练场\n  - 地址：西山区翠屏路9号\n  - 开放时间：每天8:00—17:30，每周一闭场检修")


def _lines(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _section(text: str) -> Section:
    block = Block("list", 0, len(text), parts=tuple(_lines(text)))
    return Section("场地.md", "一、训练场地", ("场地指南", "一、训练场地"), "text", 0, len(text), text, (block,))


def test_indentation_and_the_items_a_line_sits_under():
    lines = _lines(GROUNDS)
    assert [indent(GROUNDS, s) for s, _ in lines[:5]] == [0, 2, 2, 2, 4]
    rest = GROUNDS.index("    - 驾驶模拟器")
    assert parents(GROUNDS, lines, rest) == ["- 南湖训练场", "- 设施："]
    assert parents(GROUNDS, lines, GROUNDS.index("- 西山")) == []


def test_each_item_that_fits_is_one_piece_with_its_sub_items():
    lines = _lines(GROUNDS)
    got = pieces(GROUNDS, lines, 80, lambda a, b: [(a, b)])
    assert [GROUNDS[s:e].split("\n")[0] for s, e in got[:1]] == ["- 北郊训练场"]   # 北郊 is too long: its lines follow
    texts = [GROUNDS[s:e] for s, e in got]
    assert any(t.startswith("- 南湖训练场") and t.endswith("驾驶模拟器12台") for t in texts)
    assert "".join(GROUNDS[s:e] for s, e in got).replace("\n", "") == GROUNDS.replace("\n", "")   # nothing lost or doubled


def test_no_chunk_holds_sub_items_of_an_item_it_does_not_name():
    """The list was packed line by line: 南湖's 开放时间 landed in a chunk without 南湖 (breaker U, session 36)."""
    chunks = chunk_section(_section(GROUNDS), GROUNDS, chunk_max=90, chunk_min=20)
    assert len(chunks) > 2
    for c in chunks:
        for name in ("南湖", "北郊", "西山"):
            if f"{name}区" in c.text:   # an address names its ground: the ground is in the chunk or in its context
                assert f"- {name}" in c.text or f"- {name}" in c.context, (c.text, c.context)
    last = next(c for c in chunks if "免费停车位50个" in c.text)
    assert "南湖" not in last.text   # 北郊's parking is not packed with 南湖's item


def test_a_chunk_starting_under_an_item_names_it_in_its_context():
    long_item = "- 停车：免费\n- 设施：\n" + "".join(f"  - 第{i}号设施说明文字较长一些以便超过上限\n" for i in range(8)) + "- 门票：60元"
    chunks = chunk_section(_section(long_item), long_item, chunk_max=60, chunk_min=10)
    later = [c for c in chunks if c.text.startswith("  -")]
    assert later and all("- 设施：" in c.context for c in later)


def test_an_outer_item_is_no_sub_item_of_a_sub_item_ending_in_a_colon():
    """outline.items_under, marked_lead (session 48's review): items of another mark sit under an item ending in a colon
    only up to an item of its own mark or of an outer one, and an item past the sub-items is not quoted under their
    lead."""
    from chatbot.outline import items_under, marked_lead

    lines = ["1. 个人申请：", "（1）身份证", "（2）以下证明之一：", "① 在职证明", "② 收入证明", "2. 单位申请：", "（1）营业执照"]
    assert items_under(lines[2], lines[3:]) == 2 and items_under(lines[0], lines[1:]) == 4
    rules = ["4. 下列情形不在保修范围内：", "（1）人为摔落", "（2）进水", "5. 更换配件需付费", "6. 其他"]
    assert marked_lead(rules, 2, 2) == (0, 2) and marked_lead(rules, 3, 3) is None   # 5. is under no lead


def test_a_lead_in_ending_in_a_colon_is_chunked_with_the_list_after_it():
    """outline.with_leads: a Word item 「21. 有下列情形之一的，不予质保：」 and its 「（1）…」 items were two list blocks, so two
    chunks, and 「哪些情况不予质保」 quoted the lead alone (breaker DP, session 60). A block that ends otherwise keeps its
    own chunk."""
    lead, items = "21. 有下列情形之一的，不予质保：", "（1）外伤导致的损坏；\n（2）在其他医疗机构修改的。"
    after = "22. 质保期内崩瓷的，免费重做。"
    text = f"{lead}\n{items}\n{after}"
    a, b = len(lead) + 1, len(lead) + 1 + len(items)
    blocks = (Block("list", 0, len(lead), parts=((0, len(lead)),)), Block("list", a, b, parts=tuple(
        (a + s, a + e) for s, e in _lines(items))), Block("list", b + 1, len(text), parts=((b + 1, len(text)),)))
    section = Section("质保.docx", "4.3 不予质保的情形", ("4.3 不予质保的情形",), "text", 0, len(text), text, blocks)
    chunks = chunk_section(section, text, chunk_max=200, chunk_min=10)
    assert [c.text for c in chunks] == [f"{lead}\n{items}", after]
    # a paragraph ending in a colon keeps its own chunk (joined to its items, the held-out blind6 docs6 half lost hit@1)
    paragraph = (Block("paragraph", 0, len(lead)),) + blocks[1:]
    assert [c.text for c in chunk_section(replace(section, blocks=paragraph), text, 200, 10)] == [lead, items, after]
    # a Word list's earlier item stays its own chunk: only the item ending in the colon goes with the items
    renew = "20. 质保卡遗失的可补办一次。"
    text3 = f"{renew}\n{lead}\n{items}"
    at = len(renew) + 1
    blocks3 = (Block("list", 0, at + len(lead), parts=((0, len(renew)), (at, at + len(lead)))),
               Block("list", at + len(lead) + 1, len(text3)))
    section3 = Section("质保.docx", "s", ("s",), "text", 0, len(text3), text3, blocks3)
    assert [c.text for c in chunk_section(section3, text3, 200, 10)] == [renew, f"{lead}\n{items}"]
    # … but a lead-in above the last item (no item itself) stays with it and its sub-items (the review)
    text4 = "报名须知：\n1. 报名材料：\n（1）身份证\n（2）照片"
    blocks4 = (Block("list", 0, 14, parts=((0, 5), (6, 14))), Block("list", 15, len(text4)))
    section4 = Section("须知.txt", "s", ("s",), "text", 0, len(text4), text4, blocks4)
    assert [c.text for c in chunk_section(section4, text4, 200, 10)] == [text4]
    plain = "本条说明质保范围。"
    text2 = f"{plain}\n{items}"
    blocks2 = (Block("paragraph", 0, len(plain)), Block("list", len(plain) + 1, len(text2)))
    section2 = Section("质保.docx", "s", ("s",), "text", 0, len(text2), text2, blocks2)
    assert [c.text for c in chunk_section(section2, text2, 200, 10)] == [plain, items]
