"""Demo stories beyond penalty cases: licence applications, coercive measures, inspections,
complaints and reports.

Like the story cases (yifa.demo.cases), every record is made by the market-regulation
bureau's demo users through the real actions (yifa.licensing / coercion / inspections
.actions), so its steps, deadlines, stored files and audit events are the actions' own.

Those actions date their steps today. Each story is therefore a generator that yields the
day of its next step; `run` takes the steps of all stories in date order, each on the demo
clock (`timezone.now()` set to a working morning of that day while the step runs). Every
step, deadline, approval time and audit event carries the day the step was taken, always a
working day of the loaded calendar, and each agency's chain advances in time.
"""

from __future__ import annotations

import datetime as dt
import heapq
import io
import wave
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from yifa.audit.chain import seal
from yifa.cases import actions as case_actions
from yifa.cases.models import Case, PartyKind
from yifa.coercion import actions as coercion
from yifa.coercion.models import Measure, MeasureKind
from yifa.complaints import actions as complaints
from yifa.complaints.models import Complaint, ComplaintCategory, ComplaintKind
from yifa.demo.cases import Story, _day
from yifa.evidence import storage
from yifa.inspections import actions as inspections
from yifa.inspections.models import Inspection, InspectionResult
from yifa.law.models import PowerItem
from yifa.lib.idcodes import uscc_check_char
from yifa.licensing import actions as licensing
from yifa.licensing.models import ApplicantKind, Licence, LicenceApplication, Outcome, SuspensionKind
from yifa.registry.models import Agency
from yifa.workcal.calendar import load_calendar

D = dt.date
#: A story: yields the day of its next step, then takes that step when resumed.
Plot = Generator[dt.date, None, None]


#: What the inspectors wrote down, by result.
FINDINGS: dict[str, str] = {
    InspectionResult.COMPLIANT: "证照齐全，进货查验记录完整，从业人员健康证明在有效期内，未发现问题。",
    InspectionResult.CORRECTED: "部分食品原料未标注进货日期，冷藏柜温度记录不全；已当场责令限期改正。",
    InspectionResult.SUSPECTED: "店内销售的熟食超过保质期，涉嫌违反食品安全法第三十四条。",
}


# --- the demo clock ---------------------------------------------------------------------------

def workday(day: dt.date) -> dt.date:
    """`day`, or the next working day after it (weekends and holidays of the loaded calendar)."""
    calendar = load_calendar()
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def wd(n: int) -> dt.date:
    """The story day `n` (as in the story cases), moved on to a working day."""
    return workday(_day(n))


@contextmanager
def clock(moment: dt.datetime) -> Iterator[None]:
    """`timezone.now()` (and so `timezone.localdate()`) is `moment` while a step runs."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def run(plots: Sequence[Plot]) -> None:
    """Take the stories' steps in date order (ties: in list order), a minute apart from 9:00.

    Each demo day ends with a signed audit seal at 17:30, as the scheduled sealing leaves them.
    """
    queue: list[tuple[dt.date, int, Plot]] = [(next(plot), i, plot) for i, plot in enumerate(plots)]
    heapq.heapify(queue)
    tick = 0
    while queue:
        day, i, plot = heapq.heappop(queue)
        tick += 1
        start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
        with clock(start + dt.timedelta(minutes=tick)):
            following = next(plot, None)
        if following is not None:
            if following < day:
                raise ValueError(f"story {i}: step on {following} after one on {day}")
            heapq.heappush(queue, (following, i, plot))
        if not queue or queue[0][0] > day:
            with clock(dt.datetime.combine(day, dt.time(17, 30), tzinfo=timezone.get_current_timezone())):
                seal()


def av_record(seconds: int = 1) -> bytes:
    """A real (silent) WAV recording standing in for the audio/video record of a measure."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 8000 * seconds)
    return out.getvalue()


# --- the stories ------------------------------------------------------------------------------

class Stories:
    """The market-regulation bureau's licences, measures and inspections (the story cases' cast)."""

    def __init__(self) -> None:
        self.cast = Story()
        self.officer, self.head = self.cast.officer, self.cast.head
        self.agency = self.cast.agency
        assert self.officer.officer is not None
        assert self.cast.colleague is not None
        self.crew = [self.officer.officer, self.cast.colleague]
        self.food = self._item("licensing", "食品经营")
        self.drug = self._item("licensing", "药品")
        self.check = self._item("inspection", "监督检查")

    def _item(self, category: str, word: str) -> PowerItem:
        items = PowerItem.objects.filter(agency=self.agency, category=category, is_active=True).order_by("code")
        item = items.filter(name__contains=word).first() or items.first()
        if item is None:
            raise LookupError(f"no {category} power item for the demo stories")
        return item

    def uscc(self, n: int) -> str:
        first17 = f"91{self.agency.region.code[:6]}MA2{n:05d}0"
        return first17 + uscc_check_char(first17)

    def case(self, party: str) -> Case:
        return Case.objects.get(agency=self.agency, party_name=party)

    def plots(self) -> list[Plot]:
        return [
            self.granted(), self.refused(), self.extended(), self.suspended(), self.under_review(),
            self.correction(), self.received(), self.renewal(),
            self.released(), self.extended_measure(), self.inspected_then_seized(), self.emergency(),
            self.proposed(),
            self.inspection(8, "浦江县示范连锁超市", InspectionResult.COMPLIANT, random=True),
            self.inspection(41, "浦江县东街早餐店", InspectionResult.COMPLIANT),
            self.inspection(48, "浦江县西门烧烤店", InspectionResult.CORRECTED),
            self.inspection(71, "浦江县南山农家乐", InspectionResult.CORRECTED),
            self.inspection(83, "浦江县北苑熟食店", InspectionResult.SUSPECTED),
        ]

    # licensing ---------------------------------------------------------------------------------

    def receive(self, n: int, name: str, subject: str, materials: list[str], *,
                drug: bool = False) -> LicenceApplication:
        return licensing.receive_application(
            power=self.drug if drug else self.food, applicant_kind=ApplicantKind.ORGANISATION, applicant_name=name,
            applicant_code=self.uscc(1000 + n), applicant_address=f"浦江县浦阳街道示范路{100 + n}号", subject=subject,
            materials=materials, received_on=wd(n), acting_user=self.officer,
        )

    def accepted(self, n: int, name: str, subject: str, *, drug: bool = False) -> Generator[
            dt.date, None, LicenceApplication]:
        """Received on day n and accepted on the following working day."""
        yield wd(n)
        app = self.receive(n, name, subject, ["申请书", "营业执照复印件", "经营场所平面图"], drug=drug)
        yield wd(n + 1)
        return licensing.accept(app, accepted_on=wd(n + 1), acting_user=self.officer)

    def granted(self) -> Plot:
        """Corrected once, tested (time not counted), granted and the licence issued."""
        yield wd(7)
        app = self.receive(7, "浦江县丽景餐饮有限公司", "食品经营许可（新办，餐饮服务）", ["申请书", "营业执照复印件"])
        yield wd(9)
        app = licensing.request_correction(app, ["经营场所平面图", "食品安全管理制度文本"], notified_on=wd(9),
                                           acting_user=self.officer)
        yield wd(14)
        app = licensing.receive_correction(app, materials=["经营场所平面图", "食品安全管理制度文本"],
                                           received_on=wd(14), acting_user=self.officer)
        yield wd(15)
        app = licensing.accept(app, accepted_on=wd(15), acting_user=self.officer)
        yield wd(21)
        app = licensing.suspend_for(app, SuspensionKind.TESTING, start=wd(21), applicant_notified_on=wd(21),
                                    reason="委托检测机构对加工用水进行检测", acting_user=self.officer)
        yield wd(28)
        app = licensing.resume(app, end=wd(28), note="检测报告合格", acting_user=self.officer)
        yield wd(44)
        app = licensing.decide(app, Outcome.GRANTED, decided_on=wd(44), acting_user=self.head)
        yield wd(46)
        licensing.issue_licence(app, number="JY23307260000701", issued_on=wd(46), valid_to=D(2031, 10, 18),
                                acting_user=self.officer)

    def refused(self) -> Plot:
        app = yield from self.accepted(20, "浦江县康宁大药房", "药品零售企业经营许可（新办）", drug=True)
        yield wd(43)
        licensing.decide(app, Outcome.REFUSED, decided_on=wd(43), acting_user=self.head,
                         reasons="经现场核查，申请人未配备依法经过资格认定的药师，"
                                 "不符合药品管理法第五十二条规定的条件。")

    def extended(self) -> Plot:
        app = yield from self.accepted(48, "浦江县德和食品有限公司", "食品经营许可（新办，食品销售）")
        yield wd(76)
        licensing.extend_review(app, "申请人经营场所分布在三处，需逐一现场核查，二十日内不能作出决定。",
                                on_date=wd(76), acting_user=self.head)

    def suspended(self) -> Plot:
        app = yield from self.accepted(55, "浦江县仙华中央厨房有限公司", "食品经营许可（新办，中央厨房）")
        yield wd(72)
        licensing.suspend_for(app, SuspensionKind.EXPERT, start=wd(72), applicant_notified_on=wd(72),
                              reason="中央厨房工艺布局复杂，组织专家评审", acting_user=self.officer)

    def under_review(self) -> Plot:
        yield from self.accepted(68, "浦江县嵩溪茶饮店", "食品经营许可（新办，饮品制售）")

    def correction(self) -> Plot:
        yield wd(79)
        app = self.receive(79, "浦江县通济桥面馆", "食品经营许可（新办，餐饮服务）", ["申请书"])
        yield wd(81)
        licensing.request_correction(app, ["营业执照复印件", "经营场所平面图", "食品安全管理人员名单"],
                                     notified_on=wd(81), acting_user=self.officer)

    def received(self) -> Plot:
        yield wd(84)
        self.receive(84, "浦江县白马镇便民超市", "食品经营许可（新办，食品销售）",
                     ["申请书", "营业执照复印件", "经营场所平面图", "食品安全管理制度文本"])

    def renewal(self) -> Plot:
        """A licence granted in January for the year, renewed in November before its renewal date."""
        app = yield from self.accepted(-232, "浦江县年货集市经营部", "食品经营许可（新办，年度集市经营）")
        yield wd(-215)
        app = licensing.decide(app, Outcome.GRANTED, decided_on=wd(-215), acting_user=self.head)
        yield wd(-213)
        licence = licensing.issue_licence(app, number="JY23307260000102", issued_on=wd(-213),
                                          valid_to=D(2026, 12, 31), acting_user=self.officer)
        yield wd(76)
        renewal = licensing.apply_renewal(licence, materials=["延续申请书", "营业执照复印件"], received_on=wd(76),
                                          acting_user=self.officer)
        yield wd(77)
        licensing.accept(renewal, accepted_on=wd(77), acting_user=self.officer)

    # coercion ----------------------------------------------------------------------------------

    def propose(self, party: str, items: str, reason: str, case: Case | None = None) -> Measure:
        return coercion.propose_measure(agency=self.agency, kind=MeasureKind.DETENTION, items=items, reason=reason,
                                        party_name=party, case=case, acting_user=self.officer)

    def executed(self, n: int, party: str, items: str, reason: str, case: Case | None = None) -> Generator[
            dt.date, None, Measure]:
        """Proposed and approved on day n, carried out the next working day."""
        yield wd(n)
        m = self.propose(party, items, reason, case)
        m = coercion.approve_measure(m, approve=True, note="同意扣押。", acting_user=self.head)
        yield wd(n + 1)
        return coercion.execute_measure(m, started_on=wd(n + 1), officers=self.crew, av_record=av_record(),
                                        acting_user=self.officer)

    def released(self) -> Plot:
        party = "浦江县子水果店"
        m = yield from self.executed(13, party, "变质水果12箱", "涉嫌销售腐烂变质的食用农产品", self.case(party))
        yield wd(23)
        coercion.release_measure(m, released_on=wd(23), note="违法事实已查清，涉案物品已依法处理，解除扣押。",
                                 acting_user=self.officer)

    def extended_measure(self) -> Plot:
        party = "浦江县己酒业有限公司"
        m = yield from self.executed(56, party, "涉嫌假冒注册商标的白酒360瓶", "涉嫌生产经营假冒伪劣酒类产品",
                                     self.case(party))
        yield wd(79)
        coercion.extend_measure(m, reason="涉案白酒需送省级检验机构鉴定，案情复杂，三十日内难以查清。",
                                acting_user=self.head)

    def emergency(self) -> Plot:
        yield wd(78)
        m = coercion.take_emergency_measure(
            agency=self.agency, kind=MeasureKind.SEIZURE, items="冷库一间及库存冷冻肉品约2吨",
            reason="涉嫌经营来源不明的冷冻肉品", party_name="浦江县恒冷仓储有限公司", started_on=wd(78),
            officers=self.crew, av_record=av_record(2),
            emergency_reason="当事人正在组织车辆转移涉案肉品，不当场查封将无法控制。", acting_user=self.officer,
            # ACL 19: the 24-hour report runs from when it was carried out (early that morning).
            carried_out_at=dt.datetime.combine(wd(78), dt.time(8, 30), tzinfo=timezone.get_current_timezone()),
        )
        yield wd(78)  # reported to the head the same morning
        coercion.regularise_emergency(m, approve=True, acting_user=self.head)

    def proposed(self) -> Plot:
        party = "浦江县丙餐饮店"
        yield wd(84)
        self.propose(party, "涉嫌超过保质期的食用油20桶", "涉嫌经营超过保质期的食品", self.case(party))

    # inspections -------------------------------------------------------------------------------

    def inspect(self, n: int, party: str, result: str, random: bool = False) -> Inspection:
        return inspections.record_inspection(
            agency=self.agency, power=self.check, inspected_on=wd(n), officers=self.crew, party_name=party,
            party_code=self.uscc(500 + n), place=f"浦江县浦阳街道示范路{200 + n}号", findings=FINDINGS[result],
            result=result, random_selection=random, acting_user=self.officer,
        )

    def inspection(self, n: int, party: str, result: str, random: bool = False) -> Plot:
        yield wd(n)
        self.inspect(n, party, result, random)

    def inspected_then_seized(self) -> Plot:
        """Suspected on inspection, registered and opened as a case, the goods detained with approval."""
        yield wd(64)
        found = self.inspect(64, "浦江县永和熟食店", InspectionResult.SUSPECTED)
        case = inspections.register_case_from(
            found, power=self.cast.power, acting_user=self.officer, party_kind=PartyKind.ORGANISATION,
            title=self.cast.title("浦江县永和熟食店"), party_address="浦江县浦阳街道示范路264号",
            act_ended_on=wd(64),
        )
        yield wd(65)
        case = case_actions.open_case(case, opened_on=wd(65), officers=self.crew, lead=self.crew[0],
                                      acting_user=self.head)
        yield from self.executed(65, "浦江县永和熟食店", "超过保质期的卤味熟食86千克", "涉嫌经营超过保质期的食品", case)


# complaints and reports (投诉举报) -----------------------------------------------------------------

class ComplaintStories:
    """A handful of complaints to the bureau, each left in another state — filed, accepted,
    transferred, replied, refused, closed and rated — walked through yifa.complaints.actions
    (filed by the public: no user; handled by the bureau's officer)."""

    def __init__(self, stories: Stories) -> None:
        self.agency, self.officer = stories.agency, stories.officer
        others = Agency.objects.filter(region=self.agency.region, is_active=True).exclude(pk=self.agency.pk)
        self.elsewhere = others.filter(name__contains="生态环境").order_by("id").first() or others.order_by("id").first()

    def plots(self) -> list[Plot]:
        found = [self.filed(), self.accepted(), self.replied(), self.refused(), self.closed_and_rated()]
        if self.elsewhere is not None:
            found.append(self.transferred())
        return found

    def file(self, kind: str, category: str, subject: str, content: str, name: str = "",
             phone: str = "") -> Complaint:
        return complaints.file_complaint(kind=kind, category=category, subject=subject, content=content,
                                         agency=self.agency, anonymous=not name, name=name, phone=phone,
                                         acting_user=None).complaint

    def filed(self) -> Plot:
        yield wd(84)
        self.file(ComplaintKind.REPORT, ComplaintCategory.VIOLATION, "菜市场摊位销售病死猪肉",
                  "城南农贸市场东侧一摊位每天清晨低价销售来源不明的猪肉，疑似病死猪肉。")

    def accepted(self) -> Plot:
        yield wd(79)
        c = self.file(ComplaintKind.COMPLAINT, ComplaintCategory.CONSUMER, "超市价签与结算价格不一致",
                      "在示范路一超市购买食用油，价签标价59.9元，结算时收取69.9元。", "王女士", "13900001111")
        yield wd(80)
        complaints.accept(c, accepted_on=wd(80), public_text="已受理，将组织核查并在法定期限内答复。",
                          acting_user=self.officer)

    def replied(self) -> Plot:
        yield wd(62)
        c = self.file(ComplaintKind.REPORT, ComplaintCategory.SAFETY, "餐馆后厨卫生状况差",
                      "东街一餐馆后厨地面积水、生熟不分，苍蝇较多。")
        yield wd(63)
        c = complaints.accept(c, accepted_on=wd(63), public_text="已受理，将安排现场检查。", acting_user=self.officer)
        yield wd(70)
        complaints.reply(c, replied_on=wd(70), reply="经现场检查，该餐馆后厨存在生熟未分开存放问题，已责令限期改正并将跟踪复查。",
                         acting_user=self.officer)

    def refused(self) -> Plot:
        yield wd(45)
        c = self.file(ComplaintKind.COMPLAINT, ComplaintCategory.OTHER, "邻里纠纷",
                      "邻居装修占用楼道，协商未果。", "李先生", "13900002222")
        yield wd(46)
        c = complaints.reject(c, rejected_on=wd(46), reason="属民事纠纷，不属于本机关职责范围，建议向所在社区或人民调解组织反映。",
                              acting_user=self.officer)
        yield wd(47)
        complaints.rate_outcome(c, rating=3, comment="答复及时，但问题没有解决。", acting_user=None)

    def closed_and_rated(self) -> Plot:
        yield wd(20)
        c = self.file(ComplaintKind.COMPLAINT, ComplaintCategory.CONSUMER, "购买的预包装食品已过期",
                      "在西门一便利店购买的面包已超过保质期两天，商家拒绝退换。", "张先生", "13900003333")
        yield wd(21)
        c = complaints.accept(c, accepted_on=wd(21), public_text="已受理。", acting_user=self.officer)
        yield wd(30)
        c = complaints.reply(c, replied_on=wd(30), reply="经核查属实，已责令商家下架过期食品并为您办理退货，另依法立案调查。",
                             acting_user=self.officer)
        yield wd(31)
        c = complaints.close(c, closed_on=wd(31), acting_user=self.officer)
        yield wd(33)
        complaints.rate_outcome(c, rating=5, comment="处理很快，满意。", acting_user=None)

    def transferred(self) -> Plot:
        assert self.elsewhere is not None
        yield wd(72)
        c = self.file(ComplaintKind.REPORT, ComplaintCategory.VIOLATION, "工厂夜间排放刺鼻气体",
                      "工业园区一家工厂夜间排放刺鼻气体，附近居民难以入睡。")
        yield wd(73)
        complaints.transfer(c, agency=self.elsewhere, transferred_on=wd(73), reason="属生态环境部门职责，转交办理",
                            acting_user=self.officer)


def build_stories() -> dict[str, int]:
    """Walk the stories; returns how many records of each kind they made."""
    with storage.blob_guard(), transaction.atomic():
        stories = Stories()
        run([*stories.plots(), *ComplaintStories(stories).plots()])
    agency = stories.agency
    return {
        "许可申请（示例）/ licence applications": LicenceApplication.objects.filter(agency=agency).count(),
        "许可证（示例）/ licences": Licence.objects.filter(agency=agency).count(),
        "强制措施（示例）/ measures": Measure.objects.filter(agency=agency).count(),
        "检查记录（示例）/ inspections": Inspection.objects.filter(agency=agency).count(),
        "投诉举报（示例）/ complaints": Complaint.objects.count(),
    }
