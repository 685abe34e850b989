module corpus::vec_destroy {
    struct Coin { value: u64 }

    fun burn_all(v: vector<Coin>): u64 {
        let total = 0;
        v.destroy(|c| {
            let Coin { value } = c;
            total = total + value;
        });
        total
    }

    #[test]
    fun destroys_non_droppable_elements() {
        let v = vector[Coin { value: 3 }, Coin { value: 4 }, Coin { value: 5 }];
        assert!(burn_all(v) == 12, 1);
    }

    #[test]
    fun for_each_consumes() {
        let v = vector[Coin { value: 1 }, Coin { value: 2 }];
        let order = vector[];
        v.for_each(|c| {
            let Coin { value } = c;
            order.push_back(value);
        });
        assert!(order == vector[1, 2], 1);
    }
}
