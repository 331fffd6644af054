//! The domain model: typed lists as published, with source spans so that checks can point at
//! the exact place a fact came from. Nothing here knows about HTML, files or templates.

/// A closed set of values that published lists name in Chinese: declares the enum with its
/// `NAMES` in order, `parse` (from what a publisher wrote, trimmed) and `name`, and makes it
/// serialize as its name. One declaration per set, so a name is spelled once.
macro_rules! named {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value with its Chinese name, in the published order.
            pub const NAMES: &'static [(&'static str, $name)] = &[$(($text, $name::$variant)),*];

            pub fn parse(text: &str) -> Option<$name> {
                Self::NAMES.iter().find(|(n, _)| *n == text.trim()).map(|(_, v)| *v)
            }

            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}

mod adjustment;
mod admission;
mod basis;
mod body;
mod date;
pub mod field;
pub mod fields;
mod guidance;
mod guide;
mod item;
mod name;
mod power_type;
mod region;
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
pub use guide::{Guide, Material, Question, Step};
pub use item::{Item, ItemList, Origin, Part, Responsible, Status, SubItem};
pub use name::normalize_name;
pub use power_type::{OfficialType, PowerType};
pub use region::{City, Parent, ParentCity, RegionConfig, RegionKind};
pub use site::{Page, Site, SiteConfig, SiteFile};
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

serialize_as_name!(OfficialType, LegalLevel, Part);
