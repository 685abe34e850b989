module corpus::match_in_loop {
    enum Cmd has copy, drop { Inc(u64), Dec(u64), Reset, Stop }

    fun run(cmds: &vector<Cmd>): u64 {
        let acc = 0;
        let i = 0;
        while (i < cmds.length()) {
            let stop = false;
            match (cmds[i]) {
                Cmd::Inc(n) => acc = acc + n,
                Cmd::Dec(n) => acc = if (n > acc) 0 else acc - n,
                Cmd::Reset => acc = 0,
                Cmd::Stop => stop = true,
            };
            if (stop) break;
            i = i + 1;
        };
        acc
    }

    #[test]
    fun interprets() {
        assert!(run(&vector[Cmd::Inc(5), Cmd::Inc(7), Cmd::Dec(2)]) == 10, 1);
        assert!(run(&vector[Cmd::Inc(5), Cmd::Reset, Cmd::Inc(1)]) == 1, 2);
        assert!(run(&vector[Cmd::Inc(5), Cmd::Stop, Cmd::Inc(100)]) == 5, 3);
        assert!(run(&vector[Cmd::Dec(3)]) == 0, 4);
    }
}
