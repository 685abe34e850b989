module corpus::option_lambdas {
    use std::option;

    #[test]
    fun map_and_filter() {
        let o = option::some(4);
        let doubled = o.map(|x| x * 2);
        assert!(doubled == option::some(8), 1);
        let f = doubled.filter(|x| *x > 10);
        assert!(f.is_none(), 2);
        let n = option::none<u64>().map(|x| x + 1);
        assert!(n.is_none(), 3);
    }

    #[test]
    fun fold_and_for_each() {
        assert!(option::some(3).fold(10, |acc, x| acc + x) == 13, 1);
        assert!(option::none<u64>().fold(10, |acc, x| acc + x) == 10, 2);
        let seen = 0;
        option::some(9).for_each(|x| seen = x);
        assert!(seen == 9, 3);
        let o = option::some(1);
        o.for_each_mut(|x| *x = *x + 100);
        assert!(o == option::some(101), 4);
        assert!(o.any(|x| *x == 101), 5);
    }
}
