module corpus::lambda_structs {
    struct Account has copy, drop { id: u64, balance: u64, frozen: bool }

    #[test]
    fun pipelines_over_structs() {
        let accts = vector[
            Account { id: 1, balance: 50, frozen: false },
            Account { id: 2, balance: 500, frozen: true },
            Account { id: 3, balance: 120, frozen: false },
        ];
        let active = accts.filter(|a| !a.frozen);
        assert!(active.length() == 2, 1);
        let total = active.fold(0, |s, a| s + a.balance);
        assert!(total == 170, 2);
        let ids = accts.map_ref(|a| a.id * 100);
        assert!(ids == vector[100, 200, 300], 3);
        accts.for_each_mut(|a| if (!a.frozen) a.balance = a.balance + 1);
        assert!(accts[0].balance == 51 && accts[1].balance == 500 && accts[2].balance == 121, 4);
        let (found, at) = accts.find(|a| a.balance > 100 && !a.frozen);
        assert!(found && at == 2, 5);
    }
}
