//! The numbers of the static index (postings, runs, near-duplicates, character readings, exact
//! keys): base 32, least significant digit first, as characters of `ALPHABET`; the first 32
//! characters end a number, the last 32 continue it. `search.js` reads and writes the same.

pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVwxyzWXYZ-_";

#[inline]
pub fn push_number(out: &mut String, mut v: u64) {
    loop {
        let digit = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[digit + 32] as char);
    }
}

pub fn read_numbers(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut v, mut shift) = (0u64, 0);
    for b in s.bytes() {
        let c = ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as u64;
        v += (c & 31) << shift;
        shift += 5;
        if c < 32 {
            out.push(v);
            v = 0;
            shift = 0;
        }
    }
    out
}
