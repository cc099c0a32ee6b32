"""Closed groups of siblings a question may name one member of: the holidays, the kinds of leave, the meals, the
colours, the seasons, the shifts, the relatives, education levels, a store's temperature zone (冷藏库/冷冻库/常温库), a
vehicle's power (纯电动/柴油/混合动力), a kind of day (工作日/休息日/节假日), a holiday's phase (节前/节中/节后) and how one
is employed (正式员工/劳务派遣/实习生/外包/返聘), a member's card tier (普卡/银卡/金卡/白金卡/钻石卡/黑卡), an age group
(成人/儿童/老年), each with its spellings; and the two sides of a contrast (国内/境外, 上午/下午, 上半年/下半年, 本市/外地
户籍, 城镇/农村, 台式机/笔记本电脑, 光学/数字变焦, 男/女, 纸质/电子版, 有线/无线, 新房/二手房, 新/老客户, 全职/兼职, 进境/出境,
居民/非居民); and a part of a site named by its compass point (东广场/南广场, 北门/西门, 东院区/西院区).

Consumes: a text, folded and lower-cased (series.named does both). Produces: `group_members(text)` → {(unit, value)}:
「春运」 → ("节日", "春节"), 「年休假」 → ("假别", "年假"), 「晚饭」 → ("餐别", "晚餐"), 「白色」 → ("颜色", "白"),
「配偶」 → ("亲属", "配偶"), 「境外」 → ("side:境", "外"), 「境内外」 → both sides; series.mismatch compares them as
any other unit: a passage that names other members only does not answer the asked one.
Why: a near miss names a sibling the documents do not write, and shares every other word with the passage on the
one they do (「婚假有几天」 over the 事假 sentence, 「晚餐补贴」 over 午餐补贴, 「员工配偶可以自费加入补充医疗保险吗」 over
「员工子女可自费加入…」, 「2027年春节期间门诊怎么安排」 over a notice on 元旦); no written form tells such a sibling from a
paraphrase in general (session 23: 婚假 / 事假 against 乡村 / 农村), so only groups whose members are known are read.
Shortcuts: each group is a fixed list (a leave, meal or relative the list lacks is no member, and no evidence either
way); the longest spelling is matched first (陪产假, not 产假; 外祖父母, not 祖父母); 生产假期 is no 产假, a place
named after a holiday (五一路, 国庆村, 中秋公园) is no holiday, 3个工作日内 is a count and no kind of day, and 节后 is a
phase only before 阶段, 期间, 返程… (not in 季节后, 环节后). Not sides: 员工/访客 and 线上/线下 (every passage on a
visitor rule names an employee, and 线上 is a topic), 经济舱/商务舱 (「一律乘坐经济舱」 is the answer to 「能坐商务舱吗」).
"""
from __future__ import annotations

import re

# a named holiday and its spellings (session 29's breaker: 「2027年春节期间门诊怎么安排」 over a notice on 元旦; 春运 is
# the 春节 travel season)
_HOLIDAYS = {"元旦": "元旦", "春节": "春节", "过年": "春节", "农历新年": "春节", "除夕": "春节", "春运": "春节",
             "元宵": "元宵", "清明": "清明", "劳动节": "劳动节", "五一": "劳动节", "端午": "端午", "中秋": "中秋",
             "国庆": "国庆", "圣诞": "圣诞", "重阳": "重阳", "七夕": "七夕", "情人节": "情人节", "冬至": "冬至",
             "妇女节": "妇女节", "三八节": "妇女节", "儿童节": "儿童节", "六一": "儿童节", "教师节": "教师节"}   # (breaker BM)
_HOLIDAY = re.compile(r"(?<![\d一二三四五六七八九十])(?:" + "|".join(_HOLIDAYS) + r")"
                      r"(?![\d一二三四五六七八九十路号街村桥]|广场|大道|小区|社区|公园)")   # not 五一路, 国庆村, 中秋公园
# a kind of leave, a meal or a colour, and their spellings (a near miss names a sibling the documents do not write:
# 「婚假有几天」 over a passage on 事假, 「晚餐补贴」 over 午餐补贴, 「指示灯白色常亮」 over 红色闪烁; session 30)
_MEMBERS = {"假别": {"年假": "年假", "年休假": "年假", "病假": "病假", "事假": "事假", "婚假": "婚假", "丧假": "丧假",
                    "丧事假": "丧假", "产假": "产假", "生育假": "产假", "陪产假": "陪产假", "护理假": "陪产假",
                    "哺乳假": "哺乳假", "探亲假": "探亲假", "育儿假": "育儿假", "工伤假": "工伤假",
                    "产检假": "产检假"},
            "餐别": {"早餐": "早餐", "早饭": "早餐", "午餐": "午餐", "午饭": "午餐", "中饭": "午餐", "晚餐": "晚餐",
                    "晚饭": "晚餐", "夜宵": "夜宵", "宵夜": "夜宵"},
            "颜色": {c + "色": c for c in "红橙黄绿蓝紫白黑灰"},
            "季节": {"春季": "春", "春天": "春", "夏季": "夏", "夏天": "夏", "秋季": "秋", "秋天": "秋", "冬季": "冬",
                    "冬天": "冬"},
            "班次": {"早班": "早", "白班": "白", "中班": "中", "晚班": "晚", "夜班": "夜"},
            "亲属": {**dict.fromkeys(("父母", "父亲", "母亲", "爸爸", "妈妈"), "父母"),
                   **dict.fromkeys(("配偶", "爱人", "老公", "老婆", "丈夫", "妻子"), "配偶"),
                   **dict.fromkeys(("子女", "儿子", "女儿", "孩子", "小孩"), "子女"),
                   **dict.fromkeys(("祖父母", "祖父", "祖母", "爷爷", "奶奶"), "祖父母"),
                   **dict.fromkeys(("外祖父母", "外祖父", "外祖母", "外公", "外婆", "姥姥", "姥爷"), "外祖父母"),
                   **dict.fromkeys(("兄弟姐妹", "兄弟", "姐妹", "哥哥", "姐姐", "弟弟", "妹妹"), "兄弟姐妹"),
                   **dict.fromkeys(("岳父母", "岳父", "岳母", "公婆", "公公", "婆婆"), "岳父母")},
            "学历": {w: w for w in ("博士后", "博士", "硕士", "本科", "大专", "中专", "高中", "初中")},
            # a store's temperature zone, a vehicle's power, a kind of day (session 31: 「冷藏库作业人员每天累计在库时间」 over
            # 冷冻库's limit, 「周末加班按几倍」 over 工作日 and 法定节假日, 「10.5米柴油车」 beside 纯电动 buses)
            "库温": {**dict.fromkeys(("冷藏库", "冷藏区", "冷藏室", "冷藏间", "冷藏仓"), "冷藏"),
                   **dict.fromkeys(("冷冻库", "冷冻区", "冷冻室", "冷冻间", "冷冻仓", "低温库"), "冷冻"),
                   **dict.fromkeys(("常温库", "常温区", "常温仓"), "常温"), **dict.fromkeys(("速冻库", "速冻间", "急冻库"), "速冻"),
                   **dict.fromkeys(("恒温库", "恒温区"), "恒温"), **dict.fromkeys(("阴凉库", "阴凉区"), "阴凉")},
            "动力": {**dict.fromkeys(("纯电动", "纯电"), "纯电"), "柴油": "柴油", "汽油": "汽油",
                   **dict.fromkeys(("混合动力", "油电混合", "插电混动", "混动"), "混动"),
                   **dict.fromkeys(("天然气", "lng", "cng"), "燃气"), **dict.fromkeys(("氢燃料", "氢能源"), "氢")},
            "日别": {"工作日": "工作日", **dict.fromkeys(("休息日", "双休日", "公休日", "周末"), "休息日"),
                   **dict.fromkeys(("法定节假日", "法定假日", "节假日"), "节假日")},
            "节段": {"节前": "前", "节中": "中", "节后": "后"},
            # how one is employed (breaker I, session 34: 「实习生不住宿舍每月住房补贴多少」 over the 正式员工's 300元)
            "用工": {**dict.fromkeys(("正式员工", "正式职工", "正式工"), "正式"),
                   **dict.fromkeys(("劳务派遣", "派遣员工", "派遣人员", "派遣工"), "派遣"),
                   **dict.fromkeys(("实习生", "实习人员"), "实习"), **dict.fromkeys(("外包人员", "外包员工"), "外包"),
                   **dict.fromkeys(("返聘人员", "退休返聘"), "返聘")},
            # a member's card tier (breakers L, N, P, session 35: 「钻石卡权益」 over the 白金卡 list, 「金卡每年送几张升舱券」
            # over 白金卡's, 「钻石卡客户报修多久上门」 over the 金卡/银卡 times, 「黑卡呢?」 over the 金卡 rule)
            # a pass by its period (breaker BK, session 43: 「月卡」 over the 周卡 row): 年卡, 季卡, 月卡, 周卡, 次卡
            "卡期": {"年卡": "年", "半年卡": "半年", "季卡": "季", "季度卡": "季", "月卡": "月", "周卡": "周", "日卡": "日",
                   "次卡": "次", "单次卡": "次"},
            "卡级": {**dict.fromkeys(("普卡", "普通卡", "普通会员"), "普"), "银卡": "银", "金卡": "金",
                   **dict.fromkeys(("白金卡", "铂金卡"), "白金"), "钻石卡": "钻石", **dict.fromkeys(("黑卡", "黑金卡"), "黑")},
            # an age group (breakers BZ, CA, CI, session 48: 「成人舞蹈班在几号楼上课？」 over the 少儿舞蹈班 row; 孩子 is 子女)
            "年龄段": {**dict.fromkeys(("成人", "成年人", "大人"), "成人"), **dict.fromkeys(("儿童", "少儿", "幼儿", "青少年"), "儿童"),
                    **dict.fromkeys(("老年人", "老人", "长者"), "老年")}}
_MEMBER = {name: (unit, value) for unit, names in _MEMBERS.items() for name, value in names.items()}
_GUARD = {"产假": ("(?<!生)", ""), **{w: ("", "(?![室及或]|以[上下])") for w in _MEMBERS["学历"]},   # not 生产假期, 本科室
          # (this department), 本科及以上 (a bound, which covers 硕士 too); a count of working days is no kind of day (3个工作日内)
          # a card tier: not 礼金卡, 现金卡 nor 金卡及以上 (a bound: 铂金卡 holds it; breaker R, session 35)
          **{w: ("(?<![礼现储值赠])", "(?![及或]?以[上下]|及更高)") for w in _MEMBERS["卡级"]},
          "工作日": (r"(?<![\d个一二两三四五六七八九十])", "(?!内)"), "儿童": ("", "(?!节)"),
          "lng": ("(?<![a-z])", "(?![a-z])"), "cng": ("(?<![a-z])", "(?![a-z])"), "大人": ("", "(?!物)"), "老人": ("", "(?!机)"),
          # an age group: not 未成年人, 组成人员, 完成人数, 成人教育
          "成人": ("(?<![未组完达构形促造合赞集变养长])", "(?!教育|高考|礼)"), "成年人": ("(?<![未])", ""),
          # 节后 of a holiday's phases, not of 季节后, 环节后, 章节后
          **{w: ("(?<![季环章细关调礼情音时枝小末])", r"(?=阶段|期间|返程|返岗|客流|高峰|[，,。；;、（(\s]|$)") for w in ("节前", "节中", "节后")}}
_MEMBER_RE = re.compile("|".join(before + k + after for k in sorted(_MEMBER, key=len, reverse=True)   # the longest
                                  for before, after in [_GUARD.get(k, ("", ""))]))                 # first: 陪产假, not 产假
# the two sides of a contrast (国内/境外, 上午/下午): a passage on one side does not answer the other (the
# breaker's 「出国参加国际学术会议注册费能报多少」 over 「参加国内学术会议的注册费…」)
_CROSS = "(?<![引促推先增跟改演精迈转汇输流注投纳加深买卖导列编收移])"   # a way across (向): not in 引进境外, 汇入境内, 输出境外
_RESIDENT = ("旅客", "用户", "用水", "用电", "用气", "水价", "电价", "气价")   # 居民旅客 / 非居民旅客 …
_SIDES = {"境内外": ("境", "内外"), "国内外": ("境", "内外"), "海内外": ("境", "内外"), "国内": ("境", "内"),
          "境内": ("境", "内"), "国外": ("境", "外"), "境外": ("境", "外"), "海外": ("境", "外"), "出国": ("境", "外"),
          "上午": ("午", "上"), "下午": ("午", "下"), "本市户籍": ("籍", "本"), "本地户籍": ("籍", "本"),
          "外地户籍": ("籍", "外"), "非本市户籍": ("籍", "外"), "外省户籍": ("籍", "外"), "外市户籍": ("籍", "外"),
          # session 31: 「2025年城市网民使用互联网支付的比例」 over the 农村 figure, 「公司台式机用满几年可以申请更换」 over 笔记本电脑,
          # 「XR-200支持几倍光学变焦」 over 5倍数字变焦, 「新房首次登记需要提交哪些材料」 over the 二手房 list
          **dict.fromkeys(("城镇", "城市地区", "城市居民", "城市网民", "城市人口", "城市家庭"), ("乡", "城")),
          **dict.fromkeys(("农村", "乡村"), ("乡", "乡")), "城乡": ("乡", "城乡"),
          **dict.fromkeys(("台式机", "台式电脑", "台式主机"), ("机", "台")), **dict.fromkeys(("笔记本电脑", "手提电脑"), ("机", "笔")),
          "光学变焦": ("焦", "光"), "数字变焦": ("焦", "数"), "数码变焦": ("焦", "数"),
          **dict.fromkeys(("男性", "男员工", "男职工", "男同事", "男生"), ("性", "男")),
          **dict.fromkeys(("女性", "女员工", "女职工", "女同事", "女生"), ("性", "女")), "男女": ("性", "男女"),
          **dict.fromkeys(("纸质",), ("质", "纸")),
          **dict.fromkeys(("电子版", "电子发票", "电子档", "电子合同", "电子文档", "电子证照", "电子票据", "电子签章"), ("质", "电")),
          "有线": ("线", "有"), **dict.fromkeys(("无线", "wi-fi", "wifi", "wlan"), ("线", "无")),
          **dict.fromkeys(("新房", "一手房", "新建商品房", "期房"), ("房", "新")), **dict.fromkeys(("二手房", "存量房"), ("房", "旧")),
          **dict.fromkeys(("新客户", "新用户", "新会员"), ("客", "新")), **dict.fromkeys(("老客户", "老用户", "老会员"), ("客", "老")),
          "全职": ("职", "全"), "兼职": ("职", "兼"),
          # the two halves of a year (breaker CD, session 47: 「高等数学（工本）上半年什么时候考？」 over the 下半年 timetable's row)
          "上半年": ("半年", "上"), "下半年": ("半年", "下"),
          # marriage and divorce (breaker BM, session 43: 「领证」 questions on 结婚 quoted the 离婚 row)
          "结婚": ("婚", "结"), "离婚": ("婚", "离"),
          # session 35 (breakers N and P): 「国际航班行李延误每天补偿多少」 over the 国内航班 rule, 「国际漫游有流量月包吗」
          # (not 国际件 nor 国际快递: a sheet's column 「国际件收寄」 put every outlet row on that side; breaker R)
          **dict.fromkeys(("国际航线", "国际航班", "国际机票", "国际长途", "国际漫游", "国际运输"), ("境", "外")),
          # the way across a border and who is a resident (breaker CH, session 48: 「携带金银首饰进境超过多少克须申报？」 over the
          # 出境 rule; 「未满16周岁的非居民旅客免税额度」 over the 居民旅客 one)
          **dict.fromkeys(("进境", "入境"), ("向", "进")), **dict.fromkeys(("出境", "离境"), ("向", "出")), "进出境": ("向", "进出"), "出入境": ("向", "进出"),
          **{f"居民{x}": ("居", "居") for x in _RESIDENT}, **{f"非居民{x}": ("居", "非") for x in _RESIDENT}}
# not 国际 alone (国际化, 国际医疗部, …国际有限公司) nor 线上/线下 (topics)
# the longest first (城市地区, 电子发票; 境内外 names both sides, but not in 国内外部培训: 国内 + 外部, domestic external training)
_SIDE = re.compile("|".join(k + "(?![部资企籍币汇])" if k.endswith("内外") else
                            _CROSS + k + "(?![内外])" if _SIDES[k][0] == "向" else k
                            for k in sorted(_SIDES, key=len, reverse=True)))


# a part of one site named by its compass point: 东广场 / 南广场, 北门, 西北出口, 东院区, 南馆 (breaker BL, session 43:
# 「东广场人工寄存处寄存婴儿车收费吗」 over the 南广场 row, 「北广场售票厅几点开门」 over a rule on 南广场's windows); the
# unit is the head noun (门 for 大门 and 侧门). Not a province or region (广东, 山西, 河南, 华北, 东北三省: the letter before),
# not 西门子, 以南区域, 东西 (a thing), nor 中 (集中区, 中门诊)
_COMPASS = re.compile(r"(?<![广山河湖江海云陕华闽粤辽以往朝偏靠东西南北])(东北|东南|西北|西南|东|西|南|北)侧?"
                      r"(广场|大门|侧门|门(?!子|店|诊|户|槛|类)|进站口|出站口|出口|入口|院区|校区|园区|片区|停车场|候车厅|"
                      r"区(?!域|别|分)|院(?!校|系|长)|馆|楼(?!盘|层)|翼|岸)")


def group_members(text: str) -> set[tuple[str, str]]:
    """The (unit, value) members of the closed groups that `text` (folded, lower-cased) names; a side of a contrast has
    the unit "side:境" or "side:午" (series.prefer refuses on a side, never looks for one), a compass-named part of a
    site "方位:广场" (its head noun)."""
    found = {("节日", _HOLIDAYS[m.group(0)]) for m in _HOLIDAY.finditer(text)}
    found |= {(f"方位:{m.group(2).lstrip('大侧')}", m.group(1)) for m in _COMPASS.finditer(text)}
    found |= {_MEMBER[m.group(0)] for m in _MEMBER_RE.finditer(text)}
    found |= {(f"side:{_SIDES[m.group(0)][0]}", side) for m in _SIDE.finditer(text) for side in _SIDES[m.group(0)][1]}
    return found


_DAY_NAME = re.compile(r"周末|双休日|(?:周|星期|礼拜)[一二三四五六日天]")
_FIELD = re.compile(r"([^；;：:\n]{1,16})[：:]([^；;\n]*)")


def restated_days(line: str) -> str:
    """A sheet record's line (「名：值；…」) with the days dropped from each field name whose value names days itself:
    「周末营业时间：周六9:00-12:00」 → 「营业时间：周六9:00-12:00」. Why: the name's 周末 named Sunday too, so a hall open on
    Saturdays only was quoted for 「周日…哪个营业厅开门」 (breaker AA, session 38); the value says which days."""
    def one(m: re.Match) -> str:
        name, value = m.group(1), m.group(2)
        return (_DAY_NAME.sub("", name) if _DAY_NAME.search(value) else name) + "：" + value
    return _FIELD.sub(one, line)
