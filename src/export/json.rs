//! JSON files: pretty-printed UTF-8 (no BOM), keys in the order the sources use.

use serde::Serialize;

pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
