use super::{Basis, Date, Located, PowerType, Span};
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

/// 来源: where a township's power comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// 法定: the township's own power by law.
    Own,
    /// 下放: delegated by a county department.
    Delegated,
    /// 委托: entrusted; exercised in the department's name.
    Entrusted,
    /// 延伸: a department's service extended to the township window.
    Extended,
}

impl Origin {
    pub const NAMES: [(&'static str, Origin); 4] =
        [("法定", Origin::Own), ("下放", Origin::Delegated), ("委托", Origin::Entrusted), ("延伸", Origin::Extended)];

    pub fn parse(text: &str) -> Option<Origin> {
        Self::NAMES.iter().find(|(n, _)| *n == text.trim()).map(|(_, o)| *o)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, o)| *o == self).map(|(n, _)| *n).unwrap_or("")
    }

    /// Whether the power comes from a county department, which must then be named.
    pub fn needs_department(self) -> bool {
        !matches!(self, Origin::Own)
    }
}

/// 状态 of an item in the basic part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 实施: in force.
    Active,
    /// 暂缓: listed but not yet exercised (暂缓下放 / 未承接).
    Suspended,
}

impl Status {
    pub const NAMES: [(&'static str, Status); 2] = [("实施", Status::Active), ("暂缓", Status::Suspended)];

    pub fn parse(text: &str) -> Option<Status> {
        Self::NAMES.iter().find(|(n, _)| *n == text.trim()).map(|(_, s)| *s)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, s)| *s == self).map(|(n, _)| *n).unwrap_or("")
    }
}

/// One item of a 权责清单, in any of the three parts. Part-specific fields are `None` where
/// they do not apply; `check` enforces which are required for which part.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub part: Part,
    /// 事项编码: stable id within the body; the item's permalink.
    pub code: Located<String>,
    /// 序号 as published, kept for the printed table.
    pub number: Option<String>,
    pub name: String,
    /// 子项名称
    pub sub_items: Vec<String>,
    /// 权力类型: required in the basic and recalled parts; supporting duties often have none.
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
    /// The county department concerned: where a delegated power came from, who is primary for
    /// a supporting duty, or who took a recalled item back.
    pub department: Option<Located<String>>,
    pub status: Status,
    /// 便民服务中心 window that accepts the matter, when handled there.
    pub window: Option<Located<String>>,
    /// The guidance catalog item this corresponds to, for coverage figures.
    pub guidance: Option<Located<String>>,
    /// 部门职责 (support part).
    pub department_duty: Option<String>,
    /// 乡镇配合职责 (support part).
    pub township_duty: Option<String>,
    /// 收回时间 (recalled part).
    pub recalled_on: Option<Date>,
    /// 收回依据文号 (recalled part).
    pub recall_document: Option<String>,
    /// 收回后承接方式: how the matter works now (recalled part).
    pub after_recall: Option<String>,
    /// Columns the publisher used that have no field here, kept verbatim (label, value).
    pub extra: Vec<(String, String)>,
    #[serde(skip)]
    pub span: Span,
}

impl Item {
    /// Handled at the 便民服务中心: what a citizen can get done in person.
    pub fn at_service_center(&self) -> bool {
        self.window.is_some() && self.part == Part::Basic && self.status == Status::Active
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
    /// The text of one column of `fields::ITEM_COLUMNS`, as published ("" when empty).
    /// Exports, imports and field-by-field comparison all go through here. Borrowed where the
    /// model holds the text as it is: exports read every field of every item, several times.
    pub fn field(&self, key: &str) -> Cow<'_, str> {
        fn opt(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or(""))
        }
        fn loc(v: &Option<super::Located<String>>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_ref().map(|l| l.value.as_str()).unwrap_or(""))
        }
        match key {
            "part" => Cow::Borrowed(self.part.name()),
            "number" => opt(&self.number),
            "code" => Cow::Borrowed(&self.code.value),
            "name" => Cow::Borrowed(&self.name),
            "sub_items" => match self.sub_items.as_slice() {
                [] => Cow::Borrowed(""),
                [one] => Cow::Borrowed(one),
                many => Cow::Owned(many.join("\n")),
            },
            "type" => Cow::Borrowed(self.power_type.as_ref().map(|t| t.raw.as_str()).unwrap_or("")),
            "basis" => Cow::Borrowed(&self.basis.text),
            "subject" => opt(&self.subject),
            "office" => loc(&self.office),
            "level" => opt(&self.level),
            "duties" => opt(&self.duties),
            "duty_basis" => opt(&self.duty_basis),
            "accountability_scope" => opt(&self.accountability_scope),
            "accountability" => opt(&self.accountability),
            "supervision_phone" => opt(&self.supervision_phone),
            "note" => opt(&self.note),
            "origin" => Cow::Borrowed(self.origin.map(|o| o.name()).unwrap_or("")),
            "department" => loc(&self.department),
            "status" => Cow::Borrowed(self.status.name()),
            "window" => loc(&self.window),
            "guidance" => loc(&self.guidance),
            "department_duty" => opt(&self.department_duty),
            "township_duty" => opt(&self.township_duty),
            "recalled_on" => self.recalled_on.map(|d| Cow::Owned(d.to_string())).unwrap_or(Cow::Borrowed("")),
            "recall_document" => opt(&self.recall_document),
            "after_recall" => opt(&self.after_recall),
            _ => Cow::Borrowed(self.extra.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("")),
        }
    }
}
