/// Fixed-length vectors of bits.
///
/// A `BitVector` has between 1 and `MAX_SIZE - 1` bits, all clear at first. Each bit is stored
/// as a `bool`, which keeps the operations simple (and the representation the same as
/// Aptos's, so stored values read back identically).
module std::bit_vector {
    use std::vector;

    /// A bit index is not below the length.
    const EINDEX: u64 = 0x20000;
    /// The requested length is zero or not below `MAX_SIZE`.
    const ELENGTH: u64 = 0x20001;

    /// Bits per stored word (one `bool` per bit).
    const WORD_SIZE: u64 = 1;
    /// Lengths must stay below this.
    const MAX_SIZE: u64 = 1024;

    /// `length` bits; `bit_field` always has exactly `length` entries.
    struct BitVector has copy, drop, store {
        length: u64,
        bit_field: vector<bool>,
    }

    /// A vector of `length` clear bits. Aborts with `ELENGTH` unless `0 < length < MAX_SIZE`.
    public fun new(length: u64): BitVector {
        assert!(length > 0, ELENGTH);
        assert!(length < MAX_SIZE, ELENGTH);
        let bit_field = vector::empty<bool>();
        let i = 0;
        while (i < length) {
            vector::push_back(&mut bit_field, false);
            i = i + 1;
        };
        BitVector { length, bit_field }
    }

    /// Sets bit `bit_index`; aborts with `EINDEX` when it is out of range.
    public fun set(self: &mut BitVector, bit_index: u64) {
        write(self, bit_index, true)
    }

    /// Clears bit `bit_index`; aborts with `EINDEX` when it is out of range.
    public fun unset(self: &mut BitVector, bit_index: u64) {
        write(self, bit_index, false)
    }

    /// Moves every bit `amount` places towards index 0: bit `i` takes the value of bit
    /// `i + amount`, and the last `amount` bits become clear. Shifting by the length or more
    /// clears everything.
    public fun shift_left(self: &mut BitVector, amount: u64) {
        let n = self.length;
        if (amount >= n) {
            let i = 0;
            while (i < n) {
                *vector::borrow_mut(&mut self.bit_field, i) = false;
                i = i + 1;
            };
            return
        };
        let i = 0;
        let keep = n - amount;
        while (i < keep) {
            let moved = *vector::borrow(&self.bit_field, i + amount);
            *vector::borrow_mut(&mut self.bit_field, i) = moved;
            i = i + 1;
        };
        while (i < n) {
            *vector::borrow_mut(&mut self.bit_field, i) = false;
            i = i + 1;
        };
    }

    /// Whether bit `bit_index` is set; aborts with `EINDEX` when it is out of range.
    public fun is_index_set(self: &BitVector, bit_index: u64): bool {
        assert!(bit_index < vector::length(&self.bit_field), EINDEX);
        *vector::borrow(&self.bit_field, bit_index)
    }

    /// The number of bits.
    public fun length(self: &BitVector): u64 {
        vector::length(&self.bit_field)
    }

    /// How many consecutive bits are set starting at `start_index` (0 when that bit is clear).
    /// Aborts with `EINDEX` when `start_index` is out of range.
    public fun longest_set_sequence_starting_at(self: &BitVector, start_index: u64): u64 {
        assert!(start_index < self.length, EINDEX);
        let end = start_index;
        while (end < self.length && *vector::borrow(&self.bit_field, end)) {
            end = end + 1;
        };
        end - start_index
    }

    #[test_only]
    /// The number of bits per stored word, for tests.
    public fun word_size(): u64 {
        WORD_SIZE
    }

    /// Writes one bit after checking the index.
    fun write(self: &mut BitVector, bit_index: u64, value: bool) {
        assert!(bit_index < vector::length(&self.bit_field), EINDEX);
        *vector::borrow_mut(&mut self.bit_field, bit_index) = value;
    }
}
