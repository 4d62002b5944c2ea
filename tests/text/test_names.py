"""People's names without a form of address, found with jieba's part-of-speech tagger for the redaction, and what
the redaction with them and its address patterns does to the thirty sentences of ``redaction_corpus``."""

from bancheng.domain.redaction import redact_text
from bancheng.text.names import person_names
from tests.text.redaction_corpus import SENTENCES


def redacted(text: str) -> str:
    return redact_text(text, names=person_names(text))


def test_names_written_without_a_form_of_address_are_found():
    assert person_names("我和王建国一起去办，邻居李秀英说她也没办成，张伟帮他交了材料") == (
        "王建国",
        "李秀英",
        "张伟",
    )


def test_names_the_tagger_cuts_apart_are_put_back_together():
    assert person_names("母亲陈桂兰已退休") == ("陈桂兰",)
    assert person_names("丈夫赵国强在外地打工") == ("赵国强",)
    assert person_names("承办人与欧阳明辉电话沟通后") == ("欧阳明辉",)
    assert person_names("同事马丽丽和李强都反映过") == ("马丽丽", "李强")


def test_everyday_words_the_dictionary_tags_as_names_are_not_names():
    text = (
        "申请人材料齐全，顾客在黄金周排队，企业资金周转困难，许可证在高新区管委会，请当事人陈述理由，严肃性"
    )
    assert person_names(text) == ()


def test_a_name_with_a_form_of_address_is_left_to_the_redactions_own_pattern():
    assert person_names("杨女士和王先生表示满意") == ()
    assert redacted("杨女士表示满意") == "【姓名已隐去】女士表示满意"


def test_untitled_names_in_the_corpus_are_removed_from_the_text():
    assert redacted("邻居李秀英说她去年也没办成") == "邻居【姓名已隐去】说她去年也没办成"
    caught = [n for s in SENTENCES for n in s.names if n not in redacted(s.text)]
    assert len(caught) >= 14  # of 16; jieba cuts 郑|浩然 and 黄|明说 wrongly (docs/knowledge.md)


def test_every_home_address_in_the_corpus_is_removed():
    for sentence in SENTENCES:
        out = redacted(sentence.text)
        assert all(address not in out for address in sentence.addresses), out


def test_units_departments_items_policies_and_places_in_organization_names_survive():
    for sentence in SENTENCES:
        out = redacted(sentence.text)
        assert all(kept in out for kept in sentence.kept), out


def test_text_without_names_has_none():
    assert person_names("") == () and person_names("到和平区政务服务中心办理不动产登记") == ()
