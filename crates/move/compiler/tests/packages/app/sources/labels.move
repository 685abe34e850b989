module app::labels {
    use app::counter;

    public fun doubled_value(addr: address): u64 {
        counter::value(addr) * 2
    }
}
