use super::{Basis, Date, Field, Guide, Located, PowerType, Span};
use serde::Serialize;
use std::borrow::Cow;

/// The three parts of a 履行职责事项清单 (national format, 2024).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// 基本履职事项: the body's own duties.
    Basic,
    /// 配合履职事项: a county department is primary, the township supports.
    Support,
    /// 上级部门收回事项: taken back by a county department.
    Recalled,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Basic, Part::Support, Part::Recalled];

    pub fn name(self) -> &'static str {
        match self {
            Part::Basic => "基本履职事项",
            Part::Support => "配合履职事项",
            Part::Recalled => "上级部门收回事项",
        }
    }

    /// The TOML array that holds this part (`[[basic]]` ...).
    pub fn key(self) -> &'static str {
        match self {
            Part::Basic => "basic",
            Part::Support => "support",
            Part::Recalled => "recalled",
        }
    }
}

named! {
    /// 来源: where a township's power comes from.
    pub enum Origin {
        /// 法定: the township's own power by law.
        Own = "法定",
        /// 下放: delegated by a county department.
        Delegated = "下放",
        /// 委托: entrusted; exercised in the department's name.
        Entrusted = "委托",
        /// 延伸: a department's service extended to the township window.
        Extended = "延伸",
    }
}

impl Origin {
    /// Whether the power comes from a county department, which must then be named.
    pub fn needs_department(self) -> bool {
        !matches!(self, Origin::Own)
    }
}

named! {
    /// 状态 of an item in the basic part.
    pub enum Status {
        /// 实施: in force.
        Active = "实施",
        /// 暂缓: listed but not yet exercised (暂缓下放 / 未承接).
        Suspended = "暂缓",
    }
}

/// A county department an item names, with its duty where the list gives one: the source of
/// a delegated power, each department primary for a supporting duty, or the department that took
/// a recalled item back.
#[derive(Clone, Debug, Serialize)]
pub struct Responsible {
    /// The department's body code.
    pub department: Located<String>,
    /// 上级部门职责 (support part), when the list gives this department its own.
    pub duty: Option<String>,
}

/// The fields one sub-item has of its own (`Item::sub_item_fields`): which basis, level or
/// duty belongs to which sub-item, as the list's rows gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubItem {
    /// One of the item's `sub_items`.
    pub name: String,
    /// Its own values of plain text fields (`Field::per_sub_item`), in `Field::ALL` order.
    pub fields: Vec<(Field, String)>,
}

impl SubItem {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str())
    }
}

/// Templates see a sub-item as its name and its fields' Chinese labels with their texts.
impl Serialize for SubItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct Value<'a> {
            key: &'static str,
            label: &'static str,
            text: &'a str,
        }
        let fields: Vec<Value> =
            self.fields.iter().map(|(f, t)| Value { key: f.key(), label: f.label(), text: t }).collect();
        let mut st = s.serialize_struct("SubItem", 2)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("fields", &fields)?;
        st.end()
    }
}

/// One item of a 权责清单, in any of the three parts: a power with its type and basis, or a
/// duty grouped by category. Which fields belong to which part is declared in
/// `model::field`; `Item::text` reads any field as published text.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub part: Part,
    /// 事项编码: stable id within the body; the item's permalink.
    pub code: Located<String>,
    /// 序号 as published, kept for the printed table.
    pub number: Option<String>,
    /// 类别: 党的建设, 经济发展 … (national format, mostly basic duties).
    pub category: Option<String>,
    /// 二级类别.
    pub subcategory: Option<String>,
    pub name: String,
    /// 子项名称
    pub sub_items: Vec<String>,
    /// What each sub-item has of its own (its 实施依据, 实施层级 …), when the list gives each
    /// sub-item its own rows; the item's fields then hold only what the sub-items share.
    pub sub_item_fields: Vec<SubItem>,
    /// 具体工作事项 of a duty.
    pub tasks: Option<String>,
    /// 权力类型: powers have one; duties often do not.
    pub power_type: Option<Located<PowerType>>,
    pub basis: Basis,
    /// 行使主体 (defaults to the body itself).
    pub subject: Option<String>,
    /// 承办机构: one of the body's internal offices.
    pub office: Option<Located<String>>,
    /// 实施层级及权限
    pub level: Option<String>,
    /// 责任事项
    pub duties: Option<String>,
    /// 责任事项依据
    pub duty_basis: Option<String>,
    /// 追责对象范围
    pub accountability_scope: Option<String>,
    /// 追责情形
    pub accountability: Option<String>,
    /// 监督电话
    pub supervision_phone: Option<String>,
    /// 备注
    pub note: Option<String>,
    /// 来源 (basic part).
    pub origin: Option<Origin>,
    /// The county departments concerned, in the list's order (see `Responsible`).
    pub departments: Vec<Responsible>,
    /// 乡镇（街道）配合职责 (support part).
    pub township_duty: Option<String>,
    /// The 属地管理 matter a supporting duty is (support part).
    pub territorial: Option<Located<String>>,
    pub status: Status,
    /// 便民服务中心 window that accepts the matter, when handled there.
    pub window: Option<Located<String>>,
    /// The guidance catalog item this corresponds to, for coverage figures.
    pub guidance: Option<Located<String>>,
    /// 交办部门: the department that handed this duty down after the list took effect.
    pub assigned_by: Option<Located<String>>,
    /// The 准入 item that admitted `assigned_by`'s duty.
    pub admission: Option<Located<String>>,
    /// 收回时间 (recalled part).
    pub recalled_on: Option<Date>,
    /// 收回依据文号 (recalled part).
    pub recall_document: Option<String>,
    /// 工作方式: how the township still acts once the matter is recalled.
    pub after_recall: Option<String>,
    /// 一件事: the situations a citizen is in when needing this item (生育, 上学 …).
    pub events: Vec<String>,
    /// 办事指南, when the list gives one (boxed: most items have none).
    pub guide: Option<Box<Guide>>,
    /// Columns the publisher used that have no field here, kept verbatim (label, value).
    pub extra: Vec<(String, String)>,
    #[serde(skip)]
    pub span: Span,
}

impl Item {
    /// An item with only its part, code and name.
    pub fn new(part: Part, code: Located<String>, name: String) -> Item {
        Item {
            part,
            code,
            number: None,
            category: None,
            subcategory: None,
            name,
            sub_items: Vec::new(),
            sub_item_fields: Vec::new(),
            tasks: None,
            power_type: None,
            basis: Basis::default(),
            subject: None,
            office: None,
            level: None,
            duties: None,
            duty_basis: None,
            accountability_scope: None,
            accountability: None,
            supervision_phone: None,
            note: None,
            origin: None,
            departments: Vec::new(),
            township_duty: None,
            territorial: None,
            status: Status::Active,
            window: None,
            guidance: None,
            assigned_by: None,
            admission: None,
            recalled_on: None,
            recall_document: None,
            after_recall: None,
            events: Vec::new(),
            guide: None,
            extra: Vec::new(),
            span: Span::default(),
        }
    }

    /// Handled at the 便民服务中心: what a citizen can get done in person.
    pub fn at_service_center(&self) -> bool {
        self.window.is_some() && self.part == Part::Basic && self.status == Status::Active
    }

    /// The first department named: where a delegated power came from, who took a recalled
    /// item back, the first primary department of a supporting duty.
    pub fn department(&self) -> Option<&Located<String>> {
        self.departments.first().map(|r| &r.department)
    }
}

/// The 权责清单 of one body as published: its document and its items in source order.
#[derive(Clone, Debug, Serialize)]
pub struct ItemList {
    /// Code of the body the list belongs to.
    pub body: Located<String>,
    pub title: Option<String>,
    /// 文号 of the document that published or last adjusted the list.
    pub document: Option<String>,
    pub effective: Option<Date>,
    /// 备注 and footnotes the list was published with (one per line), shown with it.
    pub notes: Option<String>,
    pub items: Vec<Item>,
    #[serde(skip)]
    pub span: Span,
}

impl ItemList {
    pub fn part(&self, part: Part) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.part == part)
    }
}

impl Item {
    /// One field as published text ("" when empty), the text exports write, import reads
    /// back and comparisons compare. Borrowed where the model holds the text as it is: exports
    /// read every field of every item, several times.
    ///
    /// Values sub-items have of their own follow the item's, one paragraph each, starting with
    /// the sub-item's name and "：" (as `duties_text` does for departments), so that what
    /// belongs to which sub-item is in every download and comparison.
    pub fn text(&self, field: Field) -> Cow<'_, str> {
        let own = self.own_text(field);
        if self.sub_item_fields.iter().all(|s| s.get(field).is_none()) {
            return own;
        }
        let mut paragraphs: Vec<String> = Vec::new();
        if !own.is_empty() {
            paragraphs.push(own.into_owned());
        }
        for s in &self.sub_item_fields {
            if let Some(v) = s.get(field) {
                paragraphs.push(format!("{}：{v}", s.name));
            }
        }
        Cow::Owned(paragraphs.join("\n"))
    }

    /// One field as the item itself gives it, without its sub-items' own values.
    pub fn own_text(&self, field: Field) -> Cow<'_, str> {
        fn opt(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or(""))
        }
        fn loc(v: &Option<Located<String>>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_ref().map(|l| l.value.as_str()).unwrap_or(""))
        }
        match field {
            Field::Part => Cow::Borrowed(self.part.name()),
            Field::Number => opt(&self.number),
            Field::Code => Cow::Borrowed(&self.code.value),
            Field::Category => opt(&self.category),
            Field::Subcategory => opt(&self.subcategory),
            Field::Name => Cow::Borrowed(&self.name),
            Field::SubItems => lines(&self.sub_items),
            Field::Tasks => opt(&self.tasks),
            Field::Type => Cow::Borrowed(self.power_type.as_ref().map(|t| t.raw.as_str()).unwrap_or("")),
            Field::Basis => Cow::Borrowed(&self.basis.text),
            Field::Subject => opt(&self.subject),
            Field::Office => loc(&self.office),
            Field::Level => opt(&self.level),
            Field::Duties => opt(&self.duties),
            Field::DutyBasis => opt(&self.duty_basis),
            Field::AccountabilityScope => opt(&self.accountability_scope),
            Field::Accountability => opt(&self.accountability),
            Field::SupervisionPhone => opt(&self.supervision_phone),
            Field::Note => opt(&self.note),
            Field::Origin => Cow::Borrowed(self.origin.map(|o| o.name()).unwrap_or("")),
            Field::Department => match self.departments.as_slice() {
                [] => Cow::Borrowed(""),
                [one] => Cow::Borrowed(&one.department.value),
                many => Cow::Owned(many.iter().map(|r| r.department.value.as_str()).collect::<Vec<_>>().join("\n")),
            },
            Field::DepartmentDuty => self.duties_text(Cow::Borrowed),
            Field::TownshipDuty => opt(&self.township_duty),
            Field::Territorial => loc(&self.territorial),
            Field::Status => Cow::Borrowed(if self.part == Part::Basic { self.status.name() } else { "" }),
            Field::Window => loc(&self.window),
            Field::Guidance => loc(&self.guidance),
            Field::AssignedBy => loc(&self.assigned_by),
            Field::Admission => loc(&self.admission),
            Field::RecalledOn => self.recalled_on.map(|d| Cow::Owned(d.to_string())).unwrap_or(Cow::Borrowed("")),
            Field::RecallDocument => opt(&self.recall_document),
            Field::AfterRecall => opt(&self.after_recall),
            Field::Events => lines(&self.events),
            Field::GuideCode
            | Field::GuideConditions
            | Field::GuideMaterials
            | Field::GuideSteps
            | Field::GuideLegalLimit
            | Field::GuidePromisedLimit
            | Field::GuideFee
            | Field::GuideFeeStandard
            | Field::GuideFeeBasis
            | Field::GuideVisits
            | Field::GuideResult
            | Field::GuideQuestions
            | Field::GuideOnline
            | Field::GuideMobile => self.guide.as_ref().map(|g| Cow::Owned(g.text(field))).unwrap_or_default(),
        }
    }

    /// 上级部门职责 as one text: the duty itself when one department has it, else one
    /// paragraph per department that has one, each starting with `name(code)：`.
    pub fn duties_text<'a>(&'a self, name: impl Fn(&'a str) -> Cow<'a, str>) -> Cow<'a, str> {
        let with_duty: Vec<&Responsible> = self.departments.iter().filter(|r| r.duty.is_some()).collect();
        match (self.departments.len(), with_duty.as_slice()) {
            (_, []) => Cow::Borrowed(""),
            (1, [one]) => Cow::Borrowed(one.duty.as_deref().unwrap_or("")),
            (_, many) => Cow::Owned(
                many.iter()
                    .map(|r| format!("{}：{}", name(&r.department.value), r.duty.as_deref().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }

    /// Sets a text field (`Kind::Line` or `Kind::Text`) from the sources, keeping where it was
    /// written for the fields that checks point back at. Other kinds have their own types and
    /// are set directly; `false` says the field is not a plain text.
    pub fn set_located(&mut self, field: Field, value: Located<String>) -> bool {
        let slot = match field {
            Field::Office => &mut self.office,
            Field::Territorial => &mut self.territorial,
            Field::Window => &mut self.window,
            Field::Guidance => &mut self.guidance,
            Field::AssignedBy => &mut self.assigned_by,
            Field::Admission => &mut self.admission,
            _ => return self.set_text(field, value.value),
        };
        *slot = Some(value);
        true
    }

    /// Sets a plain text field; `false` when the field is not one (see `set_located`).
    pub fn set_text(&mut self, field: Field, value: String) -> bool {
        let slot = match field {
            Field::Number => &mut self.number,
            Field::Category => &mut self.category,
            Field::Subcategory => &mut self.subcategory,
            Field::Tasks => &mut self.tasks,
            Field::Subject => &mut self.subject,
            Field::Level => &mut self.level,
            Field::Duties => &mut self.duties,
            Field::DutyBasis => &mut self.duty_basis,
            Field::AccountabilityScope => &mut self.accountability_scope,
            Field::Accountability => &mut self.accountability,
            Field::SupervisionPhone => &mut self.supervision_phone,
            Field::Note => &mut self.note,
            Field::TownshipDuty => &mut self.township_duty,
            Field::RecallDocument => &mut self.recall_document,
            Field::AfterRecall => &mut self.after_recall,
            Field::Name => {
                self.name = value;
                return true;
            }
            Field::Office
            | Field::Territorial
            | Field::Window
            | Field::Guidance
            | Field::AssignedBy
            | Field::Admission => return self.set_located(field, Located::new(value, Span::default())),
            Field::Part
            | Field::Code
            | Field::SubItems
            | Field::Type
            | Field::Basis
            | Field::Origin
            | Field::Department
            | Field::DepartmentDuty
            | Field::Status
            | Field::RecalledOn
            | Field::Events => return false,
            Field::GuideCode
            | Field::GuideConditions
            | Field::GuideMaterials
            | Field::GuideSteps
            | Field::GuideLegalLimit
            | Field::GuidePromisedLimit
            | Field::GuideFee
            | Field::GuideFeeStandard
            | Field::GuideFeeBasis
            | Field::GuideVisits
            | Field::GuideResult
            | Field::GuideQuestions
            | Field::GuideOnline
            | Field::GuideMobile => return self.set_guide(field, &value).is_ok(),
        };
        *slot = Some(value);
        true
    }

    /// Sets one part of the 办事指南 from its text (`Guide::set_text`), creating the guide
    /// when the text is not empty and dropping it when nothing is left.
    pub fn set_guide(&mut self, field: Field, value: &str) -> Result<(), String> {
        let guide = self.guide.get_or_insert_with(Default::default);
        let result = guide.set_text(field, value);
        if guide.is_empty() {
            self.guide = None;
        }
        result
    }

    /// A publisher's own column (`extra`), "" when the item has none.
    pub fn extra(&self, header: &str) -> &str {
        self.extra.iter().find(|(k, _)| k == header).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

fn lines(values: &[String]) -> Cow<'_, str> {
    match values {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one),
        many => Cow::Owned(many.join("\n")),
    }
}
