module corpus::queue_two_stacks {
    struct Queue<T> has drop { inbox: vector<T>, outbox: vector<T> }

    fun new<T>(): Queue<T> { Queue { inbox: vector[], outbox: vector[] } }
    fun push<T>(q: &mut Queue<T>, x: T) { q.inbox.push_back(x) }
    fun pop<T>(q: &mut Queue<T>): T {
        if (q.outbox.is_empty()) {
            while (!q.inbox.is_empty()) q.outbox.push_back(q.inbox.pop_back());
        };
        q.outbox.pop_back()
    }
    fun len<T>(q: &Queue<T>): u64 { q.inbox.length() + q.outbox.length() }

    #[test]
    fun fifo_order() {
        let q = new();
        push(&mut q, 1);
        push(&mut q, 2);
        push(&mut q, 3);
        assert!(pop(&mut q) == 1, 1);
        push(&mut q, 4);
        assert!(pop(&mut q) == 2 && pop(&mut q) == 3 && pop(&mut q) == 4, 2);
        assert!(len(&q) == 0, 3);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 2, location = Self)]
    fun pop_empty_queue() {
        let q = new<u8>();
        pop(&mut q);
    }
}
