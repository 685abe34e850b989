//! [`SortedMap`]: a map kept as one vector sorted by key.
//!
//! A block's state diff is built once from a sorted list and then only iterated (by the store, the
//! trie updater, the in-memory state), so a `BTreeMap`'s node allocations and bulk build were pure
//! overhead on the executor's critical path. Point inserts (tests, genesis) cost a binary search
//! plus a shift; appending in key order is amortised O(1).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{borrow::Borrow, collections::BTreeMap, fmt, ops::Index};

/// A map stored as a vector of `(key, value)` sorted by key, keys unique.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The map of `entries` when their keys are strictly increasing; otherwise gives them back.
    pub fn from_sorted(entries: Vec<(K, V)>) -> Result<Self, Vec<(K, V)>> {
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            Ok(Self { entries })
        } else {
            Err(entries)
        }
    }

    fn position<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        // Appends in key order (genesis, tests) hit the fast path.
        match self.entries.last() {
            Some((last, _)) if last.borrow() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key)),
        }
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, inserting `make()` first when absent.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.position(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Removes a key; returns its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.position(key).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.position(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.position(key).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.position(key).is_ok()
    }
}

impl<K, V> SortedMap<K, V> {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> + DoubleEndedIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> + DoubleEndedIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + DoubleEndedIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries as a sorted slice.
    pub fn as_slice(&self) -> &[(K, V)] {
        &self.entries
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// Sorts by key; for a repeated key the last value wins (as with `BTreeMap`).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        // Stable, so equal keys keep their order and the last one can be kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Self { entries: out }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for SortedMap<K, V> {
    type Output = V;
    /// Panics when the key is absent, like `BTreeMap`'s `Index`.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key not in SortedMap")
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<K, V>::deserialize(deserializer)?;
        Ok(Self {
            entries: map.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_btreemap() {
        // A fixed pseudo-random sequence of inserts, overwrites and removals.
        let mut ours = SortedMap::new();
        let mut model = BTreeMap::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..2_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = x % 97;
            if step % 5 == 4 {
                assert_eq!(ours.remove(&key), model.remove(&key));
            } else {
                assert_eq!(ours.insert(key, step), model.insert(key, step));
            }
            assert_eq!(ours.get(&key), model.get(&key));
        }
        assert_eq!(ours.len(), model.len());
        assert!(ours.iter().eq(model.iter()));
        assert!(ours.keys().eq(model.keys()));
        let rebuilt: SortedMap<u64, u64> = model.clone().into_iter().rev().collect();
        assert_eq!(rebuilt, ours);
    }

    #[test]
    fn from_iter_keeps_the_last_value_of_a_repeated_key() {
        let map: SortedMap<u8, &str> = [(2, "a"), (1, "b"), (2, "c")].into_iter().collect();
        assert_eq!(map.as_slice(), &[(1, "b"), (2, "c")]);
        assert_eq!(map[&2], "c");
        let mut map = map;
        *map.get_or_insert_with(0, || "z") = "y";
        assert_eq!(*map.get_or_insert_with(2, || "unused"), "c");
        assert_eq!(map.as_slice(), &[(0, "y"), (1, "b"), (2, "c")]);
    }

    #[test]
    fn from_sorted_rejects_unsorted_or_repeated_keys() {
        assert!(SortedMap::from_sorted(vec![(1, ()), (2, ())]).is_ok());
        assert!(SortedMap::from_sorted(vec![(2, ()), (1, ())]).is_err());
        assert!(SortedMap::from_sorted(vec![(1, ()), (1, ())]).is_err());
    }

    #[test]
    fn serializes_as_a_map() {
        let map: SortedMap<String, u8> = [("b".to_owned(), 2), ("a".to_owned(), 1)]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"a":1,"b":2}"#);
        let back: SortedMap<String, u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, map);
    }
}
