module corpus::enum_match_values {
    enum Op has copy, drop { Add, Sub, Mul, Div }
    enum Instr has copy, drop { Push(u64), Apply(Op) }

    fun apply(op: Op, a: u64, b: u64): u64 {
        match (op) {
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::Mul => a * b,
            Op::Div => a / b,
        }
    }

    fun eval(prog: &vector<Instr>): u64 {
        let st = vector[];
        prog.for_each_ref(|i| {
            match (i) {
                Instr::Push(v) => st.push_back(*v),
                Instr::Apply(op) => {
                    let b = st.pop_back();
                    let a = st.pop_back();
                    st.push_back(apply(*op, a, b));
                },
            }
        });
        st.pop_back()
    }

    #[test]
    fun evaluates() {
        // (20 - 5) / 3 * 4 = 20
        let p = vector[
            Instr::Push(20), Instr::Push(5), Instr::Apply(Op::Sub),
            Instr::Push(3), Instr::Apply(Op::Div),
            Instr::Push(4), Instr::Apply(Op::Mul),
        ];
        assert!(eval(&p) == 20, 1);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun divide_by_zero_in_match_arm() {
        eval(&vector[Instr::Push(1), Instr::Push(0), Instr::Apply(Op::Div)]);
    }
}
