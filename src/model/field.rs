//! Every field of a 权责清单 item, declared once.
//!
//! A field's key, its Chinese header, the headers publishers use for it, its meaning, the kind
//! of value it holds, the parts of a list it belongs to (and where it is required), and how its
//! effective value is found are all here. Reading (`source/lists.rs`), writing
//! (`source/emit.rs`), checking (`check/items.rs`), import (`import/header.rs`,
//! `import/items.rs`), every export and the data dictionary, the JSON Schemas, field-by-field
//! comparison and the pages go through `Field::ALL` and `Field::spec`, so adding a field is one
//! declaration below, one arm in `Item::text`/`Item::set_text`, and a line in a template.
//! `Field` is an enum so that a misspelt field does not compile.

use super::{Item, Part};

/// Which parts of a 履行职责事项清单 a field belongs to (or is required in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts(u8);

impl Parts {
    pub const NONE: Parts = Parts(0);
    pub const BASIC: Parts = Parts(1);
    pub const SUPPORT: Parts = Parts(2);
    pub const RECALLED: Parts = Parts(4);
    pub const ALL: Parts = Parts(7);

    pub const fn and(self, other: Parts) -> Parts {
        Parts(self.0 | other.0)
    }

    pub fn has(self, part: Part) -> bool {
        let bit = match part {
            Part::Basic => 1,
            Part::Support => 2,
            Part::Recalled => 4,
        };
        self.0 & bit != 0
    }

    /// The parts' Chinese names, for messages ("配合履职事项、上级部门收回事项").
    pub fn names(self) -> String {
        Part::ALL.iter().filter(|p| self.has(**p)).map(|p| p.name()).collect::<Vec<_>>().join("、")
    }
}

/// What a field holds. CSV and XLSX cells write every value as text; JSON and the schemas give
/// the structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Short text on one line (names, codes, references): line breaks in a cell are layout.
    Line,
    /// Long text whose lines carry meaning (duties, accountability).
    Text,
    /// Several texts: one per line in a cell, an array in JSON.
    Lines,
    /// `YYYY-MM-DD`.
    Date,
    /// One of a closed set of Chinese names.
    Choice(Choices),
    /// 权力类型 as written, with the official type where certain.
    PowerType,
    /// Legal text as written, with the sources recognised in it.
    Basis,
    /// County department codes (shown by name), one per line.
    Departments,
    /// The duty of each department of `Departments`.
    DepartmentDuties,
    /// A part of the 办事指南 (`model::Guide`): structured in the sources' `[<part>.guide]`
    /// and in JSON, one text in a cell (`Guide::text`).
    Guide,
}

/// The closed sets of values a `Kind::Choice` field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choices {
    Part,
    Origin,
    Status,
}

/// How a field's effective value follows when the item leaves it empty, so that the pages, the
/// downloads and the printout all show the same (see `derive::effective`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effective {
    /// As written.
    AsWritten,
    /// The body's name: 行使主体 is the body itself unless the list says otherwise.
    OrBodyName,
    /// The body's 监督电话.
    OrBodySupervisionPhone,
    /// Department codes are shown as the departments' names.
    DepartmentNames,
}

/// The declaration of one item field.
#[derive(Debug)]
pub struct Spec {
    /// The key in the sources and in JSON.
    pub key: &'static str,
    /// The Chinese header that exports write and pages show.
    pub label: &'static str,
    /// A part's own wording where the national template names the field differently
    /// (相关部门 is 对应上级部门 in the 配合 part).
    pub part_labels: &'static [(Part, &'static str)],
    /// Other headers publishers use for it (import recognises these and `label`).
    pub synonyms: &'static [&'static str],
    pub meaning: &'static str,
    pub kind: Kind,
    /// The parts it belongs to; elsewhere `check` warns that it is probably misplaced.
    pub parts: Parts,
    /// The parts where the sources must give it.
    pub required: Parts,
    /// The parts whose sheet always has this column (others only when an item fills it).
    pub core: Parts,
    /// One column says it fully: a second column with the same meaning is another field.
    pub single: bool,
    pub effective: Effective,
}

impl Spec {
    /// The header in a part's own sheet.
    pub fn label_in(&self, part: Part) -> &'static str {
        self.part_labels.iter().find(|(p, _)| *p == part).map(|(_, l)| *l).unwrap_or(self.label)
    }
}

macro_rules! fields {
    ($($variant:ident => $spec:expr,)*) => {
        /// An item field; `Field::ALL` is the published column order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant),* }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            pub fn spec(self) -> &'static Spec {
                match self {
                    $(Field::$variant => {
                        const SPEC: Spec = $spec;
                        &SPEC
                    }),*
                }
            }
        }
    };
}

const fn spec(key: &'static str, label: &'static str, kind: Kind, parts: Parts, meaning: &'static str) -> Spec {
    Spec {
        key,
        label,
        part_labels: &[],
        synonyms: &[],
        meaning,
        kind,
        parts,
        required: Parts::NONE,
        core: Parts::NONE,
        single: false,
        effective: Effective::AsWritten,
    }
}

const ALL: Parts = Parts::ALL;
const BASIC: Parts = Parts::BASIC;
const SUPPORT: Parts = Parts::SUPPORT;
const RECALLED: Parts = Parts::RECALLED;

fields! {
    Part => Spec {
        synonyms: &["部分", "清单类别", "事项类别（部分）", "所属部分", "清单部分"],
        single: true,
        ..spec("part", "清单部分", Kind::Choice(Choices::Part), ALL, "基本履职事项、配合履职事项或上级部门收回事项")
    },
    Number => Spec {
        synonyms: &["序号", "编号", "序", "排序号"],
        core: ALL,
        single: true,
        ..spec("number", "序号", Kind::Line, ALL, "原表序号")
    },
    Code => Spec {
        synonyms: &["编码", "事项代码", "权力编码", "职权编码", "基本编码", "权力事项编码", "实施编码"],
        required: ALL,
        core: ALL,
        single: true,
        ..spec("code", "事项编码", Kind::Line, ALL, "稳定的唯一编码，用作永久链接")
    },
    Category => Spec {
        synonyms: &["类别", "履职类别", "职责类别", "事项分类", "分类", "一级类别", "一级分类", "大类", "职责分类"],
        single: true,
        ..spec("category", "类别", Kind::Line, ALL, "事项所属类别，如党的建设、经济发展、民生服务、平安法治")
    },
    Subcategory => Spec {
        synonyms: &["子类别", "二级类别", "二级分类", "小类", "子类"],
        single: true,
        ..spec("subcategory", "二级类别", Kind::Line, ALL, "类别下的二级分类")
    },
    Name => Spec {
        synonyms: &[
            "项目",
            "项目名称",
            "职权名称",
            "权力名称",
            "权力事项名称",
            "事项",
            "主项名称",
            "主项",
            "权力事项",
            "职责事项",
            "履职事项名称",
            "事项名称（主项）",
            "履职事项",
            "基本履职事项",
            "配合履职事项",
            "收回事项",
            "上级部门收回事项",
        ],
        required: ALL,
        core: ALL,
        single: true,
        ..spec("name", "事项名称", Kind::Line, ALL, "事项名称")
    },
    SubItems => Spec {
        synonyms: &["子项", "子项目", "子项事项名称", "子项目名称", "事项名称（子项）"],
        ..spec("sub_items", "子项名称", Kind::Lines, ALL, "事项的子项")
    },
    Tasks => Spec {
        synonyms: &["工作事项", "具体事项", "具体工作", "主要工作", "工作内容", "具体工作内容", "履职内容", "职责内容"],
        ..spec("tasks", "具体工作事项", Kind::Text, ALL, "履行该职责的具体工作")
    },
    Type => Spec {
        synonyms: &[
            "职权类型",
            "事项类型",
            "权利类型",
            "权力类别",
            "职权类别",
            "事项类别",
            "类型",
            "权力种类",
            "原权力类型",
            "原事项类型",
        ],
        core: BASIC.and(RECALLED),
        single: true,
        ..spec("type", "权力类型", Kind::PowerType, ALL, "行政许可、行政处罚等；履职事项可以没有")
    },
    Basis => Spec {
        synonyms: &[
            "设定依据",
            "职权依据",
            "法定依据",
            "权力依据",
            "依据",
            "法律依据",
            "设定和实施依据",
            "行使依据",
            "法律法规依据",
            "政策依据",
            "实施依据（法律法规）",
            "履职依据",
            "工作依据",
        ],
        core: BASIC.and(SUPPORT),
        ..spec("basis", "实施依据", Kind::Basis, ALL, "法律、法规、规章等依据原文")
    },
    Subject => Spec {
        synonyms: &["实施主体", "实施机构", "事项主体", "责任主体", "行使机关", "实施机关", "执法主体"],
        effective: Effective::OrBodyName,
        ..spec("subject", "行使主体", Kind::Line, ALL, "以谁的名义行使；未写时为本主体")
    },
    Office => Spec {
        synonyms: &["承办科室", "承办处室", "责任科室", "承办部门", "具体承办机构", "内设机构", "承办单位"],
        core: BASIC,
        ..spec("office", "承办机构", Kind::Line, ALL, "具体承办的内设机构")
    },
    Level => Spec {
        synonyms: &["实施层级", "行使层级", "层级", "实施层级和权限", "权限划分", "行使层级及权限"],
        ..spec("level", "实施层级及权限", Kind::Text, ALL, "实施层级及权限划分")
    },
    Duties => Spec {
        synonyms: &["责任事项内容", "责任内容", "责任事项（内容）"],
        ..spec("duties", "责任事项", Kind::Text, ALL, "履职的各环节责任")
    },
    DutyBasis => Spec {
        synonyms: &["责任依据"],
        ..spec("duty_basis", "责任事项依据", Kind::Text, ALL, "责任事项的依据")
    },
    AccountabilityScope => Spec {
        synonyms: &["追责对象", "问责对象", "责任对象"],
        ..spec("accountability_scope", "追责对象范围", Kind::Text, ALL, "承担责任的对象")
    },
    Accountability => Spec {
        synonyms: &["问责情形", "追责情况", "追责情形及依据"],
        ..spec("accountability", "追责情形", Kind::Text, ALL, "应当追究责任的情形")
    },
    SupervisionPhone => Spec {
        synonyms: &["投诉电话", "监督投诉电话", "监督举报电话"],
        effective: Effective::OrBodySupervisionPhone,
        ..spec("supervision_phone", "监督电话", Kind::Line, ALL, "投诉监督电话；未写时为主体的监督电话")
    },
    Note => Spec {
        synonyms: &["说明", "附注"],
        core: ALL,
        ..spec("note", "备注", Kind::Text, ALL, "备注")
    },
    Origin => Spec {
        synonyms: &["事项来源", "权力来源", "职权来源"],
        core: BASIC,
        single: true,
        ..spec("origin", "来源", Kind::Choice(Choices::Origin), BASIC.and(RECALLED), "法定、下放、委托、延伸")
    },
    Department => Spec {
        part_labels: &[(Part::Basic, "来源部门"), (Part::Support, "对应上级部门"), (Part::Recalled, "承接部门")],
        synonyms: &[
            "相关县直部门",
            "来源部门",
            "县直部门",
            "主体责任部门",
            "收回部门",
            "收回单位",
            "承接单位",
            "业务主管部门",
            "下放部门",
            "委托部门",
            "对应上级部门",
            "上级部门",
            "对应县直部门",
            "配合部门",
            "承接部门",
            "牵头部门",
            "主责部门",
            "县级主管部门",
        ],
        required: SUPPORT.and(RECALLED),
        core: ALL,
        single: true,
        effective: Effective::DepartmentNames,
        ..spec(
            "department",
            "相关部门",
            Kind::Departments,
            ALL,
            "基本履职事项：下放、委托或延伸事项的来源部门；配合履职事项：负主体责任的上级部门，可以有多个；\
             上级部门收回事项：收回并承接的部门",
        )
    },
    DepartmentDuty => Spec {
        part_labels: &[(Part::Support, "上级部门职责")],
        synonyms: &[
            "部门职责",
            "上级部门职责",
            "主体责任",
            "县直部门职责",
            "主管部门职责",
            "部门主体责任",
            "对应上级部门职责",
            "县级部门职责",
        ],
        core: SUPPORT,
        ..spec(
            "department_duty",
            "上级部门职责",
            Kind::DepartmentDuties,
            SUPPORT,
            "配合履职事项中上级部门的职责；有多个部门时每个部门一段，以“部门名称：”开头",
        )
    },
    TownshipDuty => Spec {
        synonyms: &[
            "乡镇配合职责",
            "乡镇职责",
            "配合职责",
            "街道配合职责",
            "乡镇（街道）职责",
            "乡镇（街道）配合责任",
            "镇（街道）配合职责",
            "镇街配合职责",
        ],
        required: SUPPORT,
        core: SUPPORT,
        ..spec("township_duty", "乡镇（街道）配合职责", Kind::Text, SUPPORT, "乡镇（街道）承担的配合职责")
    },
    Territorial => Spec {
        synonyms: &["属地管理事项编码", "属地管理事项"],
        single: true,
        ..spec("territorial", "属地管理事项编码", Kind::Line, SUPPORT, "对应的属地管理事项编码（见属地管理事项清单）")
    },
    Status => Spec {
        synonyms: &["实施状态", "承接状态", "事项状态"],
        single: true,
        ..spec("status", "状态", Kind::Choice(Choices::Status), BASIC, "实施或暂缓")
    },
    Window => Spec {
        synonyms: &["受理窗口", "窗口", "进驻窗口"],
        single: true,
        ..spec("window", "办理窗口", Kind::Line, BASIC, "便民服务中心受理窗口")
    },
    Guidance => Spec {
        synonyms: &["指导目录编号", "对应指导目录事项", "指导目录事项编号"],
        single: true,
        ..spec("guidance", "指导目录事项", Kind::Line, BASIC.and(RECALLED), "对应的指导目录事项编号")
    },
    AssignedBy => Spec {
        synonyms: &["交办部门", "交办单位", "提出部门"],
        single: true,
        effective: Effective::DepartmentNames,
        ..spec(
            "assigned_by",
            "交办部门",
            Kind::Departments,
            BASIC,
            "清单施行后把该职责交给乡镇（街道）的县直部门，须经准入",
        )
    },
    Admission => Spec {
        synonyms: &["准入事项编码", "准入事项", "准入编号"],
        single: true,
        ..spec("admission", "准入事项编码", Kind::Line, BASIC, "批准交办的准入事项编码（见职责准入清单）")
    },
    RecalledOn => Spec {
        synonyms: &["收回日期"],
        core: RECALLED,
        single: true,
        ..spec("recalled_on", "收回时间", Kind::Date, RECALLED, "上级部门收回的日期")
    },
    RecallDocument => Spec {
        synonyms: &["收回依据文号"],
        core: RECALLED,
        ..spec("recall_document", "收回文号", Kind::Line, RECALLED, "收回所依据的文件")
    },
    AfterRecall => Spec {
        synonyms: &[
            "收回后承接方式",
            "收回后运行方式",
            "收回后办理方式",
            "收回后工作方式",
            "履职方式",
            "乡镇（街道）工作方式",
            "乡镇（街道）履职方式",
            "收回后乡镇（街道）工作方式",
        ],
        core: RECALLED,
        ..spec("after_recall", "工作方式", Kind::Text, RECALLED, "收回后乡镇（街道）如何参与：发现报告、协助配合等")
    },
    Events => Spec {
        synonyms: &["一件事主题", "主题", "生活事件", "主题分类", "一件事一次办"],
        ..spec("events", "一件事", Kind::Lines, BASIC, "群众办事时所处的情形（生育、上学、就业、养老、建房、殡葬等），每行一个")
    },
    GuideCode => Spec {
        synonyms: &["办事指南实施编码", "政务服务事项实施编码"],
        single: true,
        ..spec("guide_code", "政务服务实施编码", Kind::Guide, BASIC, "办事指南：政务服务事项实施编码（不是清单的事项编码）")
    },
    GuideConditions => Spec {
        synonyms: &["申请条件", "办理条件"],
        single: true,
        ..spec("guide_conditions", "受理条件", Kind::Guide, BASIC, "办事指南：受理条件")
    },
    GuideMaterials => Spec {
        synonyms: &["所需材料", "申报材料", "材料清单", "申请材料清单"],
        single: true,
        ..spec("guide_materials", "申请材料", Kind::Guide, BASIC, "办事指南：申请材料，每行一种：名称（原件或复印件，份数，空白表格：文件，样表：文件）")
    },
    GuideSteps => Spec {
        synonyms: &["办事流程", "办理程序"],
        single: true,
        ..spec("guide_steps", "办理流程", Kind::Guide, BASIC, "办事指南：办理流程，每行一步：步骤（时限：时限）")
    },
    GuideLegalLimit => Spec {
        synonyms: &["法定办结时限"],
        single: true,
        ..spec("guide_legal_limit", "法定时限", Kind::Guide, BASIC, "办事指南：法定办结时限")
    },
    GuidePromisedLimit => Spec {
        synonyms: &["承诺办结时限"],
        single: true,
        ..spec("guide_promised_limit", "承诺时限", Kind::Guide, BASIC, "办事指南：承诺办结时限")
    },
    GuideFee => Spec {
        synonyms: &["收费情况"],
        single: true,
        ..spec("guide_fee", "是否收费", Kind::Guide, BASIC, "办事指南：收费或不收费")
    },
    GuideFeeStandard => Spec {
        synonyms: &[],
        single: true,
        ..spec("guide_fee_standard", "收费标准", Kind::Guide, BASIC, "办事指南：收费标准")
    },
    GuideFeeBasis => Spec {
        synonyms: &[],
        single: true,
        ..spec("guide_fee_basis", "收费依据", Kind::Guide, BASIC, "办事指南：收费依据")
    },
    GuideVisits => Spec {
        synonyms: &["跑动次数", "到办事现场次数", "最多跑动次数"],
        single: true,
        ..spec("guide_visits", "到现场次数", Kind::Guide, BASIC, "办事指南：办事人最多到现场的次数")
    },
    GuideResult => Spec {
        synonyms: &["结果名称", "审批结果"],
        single: true,
        ..spec("guide_result", "办理结果", Kind::Guide, BASIC, "办事指南：办理结果（证照、批文等）")
    },
    GuideQuestions => Spec {
        synonyms: &["常见问题解答"],
        single: true,
        ..spec("guide_questions", "常见问题", Kind::Guide, BASIC, "办事指南：常见问题，每题两行：问：… 答：…")
    },
    GuideOnline => Spec {
        synonyms: &["在线办理地址", "网办地址"],
        single: true,
        ..spec("guide_online", "网上办理地址", Kind::Guide, BASIC, "办事指南：网上办理地址（https://…）")
    },
    GuideMobile => Spec {
        synonyms: &["掌上办理地址", "移动端地址"],
        single: true,
        ..spec("guide_mobile", "移动端办理地址", Kind::Guide, BASIC, "办事指南：手机上办理的地址（https://…）")
    },
}

impl Field {
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The field whose source key is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// Whether a sub-item may have its own value of this field (`Item::sub_item_fields`): the
    /// texts publishers give each sub-item its own rows for.
    pub fn per_sub_item(self) -> bool {
        matches!(
            self,
            Field::Tasks
                | Field::Basis
                | Field::Subject
                | Field::Office
                | Field::Level
                | Field::Duties
                | Field::DutyBasis
                | Field::AccountabilityScope
                | Field::Accountability
                | Field::SupervisionPhone
                | Field::Note
        )
    }

    /// Whether `item` gives this field a value (as written, before defaults).
    pub fn is_set(self, item: &Item) -> bool {
        !item.text(self).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_labels_and_synonyms_are_unambiguous() {
        let mut keys = HashSet::new();
        let mut headers: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for f in Field::ALL {
            let s = f.spec();
            assert!(keys.insert(s.key), "key {} declared twice", s.key);
            assert!(!s.meaning.is_empty() && !s.label.is_empty(), "{} needs a label and a meaning", s.key);
            assert!(s.parts != Parts::NONE, "{} belongs to no part", s.key);
            for p in Part::ALL {
                assert!(!s.required.has(p) || s.parts.has(p), "{} required where it does not belong", s.key);
            }
            let own = s.part_labels.iter().map(|(_, l)| *l);
            for h in std::iter::once(s.label).chain(own).chain(s.synonyms.iter().copied()) {
                if let Some(other) = headers.insert(h, s.key) {
                    assert_eq!(other, s.key, "header {h} means both {other} and {}", s.key);
                }
            }
        }
        assert_eq!(Field::from_key("department"), Some(Field::Department));
        assert_eq!(Field::Department.spec().label_in(Part::Support), "对应上级部门");
        assert_eq!(Field::Department.spec().label_in(Part::Basic), "来源部门");
        assert_eq!(Parts::SUPPORT.and(Parts::RECALLED).names(), "配合履职事项、上级部门收回事项");
    }
}
