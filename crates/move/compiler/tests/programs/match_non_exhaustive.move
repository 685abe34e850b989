module 0x42::match_non_exhaustive {
    enum Dir has drop { N, E, S, W }
    fun f(d: Dir): u8 {
        match (d) {
            Dir::N => 0,
            Dir::E => 1,
            Dir::S => 2,
        }
    }
}
