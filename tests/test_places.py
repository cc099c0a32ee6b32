"""A place the documents never name, asked of a quote about other places (chatbot/places.py), and an unlisted place a
table answers by its catch-all row (chatbot/tables.py)."""
import pytest

from chatbot.lexical import lexicon_for
from chatbot.places import other_place, places
from tests.test_series import one_file_bot

TAGGER = lexicon_for(None).tagger()


@pytest.mark.parametrize("text, expected", [
    ("嘉兴项目的客服主管是谁？", ["嘉兴"]),                 # jieba's dictionary tags 嘉兴 nr
    ("金华的物业费", ["金华"]),                              # … and 金华 nz
    ("杭州市内次日配送的订单几点前要下", ["杭州市"]),
    ("苏州、昆山、武汉、成都四地市内", ["苏州", "昆山", "武汉", "成都"]),
    ("华南大区的经销商", ["华南"]),
    ("離職時要歸還哪些東西", []), ("城市地区网民", []), ("上门安装", []),   # tagged ns, no proper noun
    ("钱佳琪的电话", []),                                     # a colleague's name
])
def test_places(text, expected):
    assert places(text, TAGGER) == expected


def test_other_place_needs_a_quote_on_other_places_only_and_no_catch_all():
    row = "镜湖湾 | 绍兴市越城区镜湖路9号 | 钱佳琪 | 0575-8512 7706"
    assert other_place("嘉兴项目的客服主管是谁？", row, TAGGER) == ["嘉兴"]
    assert other_place("绍兴项目的客服主管是谁？", row, TAGGER) == []
    assert other_place("嘉兴项目的客服主管是谁？", "客服主管负责受理业主报修", TAGGER) == []   # a quote on no place
    assert other_place("从嘉兴去绍兴的项目找谁？", row, TAGGER) == []                       # an asked place is quoted
    assert other_place("嘉兴的物业费多少", "城市：其他城市；住宅物业费：2.1", TAGGER) == []   # a catch-all answers it
    assert other_place("杭州市内次日配送几点前下单", "苏州、昆山、武汉、成都四地市内次日配送订单", TAGGER) == ["杭州市"]
    assert other_place("台湾区经销商会议在哪里开的", "地點：台北市信義區，台灣分公司8樓", TAGGER) == []   # folded
    assert other_place("去香港玩流量一天多少钱", "| 一区 | 中国香港、中国澳门、中国台湾 | 25元/天 |", TAGGER) == []   # inside 中国香港
    assert other_place("去新加坡玩流量一天多少钱", "| 一区 | 中国香港、中国澳门、中国台湾 | 25元/天 |", TAGGER) == ["新加坡"]


def test_a_place_the_documents_never_name_abstains_over_a_row_on_another(tmp_path, embedder):
    bot = one_file_bot(tmp_path, embedder, "项目通讯录.md",
                       "# 各项目客服联系人\n\n| 项目 | 地址 | 客服主管 | 电话 |\n|---|---|---|---|\n"
                       "| 镜湖湾 | 绍兴市越城区镜湖路9号 | 钱佳琪 | 0575-85127706 |\n"
                       "| 滨江府 | 杭州市滨江区江南大道366号 | 徐敏 | 0571-86695520 |\n")
    a = bot.ask("滨江府项目的客服主管是谁?")
    assert not a.abstained and "徐敏" in a.citations[0].quote
    assert bot.ask("嘉兴项目的客服主管是谁?").abstained


def test_a_city_jieba_tags_a_name_is_answered_by_the_catch_all_row(tmp_path, embedder):
    bot = one_file_bot(tmp_path, embedder, "物业收费标准.md",
                       "# 各城市物业收费标准\n\n| 城市 | 住宅物业费（元/平方米·月） | 商铺物业费（元/平方米·月） |\n|---|---|---|\n"
                       "| 杭州 | 2.8 | 6 |\n| 宁波 | 2.5 | 5.5 |\n| 绍兴 | 2.2 | 5 |\n| 其他城市 | 2.1 | 4.5 |\n")
    a = bot.ask("嘉兴的住宅物业费多少钱一平?")       # 嘉兴: nr in jieba's dictionary
    assert not a.abstained and "其他城市" in a.citations[0].quote and "嘉兴" in a.notice


def test_a_place_cc_cedict_lacks_counts_where_the_asked_one_would_stand():
    """西山 is no proper noun in CC-CEDICT; before 派出所, where the question's 东湖 stands, it is another place (breaker
    BR, session 44: 西山's summer hours were the answer for 东湖's). Not without that shared head word."""
    note = "夏令时（7月1日至9月30日）西山派出所户籍室下午办公时间调整为15:00-18:00。"
    assert other_place("夏令时期间东湖派出所户籍室下午几点办公？", note, TAGGER) == ["东湖"]
    assert other_place("夏令时期间西山派出所户籍室下午几点办公？", note, TAGGER) == []
    assert other_place("东湖几点办公？", note, TAGGER) == []


def test_a_place_the_quote_writes_with_a_homophone_typo_is_no_other_place():
    """「兴龙湖站营业时间」: jieba reads 龙湖 as a place, the quote writes 兴隆湖站 (long hu: a typo; breaker CO, session 50)."""
    from chatbot.typos import misspells
    row = "站点名称：兴隆湖站；所在区域：天府新区；营业时间：06:00-22:00"
    assert misspells("龙湖", "兴隆湖站") and not misspells("西湖", "兴隆湖站") and not misspells("隆湖", "兴隆湖站")
    assert other_place("兴龙湖站营业时间", row, TAGGER) == []
    assert other_place("西湖站营业时间", row, TAGGER) == ["西湖"]
    # a place jieba knows whole is that place, though another city sounds alike (苏州, 宿州): no stray character
    assert misspells("苏州", "宿州营业部")
    assert other_place("苏州营业部地址在哪", "宿州营业部：宿州市埇桥区淮海路1号", TAGGER) == ["苏州"]


def test_a_city_inside_the_province_a_row_names_is_that_rows_place():
    """regions.enclosing, from CC-CEDICT's glosses (「Wuhu, prefecture-level city in Anhui」): a price table by province
    answered 「我家在芜湖，装个晶科的6千瓦得多少钱？」 with the 安徽 row and other_place refused it (breaker DW, session 62);
    a city of another province is still another place."""
    from chatbot.regions import containers, enclosing

    assert enclosing("芜湖") == {"安徽"} and enclosing("芜湖市") == {"安徽"}
    assert enclosing("富阳") == {"浙江"}                       # 「…county-level city in Hangzhou 杭州[…], Zhejiang」
    assert enclosing("海淀") == {"北京"}                       # not the 清华大学 its gloss says it includes
    # the second review: a province has no container (not its capital), Shaanxi is not Shanxi, 西安 is not 西安区 of 辽源
    assert enclosing("安徽") == enclosing("浙江") == set()
    assert enclosing("咸阳") == {"陕西"} and enclosing("侯马") == {"山西"} and enclosing("西安") == {"陕西"}
    assert enclosing("南宁") == {"广西"}
    assert containers("Fuyang, county-level city in Hangzhou 杭州[Hang2 zhou1], Zhejiang") == ["浙江"]
    row = "套餐编号：AH-JK-06；省份：安徽；容量档位：6kW档；组件品牌：晶科；含税总价（元）：17690"
    assert other_place("我家在芜湖，装个晶科的6千瓦得多少钱啊？", row, TAGGER) == []
    assert other_place("杭州晶科6千瓦多少钱？", row, TAGGER) == ["杭州"]
    # the province written inside a sibling city's name or in prose is no row on it (the probe's near misses)
    assert other_place("宁波市的度电补贴每度多少钱？", "浙江省嘉兴市 | 一次性安装补贴，每kW 300元 | 每户最高3000元", TAGGER) == ["宁波市"]
    assert other_place("台南经销商第一季度出货多少台?", "第一季台灣區共出貨CY-500淨水器2,860台", TAGGER) == ["台南"]
    assert other_place("芜湖6千瓦多少钱？", "| 安徽 | 6kW | 17690 |", TAGGER) == []
    assert other_place("昆山门店地址在哪？", "| 苏州 | 苏州市姑苏区人民路1号 |", TAGGER) == ["昆山"]   # a city is no province
    assert other_place("浙江省的度电补贴每度多少钱？", "城市：杭州；度电补贴：0.1元", TAGGER) == ["浙江省"]
    assert other_place("杭州2023年装机多少？", "省份：浙江；指标：全省装机总量；数值：5000MW", TAGGER) == ["杭州"]
