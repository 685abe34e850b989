module corpus::enum_storage {
    use std::signer;

    enum State has key, drop {
        Idle,
        Running { ticks: u64 },
        Done { result: u64 },
    }

    fun step(a: address) acquires State {
        let s = borrow_global_mut<State>(a);
        let next = match (s) {
            State::Idle => State::Running { ticks: 1 },
            State::Running { ticks } if (*ticks >= 3) => State::Done { result: *ticks * 10 },
            State::Running { ticks } => State::Running { ticks: *ticks + 1 },
            State::Done { result } => State::Done { result: *result },
        };
        *s = next;
    }

    #[test(s = @0x99)]
    fun machine(s: &signer) acquires State {
        let a = signer::address_of(s);
        move_to(s, State::Idle);
        step(a); step(a); step(a); step(a);
        let done = borrow_global<State>(a);
        let r = match (done) { State::Done { result } => *result, _ => 0 };
        assert!(r == 30, 1);
        step(a);
        assert!(borrow_global<State>(a) is State::Done, 2);
    }
}
