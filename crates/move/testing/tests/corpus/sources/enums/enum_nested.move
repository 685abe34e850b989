module corpus::enum_nested {
    enum Unit has copy, drop { Cm, Inch }
    enum Length has copy, drop {
        Known { value: u64, unit: Unit },
        Unknown,
    }

    // Millimetres, rounded down; an inch is 25.4 mm.
    fun to_mm(l: Length): u64 {
        // (Nested patterns in one match: see corpus_known_bugs/match_nested_exhaustive.move.)
        match (l) {
            Length::Known { value, unit } => match (unit) {
                Unit::Cm => value * 10,
                Unit::Inch => value * 254 / 10,
            },
            Length::Unknown => 0,
        }
    }

    #[test]
    fun nested_patterns() {
        assert!(to_mm(Length::Known { value: 3, unit: Unit::Cm }) == 30, 1);
        assert!(to_mm(Length::Known { value: 10, unit: Unit::Inch }) == 254, 2);
        assert!(to_mm(Length::Known { value: 1, unit: Unit::Inch }) == 25, 3);
        assert!(to_mm(Length::Unknown) == 0, 4);
    }

    #[test]
    fun vector_of_enums() {
        let ls = vector[Length::Unknown, Length::Known { value: 2, unit: Unit::Cm }, Length::Unknown];
        let unknown = 0;
        ls.for_each_ref(|l| if (*l is Length::Unknown) unknown = unknown + 1);
        assert!(unknown == 2, 1);
    }
}
