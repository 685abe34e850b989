/// Exchanging values behind mutable references.
///
/// The functions are friend-only for now (Aptos makes them public a release later); `vector`
/// uses `replace` for `vector::replace`.
module std::mem {
    friend std::vector;
    #[test_only]
    friend std::mem_tests;

    /// Exchanges the values behind `left` and `right`.
    public(friend) native fun swap<T>(left: &mut T, right: &mut T);

    /// Stores `new` behind `ref` and returns the value that was there.
    public(friend) fun replace<T>(ref: &mut T, new: T): T {
        let value = new;
        swap(ref, &mut value);
        value
    }
}
