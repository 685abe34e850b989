// Expected: copying a value costs gas in proportion to its size (Aptos charges CopyLoc/ReadRef
// per abstract memory unit, and caps a transaction's memory), so holding 20 copies of a
// 1,000,000-element vector costs about as much as building the vector once (~2.1e10 units).
// Actual: `copies_are_flat_cost` uses 21,000,479,000 gas units against 21,000,035,400 for
// `build_only`: the 20 copies (about 1 GB of VM memory, measured with /usr/bin/time) cost
// ~444,000 units in all. `GasSchedule::instr` charges CopyLoc/ReadRef the flat `local_op`
// (1,200) whatever the value's size.
module 0xc0::vm_copy_flat_cost {
    #[test]
    fun copies_are_flat_cost() {
        let v = vector[];
        let i = 0;
        while (i < 1000000) { v.push_back(i); i = i + 1; };
        let keep = vector[];
        let k = 0;
        while (k < 20) { keep.push_back(v); k = k + 1; };
        assert!(keep.length() == 20, 1);
    }

    #[test]
    fun build_only() {
        let v = vector[];
        let i = 0;
        while (i < 1000000) { v.push_back(i); i = i + 1; };
        assert!(v.length() == 1000000, 1);
    }
}
