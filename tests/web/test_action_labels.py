from bancheng.domain.lifecycle import CaseAction
from bancheng.web.templatetags.bancheng import action_label


def test_a_case_action_is_shown_by_its_chinese_name():
    assert action_label(CaseAction.ESCALATE.value) == CaseAction.ESCALATE.label


def test_a_report_event_is_shown_by_its_chinese_name():
    assert action_label("publish_report") == "发布研判通报"


def test_an_unknown_code_is_shown_as_it_is_rather_than_hidden():
    assert action_label("something_new") == "something_new"
