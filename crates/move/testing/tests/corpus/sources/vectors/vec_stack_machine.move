module corpus::vec_stack_machine {
    const PUSH: u8 = 0;
    const ADD: u8 = 1;
    const MUL: u8 = 2;
    const DUP: u8 = 3;
    const SWAP: u8 = 4;
    const SUB: u8 = 5;
    const EBAD_OP: u64 = 9;

    fun run(code: vector<u8>): u64 {
        let st = vector<u64>[];
        let pc = 0;
        while (pc < code.length()) {
            let op = code[pc];
            if (op == PUSH) { st.push_back((code[pc + 1] as u64)); pc = pc + 2; continue };
            if (op == DUP) { let t = st[st.length() - 1]; st.push_back(t); }
            else if (op == SWAP) { let n = st.length(); st.swap(n - 1, n - 2); }
            else {
                let b = st.pop_back();
                let a = st.pop_back();
                st.push_back(if (op == ADD) a + b else if (op == MUL) a * b else if (op == SUB) a - b else abort EBAD_OP);
            };
            pc = pc + 1;
        };
        st.pop_back()
    }

    #[test]
    fun programs() {
        // (2 + 3) * 7
        assert!(run(vector[PUSH, 2, PUSH, 3, ADD, PUSH, 7, MUL]) == 35, 1);
        // 9 * 9 via DUP
        assert!(run(vector[PUSH, 9, DUP, MUL]) == 81, 2);
        // 10 - 4 after swap of (4, 10)
        assert!(run(vector[PUSH, 4, PUSH, 10, SWAP, SUB]) == 6, 3);
    }

    #[test]
    #[expected_failure(abort_code = EBAD_OP, location = Self)]
    fun bad_opcode() { run(vector[PUSH, 1, PUSH, 2, 77]); }

    #[test]
    #[expected_failure(vector_error, minor_status = 2, location = Self)]
    fun stack_underflow() { run(vector[ADD]); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun subtract_below_zero() { run(vector[PUSH, 1, PUSH, 2, SUB]); }
}
