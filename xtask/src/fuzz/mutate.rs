//! The inputs of `cargo xtask fuzz`: a small PRNG, the corpus, and the mutations.
//!
//! An input is a pure function of its seed and the corpus: the seed picks the base document,
//! the kind of mutation and every choice the mutation makes. A run seeded with `S` uses `S`
//! for its first input and [`next_seed`] for each following one, so `--seed X --count 1`
//! reproduces any input whose seed is `X`.
//!
//! Value mutations edit a `serde_json::Value` of the base and serialize it as pretty JSON.
//! Text mutations (`duplicate-keys`) write the JSON by hand, and byte mutations
//! (`truncated`, `garbage-bytes`, `non-utf8`) edit the serialized bytes.

mod names;
mod paths;
mod sites;
mod structure;
mod text;

use std::path::{Path, PathBuf};

use codegen::load::escape_pointer;
use serde_json::{json, Map, Value};

use names::*;
use paths::*;
use sites::*;
use structure::*;
use text::*;

/// SplitMix64 (Steele, Lea and Flood, 2014): one 64-bit state, an add and a mix per number.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (`n > 0`), by multiply-and-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// SplitMix64's output function, a bijection on `u64`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of the input after the one seeded with `seed`.
pub fn next_seed(seed: u64) -> u64 {
    mix(seed.wrapping_add(0xD1B5_4A32_D192_ED03))
}

/// The seeds of a run's inputs: `first`, then [`next_seed`] of each.
pub fn seeds(first: u64) -> impl Iterator<Item = u64> {
    std::iter::successors(Some(first), |&s| Some(next_seed(s)))
}

/// What a mutation does to its base document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    DeletedKey,
    WrongType,
    SelfRef,
    CyclicRef,
    DeepNesting,
    LongName,
    OddName,
    KeywordName,
    CollidingNames,
    HugeEnum,
    DuplicateKeys,
    Truncated,
    GarbageBytes,
    NonUtf8,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::DeletedKey,
        Kind::WrongType,
        Kind::SelfRef,
        Kind::CyclicRef,
        Kind::DeepNesting,
        Kind::LongName,
        Kind::OddName,
        Kind::KeywordName,
        Kind::CollidingNames,
        Kind::HugeEnum,
        Kind::DuplicateKeys,
        Kind::Truncated,
        Kind::GarbageBytes,
        Kind::NonUtf8,
    ];

    /// The name used in reports and in the names of saved inputs.
    pub fn name(self) -> &'static str {
        match self {
            Kind::DeletedKey => "deleted-key",
            Kind::WrongType => "wrong-type",
            Kind::SelfRef => "self-ref",
            Kind::CyclicRef => "cyclic-ref",
            Kind::DeepNesting => "deep-nesting",
            Kind::LongName => "long-name",
            Kind::OddName => "odd-name",
            Kind::KeywordName => "keyword-name",
            Kind::CollidingNames => "colliding-names",
            Kind::HugeEnum => "huge-enum",
            Kind::DuplicateKeys => "duplicate-keys",
            Kind::Truncated => "truncated",
            Kind::GarbageBytes => "garbage-bytes",
            Kind::NonUtf8 => "non-utf8",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A document the mutations start from.
pub struct Base {
    /// The file name, for reports.
    pub name: String,
    pub doc: Value,
}

/// Reads every spec of `dirs` as a plain JSON value, in a fixed order.
pub fn corpus(dirs: &[PathBuf]) -> Result<Vec<Base>, String> {
    let mut bases = Vec::new();
    for dir in dirs {
        for file in crate::check::spec_files(dir)? {
            let doc = codegen::load::read_value(&file).map_err(|e| e.to_string())?;
            bases.push(Base {
                name: file_name(&file),
                doc,
            });
        }
    }
    if bases.is_empty() {
        return Err("the fuzz corpus is empty".to_owned());
    }
    Ok(bases)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One generated input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub seed: u64,
    pub kind: Kind,
    /// The base document's file name.
    pub base: String,
    /// What was done to it, in a few words.
    pub what: String,
    /// The document: JSON, or whatever the byte mutations left of it.
    pub bytes: Vec<u8>,
}

/// The input seeded with `seed`.
pub fn input(seed: u64, corpus: &[Base]) -> Input {
    let mut rng = Rng::new(seed);
    let base = &corpus[rng.below(corpus.len())];
    let kind = *rng.pick(&Kind::ALL);
    let mut doc = base.doc.clone();
    let (what, bytes) = mutate(kind, &mut rng, &mut doc);
    Input {
        seed,
        kind,
        base: base.name.clone(),
        what,
        bytes,
    }
}

fn mutate(kind: Kind, rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    if !doc.is_object() {
        *doc = json!({});
    }
    let what = match kind {
        Kind::DeletedKey => deleted_key(rng, doc),
        Kind::WrongType => wrong_type(rng, doc),
        Kind::SelfRef => self_ref(rng, doc),
        Kind::CyclicRef => cyclic_ref(rng, doc),
        Kind::DeepNesting => deep_nesting(rng, doc),
        Kind::LongName => long_name(rng, doc),
        Kind::OddName => odd_name(rng, doc),
        Kind::KeywordName => keyword_name(rng, doc),
        Kind::CollidingNames => colliding_names(rng, doc),
        Kind::HugeEnum => huge_enum(rng, doc),
        Kind::DuplicateKeys => return duplicate_keys(rng, doc),
        Kind::Truncated => return truncated(rng, doc),
        Kind::GarbageBytes => return garbage_bytes(rng, doc),
        Kind::NonUtf8 => return non_utf8(rng, doc),
    };
    (what, pretty(doc))
}

fn pretty(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("a JSON value serializes");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Vec<Base> {
        corpus(&[crate::project_root().join("generator/tests/fixtures")]).expect("fixtures load")
    }

    /// The published first outputs of SplitMix64 seeded with 1234567.
    #[test]
    fn rng_is_splitmix64() {
        let mut rng = Rng::new(1234567);
        let first: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
                16408922859458223821,
            ]
        );
    }

    #[test]
    fn same_seed_same_inputs_byte_for_byte() {
        let corpus = fixtures();
        let run =
            |seed| -> Vec<Input> { seeds(seed).take(300).map(|s| input(s, &corpus)).collect() };
        let a = run(1);
        let b = run(1);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.seed, y.seed);
            assert_eq!(x.kind, y.kind);
            assert_eq!(x.what, y.what, "seed {}", x.seed);
            assert!(x.bytes == y.bytes, "seed {}: the bytes differ", x.seed);
        }
        // Every kind is made, and another seed makes other inputs.
        for kind in Kind::ALL {
            assert!(a.iter().any(|i| i.kind == kind), "no {} input", kind.name());
        }
        let c = run(2);
        let same = a.iter().zip(&c).filter(|(x, y)| x.bytes == y.bytes).count();
        assert!(
            same < 30,
            "{same} of 300 inputs are the same for seeds 1 and 2"
        );
    }

    /// Input `i` of a run is the first input of a run seeded with its seed, which is what
    /// `--seed SEED --count 1` relies on.
    #[test]
    fn an_input_is_reproduced_from_its_seed_alone() {
        let corpus = fixtures();
        let run: Vec<Input> = seeds(7).take(50).map(|s| input(s, &corpus)).collect();
        for (i, x) in run.iter().enumerate() {
            let alone = input(x.seed, &corpus);
            assert_eq!(&alone, x, "input {i}");
            assert_eq!(seeds(x.seed).next(), Some(x.seed));
        }
    }

    #[test]
    fn duplicate_keys_are_written_twice() {
        let corpus = fixtures();
        let mut found = 0;
        for s in seeds(3).take(2000) {
            let i = input(s, &corpus);
            if i.kind != Kind::DuplicateKeys || i.what == "an empty document" {
                continue;
            }
            found += 1;
            // Reading the text back with a map that keeps every entry finds one key twice.
            let text = String::from_utf8(i.bytes).expect("duplicate-keys writes UTF-8");
            let normal: Value = serde_json::from_str(&text).expect("still JSON");
            let written = text.lines().count();
            let rewritten = serde_json::to_string_pretty(&normal).expect("serializes");
            assert!(
                written > rewritten.lines().count(),
                "seed {s}: {}: no extra line",
                i.what
            );
        }
        assert!(found > 50, "only {found} duplicate-keys inputs");
    }
}
