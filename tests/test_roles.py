"""roles.py: a question asking for a post's holder (「…行长是谁」) is answered only by a quote that names one."""
import pytest

from chatbot.bot import ChatBot
from chatbot.roles import asked_role, unnamed_role
from chatbot.values import lacks_value


@pytest.mark.parametrize("question, post", [
    ("城东支行行长是谁", "行长"), ("古籍部副主任是谁？", "副主任"), ("口腔科主任是哪位医生？", "主任"),
    ("行政部经理叫什么名字？", "经理"), ("谁是项目负责人?", "负责人"), ("班主任是谁", "班主任"),
    # 谁 asking something else than a post's holder; a post named, not asked for
    ("三级动火作业由谁审批?", ""), ("谁负责受限空间作业的气体检测?", ""), ("经理可以批几天假?", ""), ("《漱玉词》是谁捐的?", ""),
])
def test_the_post_a_question_asks_the_holder_of(question, post):
    assert asked_role(question) == post


@pytest.mark.parametrize("question, text, unnamed", [
    # near misses of the breakers' sets (session 36): another post, an address, a document number
    ("城东支行行长是谁", "本支行地址：杭州市上城区凤起东路188号。营业时间：周一至周五 9:00–17:00", True),
    ("药剂科主任是谁", "（2026年1月修订，药剂科发〔2026〕2号）", True),
    ("古籍部副主任是谁？", "古籍部主任：顾明远，电话0571-88652200转6601；古籍修复室：王守拙", True),
    ("外国语学院的院长是谁？", "学院：外国语学院；办公室：外语楼105室；教学秘书：刘芳", True),
    ("理赔组的负责人是谁", "理赔专线为 400-820-6655；网点私下赔付的，由网点负责人承担。", True),
    # the holder named: labelled, after a space, by the tagger, as a surname with the post, with the verb
    ("古籍部主任是谁？", "古籍部主任：顾明远，电话0571-88652200转6601", False),
    ("华东大区经理是谁？", "- 华东大区经理：赵海峰，分机8531", False),
    ("行政部差旅专员是谁?", "差旅相关问题请联系行政部差旅专员 宋雨桐,分机8316。", False),
    ("皮划艇队的领队是谁？", "官员与工作人员17人，领队刘刚。", False),
    ("客服中心主任是谁", "投诉请找客服中心李主任。", False),
    ("项目负责人是谁", "该项目由张伟负责，预计三月完成。", False),
    ("这个风险的负责人是谁?", "风险编号：R-07\n应对措施：切换至备用短信服务商\n责任人：钱雨萌", False),
    ("试验点的负责人是谁？", "负责人：客服中心经理", False),
    # people named by their work, checked as posts are (breakers S and W): not another post's name, nor a place
    ("玉屏峰医疗救助站的医生叫什么名字？", "服务点名称：玉屏峰医疗救助站；位置：玉屏峰服务点内；主要服务：急救、常用药品", True),
    ("研学营带队老师是谁", "研学营由项目经理许文博统筹。每20名学员配备1名带队老师和1名随队医生。", True),
    ("户外拓展的教练是哪位", "安全须知：游泳课须戴泳帽，教练示范后下水。", True),
    ("我的带教教练是谁", "学员报名后由教务处分配教练王建国，一人带教。", False),
    ("这本书的作者是谁", "本书由鲁迅所著。", False),
    # not a question about a post's holder: never refused here
    ("三级动火作业由谁审批?", "本支行地址：杭州市上城区凤起东路188号。", False),
])
def test_a_quote_names_the_asked_posts_holder_or_lacks_the_value(question, text, unnamed):
    assert unnamed_role(question, text) is unnamed
    assert lacks_value(question, text) is unnamed


def test_a_table_column_named_by_the_post_states_it():
    assert not unnamed_role("医学院的院长是谁？", "| 医学院 | 王建国 |", "| 学院 | 院长 |")
    assert unnamed_role("医学院的院长是谁？", "| 医学院 | 李雪梅 |", "| 学院 | 教学秘书 |")


def test_the_bot_refuses_a_post_nobody_holds_in_the_documents(settings, embedder, corpus):
    """End to end: the holder of a post the text names is quoted; asked for a post it does not name, the bot abstains
    (without the check the same line is quoted: 客服中心 and 电话 are all the question's words)."""
    (corpus / "客服中心.txt").write_text("客服中心联系方式\n\n客服中心经理：周文涛，客服热线电话 400-800-1234。\n", encoding="utf-8")
    bot = ChatBot(settings, embedder)
    named = bot.ask("客服中心经理是谁？")
    assert not named.abstained and "周文涛" in named.citations[0].quote
    unnamed = bot.ask("客服中心主任是谁？")
    assert unnamed.abstained and not unnamed.citations
