//! The Chinese name of every source field other than an item's (those are declared in
//! `model::field`): one table shared by diagnostics, page labels, exports and the data
//! dictionary, so a field is called the same everywhere.

/// (key in the sources, Chinese name, meaning)
pub const FIELDS: &[(&str, &str, &str)] = &[
    // Site and bodies.
    ("title", "名称", "网站、清单或事项的标题"),
    ("jurisdiction", "本级行政区", "网站覆盖的县级主体代码"),
    ("base_url", "网站地址", "网站发布的完整地址"),
    ("publisher", "发布机关", "网站的发布单位（页脚的“主办”）"),
    ("organizer", "承办", "网站的承办单位"),
    ("site_code", "网站标识码", "政府网站标识码"),
    ("icp", "ICP备案号", "网站的 ICP 备案号"),
    ("police_record", "公安备案号", "公安机关互联网站备案号"),
    ("description", "简介", "网站简介"),
    ("code", "编码", "稳定的唯一编码，用作永久链接"),
    ("name", "名称", "事项或主体名称"),
    ("kind", "类型", "主体类型：县、乡、镇、街道、部门"),
    ("official_code", "统一社会信用代码", "主体的统一社会信用代码或行政区划代码"),
    ("address", "地址", "办公地址"),
    ("phone", "电话", "联系电话"),
    ("hours", "办公时间", "对外办公时间"),
    ("website", "网站", "主体网站"),
    ("intro", "简介", "主体简介（Markdown）"),
    ("service_center", "便民服务中心", "主体的便民服务中心"),
    ("windows", "窗口", "便民服务中心的办理窗口"),
    ("scope", "受理范围", "窗口受理的事项范围"),
    ("offices", "内设机构", "主体的内设机构"),
    // Lists.
    ("body", "实施主体", "清单所属主体代码"),
    ("document", "文号", "发布或调整清单的文件文号"),
    ("effective", "施行日期", "清单施行日期"),
    ("notes", "说明", "清单公布时附的备注、说明（表格以外的文字）"),
    ("basic", "基本履职事项", "主体自身的履职事项"),
    ("support", "配合履职事项", "县直部门负主体责任、乡镇配合的事项"),
    ("recalled", "上级部门收回事项", "县直部门收回的事项"),
    ("basis", "实施依据", "法律、法规、规章等依据原文"),
    ("supervision_phone", "监督电话", "投诉监督电话"),
    ("note", "备注", "备注"),
    ("department", "相关部门", "来源部门、主体责任部门或收回部门"),
    ("township_duty", "乡镇配合职责", "乡镇（街道）承担的配合职责"),
    ("extra", "其他列", "原表中的其他列"),
    // Territorial matters.
    ("matter", "属地管理事项", "属地管理事项"),
    ("domain", "领域", "事项所属领域"),
    ("primary", "主体责任部门", "承担主体责任的县直部门"),
    ("primary_duty", "主体责任", "主体责任部门的职责"),
    ("supporting", "其他配合部门", "其他配合的县直部门"),
    ("supporting_duty", "其他部门配合责任", "其他配合部门的职责"),
    // Admission.
    ("item", "事项", "事项"),
    ("content", "事项内容及要求", "准入事项的具体内容和要求"),
    ("category", "准入类别", "新增职责、协助事项、挂牌、报表填报、督查检查考核"),
    ("reason", "准入理由", "需要乡镇承担的理由"),
    ("townships", "涉及乡镇", "涉及的乡镇（街道）代码，空表示全部"),
    ("period_from", "起始日期", "准入期限起始"),
    ("period_to", "截止日期", "准入期限截止"),
    ("long_term", "长期", "是否长期"),
    ("staff", "人员保障", "承担任务所需人员"),
    ("funds", "经费保障", "费随事转的经费安排"),
    ("approved_by", "审批机关", "批准准入的机关"),
    ("approved_on", "批准日期", "批准准入的日期"),
    // Guidance and pages.
    ("issuer", "发布机关", "指导目录的发布机关"),
    ("date", "日期", "发布日期"),
    ("id", "编号", "指导目录事项编号"),
    ("order", "顺序", "页面在导航中的顺序"),
];

/// The Chinese name of a source field, or the key itself if unknown. Item fields are declared
/// in `model::field`; this table holds the others and the keys several tables share.
pub fn label(key: &str) -> &str {
    FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, l, _)| *l)
        .or_else(|| super::Field::from_key(key).map(|f| f.label()))
        .unwrap_or(key)
}

/// The county-wide tables `qingdan import` reads; item lists declare their columns in
/// `model::field`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// 属地管理事项 (`model::Matter`).
    Matters,
    /// 准入事项 (`model::Admission`).
    Admissions,
    /// 指导目录事项 (`model::GuidanceItem`).
    Guidance,
}

/// The columns of each county-wide table: (table, key, the headers publishers use besides the
/// Chinese name exports write, `label(key)`). Import recognises a column by either. Keys
/// without a source field: `period` (准入期限 in one cell, "长期" or "2025-01-01至2025-12-31"),
/// `summary` (a catalog's 全县承接情况, derived from the lists and not imported).
pub const TABLE_HEADERS: &[(Table, &str, &[&str])] = &[
    (Table::Matters, "number", &["序号", "编号"]),
    (Table::Matters, "code", &["事项编码", "属地管理事项编码", "编码"]),
    (
        Table::Matters,
        "domain",
        &["领域", "所属领域", "行业领域", "事项领域", "事项类别", "类别", "事项分类", "分类", "类型"],
    ),
    (Table::Matters, "name", &["事项名称", "属地管理事项", "属地管理事项名称", "事项", "名称", "项目"]),
    (
        Table::Matters,
        "primary",
        &[
            "主体责任部门",
            "主责部门",
            "牵头部门",
            "县级主体责任部门",
            "主体责任单位",
            "责任部门",
            "县级部门",
            "县直部门",
            "主管部门",
        ],
    ),
    (
        Table::Matters,
        "primary_duty",
        &[
            "主体责任",
            "主体责任内容",
            "部门主体责任",
            "县级部门主体责任",
            "主体责任部门职责",
            "县直部门职责",
            "部门职责",
        ],
    ),
    (
        Table::Matters,
        "township_duty",
        &[
            "乡镇（街道）配合责任",
            "乡镇（街道）配合职责",
            "乡镇配合责任",
            "乡镇配合职责",
            "街道配合责任",
            "配合责任",
            "乡镇（街道）职责",
            "乡镇（街道）责任",
            "乡镇职责",
        ],
    ),
    (Table::Matters, "supporting", &["其他配合部门", "配合部门", "协同部门", "其他部门", "相关配合部门"]),
    (
        Table::Matters,
        "supporting_duty",
        &["其他部门配合责任", "配合部门职责", "配合部门责任", "其他配合部门职责", "协同部门职责", "其他部门职责"],
    ),
    (
        Table::Matters,
        "basis",
        &["实施依据", "依据", "法律依据", "主要依据", "政策依据", "设定依据", "法律法规依据", "履职依据"],
    ),
    (Table::Matters, "note", &["备注", "说明"]),
    (Table::Admissions, "number", &["序号"]),
    (Table::Admissions, "code", &["编码", "准入编号", "准入事项编码", "事项编码", "编号"]),
    (
        Table::Admissions,
        "department",
        &["申请部门", "提出部门", "申请单位", "交办部门", "县直部门", "责任部门", "部门"],
    ),
    (Table::Admissions, "title", &["准入事项", "准入事项名称", "事项名称", "工作事项", "事项", "名称"]),
    (
        Table::Admissions,
        "content",
        &["事项内容及要求", "事项内容", "工作内容", "具体内容", "工作任务及要求", "工作要求", "主要内容", "内容"],
    ),
    (Table::Admissions, "category", &["准入类别", "事项类别", "类别", "类型"]),
    (Table::Admissions, "basis", &["实施依据", "准入依据", "依据", "政策依据", "法律依据"]),
    (Table::Admissions, "reason", &["准入理由", "理由", "必要性", "申请理由"]),
    (Table::Admissions, "townships", &["涉及乡镇", "涉及乡镇（街道）", "适用乡镇", "适用范围", "承接乡镇"]),
    (Table::Admissions, "period", &["期限", "准入期限", "执行期限", "实施期限"]),
    (Table::Admissions, "period_from", &["起始日期", "开始日期", "开始时间"]),
    (Table::Admissions, "period_to", &["截止日期", "结束日期", "结束时间"]),
    (Table::Admissions, "long_term", &["长期"]),
    (Table::Admissions, "staff", &["人员保障", "人员", "人员安排"]),
    (Table::Admissions, "funds", &["经费保障", "经费", "经费安排", "经费保障（费随事转）"]),
    (Table::Admissions, "approved_by", &["审批机关", "批准机关", "审批单位", "批准单位"]),
    (Table::Admissions, "document", &["文号", "批准文号", "准入文号", "审批文号"]),
    (Table::Admissions, "approved_on", &["批准日期", "审批日期", "准入日期", "批准时间"]),
    (Table::Admissions, "status", &["状态", "准入状态"]),
    (Table::Admissions, "note", &["备注", "说明"]),
    (Table::Guidance, "number", &["序号"]),
    (Table::Guidance, "id", &["编号", "目录编号", "事项编号", "事项编码", "编码"]),
    (Table::Guidance, "name", &["名称", "事项名称", "目录事项名称", "权力事项名称", "职权名称", "项目名称"]),
    (Table::Guidance, "type", &["权力类型", "职权类型", "事项类型", "类型", "类别"]),
    (
        Table::Guidance,
        "department",
        &["相关部门", "县级主管部门", "主管部门", "实施部门", "县级部门", "行使部门", "部门"],
    ),
    (Table::Guidance, "note", &["备注", "说明"]),
    (Table::Guidance, "summary", &["全县承接情况"]),
];
