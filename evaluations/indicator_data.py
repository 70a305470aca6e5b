"""The indicator sets (R-EVAL-1) as data, loaded by a data migration. Each row:
(code, name, group code, group name, type, unit, max points, baseline, leading, direction, years)

type: gate — a basic requirement (基本要求): not met vetoes the evaluation, no points;
      qualitative — points from 0 to max, judged by the evaluator;
      quantitative — points = max × how far the value has moved from the baseline (基准值, 0 points)
                     towards the leading value (引领值, full points), clamped to [0, 1];
      threshold — a value that must reach the standard's limit (product standards): a veto if not.
baseline/leading None: industry- or standard-specific; the applicant enters them with the value.
direction: "higher" or "lower" is better. years: 3 for parks (values of the last three years).
"""

BASIC_REQUIREMENTS_36132 = [
    ("BR1", "依法设立，在建设和生产过程中遵守有关法律、法规、政策和标准"),
    ("BR2", "近三年（含成立不足三年）无较大及以上安全、环保、质量等事故"),
    ("BR3", "最高管理者分派绿色工厂相关的职责和权限，确保相关资源的获得"),
    ("BR4", "设有绿色工厂管理机构，负责制定、实施、评价和改进绿色工厂相关规划"),
    ("BR5", "有开展绿色工厂的中长期规划及年度目标、指标和实施方案"),
    ("BR6", "传播绿色制造的概念和知识，定期为员工提供绿色制造相关知识的教育、培训"),
]


def _gates(rows, group="BR", group_name="基本要求"):
    return [(code, name, group, group_name, "gate", "", 0, None, None, "higher", 1) for code, name in rows]


def _q(code, name, group, group_name, points):
    return (code, name, group, group_name, "qualitative", "", points, None, None, "higher", 1)


def _n(code, name, group, group_name, points, unit, direction, baseline=None, leading=None, years=1):
    return (code, name, group, group_name, "quantitative", unit, points, baseline, leading, direction, years)


# GB/T 36132-2018: basic requirements, then six groups weighted 20/15/15/10/10/30 (R-EVAL-2).
GBT36132_2018 = _gates(BASIC_REQUIREMENTS_36132) + [
    _q("IF1", "建筑：节材、节能、节水、节地、无害化及可再生能源利用", "IF", "基础设施", 8),
    _q("IF2", "照明：自然光利用、节能灯具、分区分级控制", "IF", "基础设施", 4),
    _q("IF3", "设备设施：能源、水及其他资源计量器具配备", "IF", "基础设施", 4),
    _q("IF4", "设备设施：污染物处理设备设施配备与运行", "IF", "基础设施", 4),
    _q("MS1", "质量管理体系", "MS", "管理体系", 4),
    _q("MS2", "职业健康安全管理体系", "MS", "管理体系", 3),
    _q("MS3", "环境管理体系", "MS", "管理体系", 4),
    _q("MS4", "能源管理体系", "MS", "管理体系", 4),
    _q("ER1", "能源投入：优化用能结构，使用可再生能源、余热余压", "ER", "能源与资源投入", 6),
    _q("ER2", "资源投入：减少材料、水资源等消耗，使用回收料和可再生材料", "ER", "能源与资源投入", 5),
    _q("ER3", "采购：绿色采购制度与供方管理", "ER", "能源与资源投入", 4),
    _q("PD1", "生态设计", "PD", "产品", 4),
    _q("PD2", "有害物质使用", "PD", "产品", 3),
    _q("PD3", "节能、减碳、可回收利用率", "PD", "产品", 3),
    _q("EE1", "大气污染物排放", "EE", "环境排放", 3),
    _q("EE2", "水体污染物排放", "EE", "环境排放", 3),
    _q("EE3", "固体废物处置", "EE", "环境排放", 2),
    _q("EE4", "温室气体排放核查与披露", "EE", "环境排放", 2),
    _n("PF1", "容积率", "PF", "绩效", 2, "", "higher"),
    _n("PF2", "建筑密度", "PF", "绩效", 2, "%", "higher"),
    _n("PF3", "单位用地面积产能", "PF", "绩效", 3, "", "higher"),
    _n("PF4", "绿色物料使用率", "PF", "绩效", 2, "%", "higher"),
    _n("PF5", "单位产品主要原材料消耗量", "PF", "绩效", 3, "", "lower"),
    _n("PF6", "工业固体废物综合利用率", "PF", "绩效", 3, "%", "higher"),
    _n("PF7", "废水处理回用率", "PF", "绩效", 2, "%", "higher"),
    _n("PF8", "单位产品主要污染物产生量", "PF", "绩效", 3, "", "lower"),
    _n("PF9", "单位产品废气产生量", "PF", "绩效", 2, "", "lower"),
    _n("PF10", "单位产品废水产生量", "PF", "绩效", 2, "", "lower"),
    _n("PF11", "单位产品综合能耗", "PF", "绩效", 3, "", "lower"),
    _n("PF12", "单位产品碳排放量", "PF", "绩效", 3, "", "lower"),
]

# GB/T 36132-2025: five groups, about 60 % of the weight on quantitative indicators (R-EVAL-2).
GBT36132_2025 = _gates(BASIC_REQUIREMENTS_36132) + [
    _n("EL1", "单位产品综合能耗", "EL", "能源低碳化", 10, "", "lower"),
    _n("EL2", "单位产品碳排放量", "EL", "能源低碳化", 10, "", "lower"),
    _n("EL3", "可再生能源使用比例", "EL", "能源低碳化", 5, "%", "higher"),
    _q("EL4", "能源管理体系与能源计量", "EL", "能源低碳化", 5),
    _n("RE1", "单位产品取水量", "RE", "资源高效化", 6, "", "lower"),
    _n("RE2", "工业固体废物综合利用率", "RE", "资源高效化", 6, "%", "higher"),
    _n("RE3", "绿色物料使用率", "RE", "资源高效化", 4, "%", "higher"),
    _q("RE4", "资源管理制度与再生资源利用", "RE", "资源高效化", 4),
    _n("CP1", "单位产品主要污染物产生量", "CP", "生产洁净化", 8, "", "lower"),
    _n("CP2", "废水处理回用率", "CP", "生产洁净化", 4, "%", "higher"),
    _q("CP3", "清洁生产审核与改造", "CP", "生产洁净化", 4),
    _q("CP4", "有毒有害原料替代", "CP", "生产洁净化", 4),
    _q("PG1", "产品生态设计", "PG", "产品绿色化", 5),
    _q("PG2", "产品碳足迹核算", "PG", "产品绿色化", 5),
    _q("PG3", "绿色设计产品或绿色产品认证", "PG", "产品绿色化", 5),
    _n("LI1", "容积率", "LI", "用地集约化", 5, "", "higher"),
    _n("LI2", "单位用地面积产值", "LI", "用地集约化", 5, "万元/公顷", "higher"),
    _n("LI3", "建筑密度", "LI", "用地集约化", 5, "%", "higher"),
]

# 工信厅节函〔2016〕586号 attachment 3: green supply-chain management enterprise, 100 points (R-EVAL-3).
SUPPLY_CHAIN_586 = [
    _q("X11", "绿色供应链管理战略纳入公司发展规划", "X1", "绿色供应链管理战略", 8),
    _q("X12", "制定绿色供应链管理目标", "X1", "绿色供应链管理战略", 6),
    _q("X13", "设置专门管理机构", "X1", "绿色供应链管理战略", 6),
    _q("X21", "绿色采购标准制度完善", "X2", "实施绿色供应商管理", 4),
    _q("X22", "供应商认证体系完善", "X2", "实施绿色供应商管理", 3),
    _q("X23", "对供应商定期审核", "X2", "实施绿色供应商管理", 3),
    _q("X24", "供应商绩效评估制度健全", "X2", "实施绿色供应商管理", 3),
    _q("X25", "定期对供应商进行培训", "X2", "实施绿色供应商管理", 3),
    _n("X26", "低风险供应商占比", "X2", "实施绿色供应商管理", 4, "%", "higher", 0, 100),
    _q("X31", "节能减排环保合规", "X3", "绿色生产", 10),
    _q("X32", "符合有害物质限制使用管理办法", "X3", "绿色生产", 10),
    _n("X41", "产品回收率", "X4", "绿色回收", 5, "%", "higher", 0, 100),
    _n("X42", "包装回收率", "X4", "绿色回收", 5, "%", "higher", 0, 100),
    _q("X43", "回收体系完善（自建或委托第三方）", "X4", "绿色回收", 5),
    _q("X44", "开展产品生态设计", "X4", "绿色回收", 5),
    _q("X51", "绿色供应链管理信息平台", "X5", "绿色信息平台建设", 10),
    _q("X61", "披露企业节能减排减碳信息", "X6", "绿色信息披露", 2.5),
    _q("X62", "披露高、中风险供应商审核率及低风险供应商占比", "X6", "绿色信息披露", 2.5),
    _q("X63", "披露供应商节能减排减碳信息", "X6", "绿色信息披露", 2.5),
    _q("X64", "发布企业社会责任报告（含绿色采购信息）", "X6", "绿色信息披露", 2.5),
]

# 586号 attachment 2: green industrial park; values of the last three years, scored on the latest
# against its leading value (R-EVAL-4); the basic requirements veto.
PARK_586 = _gates([
    ("PB1", "重点企业清洁生产审核实施率达到 100%"),
    ("PB2", "设有专门的绿色园区管理机构，专职工作人员不少于 2 人"),
    ("PB3", "近三年未发生重大污染事故或重大生态破坏事件"),
], group="PB") + [
    _n("EG1", "能源产出率", "EG", "能源利用绿色化", 6, "万元/吨标煤", "higher", 0, 3, years=3),
    _n("EG2", "可再生能源使用比例", "EG", "能源利用绿色化", 6, "%", "higher", 0, 15, years=3),
    _n("EG3", "清洁能源使用率", "EG", "能源利用绿色化", 6, "%", "higher", 0, 75, years=3),
    _n("RG1", "水资源产出率", "RG", "资源利用绿色化", 5, "元/立方米", "higher", 0, 1500, years=3),
    _n("RG2", "土地资源产出率", "RG", "资源利用绿色化", 5, "亿元/平方公里", "higher", 0, 15, years=3),
    _n("RG3", "工业固体废物综合利用率", "RG", "资源利用绿色化", 5, "%", "higher", 0, 95, years=3),
    _n("RG4", "工业用水重复利用率", "RG", "资源利用绿色化", 5, "%", "higher", 0, 90, years=3),
    _q("IG1", "污水集中处理设施完善", "IG", "基础设施绿色化", 4),
    _n("IG2", "新建工业建筑中绿色建筑的比例", "IG", "基础设施绿色化", 4, "%", "higher", 0, 30, years=3),
    _n("IG3", "新建公共建筑中绿色建筑的比例", "IG", "基础设施绿色化", 4, "%", "higher", 0, 60, years=3),
    _n("CG1", "高新技术产业产值占园区工业总产值比例", "CG", "产业绿色化", 6, "%", "higher", 0, 30, years=3),
    _n("CG2", "绿色产业增加值占园区工业增加值比例", "CG", "产业绿色化", 6, "%", "higher", 0, 30, years=3),
    _n("HG1", "工业固体废物（含危废）处置利用率", "HG", "生态环境绿色化", 5, "%", "higher", 0, 100, years=3),
    _n("HG2", "万元工业增加值碳排放量消减率", "HG", "生态环境绿色化", 5, "%", "higher", 0, 3, years=3),
    _n("HG3", "绿化覆盖率", "HG", "生态环境绿色化", 5, "%", "higher", 0, 30, years=3),
    _n("HG4", "单位工业增加值废水排放量", "HG", "生态环境绿色化", 5, "吨/万元", "lower", 10, 5, years=3),
    _q("MG1", "绿色园区标准体系完善程度", "MG", "运行管理绿色化", 6),
    _q("MG2", "编制绿色园区发展规划", "MG", "运行管理绿色化", 6),
    _q("MG3", "绿色园区信息平台完善程度", "MG", "运行管理绿色化", 6),
]

# GB/T 32161-2015 product evaluation: every requirement of the product's standard must be met;
# the limits come from the chosen standard, so the applicant enters them with the values.
PRODUCT_32161 = [
    ("PQ1", "产品质量、安全性能符合相关标准", "BR", "基本要求", "gate", "", 0, None, None, "higher", 1),
    ("PQ2", "生产企业污染物排放达标，近三年无重大环境事故", "BR", "基本要求", "gate", "", 0, None, None, "higher", 1),
    ("PR1", "可再生材料或回收材料使用率", "PR", "资源属性", "threshold", "%", 1, None, None, "higher", 1),
    ("PR2", "有害物质限量", "PR", "资源属性", "threshold", "mg/kg", 1, None, None, "lower", 1),
    ("PE1", "单位产品综合能耗", "PE", "能源属性", "threshold", "", 1, None, None, "lower", 1),
    ("PV1", "生产过程主要污染物排放量", "PV", "环境属性", "threshold", "", 1, None, None, "lower", 1),
    ("PV2", "产品可回收利用率", "PV", "环境属性", "threshold", "%", 1, None, None, "higher", 1),
    ("PP1", "产品使用寿命或耐久性", "PP", "品质属性", "threshold", "", 1, None, None, "higher", 1),
]

# (code, kind, name, rows): the sets a batch can ask for.
INDICATOR_SETS = [
    ("GBT36132-2018", "factory", "GB/T 36132-2018 绿色工厂评价通则", GBT36132_2018),
    ("GBT36132-2025", "factory", "GB/T 36132-2025 绿色工厂评价通则", GBT36132_2025),
    ("586-2016-park", "park", "工信厅节函〔2016〕586号 附件2 绿色园区评价要求", PARK_586),
    ("586-2016-supply-chain", "supply_chain", "工信厅节函〔2016〕586号 附件3 绿色供应链管理评价要求", SUPPLY_CHAIN_586),
    ("GBT32161-2015", "product", "GB/T 32161-2015 生态设计产品评价通则", PRODUCT_32161),
]


def load_indicator_sets(IndicatorSet, Indicator) -> None:
    """Idempotent; takes the model classes so the data migration can pass its historical ones."""
    for code, kind, name, rows in INDICATOR_SETS:
        indicator_set, _ = IndicatorSet.objects.update_or_create(code=code, defaults={"kind": kind, "name": name})
        for order, row in enumerate(rows):
            (icode, iname, gcode, gname, itype, unit, points, baseline, leading, direction, years) = row
            Indicator.objects.update_or_create(
                indicator_set=indicator_set, code=icode,
                defaults={"name": iname, "group_code": gcode, "group_name": gname, "type": itype, "unit": unit,
                          "max_points": points, "baseline": baseline, "leading": leading,
                          "direction": direction, "years": years, "order": order},
            )
