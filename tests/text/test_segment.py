from bancheng.text.segment import query_terms, search_terms, words


def test_trade_words_stay_whole():
    assert "住房公积金" in words("住房公积金提取业务办不成")
    assert "容缺受理" in words("窗口不同意容缺受理")


def test_punctuation_and_stop_words_are_dropped():
    assert words("我的，公积金？") == ["公积金"]


def test_latin_words_are_lower_cased():
    assert words("ABC卡") == ["abc", "卡"]


def test_search_terms_hold_the_short_words_inside_long_ones():
    terms = search_terms("住房公积金")
    assert {"住房", "公积金", "住房公积金"} <= set(terms)


def test_query_terms_are_distinct_in_first_seen_order():
    assert query_terms("提取 提取 公积金") == ("提取", "公积", "积金", "公积金")


def test_empty_text_has_no_words():
    assert words("") == [] and search_terms("") == [] and query_terms("") == ()
