//! A page's template context as one hash map. minijinja's `context!` keeps its values in a list
//! it scans, and merged contexts scan each part in turn; a page looks names up hundreds of
//! times, and every name it does not hold (`urls`, the globals) went through all the parts
//! before the globals: a tenth of a build's instructions.

use minijinja::value::{Enumerator, Object, Value};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Template values by name.
#[derive(Clone, Debug, Default)]
pub struct Names(FxHashMap<String, Value>);

impl Names {
    /// Adds the entries of a map value (a `context!`), replacing those of the same names.
    pub fn extend(&mut self, map: &Value) {
        self.add(map, true);
    }

    /// Adds the entries of a map value whose names are not taken yet.
    pub fn extend_new(&mut self, map: &Value) {
        self.add(map, false);
    }

    fn add(&mut self, map: &Value, replace: bool) {
        let Ok(keys) = map.try_iter() else { return };
        for key in keys {
            let Some(name) = key.as_str() else { continue };
            if !replace && self.0.contains_key(name) {
                continue;
            }
            if let Ok(value) = map.get_item(&key) {
                self.0.insert(name.to_string(), value);
            }
        }
    }

    pub fn insert(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_string(), value);
    }

    /// These names as a template context.
    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }
}

impl Object for Names {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_str()?).cloned()
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.get(key).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<&String> = self.0.keys().collect();
        keys.sort();
        Enumerator::Values(keys.into_iter().map(|k| Value::from(k.as_str())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Names;
    use minijinja::{context, Environment};

    #[test]
    fn later_entries_replace_earlier_and_missing_names_reach_the_globals() {
        let mut names = Names::default();
        names.extend(&context! { title => "页面", site => "页面的 site" });
        names.extend(&context! { site => "共用的 site" });
        names.extend_new(&context! { site => "不取代", root => "不是这个" });
        names.insert("root", "../".into());
        let mut env = Environment::new();
        env.add_global("urls", "全局");
        let text = env.render_str("{{ title }}|{{ site }}|{{ root }}|{{ urls }}|{{ nothing }}", names.into_value());
        assert_eq!(text.unwrap(), "页面|共用的 site|../|全局|");
    }
}
