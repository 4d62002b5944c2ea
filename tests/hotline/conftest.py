import pytest

HEADINGS = [
    "工单编号",
    "来电人",
    "联系电话",
    "诉求类型",
    "诉求内容",
    "所属区域",
    "承办单位",
    "派单时间",
    "办理时限",
]
GOOD = [
    ["QY12345-2026-0001", "杨女士", "13912345678", "求助", "追缴社保投诉材料不会准备", "清城区", "区税务局", "2026-10-12 09:00", "10个工作日"],
    ["QY12345-2026-0002", "李先生", "0763-1234567", "咨询", "营业执照变更要带什么材料", "清城区", "区市场监管局", "2026-10-12 10:00", "2个工作日"],
]  # fmt: skip


@pytest.fixture
def demo(db):
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def xlsx_bytes():
    def build(rows=GOOD, headings=HEADINGS):
        import io

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return build


def give_feedback(case, demo, now, *, solved=True, feedback="已办结"):
    """Drive a hotline case through the real actions to its feedback: assess (transfer), transfer to the
    demo handler's unit, sign for, record the resolution, give feedback. Returns the refreshed case."""
    from bancheng.cases import actions as act
    from bancheng.policies.services import policy_of

    p = policy_of(None)
    officer, handler = demo["officer"], demo["handler"]
    act.assess_case(
        case,
        actor=officer,
        category=p.categories[0].code,
        nature=p.natures[0].code,
        case_class=p.classes[0].code,
        disposal="transfer",
        now=now,
    )
    act.transfer_case(case, actor=officer, to=[act.TransferTo(handler.unit.pk, "请核实并答复")], now=now)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=handler, now=now)
    act.record_resolution(assignment, actor=handler, resolution=feedback, now=now)
    act.give_feedback(
        case, actor=officer, feedback=feedback, solved=solved, basis="" if solved else "依据条例", now=now
    )
    case.refresh_from_db()
    return case


def close(case, demo, now, *, satisfaction="satisfied"):
    """The follow-up visit and the closure, through the real actions."""
    from bancheng.cases import actions as act

    officer = demo["officer"]
    act.record_visit(case, actor=officer, contacted=True, solved=True, satisfaction=satisfaction, now=now)
    act.close_case(case, actor=officer, now=now)
    case.refresh_from_db()
    return case
