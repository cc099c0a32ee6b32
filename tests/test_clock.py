"""clock.py: the clock time a question names and the time slots a run states (breaker CR, session 50: 「商务型凌晨3点的
夜间服务费」 quoted the 23:00–次日2:00 row over the 2:00–5:00 one)."""
from types import SimpleNamespace

import pytest

from chatbot.clock import asked_time, by_clock, slots


@pytest.mark.parametrize("question, minute", [
    ("商务型凌晨3点的夜间服务费每公里多少？", 180), ("晚上11点半到还开门吗", 1410), ("15:30还能办理吗", 930),
    ("下午3点", 900), ("中午12点半", 750), ("晚上12点以后", 0), ("早上八点", 480), ("下午三点一刻", 915),
    ("3点以后可以来吗", None),        # morning or afternoon: no time
    ("第3点要求是什么", None), ("2.5公里多少钱", None), ("版本1.10更新了什么", None),
])
def test_the_time_a_question_names(question, minute):
    assert asked_time(question) == minute


def test_slots_over_midnight_are_two_spans():
    assert slots("23:00–次日2:00 | 1.0元/公里") == [(1380, 1440), (0, 120)]
    assert slots("10:00-15:00、18:00-21:00") == [(600, 900), (1080, 1260)]
    assert slots("营业时间：9:00至21:30") == [(540, 1290)]
    assert slots("热线 400-826-7788") == [] and slots("12:00") == []


def _run(score, text):
    chunk = SimpleNamespace(text=text, start=0, end=len(text))
    return (score, SimpleNamespace(chunk=chunk), 0, len(text))


def test_runs_whose_slots_miss_the_time_go_last():
    late, early, prose = (_run(9, "23:00–次日2:00 | 1.0元/公里"), _run(8, "2:00–5:00 | 1.4元/公里"),
                          _run(7, "夜间服务费按里程计收。"))
    runs = [late, early, prose]
    assert by_clock("商务型凌晨3点的夜间服务费", runs) == [early, prose, late]
    assert by_clock("商务型凌晨1点的夜间服务费", runs) == [late, prose, early]   # 23:00–次日2:00 holds it
    assert by_clock("商务型夜间服务费", runs) is runs               # no time asked
    assert by_clock("下午3点的夜间服务费", runs) is runs            # no slot holds it: as ranked


@pytest.mark.parametrize("question, minute", [
    ("半夜2点还能叫车吗", 120), ("夜里1点的夜间服务费", 60), ("夜里11点", 1380), ("夜间12点以后", 0), ("凌晨12点", 0),
])
def test_night_hours_past_midnight_stay_small(question, minute):
    assert asked_time(question) == minute
