module corpus::vec_of_resources {
    struct Ticket { id: u64 }

    fun burn(t: Ticket): u64 { let Ticket { id } = t; id }

    fun burn_all(v: vector<Ticket>): u64 {
        let s = 0;
        while (!v.is_empty()) s = s + burn(v.pop_back());
        v.destroy_empty();
        s
    }

    #[test]
    fun move_non_copy_elements() {
        let v = vector[Ticket { id: 1 }, Ticket { id: 2 }, Ticket { id: 3 }];
        v.swap(0, 2);
        assert!(v[0].id == 3 && v[2].id == 1, 1);
        let t = v.remove(1);
        assert!(burn(t) == 2, 2);
        v.push_back(Ticket { id: 10 });
        let last = v.swap_remove(0);
        assert!(burn(last) == 3, 3);
        assert!(v[0].id == 10, 4);
        assert!(burn_all(v) == 11, 5);
    }
}
