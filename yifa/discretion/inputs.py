"""The facts an officer records for the benchmark (the penalty procedure's `assess` step input)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop as N_
from pydantic import BaseModel, Field

from yifa.discretion.models import DiscretionHarm
from yifa.lib import bounds


class AssessIn(BaseModel):
    benchmark: str = Field(title=N_("适用的裁量基准"), max_length=60)
    amount: bounds.Money | None = Field(None, title=N_("计罚基数（货值金额、违法所得、广告费用等，元）"),
                                        description=N_("无法计算的留空"))
    duration_days: int = Field(0, ge=0, le=36500, title=N_("违法行为持续天数"))
    harm: DiscretionHarm = Field(DiscretionHarm.NONE, title=N_("危害后果"))
    corrected: bool = Field(False, title=N_("已及时改正"))
    factors: list[str] = Field([], title=N_("从重、从轻、减轻情节"), max_length=20)
    on_date: dt.date = Field(title=N_("裁量日期"))
