//! The Chinese name of every source field other than an item's (those are declared in
//! `model::field`): one table shared by diagnostics, page labels, exports and the data
//! dictionary, so a field is called the same everywhere.

/// (key in the sources, Chinese name, meaning)
pub const FIELDS: &[(&str, &str, &str)] = &[
    // Site and bodies.
    ("title", "名称", "网站、清单或事项的标题"),
    ("jurisdiction", "本级行政区", "网站覆盖的县级主体代码"),
    ("base_url", "网站地址", "网站发布的完整地址"),
    ("publisher", "发布机关", "网站的发布单位"),
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
