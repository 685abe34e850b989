/// Named to sort first, but depends on `labels` (which depends on `counter`): the metadata and
/// the output list it last.
module app::accounting {
    use app::labels;

    public fun total(a: address, b: address): u64 {
        labels::doubled_value(a) + labels::doubled_value(b)
    }
}
