module corpus::enum_state_machine {
    const EBAD_TRANSITION: u64 = 1;

    enum Order has copy, drop {
        Created { items: u64 },
        Paid { items: u64, amount: u64 },
        Shipped { tracking: u64 },
        Cancelled,
    }

    fun pay(o: Order, amount: u64): Order {
        match (o) {
            Order::Created { items } => Order::Paid { items, amount },
            _ => abort EBAD_TRANSITION,
        }
    }

    fun ship(o: Order, tracking: u64): Order {
        match (o) {
            Order::Paid { items: _, amount: _ } => Order::Shipped { tracking },
            _ => abort EBAD_TRANSITION,
        }
    }

    fun cancel(o: Order): Order {
        match (o) {
            Order::Shipped { .. } => abort EBAD_TRANSITION,
            _ => Order::Cancelled,
        }
    }

    #[test]
    fun happy_path() {
        let o = ship(pay(Order::Created { items: 2 }, 50), 777);
        assert!(o == Order::Shipped { tracking: 777 }, 1);
        assert!(cancel(Order::Created { items: 1 }) == Order::Cancelled, 2);
        assert!(cancel(pay(Order::Created { items: 1 }, 5)) is Order::Cancelled, 3);
    }

    #[test]
    #[expected_failure(abort_code = EBAD_TRANSITION, location = Self)]
    fun ship_unpaid() { ship(Order::Created { items: 1 }, 1); }

    #[test]
    #[expected_failure(abort_code = EBAD_TRANSITION, location = Self)]
    fun cancel_shipped() { cancel(Order::Shipped { tracking: 1 }); }
}
