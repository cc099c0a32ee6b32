"""Write the fresh set's three binary documents: two Word files and one workbook.

    /work/main/.venv/bin/python bench/sets/fresh/make_docs.py

Consumes: nothing (the text is written out below, invented for this set). Produces, in
bench/sets/fresh/corpus/: 2026年度员工福利说明.docx (headings, bulleted lists, a table),
新员工入职培训通知.docx (a notice: outline-numbered paragraphs, a timetable), and
CY-W系列一体化污水处理设备技术参数.xlsx (three sheets: a model × parameter table, the
influent/effluent limits, a two-column supply terms sheet).
Shortcut: the files are made reproducible (same bytes on every run) by fixing the Office
core-property dates and every zip entry's timestamp, so the corpus hashes in an index manifest do
not change when the script is run again; the text-format documents are written by hand, not here.
"""
from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXED = datetime(2026, 11, 30, 9, 0, 0)

WELFARE = [
    ("title", "2026年度员工福利说明"),
    ("p", "人力资源部　2026年1月5日"),
    ("p", "为吸引和保留人才，公司在法定福利之外提供下列福利。本说明适用于与公司签订劳动合同的正式员工，"
          "试用期员工享受其中的保险、体检和餐饮交通福利。如有疑问，请联系福利专员韩晓雯（分机6021）。"),
    ("h", "一、保险与公积金"),
    ("li", "公司按苏州市规定为员工缴纳五项社会保险；住房公积金缴存比例为12%，公司和个人各缴12%。"),
    ("li", "补充医疗保险由公司全额出资投保，门诊和住院自付部分报销80%，每人每年报销上限1万元。"),
    ("li", "员工子女可自费加入补充医疗保险，每人每年680元，于每年1月集中办理。"),
    ("li", "团体意外伤害保险，保额50万元，覆盖上下班途中。"),
    ("h", "二、健康"),
    ("li", "年度体检：每年4月至6月，在爱康国宾或美年大健康任选一家，套餐标准每人1200元；"
           "40岁及以上员工增加胃肠镜和低剂量肺部CT项目。"),
    ("li", "员工心理援助计划（EAP）：每人每年6次免费心理咨询，热线400-820-6617，全程保密。"),
    ("li", "健身补贴每月150元，凭健身房或游泳馆发票随当月工资发放。"),
    ("h", "三、节日与关怀"),
    ("li", "春节礼金1000元；端午节、中秋节各发放价值300元的超市礼品卡。"),
    ("li", "结婚礼金800元，生育礼金1000元，须入职满一年。"),
    ("li", "员工直系亲属去世，公司发放慰问金1000元并敬送花圈。"),
    ("li", "员工住院超过3天，由部门负责人代表公司探望，慰问标准500元。"),
    ("h", "四、补充假期"),
    ("li", "生日假：员工生日当月可休半天带薪生日假，不跨月使用。"),
    ("li", "家庭日：每年10月的第二个星期五为公司家庭日，全员放假一天。"),
    ("li", "当年未休完的年假，12月31日前可申请按日工资的100%折算发放，最多折算5天。"),
    ("h", "五、餐饮与交通"),
    ("li", "午餐补贴每个工作日25元，每月初充入饭卡，当月有效。"),
    ("li", "园区班车免费乘坐，线路和时刻见《园区班车时刻表》。"),
    ("li", "加班至21:00以后离开公司的，可报销打车费，每次上限80元。"),
    ("h", "六、福利积分"),
    ("p", "公司每年1月向员工发放福利积分，积分额度按司龄确定，见下表。"),
    ("table", [["司龄", "年度积分", "说明"],
               ["不满1年", "1000分", "按入职月份折算"],
               ["1年至3年", "2000分", "含满1年"],
               ["3年至5年", "3000分", "含满3年"],
               ["5年及以上", "4000分", "另加司龄纪念品"]]),
    ("p", "积分可在“澄源福利商城”兑换商品、电影票和体检升级项目，1积分抵1元。积分当年有效，"
          "12月31日清零，不跨年累计，不能兑换现金。"),
]

TRAINING = [
    ("title", "关于举办2026年第二期新员工入职培训的通知"),
    ("p", "各部门："),
    ("p", "为帮助新员工尽快了解公司、熟悉制度和岗位要求，人力资源部定于2026年4月13日至4月17日举办"
          "第二期新员工入职培训。现将有关事项通知如下。"),
    ("p", "一、参训对象"),
    ("p", "2026年2月16日至4月10日入职的全体新员工（共37人），以及尚未参加过入职培训的试用期员工。"),
    ("p", "二、日程与地点"),
    ("table", [["日期", "时间", "内容", "地点", "讲师"],
               ["4月13日（周一）", "9:00–12:00", "开营仪式、公司发展历程与企业文化", "总部1号楼报告厅", "总经理 顾明辉"],
               ["4月13日（周一）", "13:30–17:00", "人事制度、薪酬福利与考勤", "总部1号楼报告厅", "人力资源部 韩晓雯"],
               ["4月14日（周二）", "9:00–17:00", "净水原理与产品线介绍", "研发中心B栋2楼培训室", "产品经理 唐亦凡"],
               ["4月15日（周三）", "9:00–12:00", "信息安全与保密", "总部1号楼302会议室", "IT部 周子航"],
               ["4月15日（周三）", "13:30–17:00", "实验室与生产安全", "研发中心B栋3楼实验室", "安全员 罗文斌"],
               ["4月16日（周四）", "8:30–16:30", "吴江生产基地参观", "吴江生产基地", "生产部 陆海峰"],
               ["4月17日（周五）", "9:00–11:30", "结业考试与座谈", "总部1号楼报告厅", "人力资源部 梁静怡"]]),
    ("p", "三、培训要求"),
    ("p", "1. 全程参训，不得无故缺席。确有特殊情况的，须提前一天向人力资源部请假；缺课超过4学时的，须参加下一期补训。"),
    ("p", "2. 培训期间按正常出勤计算，午餐由公司统一安排在总部食堂。"),
    ("p", "3. 4月16日参观生产基地须穿平底鞋，乘坐工厂专线班车，07:45从总部东门出发。"),
    ("p", "4. 结业考试成绩须达到70分，成绩计入试用期考核；未达到的，可在5月内补考一次。"),
    ("p", "5. 请自带笔记本电脑，提前在企业微信中安装“澄源学堂”小程序，用于签到和课后测验。"),
    ("p", "四、报名方式"),
    ("p", "请各部门于4月8日17:00前将参训人员名单发送至人力资源部培训专员梁静怡"
          "（电话0512-6288 4036，邮箱training@chengyuan-env.cn）。"),
    ("p", "附件：1. 培训日程表　2. 新员工手册（电子版）"),
    ("p", "人力资源部"),
    ("p", "2026年3月30日"),
]

PARAMETERS = [
    ["参数", "CY-W10", "CY-W30", "CY-W50", "CY-W100"],
    ["设计处理量（m³/d）", 10, 30, 50, 100],
    ["外形尺寸（长×宽×高，m）", "3.0×1.5×2.2", "5.5×2.0×2.5", "7.2×2.4×2.8", "12.0×2.8×3.0"],
    ["设备空载重量（t）", 2.1, 4.6, 6.8, 12.5],
    ["装机功率（kW）", 1.5, 3.0, 4.4, 7.5],
    ["运行功率（kW）", 0.8, 1.6, 2.5, 4.2],
    ["吨水电耗（kWh/m³）", 0.9, 0.75, 0.68, 0.6],
    ["处理工艺", "A/O+MBR", "A/O+MBR", "A²/O+MBR", "A²/O+MBR"],
    ["膜组件", "PVDF中空纤维帘式膜", "PVDF中空纤维帘式膜", "PVDF中空纤维帘式膜", "PVDF平板膜"],
    ["膜面积（m²）", 40, 120, 200, 400],
    ["箱体材质", "碳钢防腐（Q235）", "碳钢防腐（Q235）", "碳钢防腐（Q235）", "不锈钢（S30408）"],
    ["噪声（dB(A)，距设备1m）", "≤55", "≤58", "≤60", "≤60"],
    ["控制方式", "PLC自动控制", "PLC自动控制", "PLC自动控制", "PLC＋触摸屏"],
    ["适用场景", "农家乐、公厕", "村庄、服务区", "学校、景区", "乡镇、工业园区"],
]

LIMITS = [
    ["指标", "进水设计值（mg/L）", "出水保证值（mg/L）"],
    ["化学需氧量COD", "≤350", "≤50"],
    ["五日生化需氧量BOD5", "≤180", "≤10"],
    ["悬浮物SS", "≤200", "≤10"],
    ["氨氮NH3-N", "≤35", "≤5（水温低于12℃时≤8）"],
    ["总氮TN", "≤45", "≤15"],
    ["总磷TP", "≤4", "≤0.5"],
    ["pH值（无量纲）", "6–9", "6–9"],
]

TERMS = [
    ["项目", "说明"],
    ["执行标准", "出水达到《城镇污水处理厂污染物排放标准》（GB 18918-2002）一级A标准"],
    ["交货期", "合同生效后45个工作日发货，CY-W100为60个工作日"],
    ["质保期", "设备主体质保3年，MBR膜组件质保1年，水泵和风机质保18个月"],
    ["安装调试", "含现场安装指导和7天调试，偏远地区差旅费另计"],
    ["远程监控", "标配4G数据终端，可接入澄源云平台查看水量、能耗和报警"],
    ["设计寿命", "主体结构15年"],
    ["技术支持", "工业水处理事业部技术支持热线0512-6288 4600"],
]


def write_docx(path: Path, items: list) -> None:
    import docx

    document = docx.Document()
    for kind, value in items:
        if kind == "title":
            document.add_heading(value, level=0)
        elif kind == "h":
            document.add_heading(value, level=1)
        elif kind == "li":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(value)
    props = document.core_properties
    props.title, props.author, props.created, props.modified = items[0][1], "苏州澄源环境科技有限公司", FIXED, FIXED
    props.last_modified_by = "人力资源部"
    document.save(path)
    reproducible(path)


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    for n, (name, rows) in enumerate((("技术参数", PARAMETERS), ("进出水指标", LIMITS), ("供货说明", TERMS))):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
    wb.properties.creator, wb.properties.created = "工业水处理事业部", FIXED
    wb.save(path)
    reproducible(path)


def reproducible(path: Path) -> None:
    """Rewrite an Office zip with fixed entry timestamps and fixed core-property dates."""
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, blob in entries:
            if name == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, blob)
            z.writestr(zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6]), blob, zipfile.ZIP_DEFLATED)


def main() -> None:
    write_docx(CORPUS / "2026年度员工福利说明.docx", WELFARE)
    write_docx(CORPUS / "新员工入职培训通知.docx", TRAINING)
    write_xlsx(CORPUS / "CY-W系列一体化污水处理设备技术参数.xlsx")


if __name__ == "__main__":
    main()
