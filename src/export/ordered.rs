//! A JSON object that keeps its keys in the order written, for the hand-built documents
//! (schemas, datapackage.json): `serde_json::Map` sorts keys unless a crate-wide feature is
//! turned on, and a schema reads best in column order.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

#[derive(Default)]
pub struct Obj(Vec<(String, Node)>);

pub enum Node {
    Value(Value),
    Obj(Obj),
    List(Vec<Node>),
}

impl Obj {
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    /// Adds a key (builder style).
    pub fn with(mut self, key: &str, value: impl Into<Node>) -> Obj {
        self.0.push((key.to_string(), value.into()));
        self
    }

    pub fn push(&mut self, key: &str, value: impl Into<Node>) {
        self.0.push((key.to_string(), value.into()));
    }

    pub fn into_entries(self) -> Vec<(String, Node)> {
        self.0
    }
}

impl From<Obj> for Node {
    fn from(o: Obj) -> Node {
        Node::Obj(o)
    }
}

impl From<Value> for Node {
    fn from(v: Value) -> Node {
        Node::Value(v)
    }
}

impl From<&str> for Node {
    fn from(v: &str) -> Node {
        Node::Value(Value::from(v))
    }
}

impl From<String> for Node {
    fn from(v: String) -> Node {
        Node::Value(Value::from(v))
    }
}

impl From<u64> for Node {
    fn from(v: u64) -> Node {
        Node::Value(Value::from(v))
    }
}

impl From<bool> for Node {
    fn from(v: bool) -> Node {
        Node::Value(Value::from(v))
    }
}

impl From<Vec<Obj>> for Node {
    fn from(v: Vec<Obj>) -> Node {
        Node::List(v.into_iter().map(Node::Obj).collect())
    }
}

impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Value(v) => v.serialize(s),
            Node::Obj(o) => o.serialize(s),
            Node::List(l) => l.serialize(s),
        }
    }
}
