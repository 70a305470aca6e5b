"""Reference data loaded by data migration: the 37 recommending authorities (R-AUTH-1) and the
GB/T 4754-2017 sections and manufacturing divisions (R-INDUSTRY). Kept here, not in the
migration, so the importer of the real lists (aliases) and the tests read the same rows."""

# (code, name, short name, kind, province code or None)
AUTHORITIES = [
    ("11", "北京市", "北京", "province", None),
    ("12", "天津市", "天津", "province", None),
    ("13", "河北省", "河北", "province", None),
    ("14", "山西省", "山西", "province", None),
    ("15", "内蒙古自治区", "内蒙古", "province", None),
    ("21", "辽宁省", "辽宁", "province", None),
    ("22", "吉林省", "吉林", "province", None),
    ("23", "黑龙江省", "黑龙江", "province", None),
    ("31", "上海市", "上海", "province", None),
    ("32", "江苏省", "江苏", "province", None),
    ("33", "浙江省", "浙江", "province", None),
    ("34", "安徽省", "安徽", "province", None),
    ("35", "福建省", "福建", "province", None),
    ("36", "江西省", "江西", "province", None),
    ("37", "山东省", "山东", "province", None),
    ("41", "河南省", "河南", "province", None),
    ("42", "湖北省", "湖北", "province", None),
    ("43", "湖南省", "湖南", "province", None),
    ("44", "广东省", "广东", "province", None),
    ("45", "广西壮族自治区", "广西", "province", None),
    ("46", "海南省", "海南", "province", None),
    ("50", "重庆市", "重庆", "province", None),
    ("51", "四川省", "四川", "province", None),
    ("52", "贵州省", "贵州", "province", None),
    ("53", "云南省", "云南", "province", None),
    ("54", "西藏自治区", "西藏", "province", None),
    ("61", "陕西省", "陕西", "province", None),
    ("62", "甘肃省", "甘肃", "province", None),
    ("63", "青海省", "青海", "province", None),
    ("64", "宁夏回族自治区", "宁夏", "province", None),
    ("65", "新疆维吾尔自治区", "新疆", "province", None),
    ("2102", "大连市", "大连", "planned_city", "21"),
    ("3302", "宁波市", "宁波", "planned_city", "33"),
    ("3502", "厦门市", "厦门", "planned_city", "35"),
    ("3702", "青岛市", "青岛", "planned_city", "37"),
    ("4403", "深圳市", "深圳", "planned_city", "44"),
    ("XPCC", "新疆生产建设兵团", "兵团", "corps", "65"),
]

SECTIONS = [
    ("A", "农、林、牧、渔业"),
    ("B", "采矿业"),
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"),
    ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"),
    ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"),
    ("K", "房地产业"),
    ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"),
    ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"),
    ("Q", "卫生和社会工作"),
    ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"),
    ("T", "国际组织"),
]

MANUFACTURING_DIVISIONS = [
    ("13", "农副食品加工业"),
    ("14", "食品制造业"),
    ("15", "酒、饮料和精制茶制造业"),
    ("16", "烟草制品业"),
    ("17", "纺织业"),
    ("18", "纺织服装、服饰业"),
    ("19", "皮革、毛皮、羽毛及其制品和制鞋业"),
    ("20", "木材加工和木、竹、藤、棕、草制品业"),
    ("21", "家具制造业"),
    ("22", "造纸和纸制品业"),
    ("23", "印刷和记录媒介复制业"),
    ("24", "文教、工美、体育和娱乐用品制造业"),
    ("25", "石油、煤炭及其他燃料加工业"),
    ("26", "化学原料和化学制品制造业"),
    ("27", "医药制造业"),
    ("28", "化学纤维制造业"),
    ("29", "橡胶和塑料制品业"),
    ("30", "非金属矿物制品业"),
    ("31", "黑色金属冶炼和压延加工业"),
    ("32", "有色金属冶炼和压延加工业"),
    ("33", "金属制品业"),
    ("34", "通用设备制造业"),
    ("35", "专用设备制造业"),
    ("36", "汽车制造业"),
    ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
    ("38", "电气机械和器材制造业"),
    ("39", "计算机、通信和其他电子设备制造业"),
    ("40", "仪器仪表制造业"),
    ("41", "其他制造业"),
    ("42", "废弃资源综合利用业"),
    ("43", "金属制品、机械和设备修理业"),
]


def load_reference_data(Authority, Industry) -> None:
    """Idempotent load; takes the model classes so the migration can pass its historical ones."""
    by_code = {}
    for order, (code, name, short, kind, province) in enumerate(AUTHORITIES):
        by_code[code], _ = Authority.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "sort_order": order,
                      "province": by_code.get(province)},
        )
    sections = {}
    for code, name in SECTIONS:
        sections[code], _ = Industry.objects.update_or_create(
            code=code, defaults={"name": name, "level": "section", "parent": None}
        )
    for code, name in MANUFACTURING_DIVISIONS:
        Industry.objects.update_or_create(code=code, defaults={"name": name, "level": "division",
                                                               "parent": sections["C"]})
