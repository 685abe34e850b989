//! `lumio bench move-compile`: compiles a generated Move package (about 50,000 lines in 100
//! modules that chain-depend on each other, written the way framework code is: structs,
//! generics, loops, vectors, inline functions with lambdas, global storage, cross-module
//! calls) against our MoveStdlib, and prints lines per second and milliseconds per stage.

use std::time::Duration;

use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::{CompileOptions, compile_with_stdlib};

/// Blocks of functions per generated module (each about 45 lines).
const BLOCKS: usize = 11;

/// One generated module: `0xcafe::gen_<i>`, depending on `gen_<i-1>`.
pub fn generated_module(i: usize) -> String {
    let mut s = String::new();
    s.push_str(&format!("module 0xcafe::gen_{i} {{\n"));
    s.push_str("    use std::vector;\n    use std::option::{Self, Option};\n");
    if i > 0 {
        s.push_str(&format!("    use 0xcafe::gen_{};\n", i - 1));
    }
    s.push_str(&format!(
        "\n    const E_BASE: u64 = {};\n    const LIMIT: u64 = 1000;\n\n",
        i + 1
    ));
    s.push_str(
        "    struct Item has copy, drop, store { id: u64, weight: u64, tags: vector<u8> }\n",
    );
    s.push_str("    struct Store has key { items: vector<Item>, total: u128 }\n");
    s.push_str("    struct Pair<T: copy + drop> has copy, drop { left: T, right: T }\n\n");
    s.push_str("    public fun new_item(id: u64, weight: u64): Item {\n        Item { id, weight, tags: vector[1, 2, 3] }\n    }\n\n");
    s.push_str("    public entry fun publish(account: &signer) {\n        move_to(account, Store { items: vector::empty(), total: 0 });\n    }\n\n");
    for k in 0..BLOCKS {
        let cross = if i > 0 {
            format!("gen_{}::compute_{k}(x, y) + ", i - 1)
        } else {
            String::new()
        };
        s.push_str(&format!(
            r#"    public fun compute_{k}(x: u64, y: u64): u64 {{
        let acc = 0;
        let i = 0;
        while (i < 10) {{
            if (x > y) {{ acc = acc + (x - y) % 7 }} else {{ acc = acc + (y - x) % 7 }};
            i = i + 1;
        }};
        let v = vector::empty<u64>();
        vector::push_back(&mut v, acc);
        vector::push_back(&mut v, {k});
        let sum = vector::fold(v, 0, |a, b| a + b);
        assert!(sum >= acc, E_BASE);
        sum % LIMIT
    }}

    public fun pick_{k}(items: &vector<Item>, min: u64): Option<u64> {{
        let n = vector::length(items);
        let i = 0;
        while (i < n) {{
            let it = vector::borrow(items, i);
            if (it.weight >= min + {k}) return option::some(it.id);
            i = i + 1;
        }};
        option::none()
    }}

    public fun pair_{k}<T: copy + drop>(a: T, b: T): Pair<T> {{
        let p = Pair {{ left: a, right: b }};
        let Pair {{ left, right }} = p;
        Pair {{ left: right, right: left }}
    }}

    public fun add_{k}(addr: address, w: u64) acquires Store {{
        let s = borrow_global_mut<Store>(addr);
        vector::push_back(&mut s.items, new_item({k}, w));
        s.total = s.total + (w as u128);
    }}

    public fun chain_{k}(x: u64, y: u64): u64 {{
        {cross}compute_{k}(y, x)
    }}

"#
        ));
    }
    s.push_str("}\n");
    s
}

/// Runs the workload and prints its table.
pub fn run() -> anyhow::Result<()> {
    run_with(100, 5)
}

fn run_with(modules: usize, rounds: usize) -> anyhow::Result<()> {
    let sources: Vec<String> = (0..modules).map(generated_module).collect();
    let lines: usize = sources.iter().map(|s| s.lines().count()).sum();
    let std_lines: usize = lumio_move_compiler::package::Bundle::builtin()
        .files_under("move-stdlib/sources")
        .map(|(_, t)| t.lines().count())
        .sum();
    let names: Vec<String> = (0..modules).map(|i| format!("gen_{i}.move")).collect();
    let inputs: Vec<(&str, &str)> = names
        .iter()
        .zip(&sources)
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut runs: Vec<(Duration, Vec<(&'static str, Duration)>)> = Vec::new();
    let mut units = 0;
    for _ in 0..rounds {
        let (files, out) = compile_with_stdlib(&inputs, &CompileOptions::default());
        if out.has_errors() {
            anyhow::bail!(
                "the generated package does not compile:\n{}",
                render(&files, &out.diagnostics)
            );
        }
        units = out.units.len();
        let total = out.timings.iter().map(|(_, d)| *d).sum();
        runs.push((total, out.timings));
    }
    runs.sort_by_key(|(t, _)| *t);
    let (total, stages) = &runs[runs.len() / 2];
    let all_lines = lines + std_lines;
    println!(
        "move-compile: {modules} generated modules, {lines} lines (+ MoveStdlib {std_lines} lines), {units} units out; median of {rounds}"
    );
    println!("{:<12} {:>10}", "stage", "ms");
    for (stage, d) in stages {
        println!("{:<12} {:>10.1}", stage, d.as_secs_f64() * 1e3);
    }
    println!("{:<12} {:>10.1}", "total", total.as_secs_f64() * 1e3);
    println!(
        "lines/s      {:>10.0}  (45,000 lines at this rate: {:.2} s; fastest run {:.1} ms, slowest {:.1} ms)",
        all_lines as f64 / total.as_secs_f64(),
        45_000.0 / (all_lines as f64 / total.as_secs_f64()),
        runs[0].0.as_secs_f64() * 1e3,
        runs[runs.len() - 1].0.as_secs_f64() * 1e3,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_modules_are_about_500_lines_and_chain() {
        let m = generated_module(3);
        assert!(m.contains("use 0xcafe::gen_2;"));
        let n = m.lines().count();
        assert!((450..650).contains(&n), "{n} lines");
        assert!(!generated_module(0).contains("gen_0::"));
    }

    #[test]
    fn a_small_generated_package_compiles_without_errors() {
        run_with(4, 1).expect("the generated code compiles");
    }
}
