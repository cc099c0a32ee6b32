"""Which one of a series (chatbot/series.py): a question about another quarter, year, month, week or model code
than the quote's abstains, and the quote on the asked one is preferred."""
import pytest

from chatbot.bot import ChatBot
from chatbot.series import mismatch, named
from chatbot.settings import Settings


@pytest.mark.parametrize("text, expected", [
    ("2024年第三季度，5月8日前", {("年", 2024), ("季度", 3), ("月", 5)}),
    ("第二季度营业收入", {("季度", 2)}),
    ("二季度", {("季度", 2)}),
    ("Q3 revenue vs. q4", {("季度", 3), ("季度", 4)}),
    ("第一季台灣區共出貨", {("季度", 1)}),          # traditional, 季 without 度
    ("第17周的完成度", {("周", 17)}),
    ("十二月", {("月", 12)}),
    # durations, per-period words and codes are no periods
    ("每一季度", set()), ("3个月", set()), ("每月", set()), ("2周内", set()), ("满3年", set()),
    ("XR-300与xr200", {("code:xr", "xr300"), ("code:xr", "xr200")}), ("P1工单", {("code:p", "p1")}),
    ("V2.3版本", {("code:v", "v2.3")}), ("4K摄像头和Wi-Fi6", {("side:线", "无")}), ("2.0版", set()), ("Windows10", set()),
    ("QS26-JS-03的负责人", {("code:qs#-js-#", "qs26-js-03")}), ("XLT-RV-001", {("code:xlt-rv-#", "xlt-rv-001")}),
    ("0551-653-21888", set()), ("HFY-DMS", set()),   # a register's key; not a number or letters alone
    # a day (held-out session 30): M月D日 or an ISO date (its year and month too); a range names each day; not a bound
    ("2026-03-12", {("年", 2026), ("月", 3), ("日", "3-12")}), ("2026/8/26", {("年", 2026), ("月", 8), ("日", "8-26")}),
    ("1月2日上午", {("月", 1), ("日", "1-2"), ("side:午", "上")}), ("十二月四号", {("月", 12), ("日", "12-4")}),
    ("2月21日至23日", {("月", 2), ("日", "2-21"), ("日", "2-22"), ("日", "2-23")}),
    ("1月31日—2月1日", {("月", 1), ("月", 2), ("日", "1-31"), ("日", "2-1")}),
    ("须于1月5日前提交", {("月", 1)}), ("3月1日起施行", {("月", 3)}), ("每月15日发放", set()), ("15日内", set()),
    # a lettered class, a numbered line or building (session 22); not a grade after a digit, a phrase or a crossing
    ("B类供应商", {("class:类", "b")}), ("评为合格（B级）", {("class:级", "b")}), ("C区3号楼", {("class:区", "c"), ("no:号楼", 3)}),
    ("班车6号线", {("no:号线", 6)}), ("地铁六号线", {("no:号线", 6)}), ("坐12路公交", {("no:路", 12)}),
    ("独立办公室（8人间）", {("no:人间", 8)}), ("三人间多少钱", {("no:人间", 3)}), ("27寸4K显示器", {("no:寸", 27)}),
    ("32英寸电视", {("no:英寸", 32)}), ("两张2寸照片", set()),
    # N价 / N号 before a noun (breakers BD, BE, session 42); not a date's 号, a bound, nor 半价
    ("九价HPV疫苗", {("no:价", 9)}), ("13价肺炎疫苗", {("no:价", 13)}), ("4号缆车", {("no:号", 4)}), ("半价票", set()),
    ("3号以后", set()), ("5月3号报到", {("月", 5), ("日", "5-3")}),
    ("5A级景区", set()), ("A股上市", set()), ("一路顺风", set()), ("平江路口", set()), ("3路口", set()), ("第3路", set()),
    ("一栋楼", set()), ("AB类", set()), ("第三期新员工培训", {("no:第期", 3)}), ("第四档电价", {("no:第档", 4)}), ("第二屆年會", {("no:第届", 2)}),
    ("第1阶段", {("no:第阶段", 1)}), ("第十二条", set()), ("第三章", set()),
    # a numbered grade (session 23); not a relative step or a bound
    ("二级动火许可证", {("no:级", 2)}), ("3级响应", {("no:级", 3)}), ("按较高一级处理", set()), ("报上一级主管", set()),
    ("二级及以上医院", set()), ("三级以上", set()), ("四级以下", set()), ("级别", set()),
    ("2024年代", set()), ("费用报销管理制度（2024版）", {("年", 2024)}), ("XQ3型号", {("code:xq", "xq3")}), ("13月", set()), ("第5季度", set()),
    # a named holiday (session 29): its spellings as one value; not a street or a number
    ("春节期间", {("节日", "春节")}), ("过年回家", {("节日", "春节")}), ("关于做好春运工作的通知", {("节日", "春节")}),
    ("国庆节", {("节日", "国庆")}), ("五一假期", {("节日", "劳动节")}), ("五一路", set()), ("十五一", set()),
    ("五一广场站", set()), ("国庆村", set()),                        # places named after a holiday
    # a kind of leave, a meal, a colour (session 30): spellings as one value; the longest name first
    ("男员工陪产假有几天", {("假别", "陪产假"), ("side:性", "男")}), ("护理假", {("假别", "陪产假")}), ("年休假5天", {("假别", "年假")}),
    ("婚假和带薪年假", {("假别", "婚假"), ("假别", "年假")}), ("生产假期", set()), ("请假", set()), ("休假", set()),
    ("晚饭补贴", {("餐别", "晚餐")}), ("指示灯白色常亮", {("颜色", "白")}), ("红灯", set()),
    ("周一至周五", {("星期", d) for d in range(1, 6)} | {("日别", "工作日")}), ("周末下午", {("星期", 6), ("星期", 7), ("日别", "休息日"), ("side:午", "下")}),
    ("每周二、周四付款", {("星期", 2), ("星期", 4), ("日别", "工作日")}), ("星期天", {("星期", 7), ("日别", "休息日")}), ("一周", set()), ("周年庆", set()),
    ("3个工作日内", set()), ("冬季作息时间", {("季节", "冬")}), ("夜班津贴", {("班次", "夜")}),
    ("我奶奶走了", {("亲属", "祖父母")}), ("外祖父母去世", {("亲属", "外祖父母")}), ("兄弟姐妹", {("亲属", "兄弟姐妹")}),
    ("员工爱人", {("亲属", "配偶")}), ("直系亲属", set()),
    ("大专学历能落户吗", {("学历", "大专")}), ("博士后", {("学历", "博士后")}), ("本科及以上", set()), ("本科室主任", set()),
    ("外地户籍", {("side:籍", "外")}), ("本市户籍人员", {("side:籍", "本")}),
    ("首套房贷款利率", {("no:套", 1)}), ("第三套房", {("no:套", 3)}), ("配备三套设备", set()),
    # session 31: a store's temperature zone, a vehicle's power, a kind of day, a holiday's phase, more sides
    ("冷藏库作业人员", {("库温", "冷藏")}), ("低温库", {("库温", "冷冻")}), ("冷藏车", set()),
    ("10.5米柴油车", {("动力", "柴油"), ("size:米", "10.5")}), ("插电混动公交", {("动力", "混动")}), ("LNG车", {("动力", "燃气")}),
    ("balng", set()), ("工作日晚上加班", {("日别", "工作日")}), ("5个工作日内办结", set()), ("三个工作日", set()),
    ("法定节假日加班", {("日别", "节假日")}), ("节后阶段返岗高峰", {("节段", "后")}), ("审核环节后", set()),
    ("季节后", set()), ("章节后面", set()),
    # session 61: a size naming a kind (breaker DR), not a bound, a range's end or a measure
    ("9.6米的货车", {("size:米", "9.6")}), ("7.60米厢式货车", {("size:米", "7.6")}), ("3㎡的仓", {("size:平方米", "3")}),
    ("6平方米的恒温仓", {("size:平方米", "6")}), ("5吨货车", {("size:吨", "5")}), ("澄源云2.0升级项目", set()), ("超过30米的，每超出10米加收", set()),
    ("挂机（1.5匹及以下）", set()), ("80平方米以内的房子", set()), ("1.2米至1.5米的儿童", {("年龄段", "儿童")}),
    ("身高1.3米的孩子", {("亲属", "子女")}), ("面积30平方米，有阳台", set()),
    ("4.2米、6.8米、9.6米货车", {("size:米", "4.2"), ("size:米", "6.8"), ("size:米", "9.6")}),   # a list: each (review)
    ("4.2米及7.6米厢式货车", {("size:米", "4.2"), ("size:米", "7.6")}), ("搬运50米收多少", set()), ("按10米计算", set()),
    ("首10米免费", set()), ("每隔30米", set()), ("5吨起订", set()), ("1.2米 - 1.5米的儿童", {("年龄段", "儿童")}),
    ("车长为12米的公交", set()), ("直径1.5米", set()), ("100米跑", set()), ("1,200平方米的仓库", set()), ("1:1匹配", set()),
    ("4.2米车型300元，7.6米车型500元", {("size:米", "4.2"), ("size:米", "7.6")}),   # after a comma (the second review)
    ("4.2米厢式货车、6.8米厢式货车", {("size:米", "4.2"), ("size:米", "6.8")}), ("长距离搬运50米需要加钱吗", set()),
    ("步行500米即到", set()), ("离地铁站500米的酒店", set()), ("运送5吨货物", set()), ("建筑面积80平方米的房子", set()),
    # session 34: how one is employed
    ("实习生住房补贴", {("用工", "实习")}), ("劳务派遣人员", {("用工", "派遣")}), ("正式工", {("用工", "正式")}),
    ("实习期", set()), ("派遣", set()),
    ("城市网民", {("side:乡", "城")}), ("农村地区", {("side:乡", "乡")}), ("城乡居民", {("side:乡", "城"), ("side:乡", "乡")}),
    ("城市", set()), ("台式机", {("side:机", "台")}), ("笔记本电脑", {("side:机", "笔")}), ("笔记本", set()),
    ("5倍数字变焦", {("side:焦", "数")}), ("男女比例", {("side:性", "男"), ("side:性", "女")}), ("女士", set()),
    ("纸质发票", {("side:质", "纸")}), ("电子发票", {("side:质", "电")}), ("电子设备", set()),
    ("有线网络", {("side:线", "有")}), ("访客Wi-Fi", {("side:线", "无")}), ("二手房过户", {("side:房", "旧")}),
    ("新房", {("side:房", "新")}), ("老客户", {("side:客", "老")}), ("兼职人员", {("side:职", "兼")}),
])
def test_named(text, expected):
    assert named(text) == expected


def test_mismatch_needs_another_value_of_the_same_unit():
    assert mismatch("第二季度营业收入是多少?", "第三季度实现营业收入1.86亿元") == [("季度", 2)]
    assert mismatch("第三季度营业收入是多少?", "第三季度实现营业收入1.86亿元") == []
    assert mismatch("第二季度营业收入是多少?", "营业收入1.86亿元") == []           # no quarter named: no evidence
    assert mismatch("2023年营业收入?", "2024年年报 营业收入1.5亿元") == [("年", 2023)]
    assert mismatch("2023年3月营业收入?", "2023年营业收入1.2亿元") == []          # names no month
    assert mismatch("营业收入是多少?", "第三季度实现营业收入1.86亿元") == []       # the question names no period
    assert mismatch("1944年到2009年提名几部?", "从1944年起每年提名五部") == []       # one of the asked years is named
    assert mismatch("1944年到2009年提名几部?", "1931年起提名十部") == [("年", 1944), ("年", 2009)]
    assert mismatch("XR-500的功率是多少?", "XR-200额定功率为60W，XR-300为80W") == [("code:xr", "xr500")]
    assert mismatch("XR-300比XR-200多什么?", "XR-300新增了4K摄像头") == []
    assert mismatch("B类供应商能准入吗?", "注册资本低于500万元的A类供应商，原则上不予准入。") == [("class:类", "b")]
    assert mismatch("A类和B类有什么区别?", "A类供应商须通过现场审核") == []          # one asked class is named
    assert mismatch("6号线从哪里发车?", "线路：1号线；起点：苏州站北广场") == [("no:号线", 6)]
    assert mismatch("6号线从哪里发车?", "线路：6号线；起点：苏州站北广场") == []
    assert mismatch("9.6米的货车起步价多少?", "车型：7.6米厢式货车；起步价：1750") == [("size:米", "9.6")]
    assert mismatch("4.2米厢式货车楼层费?", "| 4.2米厢式货车 | 50 | 45 |") == []
    assert mismatch("搬运距离50米的怎么收?", "超过30米的，每超出10米加收20元") == []   # bounds name no size
    assert mismatch("长距离搬运50米收多少钱?", "不足10米按10米计算") == []
    assert mismatch("4.2米货车可以预约吗?", "4.2米、6.8米、9.6米货车均可预约") == []   # a list names each
    assert mismatch("十一价HPV疫苗多少钱一针？", "疫苗名称：九价HPV疫苗；单价（元/剂）：1318") == [("no:价", 11)]   # BD
    assert mismatch("九价HPV疫苗多少钱一针？", "疫苗名称：9价HPV疫苗；单价（元/剂）：1318") == []
    assert mismatch("4号缆车几点开？", "1号缆车运行时间为8:30—16:00；2号缆车9:00—15:45") == [("no:号", 4)]   # BE
    assert mismatch("第三期培训什么时候办?", "4月13日至4月17日举办第二期新员工入职培训") == [("no:第期", 3)]
    # a tier (breaker AA, session 38): 第四档 over the 第三档 row, which also names 第一档
    assert mismatch("居民阶梯电价第四档是多少钱一度？", "第三档 | 4200以上 | 0.8380 | 比第一档每千瓦时加价0.30元") == [("no:第档", 4)]
    assert mismatch("二级动火许可证有效期多长?", "确需动火作业的，须办理一级动火许可证") == [("no:级", 2)]
    assert mismatch("二级投诉多久报告?", "无法判定级别的，按较高一级处理。") == []      # a step, no grade
    assert mismatch("婚假有几天?", "事假为无薪假，每次原则上不超过3天") == [("假别", "婚假")]
    assert mismatch("年假有几天?", "年休假：工作满1年不满10年的5天") == []       # 年休假 is 年假
    assert mismatch("加班有晚餐补贴吗?", "午餐补贴每个工作日25元") == [("餐别", "晚餐")]
    assert mismatch("周六能去办理吗?", "受理时间：周一至周五9:00—17:00") == [("日别", "休息日"), ("星期", 6)]
    assert mismatch("周三能去办理吗?", "受理时间：周一至周五9:00—17:00") == []
    assert mismatch("配偶能自费加入补充医疗保险吗?", "员工子女可自费加入补充医疗保险") == [("亲属", "配偶")]
    assert mismatch("第三套房贷款利率多少?", "首套房贷款利率3.1%，二套房贷款利率3.575%") == [("no:套", 3)]
    assert mismatch("大专学历积多少分?", "本科学历积60分，硕士积90分，博士积110分") == [("学历", "大专")]
    assert mismatch("硕士能直接落户吗?", "本科及以上学历的，可直接落户") == []          # a bound covers it
    assert mismatch("父亲去世能请几天假?", "直系亲属(父母、配偶、子女)去世的，可享受3天带薪丧假") == []
    assert mismatch("指示灯白色常亮是什么意思?", "指示灯红色闪烁表示已静音，绿色常亮表示正常") == [("颜色", "白")]
    assert mismatch("三级医院能报销吗?", "在二级及以上医院就诊的可以报销") == []       # a bound covers it
    # another holiday (session 29's breaker): a notice on 元旦 does not answer 春节; a list naming both does
    assert mismatch("2027年春节期间门诊怎么安排?", "关于2027年元旦期间门急诊安排的通知 1月1日普通门诊停诊") == [("节日", "春节")]
    assert mismatch("春节值班补贴多少?", "元旦、春节、国庆节值班的，每班补贴300元") == []
    assert mismatch("过年期间班车停不停?", "春运期间班车照常运行") == []
    # the other side of a contrast (session 29's breaker): 出国 over 国内, 下午 over 上午; both sides named answer either
    assert mismatch("出国参加国际学术会议注册费能报多少?", "参加国内学术会议的注册费，每人每年不超过三千五百元") == [("side:境", "外")]
    assert mismatch("国际化布局有哪些表现?", "平台需同时遵守国内及业务所在国监管要求") == []   # 国际化 is a topic, no side
    assert mismatch("下午场几点开始?", "上午场08:00—11:30") == [("side:午", "下")]
    assert mismatch("下午几点下班?", "上午9:00上班，下午6:00下班") == []
    assert mismatch("境外培训补助多少?", "境内外培训补助标准如下") == []   # 境内外: no side of its own
    assert mismatch("国际航班行李延误每天补偿多少?", "国内航班行李延误超过24小时的，补偿100元") == [("side:境", "外")]
    assert mismatch("国际航班行李延误每天补偿多少?", "国内、国际航班行李延误超过24小时的，补偿100元") == []
    assert mismatch("国际化战略是什么?", "国内市场份额第一") == []      # 国际 alone names no side
    # a member's card tier (breakers L, N, P, session 35): 金卡 is no 白金卡, which is no 金卡
    assert mismatch("金卡每年送几张升舱券?", "白金卡会员权益：每年赠送2张升舱券") == [("卡级", "金")]
    assert mismatch("钻石卡客户报修多久上门?", "（一）金卡客户：城区4小时内上门；（二）银卡客户：城区8小时内") == [("卡级", "钻石")]
    assert mismatch("金卡客户报修多久上门?", "（一）金卡客户：城区4小时内上门；（二）银卡客户：城区8小时内") == []
    assert mismatch("铂金卡有什么权益?", "白金卡会员权益：每年赠送2张升舱券") == []
    assert mismatch("铂金卡可以去游泳池吗?", "游泳池仅限金卡及以上会员使用") == []      # a bound (breaker R)
    assert mismatch("钻石卡年费怎么付?", "年费可用现金或礼金卡支付") == []                # 礼金卡 is no tier
    assert mismatch("国内件几点截止收寄?", "营业部：中关村；国际件收寄：是") == []          # 国际件: no side (a column)
    assert mismatch("境外培训补助多少?", "参加国内外部培训的，补助标准如下") == [("side:境", "外")]   # 国内 + 外部
    # session 31: more closed groups and sides; the asked member named beside the other answers it
    assert mismatch("冷藏库作业人员每天在库最多几小时?", "冷冻库作业人员每日累计在库时间不得超过6小时") == [("库温", "冷藏")]
    assert mismatch("冷藏库和冷冻库分别多久?", "冷冻库作业人员每日累计在库时间不得超过6小时") == []
    assert mismatch("实习生不住宿舍住房补贴多少?", "不入住宿舍的正式员工，每月可领取住房补贴300元；劳务派遣人员不享受住房补贴") \
        == [("用工", "实习")]   # breaker I, session 34
    assert mismatch("周末加班工资按几倍发?", "工作日加班优先安排调休；法定节假日加班按国家规定支付") == [("日别", "休息日")]
    assert mismatch("周末加班工资按几倍发?", "休息日加班又不能安排补休的，支付200%的工资") == []
    assert mismatch("周末营业吗?", "周六及法定节假日正常营业") == []                 # 周六 is a 休息日
    # a schedule stated by the days it is closed answers any day (session 31's breaker: 「周末食堂开吗」)
    assert mismatch("周末食堂开吗?", "食堂周六、周日及法定节假日不营业。") == []
    assert mismatch("周三能去办理吗?", "窗口周六、周日不受理业务") == []
    assert mismatch("工作日加班工资怎么算?", "休息日加班又不能安排补休的，支付200%的工资") == [("日别", "工作日")]   # 休息日 is no closing
    assert mismatch("节中阶段A1路几分钟一班?", "节后阶段（2月24日至3月1日）为返岗高峰") == [("节段", "中")]
    assert mismatch("混合动力公交车出场电量下限?", "纯电动公交车出场SOC不低于90%") == [("动力", "混动")]
    assert mismatch("2025年城市网民互联网支付比例?", "2025年农村地区网民使用互联网支付的比例达85.6%") == [("side:乡", "城")]
    assert mismatch("台式机用满几年可以换?", "公司笔记本电脑的使用年限为4年") == [("side:机", "台")]
    assert mismatch("XR-200支持几倍光学变焦?", "变焦 | 5倍数字变焦") == [("side:焦", "光")]
    assert mismatch("男员工体检套餐多少钱?", "女性套餐760元/人") == [("side:性", "男")]
    assert mismatch("电子发票需要打印吗?", "纸质发票原件须粘贴在报销封面上") == [("side:质", "电")]
    assert mismatch("有线网络怎么申请?", "访客Wi-Fi密码每周一更新") == [("side:线", "有")]
    assert mismatch("新房首次登记要带什么?", "4. 经网签备案的存量房买卖合同") == [("side:房", "新")]
    assert mismatch("兼职人员有餐补吗?", "全职员工午餐补贴每个工作日25元") == [("side:职", "兼")]
    assert mismatch("笔记本电脑丢了怎么办?", "公司电脑丢失的，须在24小时内报案") == []   # names no side


REPORTS = {
    "2023年报.txt": "2023年年度报告\n\n经营情况\n2023年公司实现营业收入1.2亿元，员工人数320人。\n",
    "2024年报.txt": "2024年年度报告\n\n经营情况\n2024年公司实现营业收入1.5亿元，员工人数410人。\n",
    "三季度纪要.txt": "第三季度经营分析会纪要\n\n销售\n第三季度实现销售额8600万元，同比增长23%。\n",
}


@pytest.fixture
def bot(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", min_score=0.3, min_coverage=0.0,
                 min_score_crosslingual=0.3, min_term_chars=0, feedback_file=tmp_path / "feedback.jsonl")
    return ChatBot(s, embedder)


@pytest.mark.parametrize("question, expected", [
    ("2023年营业收入是多少?", "1.2亿元"),
    ("2024年营业收入是多少?", "1.5亿元"),
    ("第三季度销售额多少?", "8600万元"),
])
def test_the_quote_on_the_asked_period_is_cited(bot, question, expected):
    a = bot.ask(question)
    assert not a.abstained and expected in a.citations[0].quote


@pytest.mark.parametrize("question", ["2022年营业收入是多少?", "第二季度销售额多少?"])
def test_a_question_about_another_period_abstains(bot, question):
    a = bot.ask(question)
    assert a.abstained and not a.citations


def one_file_bot(tmp_path, embedder, name: str, text: str) -> ChatBot:
    """A bot over a corpus of one file, with the rule bars low enough that the series check is what refuses."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    s = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", min_score=0.1, min_coverage=0.0,
                 min_score_crosslingual=0.3, min_term_chars=0, feedback_file=tmp_path / "feedback.jsonl")
    return ChatBot(s, embedder)


def test_a_model_code_the_manual_lacks_abstains_and_one_it_has_is_cited(tmp_path, embedder):
    bot = one_file_bot(tmp_path, embedder, "产品手册.txt", "产品手册\n\n功率\nXR-200额定功率为60瓦。\n\n尺寸\nXR-300额定功率为80瓦。\n")
    a = bot.ask("XR-300额定功率多少?")
    assert not a.abstained and "80瓦" in a.citations[0].quote
    assert bot.ask("XR-500额定功率多少?").abstained


def test_a_class_or_line_the_rules_lack_abstains_and_one_they_have_is_cited(tmp_path, embedder):
    bot = one_file_bot(tmp_path, embedder, "供应商与班车.txt",
                       "供应商管理\n\n准入\n注册资本低于500万元的A类供应商，原则上不予准入。\n\n班车\n"
                       "1号线早班：07:20从苏州站北广场发车。\n3号线早班：07:40从星海广场发车。\n")   # 键：值 lines (a record)
    a = bot.ask("3号线早班从哪里发车?")
    assert not a.abstained and "星海广场" in a.citations[0].quote
    assert bot.ask("6号线早班从哪里发车?").abstained
    assert not bot.ask("A类供应商注册资本低于500万元能准入吗?").abstained
    assert bot.ask("B类供应商注册资本低于500万元能准入吗?").abstained


def test_a_record_rows_key_names_the_value_quoted_from_it():
    """series.passage_text (session 20): in a sheet row the run is one field (负责人：顾晓峰) and the row's key
    (QS26-JS-01) is another; the row names the code, so a question about QS26-JS-03 prefers the run in its own row."""
    from chatbot.chunks import Chunk
    from chatbot.retrieve import Hit
    from chatbot.series import passage_text, prefer

    rows = ["试验点编号：QS26-JS-01；负责人：顾晓峰", "试验点编号：QS26-JS-03；负责人：吴春华"]
    hits = [Hit(Chunk(i, "台账.xlsx", "台账", ("台账",), 0, len(r), r, kind="record"), i + 1, 1.0, 0.9, 1.0)
            for i, r in enumerate(rows)]
    runs = [(0.9, h, h.chunk.text.index("负责人"), len(h.chunk.text)) for h in hits]   # the 负责人 field of each row
    assert "QS26-JS-01" in passage_text(*runs[0][1:4])
    assert [r[1].chunk.text for r in prefer("试验点QS26-JS-03的负责人是谁？", runs)] == rows[::-1]
    assert prefer("试验点QS26-JS-01的负责人是谁？", runs) is runs


def test_a_row_the_question_names_by_its_key_is_quoted_first():
    """series.prefer_row (session 27's newcomer): 「成都出差的伙食补助」 quoted 「第六条 以下费用可以报销：…」 with the row
    「成都 | 400 | 650 | 60」 sixth. A common noun in the first cell (麦克风, which jieba's dictionary tags as a person's
    name) is no key: 「扩展麦克风XR-MIC2的拾音距离」 keeps the ranker's order."""
    from types import SimpleNamespace

    from chatbot.lexical import lexicon_for
    from chatbot.series import prefer_row, row_key

    def run(text, kind, score):
        chunk = SimpleNamespace(start=0, end=len(text), text=text, kind=kind, doc="政策.md", context="", section="",
                                path=(), id=0)
        return (score, SimpleNamespace(chunk=chunk), 0, len(text))

    prose = run("第六条 以下费用可以报销：出差期间的伙食补助（按天计算）。", "text", 3.0)
    chengdu = run("| 成都 | 400 | 650 | 60 |", "table", 2.0)
    mic = run("| 麦克风 | 8麦克风阵列，拾音距离8米 |", "table", 1.0)
    lexicon = lexicon_for(None)
    assert row_key(chengdu[1], 0) == "成都" and row_key(prose[1], 0) == ""
    runs = [prose, chengdu, mic]
    assert prefer_row("成都出差的伙食补助", runs, lexicon) == [chengdu, prose, mic]
    assert prefer_row("扩展麦克风XR-MIC2的拾音距离有多远", runs, lexicon) is runs
    assert prefer_row("伙食补助标准", runs, lexicon) is runs
    named = [run("成都出差的伙食补助按第六条执行。", "text", 3.0), chengdu]
    assert prefer_row("成都出差的伙食补助", named, lexicon) is named   # the best run names 成都 already


def test_a_side_of_a_contrast_is_refused_on_never_looked_for():
    """series.prefer moves a run on the asked period or model first; a side (国际) is named in passing by unrelated
    passages (国际医疗部), so for it the runs keep their order and the answer step refuses the first (session 29)."""
    from types import SimpleNamespace

    from chatbot.chunks import Chunk
    from chatbot.series import prefer

    texts = ["参加国内学术会议的注册费，每人每年不超过三千五百元。", "特需门诊和国际医疗部的费用不纳入医保支付范围。"]
    hits = [SimpleNamespace(chunk=Chunk(i, "a.md", "", (), 100 * i, 100 * i + len(t), t)) for i, t in enumerate(texts)]
    runs = [(0.9, hits[0], 0, len(texts[0])), (0.5, hits[1], 100, 100 + len(texts[1]))]
    assert prefer("出国参加国际学术会议注册费能报多少", runs) is runs
    assert prefer("2025年国际会议注册费", [(0.9, hits[0], 0, 5), (0.5, hits[1], 100, 105)])[0][1] is hits[0]


def test_the_other_side_of_a_contrast_abstains_and_the_written_side_is_cited(tmp_path, embedder):
    """Session 31: 台式机 over a rule on 笔记本电脑 only, 周末 over one on 工作日 and 法定节假日 (groups.py)."""
    bot = one_file_bot(tmp_path, embedder, "办公设备与加班.md",
                       "# 办公设备管理\n\n公司笔记本电脑的使用年限为4年，满4年的可申请更换。\n\n# 加班\n\n"
                       "工作日加班优先安排调休；法定节假日加班按国家规定支付300%的工资。\n")
    a = bot.ask("笔记本电脑用满几年可以换?")
    assert not a.abstained and "4年" in a.citations[0].quote
    assert bot.ask("公司台式机用满几年可以申请更换?").abstained
    a = bot.ask("法定节假日加班工资怎么算?")
    assert not a.abstained and "300%" in a.citations[0].quote
    assert bot.ask("周末加班的工资按几倍发?").abstained


def test_a_focus_over_a_list_is_narrowed_to_the_item_on_the_asked_member():
    """Session 31's breaker: 「三号线几点发车」 over the 一号线/二号线/三号线 list had the whole list bold."""
    from types import SimpleNamespace

    from chatbot.chunks import Chunk
    from chatbot.series import member_item, member_part

    text = "1. 一号线：天通苑北站 → 园区，早上7:40发车。\n2. 二号线：回龙观站 → 园区，早上7:50发车。\n3. 三号线：亦庄桥站 → 园区，早上7:30发车。"
    hit = SimpleNamespace(chunk=Chunk(0, "班车.md", "", (), 100, 100 + len(text), text))
    whole = (100, 100 + len(text))
    s, e = member_item("三号线几点发车", hit, *whole, whole)
    assert text[s - 100:e - 100] == "3. 三号线：亦庄桥站 → 园区，早上7:30发车。"
    assert member_item("班车几点发车", hit, *whole, whole) == whole                  # no member asked
    assert member_item("一号线和三号线几点发车", hit, *whole, whole) == whole          # two asked: both items stay
    assert member_item("五号线几点发车", hit, *whole, whole) == whole                  # none names it: the answer step decides
    cell = "本科计30分，满3年的另加10分"
    assert member_part("本科加几分", cell, 0, [(0, 6), (7, len(cell))]) is None          # no other member named


def test_a_focus_on_another_member_moves_to_the_item_or_clause_on_the_asked_one():
    """series.member_item (breaker CF, session 47): 「4号窗口是办啥的」 bolded the 7—14号 item of a list whose 1—6号 item holds
    window 4; 「下半年的要在什么时候之前交」 bolded the 上半年 clause of one sentence."""
    from types import SimpleNamespace

    from chatbot.chunks import Chunk
    from chatbot.series import member_item

    text = "- A座2层：1—6号窗口，办理缴存业务\n- A座3层：7—14号窗口，办理提取业务；其中14号窗口为加装电梯提取专窗"
    hit = SimpleNamespace(chunk=Chunk(0, "指南.md", "", (), 0, len(text), text))
    second = (text.index("- A座3层"), len(text))
    s, e = member_item("叫我去4号窗口，那是办啥的？", hit, 0, len(text), second)
    assert text[s:e] == "- A座2层：1—6号窗口，办理缴存业务"
    assert member_item("14号窗口办什么", hit, 0, len(text), second) == second         # the focus names the asked one
    assert member_item("窗口办什么业务", hit, 0, len(text), second) == second          # no member asked
    rule = "选择按半年缴存的，上半年的缴存应于1月31日前完成，下半年的缴存应于7月31日前完成。"
    hit = SimpleNamespace(chunk=Chunk(0, "通知.pdf", "", (), 0, len(rule), rule))
    first = (0, rule.index("下半年"))
    s, e = member_item("下半年的要在什么时候之前交？", hit, 0, len(rule), first)
    assert rule[s:e] == "下半年的缴存应于7月31日前完成。"
    assert member_item("上半年的要在什么时候之前交？", hit, 0, len(rule), first) == first
    rule = "一级投诉由一线客服组长处理；超过48小时仍未解决的，自动升级为二级投诉。"   # breaker Q: 二级 is what is answered
    hit = SimpleNamespace(chunk=Chunk(0, "投诉.md", "", (), 0, len(rule), rule))
    focus = (rule.index("超过"), len(rule))
    assert member_item("一级投诉拖多久没解决会被升级？", hit, 0, len(rule), focus) == focus   # not to a clause with no duration


def test_a_record_fields_days_are_its_values_not_its_name():
    """groups.restated_days (breaker AA, session 38): 「周末营业时间：周六9:00-12:00」 named Sunday by its field name, so a hall
    open on Saturdays only was quoted first for 「周日…哪个营业厅开门」; a name's days count only where the value names none."""
    from chatbot.chunks import Chunk
    from chatbot.groups import restated_days
    from chatbot.retrieve import Hit
    from chatbot.series import passage_text

    line = "营业厅名称：城中营业厅；工作日营业时间：8:30-17:30；周末营业时间：周六9:00-12:00；电话：0736-1"
    assert restated_days(line) == line.replace("周末营业时间", "营业时间")
    assert restated_days("周末营业时间：休息；周六加班：有") == "周末营业时间：休息；周六加班：有"
    record = Chunk(0, "营业厅一览.csv", "全文", ("全文",), 0, len(line), line, kind="record", doc="营业厅一览")
    q = "周日想去办电费业务，哪个营业厅开门啊"
    assert mismatch(q, passage_text(Hit(record, 1, 0.1, 0.9, 0.0), 0, 8)) == [("星期", 7)]


@pytest.mark.parametrize("text, expected", [
    ("东广场人工寄存处", {("方位:广场", "东")}), ("学校北门", {("方位:门", "北")}), ("东侧门", {("方位:门", "东")}),
    ("东北门和西南出口", {("方位:门", "东北"), ("方位:出口", "西南")}), ("东院区与西院区", {("方位:院区", "东"), ("方位:院区", "西")}),
    # a province or region, a firm, a direction of a place, a thing: no part of a site
    ("广东门店", set()), ("西门子", set()), ("华北区", set()), ("以南区域", set()), ("河南区域", set()), ("山西区", set()),
    ("东西楼", set()), ("集中门诊", set()),
])
def test_a_part_of_a_site_is_named_by_its_compass_point(text, expected):
    """groups._COMPASS (breaker BL, session 43): 「东广场人工寄存处寄存婴儿车收费吗」 was answered with the 南广场 row and
    「北广场售票厅几点开门」 with a rule on 南广场's windows: 东/西/南/北 before 广场, 门, 出口, 院区… name one part of a site."""
    assert {m for m in named(text) if m[0].startswith("方位:")} == expected


def test_a_question_on_another_part_of_the_site_is_a_mismatch():
    row = "服务点：南广场人工寄存处；物品规格：婴儿车、轮椅；收费标准（元）：免费"
    assert mismatch("东广场人工寄存处寄存婴儿车收费吗？", row) == [("方位:广场", "东")]
    assert mismatch("南广场人工寄存处寄存婴儿车收费吗？", row) == []
    assert mismatch("东广场人工寄存处寄存婴儿车收费吗？", "人工寄存处：婴儿车免费") == []   # names no part: no evidence


@pytest.mark.parametrize("question, passage, expected", [
    ("第二人民医院在哪里？", "第一人民医院：人民路1号", [("no:第医院", 2)]),        # a numbered institution (breaker BK)
    ("第二食堂几点开门", "第二食堂：6:30开门", []),
    ("办月卡多少钱？", "周卡：120元；次卡：30元", [("卡期", "月")]),               # a pass by its period (breaker BK)
    ("重阳节开放吗？", "春节、国庆节闭馆", [("节日", "重阳")]),                      # more holidays (breaker BM)
    ("结婚登记要带什么？", "离婚登记须提交离婚协议书", [("side:婚", "结")]),         # marriage, divorce (breaker BM)
    ("结婚登记要带什么？", "离婚登记须提交结婚证", []),                              # both named
    ("第二条规定了什么", "第一条：总则", []),                                         # an article's number is no member
])
def test_numbered_places_passes_holidays_and_marriage_are_series(question, passage, expected):
    """series._NUMBERED and groups (breakers BK and BM, session 43): near misses answered with a sibling's value."""
    assert mismatch(question, passage) == expected


@pytest.mark.parametrize("question, passage, expected", [
    # a range or list of numbered buildings names each one (breaker CE, session 47: 「二期21幢」 was refused over 21—24幢)
    ("二期21幢有货梯吗？", "二期21—24幢：无货梯，可使用客梯运输", []),
    ("二期25幢有货梯吗？", "二期21—24幢：无货梯，可使用客梯运输", [("no:幢", 25)]),
    ("3号楼几点开门", "1、2、3号楼：8:00开门", []),
    ("4号楼几点开门", "1、2、3号楼：8:00开门", [("no:号楼", 4)]),
    ("6号线首班车", "3至5号线首班车6:00", [("no:号线", 6)]),
    # a course's numbered volume (breaker CD: 「英语（一）在哪天考？」 quoted the 英语（二） row)
    ("英语（一）在哪天考？", "4月11日 | 下午 | 00015 | 英语（二） | 各本科专业", [("no:英语（）", 1)]),
    ("英语（二）在哪天考？", "4月11日 | 下午 | 00015 | 英语（二） | 各本科专业", []),
    ("第（一）项材料是什么", "申请材料：（二）学历证明", []),      # a list's numbering is no volume
    ("B座6层办什么业务？", "B座3—5层：贷款业务区", [("no:层", 6)]),        # a floor (breaker CF)
    ("B座4层办什么业务？", "B座3—5层：贷款业务区", []),
    # the two halves of a year (breaker CD: 「高等数学（工本）上半年什么时候考？」 over the 下半年 timetable)
    ("高等数学（工本）上半年什么时候考？", "三、下半年理论课程考试安排 10月24日 | 高等数学（工本）", [("side:半年", "上")]),
    ("高等数学（工本）什么时候考？", "三、下半年理论课程考试安排 10月24日 | 高等数学（工本）", []),
])
def test_ranges_of_buildings_volumes_and_half_years_are_series(question, passage, expected):
    """numbered.py and groups (breakers CD and CE, session 47)."""
    assert mismatch(question, passage) == expected


@pytest.mark.parametrize("question, passage, expected", [
    ("居民旅客在出境免税店购物的额度是多少？", "居民旅客在东屿口岸进境免税店购物，另有3000元额度", [("side:向", "出")]),
    ("居民旅客在进境免税店购物的额度是多少？", "居民旅客在东屿口岸进境免税店购物，另有3000元额度", []),
    ("暂时出境的物品怎么登记？", "暂时进出境物品须办理登记", []),                      # both ways
    ("出入境管理局电话", "入境旅客须如实申报", []),                                  # 出入境: both ways
    ("未满16周岁的非居民旅客免税额度是多少？", "未满16周岁的旅客额度减半，即居民旅客为2500元", [("side:居", "非")]),
    ("居民用水的水价是多少？", "非居民用水：4.10元/立方米；居民用水：3.35元/立方米", []),
    ("身份证丢了怎么补办？", "非居民旅客凭护照入境", []),                              # nothing asked of either side
])
def test_the_way_across_a_border_and_residents_are_sides(question, passage, expected):
    """groups._SIDES (breaker CH, session 48): 「居民旅客在出境免税店购物的额度是多少？」 quoted the 进境免税店 answer, and
    「未满16周岁的非居民旅客…」 the 居民旅客 figure."""
    assert mismatch(question, passage) == expected


@pytest.mark.parametrize("question, passage, expected", [
    ("成人舞蹈班在几号楼上课？", "少儿舞蹈班 | 5—8岁 | 周六上午 | 文化馆3号楼舞蹈厅", [("年龄段", "成人")]),
    ("少儿舞蹈班在几号楼上课？", "少儿舞蹈班 | 5—8岁 | 周六上午 | 文化馆3号楼舞蹈厅", []),
    ("大人游泳一次多少钱？", "儿童票：20元；成人票：35元", []),
    ("老人坐公交免费吗？", "儿童节当天市内公交免费", []),                 # 儿童节 is a holiday, no age group
    ("成人教育学院在哪？", "少儿图书馆在3楼", []),
])
def test_an_age_group_is_a_series(question, passage, expected):
    """groups 年龄段 (breakers BZ, CA, CI, session 48): a near miss on one age group answered with another's row."""
    assert mismatch(question, passage) == expected
