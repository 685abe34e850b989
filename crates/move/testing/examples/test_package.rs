//! Runs a package's unit tests as `lumio move test` does (a development tool that needs no
//! node build): `cargo run --release -p lumio-move-testing --example test_package -- DIR [FILTER]`.

use lumio_move_testing::{TestOptions, report, test_package};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: test_package DIR [FILTER]");
        std::process::exit(2);
    };
    let options = TestOptions {
        filter: args.get(1).cloned(),
        ..TestOptions::default()
    };
    let start = std::time::Instant::now();
    match test_package(std::path::Path::new(dir), &options) {
        Ok(run) => {
            print!("{}", report(&run.results));
            eprintln!("{:.2} s", start.elapsed().as_secs_f64());
            std::process::exit(i32::from(!run.passed()));
        }
        Err(e) => {
            eprint!("{e}");
            std::process::exit(2);
        }
    }
}
