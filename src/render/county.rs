//! Pages that gather the items of every township: a county department's page (grouped by
//! matter, counted per township), the county overview and the 准入 page. Their figures come
//! from `derive` (`Counts`, `Overview`, `AdmissionUse`), computed once per build.

use super::{views, Renderer};
use crate::derive::{per_township, AdmissionCounts, Section};
use crate::model::{Body, ItemList};
use minijinja::{context, Value};

/// Sections of a department page with this many matters or fewer show them open.
const FEW_MATTERS: usize = 5;

impl<'s> Renderer<'s, '_> {
    pub(super) fn department(&self, body: &'s Body, list: Option<&'s ItemList>) -> Value {
        let code = body.code.value.as_str();
        let view = self.departments.get(code);
        let section = |refs: &[crate::derive::ItemRef<'s>]| {
            (!refs.is_empty()).then(|| {
                let s = Section::of(refs);
                let open = s.matters.len() <= FEW_MATTERS;
                context! { open => open, ..Value::from_serialize(&s) }
            })
        };
        let sections = view.map(|v| {
            context! {
                delegated => section(&v.delegated),
                entrusted => section(&v.entrusted),
                extended => section(&v.extended),
                supported => section(&v.supported_by_townships),
                recalled => section(&v.recalled),
            }
        });
        context! {
            body => body,
            view => view.map(|v| context! {
                primary_matters => v.primary_matters,
                primary_count => v.primary_matters.len(),
                supporting_matters => v.supporting_matters,
                supporting_count => v.supporting_matters.len(),
                admissions => v.admissions,
                admission_count => v.admissions.len(),
            }),
            sections => sections,
            townships => per_township(self.index, &self.counts, code),
            list => list.map(|l| self.shared.list(l)),
            groups => list.map(|l| views::group(self.index, l)),
            counts => list.and_then(|l| self.counts.get(l.body.value.as_str())),
        }
    }

    pub(super) fn admission(&self) -> Value {
        let list = self.index.site.admission.as_ref();
        let uses = &self.admission_use;
        let references: std::collections::BTreeMap<&str, Value> = uses
            .references
            .iter()
            .map(|(code, refs)| (*code, context! { count => refs.len(), items => Value::from_serialize(refs) }))
            .collect();
        context! {
            list => list,
            counts => AdmissionCounts::of(list),
            names => self.names(),
            outside => Value::from_serialize(&uses.outside),
            outside_count => uses.outside.len(),
            references => references,
        }
    }

    pub(super) fn overview(&self) -> Value {
        context! {
            overview => Value::from_serialize(&self.overview),
            downloads => crate::export::overview::FILES
                .iter()
                .map(|(key, stem, _)| (*key, crate::urls::data(stem, "csv")))
                .collect::<std::collections::BTreeMap<_, _>>(),
            no_category => crate::export::overview::NO_CATEGORY,
        }
    }
}
