"""Chinese legal citations in the English half of a refusal."""

import pytest

from yifa.lib.citations import cite_en, zh_number
from yifa.lib.errors import refuse


@pytest.mark.parametrize(("text", "value"), [("五", 5), ("十", 10), ("十八", 18), ("二十五", 25), ("六十四", 64),
                                             ("一百", 100), ("一百零二", 102), ("一百二十二", 122)])
def test_chinese_numerals(text, value):
    assert zh_number(text) == value


@pytest.mark.parametrize(("rule", "english"), [
    ("行政处罚法第五十四条", "Administrative Penalty Law, art. 54"),
    ("行政处罚法第四十四条、第四十五条", "Administrative Penalty Law, art. 44; art. 45"),
    ("行政处罚法第六十四条第（一）项", "Administrative Penalty Law, art. 64(1)"),
    ("行政处罚法第五十七条第二款", "Administrative Penalty Law, art. 57 para. 2"),
    ("《行政许可法》第四十二条", "Administrative Licensing Law, art. 42"),
    ("行政强制法第二十五条", "Administrative Coercion Law, art. 25"),
    ("某县市场监管办法第三条", "某县市场监管办法 art. 3"),  # an unknown title is quoted, not guessed
])
def test_citations_in_english(rule, english):
    assert cite_en(rule) == english


def test_a_refusal_cites_in_both_languages():
    err = refuse("须经行政机关负责人批准", "needs the agency head's approval", "行政处罚法第五十四条")
    assert err.zh == "须经行政机关负责人批准（行政处罚法第五十四条）"
    assert err.en == "needs the agency head's approval (Administrative Penalty Law, art. 54)"
    assert err.rule == "行政处罚法第五十四条"
