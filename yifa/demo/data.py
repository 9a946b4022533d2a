"""What a county looks like: its departments, townships, power items and people (static data).

`build.py` turns this into rows, choosing the variable parts (people, subsets) from a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- places ---------------------------------------------------------------------------

PROVINCE = ("330000", "浙江省")


@dataclass(frozen=True)
class CountyData:
    code: str
    name: str
    townships: tuple[str, ...] = ()  # empty: synthetic names are drawn from the seed


PUJIANG_TOWNSHIPS = (
    "浦阳街道", "仙华街道", "浦南街道", "黄宅镇", "岩头镇", "郑宅镇", "檀溪镇", "杭坪镇",
    "白马镇", "郑家坞镇", "潘宅镇", "大畈乡", "中余乡", "前吴乡", "花桥乡", "虞宅乡",
)
PUJIANG = CountyData("330726", "浦江县", PUJIANG_TOWNSHIPS)

#: Cities and their counties (GB/T 2260). Only Pujiang has its real townships.
CITIES: dict[str, tuple[str, list[CountyData]]] = {
    "330700": ("金华市", [
        CountyData("330702", "婺城区"), CountyData("330703", "金东区"), CountyData("330723", "武义县"),
        PUJIANG, CountyData("330727", "磐安县"), CountyData("330781", "兰溪市"),
        CountyData("330782", "义乌市"), CountyData("330783", "东阳市"), CountyData("330784", "永康市"),
    ]),
    "330100": ("杭州市", [
        CountyData("330102", "上城区"), CountyData("330105", "拱墅区"), CountyData("330106", "西湖区"),
        CountyData("330108", "滨江区"), CountyData("330109", "萧山区"), CountyData("330110", "余杭区"),
        CountyData("330122", "桐庐县"), CountyData("330127", "淳安县"), CountyData("330182", "建德市"),
    ]),
    "330200": ("宁波市", [
        CountyData("330203", "海曙区"), CountyData("330205", "江北区"), CountyData("330206", "北仑区"),
        CountyData("330211", "镇海区"), CountyData("330212", "鄞州区"), CountyData("330225", "象山县"),
        CountyData("330226", "宁海县"), CountyData("330281", "余姚市"), CountyData("330282", "慈溪市"),
    ]),
}

#: Syllables for synthetic township names outside Pujiang.
PLACE_CHARS = "东西南新安和平长乐永丰兴华城溪山岭桥塘湖阳明清泉石桃花竹梅龙凤金双白青云河江古柳松"

# --- penalty types and power templates ----------------------------------------------

_TYPES = {
    "W": "warning", "F": "fine", "C": "confiscation", "L": "licence",
    "R": "restriction", "D": "detention", "O": "other",
}


@dataclass(frozen=True)
class PowerTemplate:
    category: str  # PowerItem.Category value
    name: str
    law: str  # LawData.key
    basis: tuple[str, ...]  # provision keys: 罚则 / legal basis
    violated: tuple[str, ...] = ()  # provision keys: 违则
    penalty_types: tuple[str, ...] = ()
    fee: str = "不收费"


def pen(law: str, basis: str, violated: str | None, types: str,
        behaviours: list[str]) -> list[PowerTemplate]:
    """One penalty item per behaviour (the usual split of a 权力清单)."""
    kinds = tuple(_TYPES[c] for c in types)
    viol = (violated,) if violated else ()
    return [PowerTemplate("penalty", f"对{b}的行政处罚", law, (basis,), viol, kinds)
            for b in behaviours]


def item(category: str, law: str, basis: str, names: list[str], fee: str = "不收费") -> list[PowerTemplate]:
    return [PowerTemplate(category, n, law, (basis,), fee=fee) for n in names]


DOMAINS: dict[str, list[PowerTemplate]] = {
    "food": [
        *pen("食品安全法", "122", "35", "FC", [
            "未取得食品生产许可从事食品生产活动", "未取得食品经营许可从事食品销售活动",
            "未取得食品经营许可从事餐饮服务活动", "未取得食品添加剂生产许可从事食品添加剂生产活动"]),
        *pen("食品安全法", "124", "34", "FCL", [
            "生产经营致病性微生物、农药残留、兽药残留等物质含量超过食品安全标准限量的食品",
            "用超过保质期的食品原料、食品添加剂生产食品、食品添加剂",
            "生产经营超范围、超限量使用食品添加剂的食品",
            "生产经营腐败变质、油脂酸败、霉变生虫、污秽不洁、混有异物、掺假掺杂或者感官性状异常的食品",
            "生产经营标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂",
            "食品生产经营者被责令召回或者停止经营后仍拒不召回或者停止经营"]),
        *pen("食品安全法", "125", None, "FCLR", [
            "生产经营被包装材料、容器、运输工具等污染的食品、食品添加剂",
            "生产经营无标签的预包装食品、食品添加剂或者标签、说明书不符合规定的食品、食品添加剂",
            "生产经营转基因食品未按规定进行标示",
            "食品生产经营者采购或者使用不符合食品安全标准的食品原料、食品添加剂、食品相关产品"]),
        *pen("食品安全法", "126", None, "WFLR", [
            "食品、食品添加剂生产者未按规定对采购的食品原料和生产的食品、食品添加剂进行检验",
            "食品生产经营企业未按规定建立食品安全管理制度或者未按规定配备、培训、考核食品安全管理人员",
            "食品生产经营者进货时未查验许可证和相关证明文件或者未按规定建立并遵守进货查验记录制度",
            "食品生产经营企业未制定食品安全事故处置方案",
            "餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒或者清洗消毒不合格",
            "食品生产经营者安排未取得健康证明的人员从事接触直接入口食品的工作",
            "食品经营者未按规定要求销售食品",
            "餐饮服务提供者未按规定制定、实施原料控制要求"]),
        *item("licensing", "食品安全法", "35", ["食品经营许可"]),
        *item("inspection", "食品安全法", "110", [
            "对食品生产经营者遵守食品安全法情况的监督检查", "食品安全监督抽样检验"]),
        *item("coercion", "食品安全法", "110", [
            "查封、扣押不符合食品安全标准或者有证据证明存在安全隐患的食品、食品添加剂",
            "查封违法从事食品生产经营活动的场所"]),
    ],
    "market": [
        *pen("市场主体登记管理条例", "43", "3", "FCR", ["未经设立登记从事经营活动"]),
        *pen("产品质量法", "49", None, "FCL", [
            "生产不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品",
            "销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品"]),
        *pen("产品质量法", "50", None, "FCL", [
            "在产品中掺杂、掺假", "以假充真、以次充好", "以不合格产品冒充合格产品"]),
        *pen("产品质量法", "53", None, "FCL", [
            "伪造产品产地", "伪造或者冒用他人厂名、厂址", "伪造或者冒用认证标志等质量标志"]),
        *pen("产品质量法", "54", None, "FC", ["产品标识不符合规定"]),
        *pen("广告法", "55", "28", "FCL", [
            "广告主发布虚假广告", "广告经营者、广告发布者明知或者应知广告虚假仍设计、制作、代理、发布"]),
        *pen("广告法", "57", "9", "FCL", [
            "发布使用“国家级”“最高级”“最佳”等用语的广告", "发布有广告法第九条规定的其他禁止情形的广告"]),
        *pen("价格法", "42", "13", "FC", [
            "经营者不明码标价", "经营者在标价之外加价出售商品或者收取未予标明的费用"]),
        *pen("价格法", "40", "14", "WFCLR", ["经营者利用虚假的或者使人误解的价格手段诱骗消费者进行交易"]),
        *pen("药品管理法", "115", "51", "FCR", ["未取得药品经营许可证销售药品"]),
        *pen("药品管理法", "117", "98", "FCLR", ["零售劣药"]),
        *item("licensing", "药品管理法", "51", ["药品零售企业经营许可"]),
    ],
    "enforcement": [
        *pen("城市市容和环境卫生管理条例", "34", None, "WF", [
            "随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物",
            "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品",
            "在临街建筑物的阳台和窗外堆放、吊挂有碍市容的物品",
            "不按规定的时间、地点、方式倾倒垃圾、粪便",
            "不履行卫生责任区清扫保洁义务或者不按规定清运、处理垃圾和粪便",
            "运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒",
            "临街工地不设置护栏或者不作遮挡、停工场地不及时整理并作必要覆盖"]),
        *pen("城市市容和环境卫生管理条例", "36", None, "F", [
            "未经批准在街道两侧和公共场地临时堆放物料、搭建非永久性建筑物、构筑物或者其他设施"]),
        *pen("城市道路管理条例", "42", None, "F", ["未经批准擅自占用城市道路", "未经批准擅自挖掘城市道路"]),
        *pen("大气污染防治法", "118", None, "FR", [
            "餐饮服务业经营者未安装油烟净化设施、不正常使用油烟净化设施超标排放油烟"]),
        *pen("大气污染防治法", "119", None, "F", [
            "露天焚烧秸秆、落叶等产生烟尘污染的物质", "在人口集中地区对树木、花草喷洒剧毒、高毒农药"]),
        *pen("大气污染防治法", "115", None, "FR", [
            "施工工地未设置硬质围挡或者未采取有效防尘降尘措施",
            "建筑土方、工程渣土、建筑垃圾未及时清运或者未采用密闭式防尘网遮盖"]),
        *pen("固体废物污染环境防治法", "111", None, "FC", [
            "单位随意倾倒、抛撒、堆放或者焚烧生活垃圾", "个人随意倾倒、抛撒、堆放或者焚烧生活垃圾",
            "产生、收集厨余垃圾的单位未将厨余垃圾交由具备相应资质条件的单位进行无害化处理"]),
    ],
    "planning": [
        *pen("城乡规划法", "64", "40", "FCR", [
            "未取得建设工程规划许可证进行建设", "未按照建设工程规划许可证的规定进行建设"]),
        *pen("城乡规划法", "66", None, "F", [
            "未经批准进行临时建设", "未按照批准内容进行临时建设", "临时建筑物、构筑物超过批准期限不拆除"]),
        *item("coercion", "城乡规划法", "68", ["查封违法建设施工现场", "强制拆除违法建筑物、构筑物"]),
    ],
    "village": [
        *item("coercion", "城乡规划法", "65", [
            "对在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的拆除",
            "对未按照乡村建设规划许可证的规定进行建设的拆除"]),
        *pen("土地管理法", "78", None, "O", ["农村村民未经批准或者采取欺骗手段骗取批准非法占用土地建住宅"]),
    ],
    "land": [
        *pen("土地管理法", "77", "44", "FCR", ["未经批准非法占用土地", "采取欺骗手段骗取批准非法占用土地"]),
        *pen("土地管理法", "75", None, "F", [
            "占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土等破坏种植条件"]),
        *pen("测绘法", "55", None, "FC", ["未取得测绘资质证书擅自从事测绘活动"]),
        *item("licensing", "城乡规划法", "40", ["建设工程规划许可"]),
    ],
    "forestry": [
        *pen("森林法", "76", None, "F", ["盗伐林木", "滥伐林木"]),
        *pen("森林法", "74", None, "F", ["进行开垦、采石、采砂、采土或者其他活动造成林木毁坏"]),
        *item("licensing", "森林法", "56", ["林木采伐许可"]),
    ],
    "police": [
        *pen("道路交通安全法", "90", None, "WF", ["机动车驾驶人违反道路通行规定"]),
        *pen("道路交通安全法", "89", None, "WF", ["行人、乘车人、非机动车驾驶人违反道路通行规定"]),
        *pen("道路交通安全法", "91.1", "22", "FLD", ["饮酒后驾驶机动车"]),
        *pen("道路交通安全法", "93", None, "WF", ["机动车违反规定停放、临时停车妨碍其他车辆、行人通行"]),
        *pen("道路交通安全法", "99", "19", "FD", [
            "未取得机动车驾驶证驾驶机动车", "机动车驾驶证被吊销或者暂扣期间驾驶机动车"]),
        *pen("居民身份证法", "17", None, "FCD", [
            "冒用他人居民身份证或者使用骗领的居民身份证", "购买、出售、使用伪造、变造的居民身份证"]),
        *pen("娱乐场所管理条例", "48", None, "WR", [
            "娱乐场所照明设施、包厢、包间的设置以及门窗的使用不符合规定",
            "娱乐场所未按规定安装闭路电视监控设备或者中断使用"]),
        *pen("消防法", "60.2", None, "WF", [
            "个人损坏、挪用或者擅自拆除、停用消防设施、器材", "个人占用、堵塞、封闭疏散通道、安全出口"]),
        *item("coercion", "道路交通安全法", "93", ["拖移违法停放的机动车"]),
    ],
    "environment": [
        *pen("大气污染防治法", "99", None, "FR", [
            "未依法取得排污许可证排放大气污染物",
            "超过大气污染物排放标准或者重点大气污染物排放总量控制指标排放大气污染物",
            "通过逃避监管的方式排放大气污染物"]),
        *pen("水污染防治法", "83", None, "FR", [
            "未依法取得排污许可证排放水污染物",
            "超过水污染物排放标准或者重点水污染物排放总量控制指标排放水污染物",
            "利用渗井、渗坑、裂隙、溶洞，私设暗管等逃避监管的方式排放水污染物"]),
        *pen("环境保护法", "59", None, "F", ["违法排放污染物被责令改正拒不改正（按日连续处罚）"]),
        *item("coercion", "环境保护法", "25", ["查封、扣押造成污染物排放的设施、设备"]),
    ],
    "safety": [
        *pen("安全生产法", "97", None, "FR", [
            "生产经营单位未按规定设置安全生产管理机构或者配备安全生产管理人员",
            "生产经营单位未按规定对从业人员进行安全生产教育和培训",
            "生产经营单位未如实记录安全生产教育和培训情况"]),
        *pen("安全生产法", "99", None, "FR", [
            "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
            "未对安全设备进行经常性维护、保养和定期检测"]),
        *pen("安全生产法", "102", None, "FR", ["生产经营单位未采取措施消除事故隐患"]),
        *pen("烟花爆竹安全管理条例", "36", None, "FC", ["未经许可经营烟花爆竹制品"]),
        *item("coercion", "安全生产法", "65", [
            "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材"]),
        *item("inspection", "安全生产法", "65", ["对生产经营单位执行安全生产法律法规情况的监督检查"]),
    ],
    "fire": [
        *pen("消防法", "60.1", None, "FR", [
            "单位消防设施、器材或者消防安全标志的配置、设置不符合标准或者未保持完好有效",
            "单位损坏、挪用或者擅自拆除、停用消防设施、器材",
            "单位占用、堵塞、封闭疏散通道、安全出口或者有其他妨碍安全疏散行为",
            "单位埋压、圈占、遮挡消火栓或者占用防火间距",
            "单位占用、堵塞、封闭消防车通道，妨碍消防车通行",
            "人员密集场所在门窗上设置影响逃生和灭火救援的障碍物",
            "对火灾隐患经消防救援机构通知后不及时采取措施消除"]),
        *pen("消防法", "58", None, "FR", [
            "公众聚集场所未经消防救援机构许可擅自投入使用、营业",
            "公众聚集场所使用、营业情况与承诺内容不符"]),
        *item("licensing", "消防法", "58", ["公众聚集场所投入使用、营业前消防安全检查"]),
        *item("inspection", "消防法", "53", ["消防监督检查"]),
    ],
    "transport": [
        *pen("道路运输条例", "63", None, "FC", [
            "未取得道路运输经营许可擅自从事道路客运经营",
            "未取得道路运输经营许可擅自从事道路危险货物运输经营"]),
        *pen("公路法", "76", None, "F", ["擅自占用、挖掘公路", "在公路用地范围内设置公路标志以外的其他标志"]),
        *pen("公路法", "77", None, "F", ["造成公路路面损坏、污染或者影响公路畅通", "将公路作为试车场地"]),
    ],
    "health": [
        *pen("医师法", "59", None, "FC", ["非医师行医"]),
        *pen("基本医疗卫生与健康促进法", "99", "38", "FC", ["未取得医疗机构执业许可证擅自执业"]),
        *pen("公共场所卫生管理条例", "14", None, "WFLR", [
            "公共场所卫生质量不符合国家卫生标准和要求而继续营业",
            "公共场所从业人员未获得健康合格证而从事直接为顾客服务", "公共场所经营者拒绝卫生监督"]),
        *item("licensing", "基本医疗卫生与健康促进法", "38", ["医疗机构执业许可"]),
    ],
    "agriculture": [
        *pen("农药管理条例", "55", None, "FC", ["未取得农药经营许可证经营农药"]),
        *pen("农药管理条例", "60", None, "F", [
            "农药使用者不按照农药的标签标注的使用范围、使用方法和剂量等使用农药", "农药使用者使用禁用的农药"]),
        *item("licensing", "农药管理条例", "55", ["农药经营许可"]),
    ],
    "culture": [
        *pen("互联网上网服务营业场所管理条例", "31", None, "WFL", [
            "互联网上网服务营业场所在规定的营业时间以外营业", "互联网上网服务营业场所接纳未成年人进入营业场所",
            "互联网上网服务营业场所经营非网络游戏", "互联网上网服务营业场所擅自停止实施经营管理技术措施",
            "互联网上网服务营业场所未悬挂网络文化经营许可证或者未成年人禁入标志"]),
        *pen("娱乐场所管理条例", "49", None, "WR", ["娱乐场所接纳未成年人"]),
        *pen("娱乐场所管理条例", "41", None, "O", ["擅自从事娱乐场所经营活动"]),
        *pen("旅游法", "95", None, "FC", ["未经许可经营旅行社业务"]),
    ],
    "construction": [
        *pen("建筑法", "64", "7", "F", ["未取得施工许可证擅自施工"]),
        *pen("建设工程质量管理条例", "57", None, "F", ["建设单位未取得施工许可证或者开工报告未经批准擅自施工"]),
        *pen("城镇燃气管理条例", "45", None, "FC", ["未取得燃气经营许可证从事燃气经营活动"]),
        *item("licensing", "建筑法", "7", ["建筑工程施工许可"]),
        *item("licensing", "城镇燃气管理条例", "45", ["燃气经营许可"]),
    ],
    "water": [
        *pen("水法", "65", None, "FR", [
            "在河道管理范围内建设妨碍行洪的建筑物、构筑物",
            "在河道管理范围内从事影响河势稳定、危害河岸堤防安全和其他妨碍河道行洪的活动"]),
        *pen("水法", "69", None, "FL", ["未经批准擅自取水", "未依照批准的取水许可规定条件取水"]),
        *item("licensing", "水法", "69", ["取水许可"]),
    ],
    "labour": [
        *pen("劳动保障监察条例", "23", None, "F", ["用人单位安排女职工从事禁忌从事的劳动"]),
        *pen("劳动保障监察条例", "25", None, "WF", ["用人单位违法延长劳动者工作时间"]),
        *pen("社会保险法", "84", None, "F", ["用人单位不办理社会保险登记"]),
        *item("other", "劳动保障监察条例", "26", ["责令用人单位支付拖欠的劳动报酬并加付赔偿金"]),
    ],
    "tax": [
        *pen("税收征收管理法", "60", None, "F", ["纳税人未按照规定的期限申报办理税务登记、变更或者注销登记"]),
        *pen("税收征收管理法", "62", None, "F", [
            "纳税人未按照规定的期限办理纳税申报和报送纳税资料",
            "扣缴义务人未按照规定的期限报送代扣代缴、代收代缴税款报告表"]),
        *pen("税收征收管理法", "63", None, "F", ["纳税人偷税"]),
        *item("levy", "社会保险法", "86", ["社会保险费征收"],
              fee="按国家和浙江省规定的缴费基数、费率征收"),
    ],
    "statistics": pen("统计法", "41", None, "WF", [
        "统计调查对象拒绝提供统计资料或者经催报后仍未按时提供统计资料",
        "统计调查对象提供不真实或者不完整的统计资料"]),
    "weather": pen("气象法", "35", None, "F", [
        "侵占、损毁或者未经批准擅自移动气象设施", "在气象探测环境保护范围内从事危害气象探测环境活动"]),
    "civdef": [
        *pen("人民防空法", "48", "22", "WF", ["城市新建民用建筑不按规定修建战时可用于防空的地下室"]),
        *item("levy", "人民防空法", "22", ["防空地下室易地建设费征收"],
              fee="按浙江省价格、财政部门核定的标准征收"),
    ],
    "civil": [
        *item("other", "殡葬管理条例", "20", ["对将应当火化的遗体土葬或者在公墓以外埋葬遗体、建造坟墓的责令改正"]),
        *pen("社会团体登记管理条例", "35", None, "CO", ["未经登记擅自以社会团体名义进行活动"]),
    ],
    "justice": pen("律师法", "55", None, "FC", ["没有取得律师执业证书的人员以律师名义从事法律服务业务"]),
    "finance": pen("政府采购法", "77", None, "FCLR", ["供应商提供虚假材料谋取中标、成交"]),
    "development": pen("招标投标法", "49", None, "F", ["必须进行招标的项目不招标或者化整为零规避招标"]),
    "economy": pen("节约能源法", "71", None, "CR", ["使用国家明令淘汰的用能设备或者生产工艺"]),
    "commerce": pen("报废机动车回收管理办法", "20", None, "FC", ["未取得资质认定擅自从事报废机动车回收活动"]),
    "medins": [
        *pen("医疗保障基金使用监督管理条例", "38", None, "F", ["定点医药机构分解住院、挂床住院造成医疗保障基金损失"]),
        *pen("医疗保障基金使用监督管理条例", "40", None, "FR", [
            "定点医药机构诱导、协助他人冒名或者虚假就医、购药骗取医疗保障基金"]),
    ],
    "education": item("other", "民办教育促进法", "64", ["对擅自举办民办学校的责令限期改正或者责令停止办学"]),
    "tobacco": item("licensing", "烟草专卖法", "16", ["烟草专卖零售许可（受委托审查）"]),
    "housingfund": [
        *pen("住房公积金管理条例", "37", None, "F", [
            "单位不办理住房公积金缴存登记或者不为本单位职工办理住房公积金账户设立手续"]),
        *item("other", "住房公积金管理条例", "38", ["对单位逾期不缴或者少缴住房公积金的责令限期缴存"]),
    ],
}

#: Domains whose items Zhejiang moved to the comprehensive enforcement bureau (大综合一体化),
#: and of those, the ones also delegated to townships and sub-districts.
ENFORCEMENT_DOMAINS = ("enforcement", "planning", "land", "construction", "water", "forestry",
                       "civdef", "environment", "safety", "agriculture", "market", "food", "transport")
TOWNSHIP_DOMAINS = ("enforcement", "planning", "village", "land", "construction", "water",
                    "forestry", "safety", "agriculture", "food", "fire", "environment", "market")

# --- departments ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeptData:
    key: str
    tail: str  # the name after the county's name
    short: str  # short name after the county's first character
    kind: str  # Agency.Kind value
    code: str  # letters in power-item codes
    field: str  # 执法类别
    domains: tuple[str, ...]
    size: int  # enforcement officers, roughly
    units: tuple[str, ...] = ()  # business units besides the standard ones
    entrusted_by: str = ""
    name_format: str = "{county}{tail}"
    basis: str = ""


def _d(key: str, tail: str, short: str, code: str, fld: str, domains: str, size: int,
       units: str = "", kind: str = "statutory", **kw: str) -> DeptData:
    return DeptData(key, tail, short, kind, code, fld, tuple(domains.split()), size,
                    tuple(units.split()), **kw)


DEPARTMENTS: list[DeptData] = [
    _d("market", "市场监督管理局", "市监", "SJ", "市场监管", "food market", 58,
       "食品安全监督管理科 药品医疗器械监督管理科 价格监督检查和反不正当竞争科 广告监督管理科"),
    _d("zongzhi", "综合行政执法局", "综执", "ZF", "综合执法", "enforcement planning", 72,
       "市容环境卫生执法科 规划建设执法科 生态环境执法科 执法指导科"),
    _d("police", "公安局", "公", "GA", "公安", "police", 40, "治安管理大队 交通警察大队 法制大队"),
    _d("environment", "生态环境分局", "环", "HB", "生态环境", "environment", 16, "环境影响评价科 污染防治科",
       name_format="{city}生态环境局{county_short}分局"),
    _d("resources", "自然资源和规划局", "自然资源", "ZR", "自然资源", "land", 18,
       "国土空间规划科 耕地保护科 测绘地理信息科"),
    _d("transport", "交通运输局", "交", "JT", "交通运输", "transport", 12, "公路管理科 运输管理科"),
    _d("health", "卫生健康局", "卫健", "WJ", "卫生健康", "health", 8, "医政医管科 公共卫生科"),
    _d("emergency", "应急管理局", "应急", "YJ", "应急管理", "safety", 14, "安全生产基础科 危险化学品监督管理科"),
    _d("agriculture", "农业农村局", "农", "NY", "农业农村", "agriculture village", 12, "种植业管理科 农村宅基地管理科"),
    _d("culture", "文化和广电旅游体育局", "文广旅体", "WG", "文化旅游", "culture", 8, "文化市场管理科 旅游发展科"),
    _d("construction", "住房和城乡建设局", "建", "JS", "住房城乡建设", "construction", 12, "建筑业管理科 城镇燃气管理科"),
    _d("water", "水务局", "水", "SL", "水利", "water", 8, "水资源管理科 河湖管理科"),
    _d("education", "教育局", "教", "JY", "教育", "education", 5, "民办教育管理科"),
    _d("hrss", "人力资源和社会保障局", "人社", "RS", "人力社保", "labour", 6, "劳动关系科 社会保险科"),
    _d("tax", "税务局", "税", "SW", "税务", "tax", 30, "征收管理股 社会保险费股 稽查局",
       name_format="国家税务总局{county}税务局"),
    _d("forestry", "林业局", "林", "LY", "林业", "forestry", 8, "森林资源管理科"),
    _d("development", "发展和改革局", "发改", "FG", "发展改革", "development", 4, "投资科"),
    _d("economy", "经济和信息化局", "经信", "JX", "经济信息化", "economy", 4, "节能与综合利用科"),
    _d("civil", "民政局", "民", "MZ", "民政", "civil", 5, "社会组织管理科 社会事务科"),
    _d("justice", "司法局", "司", "SF", "司法行政", "justice", 4, "律师公证管理科"),
    _d("finance", "财政局", "财", "CZ", "财政", "finance", 4, "政府采购监督管理科"),
    _d("commerce", "商务局", "商", "SWU", "商务", "commerce", 4, "市场运行和消费促进科"),
    _d("statistics", "统计局", "统", "TJ", "统计", "statistics", 4, "统计执法监督科"),
    _d("medins", "医疗保障局", "医保", "YB", "医疗保障", "medins", 5, "基金监管科"),
    _d("weather", "气象局", "气", "QX", "气象", "weather", 3, "防灾减灾科", kind="authorised",
       basis="《中华人民共和国气象法》第五条"),
    _d("tobacco", "烟草专卖局", "烟", "YC", "烟草专卖", "tobacco", 6, "专卖管理科"),
    _d("civdef", "人民防空办公室", "人防", "RF", "人民防空", "civdef", 3, "工程管理科"),
    _d("fire", "消防救援大队", "消", "XF", "消防", "fire", 12, "防火监督科", kind="authorised",
       basis="《中华人民共和国消防法》第四条"),
    _d("housingfund", "住房公积金管理中心", "公积金", "GJJ", "住房公积金", "housingfund", 3, "归集管理科",
       kind="authorised", name_format="{city}住房公积金管理中心{county_short}分中心",
       basis="《住房公积金管理条例》第十一条"),
    _d("highway", "公路与运输管理中心", "公路", "GL", "交通运输", "transport", 8, "路政管理科",
       kind="authorised", basis="《中华人民共和国公路法》第八条"),
    _d("t_transport", "交通运输行政执法队", "交执", "JTZD", "交通运输", "transport", 10, "",
       kind="entrusted", entrusted_by="transport"),
    _d("t_agriculture", "农业行政执法队", "农执", "NYZD", "农业农村", "agriculture", 8, "",
       kind="entrusted", entrusted_by="agriculture"),
    _d("t_culture", "文化市场综合行政执法队", "文执", "WHZD", "文化旅游", "culture", 6, "",
       kind="entrusted", entrusted_by="culture"),
    _d("t_labour", "劳动保障监察大队", "劳监", "LDJC", "人力社保", "labour", 6, "",
       kind="entrusted", entrusted_by="hrss"),
    _d("t_health", "卫生监督所", "卫监", "WSJD", "卫生健康", "health", 10, "",
       kind="entrusted", entrusted_by="health"),
    _d("t_environment", "生态环境保护综合行政执法队", "环执", "HBZD", "生态环境", "environment", 10, "",
       kind="entrusted", entrusted_by="environment"),
    _d("t_water", "水政监察大队", "水监", "SZJC", "水利", "water", 5, "",
       kind="entrusted", entrusted_by="water"),
    _d("t_forestry", "森林资源保护中心", "林保", "SLBH", "林业", "forestry", 4, "",
       kind="entrusted", entrusted_by="forestry"),
]

STANDARD_UNITS = (
    ("办公室", "负责机关日常运转、文电、档案、信息公开和执法公示的组织协调。"),
    ("政策法规科", "负责重大执法决定法制审核、行政复议应诉、执法案卷评查和执法人员资格管理。"),
    ("行政审批科", "负责行政许可等依申请事项的受理、审查和决定，按时限办结并公开结果。"),
)
TOWNSHIP_UNITS = (
    ("党政办公室", "负责综合协调、文电、档案和政务公开。"),
    ("综合行政执法队", "负责赋权事项的日常巡查、立案调查、处罚决定的执行和执法全过程记录。"),
    ("平安法治办公室", "负责法制审核、矛盾纠纷调处、执法监督和投诉举报受理。"),
    ("村镇建设管理办公室", "负责村镇规划建设管理、农村宅基地和违法建设巡查。"),
)

#: Posts: (name, unit index or -1 for the enforcement unit, duties).
POSTS = (
    ("执法检查岗", -1, "按照年度检查计划和“双随机、一公开”要求实施日常检查，如实记录检查情况，发现违法行为及时报告立案。"),
    ("案件调查岗", -1, "对已立案件全面、客观、公正地调查取证，两名以上执法人员出示执法证件，制作现场笔录和询问笔录。"),
    ("案件审理岗", -1, "审查案件事实、证据、定性、法律适用和自由裁量，提出处理意见，组织听证和集体讨论材料。"),
    ("法制审核岗", 1, "对重大执法决定进行法制审核，审查主体资格、事实证据、法律依据、程序和裁量，出具书面审核意见。"),
    ("行政审批岗", 2, "受理许可申请，一次性告知补正材料，在法定期限内提出审查意见并送达决定。"),
    ("执法监督岗", 1, "对执法活动开展事中事后监督，组织案卷评查，受理执法投诉并督促整改。"),
)

RESPONSIBILITY = {
    "penalty": "1.立案责任：发现涉嫌违法行为，对符合立案标准的及时立案。2.调查责任：两名以上执法人员调查取证，"
               "出示执法证件，全面、客观、公正收集证据。3.审查责任：审查案件事实、证据、依据和处罚意见，重大案件"
               "进行法制审核。4.告知责任：作出处罚决定前告知当事人拟处罚的内容及事实、理由、依据和陈述、申辩、"
               "要求听证的权利。5.决定责任：依法作出处罚或者不予处罚决定，载明法定事项。6.送达责任：在七日内"
               "依法送达。7.执行责任：监督当事人履行，依法申请强制执行。8.其他法律法规规章规定应履行的责任。",
    "licensing": "1.受理责任：公示申请条件、材料和时限，一次性告知补正材料。2.审查责任：对申请材料审查，"
                 "需要现场核查的组织核查。3.决定责任：在法定期限内作出准予或者不予许可决定，不予许可的说明理由"
                 "并告知救济权利。4.送达责任：准予许可的颁发证件并公开。5.事后监管责任：对被许可人从事许可事项"
                 "的活动实施监督检查。6.其他法律法规规章规定应履行的责任。",
    "coercion": "1.审批责任：实施前向行政机关负责人报告并经批准。2.实施责任：两名以上执法人员实施，出示"
                "执法证件，通知当事人到场，制作现场笔录。3.告知责任：当场告知采取措施的理由、依据和当事人依法"
                "享有的权利、救济途径。4.期限责任：在法定期限内作出处理决定。5.解除责任：不再需要采取措施的及时"
                "解除。6.其他法律法规规章规定应履行的责任。",
    "inspection": "1.检查责任：按照检查计划实施，两名以上执法人员出示执法证件。2.处置责任：发现违法行为依法"
                  "处理或者移送。3.公开责任：依法公开检查结果。4.其他法律法规规章规定应履行的责任。",
}
RESPONSIBILITY_DEFAULT = ("1.受理（启动）责任。2.审查责任。3.决定责任。4.送达（公开）责任。5.监管责任。"
                          "6.其他法律法规规章规定应履行的责任。")
ACCOUNTABILITY = (
    "因不履行或者不正确履行行政职责，有下列情形之一的，行政机关及其工作人员应当承担相应责任："
    "1.没有法律或者事实依据实施的；2.擅自改变种类、幅度的；3.违反法定程序的；4.不具备执法资格实施的；"
    "5.应当依法履行职责而未履行的；6.滥用职权、玩忽职守、徇私舞弊的；7.其他违反法律法规规章规定的行为。"
)

# --- people ---------------------------------------------------------------------------

SURNAMES = ("张王李陈吴周徐黄朱何郑楼方吕傅蒋金应胡施毛洪赵钱孙杨刘邵叶章骆于宣石蔡潘余俞丁许")
GIVEN = tuple("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌辉"
              "浩宇婷燕雪琳晨佳欣鑫亮峰海波晓俊凯鹏飞毅哲睿瑶倩楠颖慧航昊")
ID_REGIONS = ("330726",) * 6 + ("330702", "330703", "330723", "330727", "330781", "330782", "330783",
                                "330784")
COURSES = (
    ("行政处罚法专题培训", 16), ("行政执法证件年审法律知识考试辅导", 8), ("执法全过程记录实务", 8),
    ("行政执法案卷制作规范", 12), ("重大执法决定法制审核培训", 12), ("自由裁量基准适用培训", 8),
    ("执法文书制作与送达", 8), ("“大综合一体化”执法改革专题", 16), ("行政复议与行政诉讼应诉实务", 12),
    ("数字化执法平台操作培训", 8), ("本系统业务法律法规专题", 24), ("执法礼仪与执法风险防范", 6),
)
ISSUER = "浙江省人民政府"

# --- demo logins ----------------------------------------------------------------------

DEMO_PASSWORD = "yifa-demo-2026"  # noqa: S105 -- the published password of the demo logins (README)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    agency: str = ""  # department key in the demo county
    region: bool = False  # scoped to the demo county
    staff: bool = False


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "sysadmin", "系统管理员", staff=True),
    DemoLogin("sifaju", "supervisor", "周明", region=True),
    DemoLogin("xiaoneng", "efficiency", "陈静", region=True),
    DemoLogin("lingdao", "leader", "黄建国", region=True),
    DemoLogin("shijian_zhifa", "officer", "张伟", agency="market"),
    DemoLogin("shijian_fazhi", "legal_reviewer", "李娜", agency="market"),
    DemoLogin("shijian_fuze", "agency_head", "楼志刚", agency="market"),
    DemoLogin("shijian_guanli", "agency_admin", "王芳", agency="market"),
    DemoLogin("shijian_caiwu", "finance", "吴敏", agency="market"),
    DemoLogin("zongzhi_zhifa", "officer", "郑强", agency="zongzhi"),
    DemoLogin("gongzhong", "public", "刘洋"),
)
DEMO_USERNAMES = tuple(login.username for login in DEMO_LOGINS)
DEMO_URL = "http://127.0.0.1:8000/"
