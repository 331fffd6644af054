//! The domain model: typed lists as published, with source spans so that checks can point at
//! the exact place a fact came from. Nothing here knows about HTML, files or templates.

mod adjustment;
mod admission;
mod basis;
mod body;
mod date;
pub mod field;
pub mod fields;
mod guidance;
mod item;
mod name;
mod power_type;
mod site;
mod span;
mod territorial;

pub use adjustment::{Adjustment, Adjustments, Cause, Relation, SITUATIONS};
pub use admission::{Admission, AdmissionCategory, AdmissionList, AdmissionStatus};
pub use basis::{Basis, LegalLevel, LegalSource};
pub use body::{Body, BodyKind, Office, ServiceCenter, Window};
pub use date::Date;
pub use field::{Choices, Effective, Field, Kind, Parts, Spec};
pub use guidance::{Catalog, GuidanceItem};
pub use item::{Item, ItemList, Origin, Part, Responsible, Status};
pub use name::normalize_name;
pub use power_type::{OfficialType, PowerType};
pub use site::{Page, Site, SiteConfig};
pub use span::{Located, Span};
pub use territorial::{Matter, TerritorialList};

/// Enums that publishers read serialize as their Chinese names ("行政许可", "下放"), so that
/// templates and open data show what the published lists say.
macro_rules! serialize_as_name {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    )*};
}
pub(crate) use serialize_as_name;

serialize_as_name!(OfficialType, LegalLevel, BodyKind, Part, Origin, Status, AdmissionCategory, AdmissionStatus);
