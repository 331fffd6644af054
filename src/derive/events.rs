//! 一件事: items grouped under the situations citizens recognise (生育, 上学, 养老 …), from
//! the `events` the lists give their items. Each event gathers the same item across the
//! townships (by normalised name), so a page says what to do and where, township by township.

use super::Index;
use crate::model::{normalize_name, Body, Item, Part, Status};
use serde::Serialize;
use std::collections::HashMap;

/// Events in the order of a life: birth, school, work … old age, funeral. Events not named
/// here follow in the order the lists first give them.
const LIFE_ORDER: &[&str] = &[
    "生育",
    "上学",
    "就业",
    "婚姻",
    "居住",
    "住房",
    "建房",
    "务农",
    "看病就医",
    "社会救助",
    "残疾人",
    "退役军人",
    "法律援助",
    "养老",
    "殡葬",
];

/// One event and its items.
#[derive(Serialize)]
pub struct Event<'s> {
    pub name: &'s str,
    /// Items by normalised name, in the order first seen.
    pub items: Vec<EventItem<'s>>,
    /// How many townships handle at least one of its items.
    pub townships: usize,
}

/// One item of an event and the townships that handle it.
#[derive(Serialize)]
pub struct EventItem<'s> {
    pub name: &'s str,
    pub places: Vec<Place<'s>>,
}

#[derive(Serialize)]
pub struct Place<'s> {
    pub body: &'s str,
    pub body_name: &'s str,
    pub code: &'s str,
    /// Whether the item has a 办事指南 (and so a 一次性告知单).
    pub guide: bool,
}

/// Items a township handles that a citizen can act on: basic part, in force.
fn active(item: &Item) -> bool {
    item.part == Part::Basic && item.status == Status::Active
}

/// Every event of the townships' lists.
pub fn events<'s>(index: &Index<'s>) -> Vec<Event<'s>> {
    let mut events: Vec<Event<'s>> = Vec::new();
    let mut keys: Vec<HashMap<String, usize>> = Vec::new();
    let mut bodies: Vec<Vec<&str>> = Vec::new();
    for body in &index.grassroots {
        let Some(list) = index.list(&body.code) else { continue };
        for item in list.items.iter().filter(|i| active(i)) {
            for name in &item.events {
                let e = match events.iter().position(|e| e.name == name.as_str()) {
                    Some(e) => e,
                    None => {
                        events.push(Event { name, items: Vec::new(), townships: 0 });
                        keys.push(HashMap::new());
                        bodies.push(Vec::new());
                        events.len() - 1
                    }
                };
                let at = *keys[e].entry(normalize_name(&item.name)).or_insert_with(|| {
                    events[e].items.push(EventItem { name: &item.name, places: Vec::new() });
                    events[e].items.len() - 1
                });
                events[e].items[at].places.push(place(body, item));
                if !bodies[e].contains(&body.code.value.as_str()) {
                    bodies[e].push(&body.code.value);
                }
            }
        }
    }
    for (e, b) in events.iter_mut().zip(&bodies) {
        e.townships = b.len();
    }
    let rank = |name: &str| LIFE_ORDER.iter().position(|n| *n == name).unwrap_or(LIFE_ORDER.len());
    // Stable: events not in LIFE_ORDER keep the order they were first seen in.
    events.sort_by_key(|e| rank(e.name));
    events
}

/// The events of one township's items, each with its items there.
pub fn events_of<'s>(index: &Index<'s>, body: &'s Body) -> Vec<(&'s str, Vec<&'s Item>)> {
    let mut out: Vec<(&'s str, Vec<&'s Item>)> = Vec::new();
    let Some(list) = index.list(&body.code) else { return out };
    for item in list.items.iter().filter(|i| active(i)) {
        for name in &item.events {
            match out.iter_mut().find(|(n, _)| *n == name.as_str()) {
                Some((_, items)) => items.push(item),
                None => out.push((name, vec![item])),
            }
        }
    }
    let rank = |name: &str| LIFE_ORDER.iter().position(|n| *n == name).unwrap_or(LIFE_ORDER.len());
    out.sort_by_key(|(n, _)| rank(n));
    out
}

fn place<'s>(body: &'s Body, item: &'s Item) -> Place<'s> {
    Place { body: &body.code.value, body_name: &body.name, code: &item.code.value, guide: item.guide.is_some() }
}
