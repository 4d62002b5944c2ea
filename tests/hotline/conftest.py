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
