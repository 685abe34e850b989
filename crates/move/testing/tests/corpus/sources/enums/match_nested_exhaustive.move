// Expected: compiles (the two `Known` arms together cover every `Unit`), test passes.
// Actual (our compiler): error[M0407] `match` does not cover every variant: missing Known
module 0xc0::match_nested_exhaustive {
    enum Unit has copy, drop { Cm, Inch }
    enum Length has copy, drop { Known { value: u64, unit: Unit }, Unknown }

    fun to_mm(l: Length): u64 {
        match (l) {
            Length::Known { value, unit: Unit::Cm } => value * 10,
            Length::Known { value, unit: Unit::Inch } => value * 254 / 10,
            Length::Unknown => 0,
        }
    }

    #[test]
    fun t() {
        assert!(to_mm(Length::Known { value: 10, unit: Unit::Inch }) == 254, 1);
    }
}
