"""Rows named by cells rowterms did not read, and a sheet's note beside a table (session 50's breakers CN, CO, CP, CQ):
a column of one-character cells (性别 男 / 女, 时段 峰 / 平 / 谷), a cell naming two categories (在职职工、退休人员), a
distance band (0–3公里) and a number starting a range (夜宵0–3公里) name rows; a note of the same sheet is no answer for
the row the table lacks (beside.table_refuses), and the row the table has is quoted before such a note
(beside.prefer_row)."""
from types import SimpleNamespace

from chatbot.beside import prefer_row, table_refuses
from chatbot.categories import one_character
from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit
from chatbot.rowkeys import key_columns, parts
from chatbot.rowterms import key_terms, lacking

PREMIUMS = ["年龄段：0-4周岁；性别：男；计划：尊享版；有社保年保费（元）：1008",
            "年龄段：0-4周岁；性别：女；计划：尊享版；有社保年保费（元）：927",
            "年龄段：51-60周岁；性别：男；计划：升级版；有社保年保费（元）：1863",
            "年龄段：51-60周岁；性别：女；计划：基础版；有社保年保费（元）：1270",
            "年龄段：51-60周岁；性别：女；计划：尊享版；有社保年保费（元）：2285"]
PRICES = ["站点名称：天府广场站；时段：峰；桩类型：快充；服务费（元/kWh）：0.65",
          "站点名称：天府广场站；时段：平；桩类型：慢充；服务费（元/kWh）：0.35",
          "站点名称：天府广场站；时段：谷；桩类型：慢充；服务费（元/kWh）：0.20",
          "站点名称：春熙路站；时段：峰；桩类型：慢充；服务费（元/kWh）：0.60",
          "站点名称：春熙路站；时段：平；桩类型：快充；服务费（元/kWh）：0.55"]
RATIOS = ["序号：1；项目类别：日间手术；医院等级：三级；参保类型：在职职工；起付标准：500元/次",
          "序号：2；项目类别：日间手术；医院等级：三级；参保类型：退休人员；起付标准：400元/次",
          "序号：3；项目类别：日间手术；医院等级：二级；参保类型：在职职工；起付标准：300元/次",
          "序号：4；项目类别：日间手术；医院等级：二级；参保类型：城乡居民；起付标准：400元/次",
          "序号：5；项目类别：医用耗材；医院等级：不限；参保类型：在职职工、退休人员；起付标准：自付30%",
          "序号：6；项目类别：医用耗材；医院等级：不限；参保类型：城乡居民；起付标准：自付40%"]
DELIVERY = ["门店：七宝店；时段：午市；距离档：0–3公里；起送价（元）：88",
            "门店：七宝店；时段：晚市；距离档：0–3公里；起送价（元）：88",
            "门店：七宝店；时段：晚市；距离档：3–5公里；起送价（元）：128",
            "门店：静安店；时段：夜宵；距离档：0–3公里；起送价（元）：108",
            "门店：静安店；时段：夜宵；距离档：5–8公里；起送价（元）：178",
            "门店：静安店；时段：午市；距离档：5–8公里；起送价（元）：178"]
PARKING = ["序号：1；车型：小型车；使用性质：非营运；计费区域：一类区；首小时（元）：5",
           "序号：2；车型：小型车；使用性质：营运；计费区域：一类区；首小时（元）：6",
           "序号：3；车型：摩托车；使用性质：非营运；计费区域：一类区；首小时（元）：2",
           "序号：4；车型：大型车；使用性质：营运；计费区域：二类区；首小时（元）：10"]
NOTES = ["序号：1；说明事项：法定节假日期间，一类区停车场非营运小型车首小时收费调整为8元，续时及封顶标准不变。",
         "序号：2；说明事项：营运摩托车按非营运摩托车标准的1.5倍收取。",
         "序号：3；说明事项：新能源车凭绿色号牌享受首小时免费。"]


def _sheet(texts, source="表.xlsx", section="表", first=0):
    return [Chunk(first + i, source, section, (section,), 100 * (first + i), 100 * (first + i) + len(t), t, section,
                  "record", doc=source) for i, t in enumerate(texts)]


def _box(chunks):
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


def test_one_character_cells_are_read_by_the_token_the_column_name_or_a_word_of_sex():
    assert one_character(["男", "女", "男"], ["51", "-", "60", "周岁", "女性", "升级版"], "51-60周岁女性升级版") == {"女"}
    assert one_character(["峰", "平", "谷"], ["天府广场", "站慢", "充峰", "时段"], "天府广场站慢充峰时段", "时段") == {"峰"}
    assert one_character(["峰", "平", "谷"], ["平时", "段"], "平时段", "") == set()       # 平 inside jieba's 平时
    assert one_character(["峰", "平", "谷"], ["峰", "时段"], "峰时段几点") == {"峰"}
    assert one_character(["小班", "大班"], ["小班"], "小班") == set()                      # cells of two characters
    rows = _sheet(PREMIUMS)
    box = _box(rows)
    tokenizer = box.lexicon.tokenizer()
    assert key_terms("51-60周岁女性升级版有社保的年保费是多少？", rows, tokenizer)[1] == {"女"}
    assert lacking("51-60周岁女性升级版有社保的年保费是多少？", rows[2], box) == (True, [])   # the 男 row; no 女 升级版
    assert lacking("0-4周岁女孩买尊享版一年多少钱", rows[0], box) == (True, [rows[1]])
    assert lacking("0-4周岁女孩买尊享版一年多少钱", rows[1], box) == (False, [])
    prices = _sheet(PRICES)
    box = _box(prices)
    assert lacking("天府广场站慢充峰时段的服务费是多少？", prices[1], box) == (True, [])      # no 峰 慢充 row there
    assert lacking("天府广场站慢充平时段的服务费是多少？", prices[1], box) == (False, [])


def test_a_cell_naming_two_categories_holds_each():
    assert parts("在职职工、退休人员") == ["在职职工", "退休人员"] and parts("城乡居民") == ["城乡居民"]
    rows = _sheet(RATIOS)
    assert key_columns(rows) == slice(1, 4)   # 参保类型 is a third key column although one cell names two types
    box = _box(rows)
    assert lacking("退休人员在二级医院做日间手术的起付标准是多少？", rows[2], box) == (True, [])
    assert lacking("退休人员在三级医院做日间手术的起付标准是多少？", rows[0], box) == (True, [rows[1]])
    assert lacking("退休人员用医用耗材自付多少", rows[5], box) == (True, [rows[4]])


def test_a_distance_band_names_rows_and_a_number_starting_a_range_is_no_part_of_the_word_before_it():
    rows = _sheet(DELIVERY)
    assert key_columns(rows) == slice(0, 3)   # 门店 | 时段 | 距离档 (grades of 公里)
    box = _box(rows)
    assert key_terms("七宝店夜宵0–3公里起送价多少？", rows, box.lexicon.tokenizer())[1] == {"夜宵"}
    assert lacking("七宝店夜宵0–3公里起送价多少？", rows[1], box) == (True, [])
    assert lacking("静安店午市0–3公里起送价多少？", rows[5], box) == (True, [])
    assert lacking("静安店夜宵5–8公里起送价多少？", rows[4], box) == (False, [])


def test_a_note_beside_a_table_without_the_row_is_no_answer():
    chunks = _sheet(PARKING, "停车收费.xlsx", "收费标准") + _sheet(NOTES, "停车收费.xlsx", "说明", first=len(PARKING))
    box = _box(chunks)
    hits = [SimpleNamespace(chunk=c) for c in (chunks[2], chunks[4], chunks[1])]
    note = chunks[4]   # 「…一类区停车场非营运小型车首小时…」
    assert table_refuses("摩托车营运性质在一类区停车场首小时收多少？", note, hits, box)    # neither 摩托车 nor 营运
    assert not table_refuses("节假日一类区非营运小型车首小时多少", note, hits, box)           # the table has the row
    assert table_refuses("大型车营运在一类区首小时多少钱", note, hits, box)
    # a note that writes what the rows lack answers: 营运摩托车
    assert not table_refuses("摩托车营运性质在一类区停车场首小时收多少？", chunks[5],
                             [SimpleNamespace(chunk=c) for c in (chunks[2], chunks[5])], box)
    # the nearest rows hold 新能源小型车 (非营运) or 小型车 营运 二类区: the note must write 营运 as well
    more = _sheet(PARKING + ["序号：5；车型：新能源小型车；使用性质：非营运；计费区域：二类区；首小时（元）：2",
                             "序号：6；车型：小型车；使用性质：营运；计费区域：二类区；首小时（元）：5"], "停车收费.xlsx", "收费标准")
    notes = _sheet(["序号：1；说明事项：法定节假日期间，一类区停车场非营运小型车首小时收费调整为8元；二类区不调价。"] + NOTES[1:],
                   "停车收费.xlsx", "说明", first=len(more))
    box2 = _box(more + notes)
    assert table_refuses("营运的新能源小型车在二类区停车场首小时多少钱？", notes[0],
                         [SimpleNamespace(chunk=c) for c in (more[4], more[5])], box2)
    # running text is never refused here, nor a row of the keyed table itself (rowterms.lacking judges that)
    text = Chunk(99, "停车收费.xlsx", "说明", (), 0, 10, "节假日一类区停车场收费上调。", "", "text")
    assert not table_refuses("摩托车营运性质在一类区停车场首小时收多少？", text, hits, box)
    assert not table_refuses("摩托车营运性质在一类区停车场首小时收多少？", chunks[2], hits, box)
    # a table of another file is not the note's table
    other = _sheet(PARKING, "另一个.xlsx", "收费标准", first=20)
    assert not table_refuses("摩托车营运性质在一类区停车场首小时收多少？", note, [SimpleNamespace(chunk=other[2])],
                             _box(chunks + other))


def test_the_row_the_table_has_is_quoted_before_a_note_that_does_not_write_it():
    chunks = _sheet(PARKING, "停车收费.xlsx", "收费标准") + _sheet(NOTES, "停车收费.xlsx", "说明", first=len(PARKING))
    box = _box(chunks)
    note, row = Hit(chunks[4], 1, 0.03, 0.9, 5.0), Hit(chunks[1], 2, 0.02, 0.8, 4.0)
    runs = [(58.1, note, 400, 450), (53.7, row, 100, 140), (53.1, Hit(chunks[0], 3, 0.01, 0.8, 4.0), 0, 40)]
    assert prefer_row("营运小型车在一类区首小时多少钱", runs, box)[0] is runs[1]
    assert prefer_row("节假日一类区非营运小型车首小时多少", runs, box) == runs      # the note writes them all
    assert prefer_row("停车场收费有哪些说明", runs, box) == runs                     # no row named
    # the note writes a condition of the question the table never writes (节假日): the note's, not the row's
    assert prefer_row("法定节假日营运小型车在一类区首小时多少钱", runs, box) == runs
    # the one row holding them, without a run on it: a run on the whole row
    runs = [(58.1, note, 400, 450), (53.1, Hit(chunks[0], 3, 0.01, 0.8, 4.0), 0, 40)]
    best = prefer_row("营运小型车在一类区首小时多少钱", runs, box)[0]
    assert best[1].chunk is chunks[1] and (best[2], best[3]) == (chunks[1].start, chunks[1].end)


def test_a_station_no_row_lists_is_named_by_a_name_and_the_ending_all_keys_share():
    rows = _sheet(PRICES + ["站点名称：东客站站；时段：峰；桩类型：超充；服务费（元/kWh）：0.86"])
    box = _box(rows)
    assert lacking("金沙站快充峰时段电费多少？", rows[3], box) == (True, [])     # jieba cuts 金沙|站: a name and 站
    assert lacking("春熙路站慢充峰时段电费多少？", rows[3], box) == (False, [])


def test_a_second_table_of_the_file_holding_the_row_lets_the_note_answer():
    """A file with two keyed tables: the first lacks the 摩托车 营运 一类区 row, the second has it; the note is not refused
    for the first (review, session 50), and the run on the second table's row goes first."""
    other = ["序号：1；车型：摩托车；使用性质：营运；计费区域：一类区；首小时（元）：3",
             "序号：2；车型：电动自行车；使用性质：营运；计费区域：一类区；首小时（元）：1",
             "序号：3；车型：三轮车；使用性质：非营运；计费区域：二类区；首小时（元）：2"]
    name = "公共停车场收费标准.xlsx"
    chunks = (_sheet(PARKING, name, "收费标准") + _sheet(other, name, "其他车辆", first=len(PARKING))
              + _sheet(NOTES, name, "说明", first=len(PARKING) + len(other)))
    box = _box(chunks)
    note = chunks[len(PARKING) + len(other)]
    hits = [SimpleNamespace(chunk=chunks[2])]
    question = "摩托车营运性质在一类区停车场首小时收多少？"
    assert table_refuses(question, note, hits, box)                                    # the first table alone
    assert not table_refuses(question, note, hits + [SimpleNamespace(chunk=chunks[4])], box)
    runs = [(58.0, Hit(note, 1, 0.03, 0.9, 5.0), note.start, note.end), (53.0, Hit(chunks[2], 2, 0.02, 0.8, 4.0), 200, 238),
            (52.0, Hit(chunks[4], 3, 0.02, 0.8, 4.0), chunks[4].start, chunks[4].end)]
    assert prefer_row(question, runs, box)[0] is runs[2]                               # past the first table's rows


def test_a_note_with_a_condition_of_its_own_on_another_row_answers_nothing():
    """「C1科目二考试时长」 over the note 「科目一考试时长45分钟…」: the table has C1 科目二 rows, but no 考试时长; the note has
    考试时长, but of 科目一 (breaker U, session 50)."""
    fees = ["车型：C1；科目：科目一；学时：12；补考费（元）：50", "车型：C1；科目：科目二；学时：16；补考费（元）：150",
            "车型：C2；科目：科目二；学时：14；补考费（元）：150", "车型：C2；科目：科目三；学时：24；补考费（元）：200"]
    notes = ["序号：1；说明：科目一考试时长45分钟，科目四考试时长30分钟，均在电脑上作答。",
             "序号：2；说明：补考须在首次考试10日后预约。", "序号：3；说明：学时以计时系统记录为准。"]
    chunks = _sheet(fees, "考试.xlsx", "费用") + _sheet(notes, "考试.xlsx", "说明", first=len(fees))
    box = _box(chunks)
    hits = [SimpleNamespace(chunk=c) for c in chunks[:2]]
    assert table_refuses("C1科目二考试时长是多少分钟？", chunks[4], hits, box)
    assert not table_refuses("科目一考试时长是多少分钟？", chunks[4], hits, box)     # the note writes the row's words


def test_a_plan_the_columns_do_not_have_is_refused():
    """The columns past a row's name (基础版 | 升级版 | 尊享版) name a series of plans; a question naming another (豪华版)
    is refused, one naming a column is not (columns.unlisted_column, session 50)."""
    import jieba.posseg
    from chatbot.columns import unlisted_column
    row = "| 一般医疗年度免赔额 | 1万元 | 5000元 | 2000元 |"
    chunk = Chunk(0, "手册.pdf", "保障计划", ("保障计划",), 0, len(row), row,
                  "保障计划\n| 保障项目 | 基础版 | 升级版 | 尊享版 |", "table")
    tagger = jieba.posseg.POSTokenizer()
    assert unlisted_column("百万医疗豪华版的一般医疗免赔额是多少？", chunk, 2, len(row) - 2, tagger).endswith("豪华版")
    assert unlisted_column("百万医疗尊享版的一般医疗免赔额是多少？", chunk, 2, len(row) - 2, tagger) == ""
    two = Chunk(0, "手册.pdf", "保障计划", ("保障计划",), 0, len(row), "| 免赔额 | 1万元 | 5000元 |",
                "保障计划\n| 保障项目 | 基础版 | 升级版 |", "table")
    assert unlisted_column("豪华版的免赔额是多少？", two, 2, 20, tagger) == ""      # two columns are a pair, no series
    # the series among other columns (breaker DP, session 60: 住院医师 beside 主治医师 | 副主任医师 | 主任医师)
    fee = "| 磨牙根管治疗 | 每牙 | 1600 | 2000 | 2600 | 可 |"
    grades = Chunk(0, "收费.docx", "价格表", ("价格表",), 0, len(fee), fee,
                   "价格表\n| 项目 | 计价单位 | 主治医师 | 副主任医师 | 主任医师 | 医保可否支付 |", "table")
    assert unlisted_column("住院医师做磨牙根管治疗多少钱？", grades, 2, len(fee) - 2, tagger) == "住院医师"
    assert unlisted_column("主任医师做磨牙根管治疗多少钱？", grades, 2, len(fee) - 2, tagger) == ""


def test_a_note_whose_value_writes_its_own_colons_is_one_cell():
    """cells.fields with rowkeys.header_names (breaker DY, session 63): the 说明 note 「说明：旺季：4月1日至5月5日；淡季：
    12月1日至…」 was read as three fields (说明, 淡季, …), so the sheet of notes was no sheet of notes, and 「桃源村整院包栋旺季
    平日一晚多少钱？」 quoted the note 「整院包栋为整院每晚价格…」 and was refused (`value`) with the 2600 row ranked second."""
    from chatbot.cells import fields
    from chatbot.rowkeys import cells_of, header_names

    notes = _sheet(["序号：1；说明：旺季：4月1日至5月5日、7月1日至8月31日；淡季：12月1日至次年2月28日；其余日期为平季。",
                    "序号：2；说明：周末价适用于周五、周六晚入住，法定节假日按周末价。",
                    "序号：3；说明：整院包栋为整院每晚价格，桃源村整院最多住10人。"], "房价.xlsx", "说明", first=3)
    assert header_names(notes) == {"序号", "说明"}
    assert fields(notes[0].text, 0)[1] == ("序号", "说明", "淡季")                  # no header known: three fields
    # a time's colon names no field (「湖东店周末营业时间」 bolded the weekday hours: breaker DZ, session 63)
    hours = "编号：JY02；营业时间：周一至周五9:00-20:00；周六、周日9:00-21:00；服务项目：干洗"
    assert fields(hours, 0)[1] == ("编号", "营业时间", "服务项目")
    assert fields(hours, 0)[0][1][2] == "周一至周五9:00-20:00；周六、周日9:00-21:00"
    assert cells_of(notes[0], header_names(notes))[1].startswith("旺季") and len(cells_of(notes[0], header_names(notes))) == 2
    rows = _sheet(["村落：桃源村；房型：整院包栋；季节：旺季；日期类型：平日；房价（元/晚）：2600",
                   "村落：桃源村；房型：整院包栋；季节：旺季；日期类型：周末；房价（元/晚）：3200",
                   "村落：云岭村；房型：整院包栋；季节：淡季；日期类型：平日；房价（元/晚）：1380"], "房价.xlsx", "房价表")
    box = _box(rows + notes)
    note, row = Hit(notes[2], 1, 0.03, 0.9, 5.0), Hit(rows[0], 2, 0.02, 0.8, 4.0)
    runs = [(58.1, note, notes[2].start, notes[2].end), (57.7, row, rows[0].start, rows[0].end)]
    assert prefer_row("桃源村整院包栋旺季平日一晚多少钱？", runs, box)[0] is runs[1]


def test_a_long_rows_later_chunk_is_no_note():
    """beside._note (breaker DX, session 63): a CSV row too long for one chunk goes on in a chunk whose context names the
    row; that chunk was read as a note beside the table, so 「园区店停车免费吗？」 quoted a staff row over the store's
    「停车：…免费停车2小时」."""
    from chatbot.beside import _note
    from chatbot.tablerows import row_head, table_rows

    texts = [("编号：QT01；名称：观前店；地址：观前街1号", ""), ("停车：不提供", "\n编号：QT01；名称：观前店"),
             ("编号：QT02；名称：园区店；地址：星湖街328号", ""), ("停车：满200元免费停车2小时", "\n编号：QT02；名称：园区店"),
             ("编号：QT01-S；名称：观前店售后专员；地址：收银台", ""), ("编号：QT02-S；名称：园区店顾问；地址：验光室", "")]
    chunks = [Chunk(i, "门店.csv", "全文", (), 60 * i, 60 * i + len(t), t, c, "record") for i, (t, c) in enumerate(texts)]
    box = _box(chunks)
    assert [row_head(chunks, i) for i in range(6)] == [0, 0, 2, 2, 4, 5]
    assert [c.id for c in table_rows(chunks, 3)] == [0, 2, 4, 5] == [c.id for c in table_rows(chunks, 5)]
    assert not _note(chunks[3], box)
