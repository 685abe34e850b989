module corpus::enum_in_struct {
    enum Status has copy, drop, store { Active, Suspended { until: u64 } }
    struct User has copy, drop, store { id: u64, status: Status }

    fun can_login(u: &User, now: u64): bool {
        match (&u.status) {
            Status::Active => true,
            Status::Suspended { until } => now >= *until,
        }
    }

    #[test]
    fun nested_enum_field() {
        let u = User { id: 1, status: Status::Suspended { until: 100 } };
        assert!(!can_login(&u, 50) && can_login(&u, 100), 1);
        u.status = Status::Active;
        assert!(can_login(&u, 0), 2);
        let users = vector[u, User { id: 2, status: Status::Suspended { until: 10 } }];
        let ok = users.filter(|x| can_login(x, 5));
        assert!(ok.length() == 1 && ok[0].id == 1, 3);
    }
}
