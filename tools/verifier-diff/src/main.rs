//! Differential harness: the upstream Move bytecode verifier (move-language/move, bytecode up to
//! v6) next to ours on the same generated module bytes; reports every disagreement.
//!
//! `verifier-diff [N] [SEED] [--out DIR] [--threads T] [--mutate P] [--guide P] [--stress P]
//! [--configs default,production] [--save K] [--no-minimize] [--only INDEX] [--list-stage S]`
//!
//! Module `i` of a run is a pure function of `(SEED, i)`, so any finding is reproduced with
//! `--only i` and the same seed. See README.md.
//!
//! Files: `modgen` (typed module generator), `mutate` (mutations), `stress` (limit and meter
//! probes), `oracle` (both verifiers on the same bytes), this file (driver, report, saving,
//! minimization).

// Index loops over parallel per-local vectors read better than zipped iterators here; the
// verifiers' `VMResult` error types are theirs, boxed or not.
#![allow(clippy::needless_range_loop, clippy::result_large_err)]

mod modgen;
mod mutate;
mod oracle;
mod stress;

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use lumio_move_binary_format::file_format::{Bytecode, CompiledModule};
use oracle::{Config, Outcome, Sides};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Args {
    n: u64,
    seed: u64,
    out: PathBuf,
    threads: usize,
    mutate: f64,
    guide: f64,
    stress: f64,
    configs: Vec<Config>,
    save: usize,
    minimize: bool,
    only: Option<u64>,
    /// Print the indices of fresh modules that upstream stops in this stage (generator tuning).
    list_stage: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        n: 10_000,
        seed: 1,
        out: PathBuf::from("/work/verifier-diff-out"),
        threads: 2,
        mutate: 0.4,
        guide: 0.8,
        stress: 0.03,
        configs: vec![Config::Default, Config::Production],
        save: 20,
        minimize: true,
        only: None,
        list_stage: None,
    };
    let mut pos = 0;
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut val = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match x.as_str() {
            "--out" => a.out = PathBuf::from(val("--out")),
            "--threads" => a.threads = val("--threads").parse().expect("--threads N"),
            "--mutate" => a.mutate = val("--mutate").parse().expect("--mutate P"),
            "--guide" => a.guide = val("--guide").parse().expect("--guide P"),
            "--stress" => a.stress = val("--stress").parse().expect("--stress P"),
            "--save" => a.save = val("--save").parse().expect("--save K"),
            "--only" => a.only = Some(val("--only").parse().expect("--only INDEX")),
            "--no-minimize" => a.minimize = false,
            "--list-stage" => a.list_stage = Some(val("--list-stage")),
            "--configs" => {
                a.configs = val("--configs")
                    .split(',')
                    .map(|c| match c {
                        "default" => Config::Default,
                        "production" => Config::Production,
                        _ => panic!("unknown config {c}"),
                    })
                    .collect();
            }
            "-h" | "--help" => {
                println!(
                    "verifier-diff [N] [SEED] [--out DIR] [--threads T] [--mutate P] [--guide P] \
                     [--configs default,production] [--save K] [--no-minimize] [--only INDEX]"
                );
                std::process::exit(0);
            }
            _ if pos == 0 => {
                a.n = x.parse().expect("N");
                pos += 1;
            }
            _ if pos == 1 => {
                a.seed = x.parse().expect("SEED");
                pos += 1;
            }
            _ => panic!("unexpected argument {x}"),
        }
    }
    a
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fresh,
    Mutated,
    Stress,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Fresh => "fresh",
            Kind::Mutated => "mutated",
            Kind::Stress => "stress",
        }
    }
}

/// Module `i` of the run: generated (guided by upstream with probability `guide` per
/// function), then turned into a limit/metering probe with probability `stress`, else mutated
/// with probability `mutate`.
fn make(args: &Args, i: u64) -> (CompiledModule, Kind, Vec<String>) {
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    rng.set_stream(i);
    let mut m = modgen::generate(&mut rng, Some(&oracle::upstream_accepts), args.guide);
    let mut muts = vec![];
    if rng.random_bool(args.stress) {
        let d = stress::stress(&mut m, &mut rng);
        return (m, Kind::Stress, vec![d]);
    }
    if rng.random_bool(args.mutate) {
        let k = if rng.random_bool(0.7) { 1 } else { 2 };
        for _ in 0..k {
            let d = mutate::mutate(&mut m, &mut rng);
            if !d.is_empty() {
                muts.push(d);
            }
        }
    }
    let kind = if muts.is_empty() {
        Kind::Fresh
    } else {
        Kind::Mutated
    };
    (m, kind, muts)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    BothAccept,
    SameCode,
    DiffCode,
    OursAcceptUpReject,
    OursRejectUpAccept,
    Panic,
}

impl Cat {
    fn of(ours: &Outcome, up: &Outcome) -> Cat {
        match (ours, up) {
            (Outcome::Panic(_), _) | (_, Outcome::Panic(_)) => Cat::Panic,
            (Outcome::Accept, Outcome::Accept) => Cat::BothAccept,
            (Outcome::Accept, _) => Cat::OursAcceptUpReject,
            (_, Outcome::Accept) => Cat::OursRejectUpAccept,
            (Outcome::Reject { code: a, .. }, Outcome::Reject { code: b, .. }) if a == b => {
                Cat::SameCode
            }
            _ => Cat::DiffCode,
        }
    }
    fn dir(self) -> &'static str {
        match self {
            Cat::BothAccept => "both-accept",
            Cat::SameCode => "same-code",
            Cat::DiffCode => "different-code",
            Cat::OursAcceptUpReject => "ours-accept-upstream-reject",
            Cat::OursRejectUpAccept => "ours-reject-upstream-accept",
            Cat::Panic => "panic",
        }
    }
    fn is_disagreement(self) -> bool {
        !matches!(self, Cat::BothAccept | Cat::SameCode)
    }
}

#[derive(Default)]
struct CfgStats {
    cats: BTreeMap<Cat, u64>,
    /// (upstream, ours) status pairs over all modules.
    pairs: BTreeMap<(String, String), u64>,
    inv_ours: u64,
    inv_up: u64,
}

#[derive(Default)]
struct Stats {
    generated: u64,
    mutated: u64,
    stressed: u64,
    serialize_errors: u64,
    roundtrip_mismatch: u64,
    ours_ns: u128,
    up_ns: u128,
    cfg: Vec<CfgStats>,
    /// Upstream stage under the first config, per kind of module.
    stage: BTreeMap<(&'static str, &'static str), u64>,
}

impl Stats {
    fn merge(&mut self, o: Stats) {
        self.generated += o.generated;
        self.mutated += o.mutated;
        self.stressed += o.stressed;
        self.serialize_errors += o.serialize_errors;
        self.roundtrip_mismatch += o.roundtrip_mismatch;
        self.ours_ns += o.ours_ns;
        self.up_ns += o.up_ns;
        if self.cfg.len() < o.cfg.len() {
            self.cfg.resize_with(o.cfg.len(), Default::default);
        }
        for (a, b) in self.cfg.iter_mut().zip(o.cfg) {
            for (k, v) in b.cats {
                *a.cats.entry(k).or_default() += v;
            }
            for (k, v) in b.pairs {
                *a.pairs.entry(k).or_default() += v;
            }
            a.inv_ours += b.inv_ours;
            a.inv_up += b.inv_up;
        }
        for (k, v) in o.stage {
            *self.stage.entry(k).or_default() += v;
        }
    }
}

/// One disagreement, enough to regenerate it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    cfg: usize,
    cat: Cat,
    up: String,
    ours: String,
    index: u64,
}

/// Which of our crates were built in (run.sh sets it for `--ours REV`).
fn ours_label() -> String {
    std::env::var("VERIFIER_DIFF_OURS").unwrap_or_else(|_| "working tree".into())
}

/// The command that regenerates module `i` with both verdicts.
fn reproduce(args: &Args, i: u64) -> String {
    let ours = match std::env::var("VERIFIER_DIFF_OURS") {
        Ok(rev) => format!("--ours {rev} "),
        Err(_) => String::new(),
    };
    let mut extra = String::new();
    if args.mutate != 0.4 {
        extra.push_str(&format!(" --mutate {}", args.mutate));
    }
    if args.guide != 0.8 {
        extra.push_str(&format!(" --guide {}", args.guide));
    }
    if args.stress != 0.03 {
        extra.push_str(&format!(" --stress {}", args.stress));
    }
    format!(
        "tools/verifier-diff/run.sh {ours}--only {i} {}{extra}",
        args.seed
    )
}

fn main() {
    let args = parse_args();
    oracle::install_panic_hook();
    let sides = Sides::new(&args.configs);
    if let Some(i) = args.only {
        show_one(&args, &sides, i);
        return;
    }
    println!(
        "verifier-diff: {} modules, seed {}, {} threads, mutation ratio {}, guide {}, configs {:?}",
        args.n,
        args.seed,
        args.threads,
        args.mutate,
        args.guide,
        args.configs.iter().map(|c| c.name()).collect::<Vec<_>>()
    );
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let workers = AtomicU64::new(args.threads as u64);
    let disagreements = AtomicU64::new(0);
    let false_accepts = AtomicU64::new(0);
    let findings = Mutex::new(Vec::<Finding>::new());
    let total = Mutex::new(Stats::default());
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..args.threads {
            s.spawn(|| {
                // Counts the worker out even when it panics (a harness bug).
                struct Out<'a>(&'a AtomicU64);
                impl Drop for Out<'_> {
                    fn drop(&mut self) {
                        self.0.fetch_sub(1, Ordering::Relaxed);
                    }
                }
                let _out = Out(&workers);
                let mut st = Stats {
                    cfg: (0..args.configs.len())
                        .map(|_| CfgStats::default())
                        .collect(),
                    ..Default::default()
                };
                let mut local_findings = vec![];
                loop {
                    let first = next.fetch_add(64, Ordering::Relaxed);
                    if first >= args.n {
                        break;
                    }
                    for i in first..(first + 64).min(args.n) {
                        one(
                            &args,
                            &sides,
                            i,
                            &mut st,
                            &mut local_findings,
                            &disagreements,
                            &false_accepts,
                        );
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
                findings.lock().expect("lock").extend(local_findings);
                total.lock().expect("lock").merge(st);
            });
        }
        // Progress.
        let mut last = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let d = done.load(Ordering::Relaxed);
            // A worker that panicked (a harness bug) never finishes its share.
            if d >= args.n || workers.load(Ordering::Relaxed) == 0 {
                break;
            }
            if last.elapsed() >= Duration::from_secs(10) {
                last = Instant::now();
                let secs = start.elapsed().as_secs_f64();
                println!(
                    "  {d}/{} modules, {:.0}/s, {} disagreements ({} ours-accept/upstream-reject)",
                    args.n,
                    d as f64 / secs,
                    disagreements.load(Ordering::Relaxed),
                    false_accepts.load(Ordering::Relaxed),
                );
            }
        }
    });
    let elapsed = start.elapsed();
    let stats = total.into_inner().expect("lock");
    let mut findings = findings.into_inner().expect("lock");
    findings.sort();
    let report = report(&args, &stats, &findings, elapsed);
    print!("{report}");
    std::fs::create_dir_all(&args.out).expect("create output directory");
    std::fs::write(args.out.join("summary.txt"), &report).expect("write summary");
    let mut csv = String::from("config,category,upstream,ours,index,seed\n");
    for f in &findings {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{}",
            args.configs[f.cfg].name(),
            f.cat.dir(),
            f.up,
            f.ours,
            f.index,
            args.seed
        );
    }
    std::fs::write(args.out.join("disagreements.csv"), csv).expect("write csv");
    save(&args, &sides, &findings);
    println!("output: {}", args.out.display());
}

fn one(
    args: &Args,
    sides: &Sides,
    i: u64,
    st: &mut Stats,
    findings: &mut Vec<Finding>,
    disagreements: &AtomicU64,
    false_accepts: &AtomicU64,
) {
    let (m, kind, _) = make(args, i);
    st.generated += 1;
    match kind {
        Kind::Fresh => {}
        Kind::Mutated => st.mutated += 1,
        Kind::Stress => st.stressed += 1,
    }
    let Ok(bytes) = m.to_bytes() else {
        st.serialize_errors += 1;
        return;
    };
    let run = oracle::run(sides, &bytes);
    st.ours_ns += run.ours_ns;
    st.up_ns += run.upstream_ns;
    if run.roundtrip_ok == Some(false) {
        st.roundtrip_mismatch += 1;
    }
    for (c, (ours, up)) in run.results.iter().enumerate() {
        if c == 0 {
            let stage = oracle::stage(up);
            if kind == Kind::Fresh && args.list_stage.as_deref() == Some(stage) {
                println!("  {stage}: index {i} ({})", up.code_name());
            }
            *st.stage.entry((kind.name(), stage)).or_default() += 1;
        }
        let cat = Cat::of(ours, up);
        let cs = &mut st.cfg[c];
        *cs.cats.entry(cat).or_default() += 1;
        *cs.pairs
            .entry((up.code_name(), ours.code_name()))
            .or_default() += 1;
        cs.inv_ours += u64::from(ours.is_invariant_violation());
        cs.inv_up += u64::from(up.is_invariant_violation());
        if cat.is_disagreement() {
            disagreements.fetch_add(1, Ordering::Relaxed);
            if cat == Cat::OursAcceptUpReject {
                false_accepts.fetch_add(1, Ordering::Relaxed);
            }
            findings.push(Finding {
                cfg: c,
                cat,
                up: up.code_name(),
                ours: ours.code_name(),
                index: i,
            });
        }
    }
}

fn pct(a: u64, b: u64) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * a as f64 / b as f64)
    }
}

fn report(args: &Args, st: &Stats, findings: &[Finding], elapsed: Duration) -> String {
    let mut o = String::new();
    let secs = elapsed.as_secs_f64();
    let _ = writeln!(
        o,
        "\n== verifier-diff report (seed {}, {} modules) ==",
        args.seed, st.generated
    );
    let _ = writeln!(
        o,
        "ours: {}; upstream: move-language/move c453c90",
        ours_label()
    );
    let _ = writeln!(
        o,
        "time {:.1}s, {:.0} modules/s ({} threads); verifier time: ours {:.1}s, upstream {:.1}s (deserialize + all configs)",
        secs,
        st.generated as f64 / secs,
        args.threads,
        st.ours_ns as f64 / 1e9,
        st.up_ns as f64 / 1e9
    );
    let _ = writeln!(
        o,
        "generated {} ({} fresh, {} mutated, {} limit/meter probes); our serializer refused {}; upstream re-serialization differed on {}",
        st.generated,
        st.generated - st.mutated - st.stressed,
        st.mutated,
        st.stressed,
        st.serialize_errors,
        st.roundtrip_mismatch
    );
    let _ = writeln!(
        o,
        "\nupstream verdict by stage ({}):",
        args.configs[0].name()
    );
    for kind in [Kind::Fresh, Kind::Mutated, Kind::Stress] {
        let name = kind.name();
        let map: BTreeMap<&str, u64> = st
            .stage
            .iter()
            .filter(|((k, _), _)| *k == name)
            .map(|((_, s), v)| (*s, *v))
            .collect();
        let n: u64 = map.values().sum();
        let reached: u64 = ["accepted", "reference safety", "acquires"]
            .iter()
            .map(|k| map.get(k).copied().unwrap_or(0))
            .sum();
        let _ = writeln!(
            o,
            "  {name}: {n} modules, {} reach reference safety",
            pct(reached, n)
        );
        for (k, v) in &map {
            let _ = writeln!(o, "    {k:<24} {v:>9}  {}", pct(*v, n));
        }
    }
    for (c, cs) in st.cfg.iter().enumerate() {
        let n: u64 = cs.cats.values().sum();
        let g = |k: Cat| cs.cats.get(&k).copied().unwrap_or(0);
        let _ = writeln!(o, "\n-- config {} --", args.configs[c].name());
        for k in [
            Cat::BothAccept,
            Cat::SameCode,
            Cat::DiffCode,
            Cat::OursAcceptUpReject,
            Cat::OursRejectUpAccept,
            Cat::Panic,
        ] {
            let _ = writeln!(o, "  {:<30} {:>9}  {}", k.dir(), g(k), pct(g(k), n));
        }
        let _ = writeln!(
            o,
            "  VERIFIER_INVARIANT_VIOLATION: ours {}, upstream {}",
            cs.inv_ours, cs.inv_up
        );
        let _ = writeln!(o, "  disagreement pairs (upstream -> ours):");
        let mut dis: BTreeMap<(Cat, &str, &str), u64> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.cfg == c) {
            *dis.entry((f.cat, &f.up, &f.ours)).or_default() += 1;
        }
        let mut dis: Vec<_> = dis.into_iter().collect();
        dis.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((cat, up, ours), v) in &dis {
            let _ = writeln!(o, "    {v:>8}  [{}] {up} -> {ours}", cat.dir());
        }
        let _ = writeln!(o, "  status pairs, all modules (upstream / ours):");
        let mut pairs: Vec<_> = cs.pairs.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((up, ours), v) in &pairs {
            let mark = if up == ours { " " } else { "*" };
            let _ = writeln!(o, "   {mark}{v:>8}  {up} / {ours}");
        }
    }
    o
}

/// Writes the first `--save` findings of every (config, category, status pair): hex `.mv`,
/// and a `.txt` with both verdicts, how it was made and our disassembly (of the minimized
/// module when minimization kept the disagreement, plus the original).
fn save(args: &Args, sides: &Sides, findings: &[Finding]) {
    let mut per: BTreeMap<(usize, Cat, &str, &str), usize> = BTreeMap::new();
    let mut saved = 0;
    for f in findings {
        let k = per.entry((f.cfg, f.cat, &f.up, &f.ours)).or_default();
        // Accept/reject disagreements matter most; a few of each different-code pair suffice.
        let cap = if f.cat == Cat::DiffCode {
            args.save.min(3)
        } else {
            args.save
        };
        if *k >= cap {
            continue;
        }
        *k += 1;
        let dir = args
            .out
            .join(args.configs[f.cfg].name())
            .join(f.cat.dir())
            .join(sanitize(&format!("{}--{}", f.up, f.ours)));
        std::fs::create_dir_all(&dir).expect("create finding directory");
        write_finding(args, sides, f, &dir);
        saved += 1;
    }
    println!(
        "saved {saved} disagreement modules under {}",
        args.out.display()
    );
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn describe(m: &CompiledModule, sides: &Sides, cfg: usize) -> (Outcome, Outcome, Vec<u8>) {
    let bytes = m.to_bytes().expect("serializable");
    let mut run = oracle::run(sides, &bytes);
    let (o, u) = run.results.swap_remove(cfg);
    (o, u, bytes)
}

fn signature(o: &Outcome, u: &Outcome) -> (Cat, String, String) {
    (Cat::of(o, u), u.code_name(), o.code_name())
}

fn write_finding(args: &Args, sides: &Sides, f: &Finding, dir: &Path) {
    let (m, kind, muts) = make(args, f.index);
    let (o, u, bytes) = describe(&m, sides, f.cfg);
    let sig = signature(&o, &u);
    let mut txt = String::new();
    let _ = writeln!(
        txt,
        "seed {} index {} config {}",
        args.seed,
        f.index,
        args.configs[f.cfg].name()
    );
    let _ = writeln!(txt, "ours: {}", ours_label());
    let _ = writeln!(txt, "reproduce: {}", reproduce(args, f.index));
    let _ = writeln!(txt, "category: {}", f.cat.dir());
    let _ = writeln!(
        txt,
        "made by: {}",
        if muts.is_empty() {
            "generator".to_string()
        } else {
            muts.join("; ")
        }
    );
    // Probes are one small loop or one long block already; minimizing them costs minutes.
    let accept_reject =
        matches!(f.cat, Cat::OursAcceptUpReject | Cat::OursRejectUpAccept) && kind != Kind::Stress;
    let min = if args.minimize && accept_reject {
        minimize(&m, sides, f.cfg, &sig)
    } else {
        None
    };
    if let Some(mm) = &min {
        let (mo, mu, mbytes) = describe(mm, sides, f.cfg);
        let _ = writeln!(txt, "\n== minimized ({} instructions) ==", code_len(mm));
        let _ = writeln!(txt, "upstream: {}", detail(&mu));
        let _ = writeln!(txt, "ours:     {}", detail(&mo));
        let _ = writeln!(txt, "hex: {}", hex::encode(&mbytes));
        txt.push_str(&lumio_move_binary_format::disassembler::disassemble_module(
            mm,
        ));
        std::fs::write(
            dir.join(format!("{}.min.mv", f.index)),
            hex::encode(&mbytes),
        )
        .expect("write");
    }
    let _ = writeln!(txt, "\n== original ({} instructions) ==", code_len(&m));
    let _ = writeln!(txt, "upstream: {}", detail(&u));
    let _ = writeln!(txt, "ours:     {}", detail(&o));
    txt.push_str(&lumio_move_binary_format::disassembler::disassemble_module(
        &m,
    ));
    std::fs::write(dir.join(format!("{}.mv", f.index)), hex::encode(&bytes)).expect("write");
    std::fs::write(dir.join(format!("{}.txt", f.index)), txt).expect("write");
}

fn detail(o: &Outcome) -> String {
    match o {
        Outcome::Accept => "ACCEPT".into(),
        Outcome::Reject { detail, .. } => detail.clone(),
        Outcome::Panic(p) => format!("PANIC {p}"),
    }
}

fn code_len(m: &CompiledModule) -> usize {
    m.function_defs
        .iter()
        .filter_map(|d| d.code.as_ref())
        .map(|c| c.code.len())
        .sum()
}

/// Greedy reduction keeping the disagreement's signature (category and both status codes):
/// deletes ranges of instructions (16, 8, 4, 2, 1 long; whole statements usually go in one
/// piece because a stack-neutral range keeps the rest type-correct), branch targets shifted.
fn minimize(
    m: &CompiledModule,
    sides: &Sides,
    cfg: usize,
    sig: &(Cat, String, String),
) -> Option<CompiledModule> {
    let keeps = |c: &CompiledModule| -> bool {
        let Ok(bytes) = c.to_bytes() else {
            return false;
        };
        let mut run = oracle::run(sides, &bytes);
        let (o, u) = run.results.swap_remove(cfg);
        signature(&o, &u) == *sig
    };
    let mut cur = m.clone();
    let mut tries = 0;
    let start = Instant::now();
    loop {
        let before = code_len(&cur);
        for chunk in [16usize, 8, 4, 2, 1] {
            for f in 0..cur.function_defs.len() {
                let mut p = cur.function_defs[f]
                    .code
                    .as_ref()
                    .map_or(0, |c| c.code.len());
                while p > 0 && tries < 20_000 && start.elapsed() < Duration::from_secs(30) {
                    p -= 1;
                    let len = cur.function_defs[f]
                        .code
                        .as_ref()
                        .map_or(0, |c| c.code.len());
                    if p + chunk > len || len <= chunk {
                        continue;
                    }
                    let mut cand = cur.clone();
                    let code = &mut cand.function_defs[f].code.as_mut().expect("code").code;
                    delete_range(code, p, chunk);
                    tries += 1;
                    if keeps(&cand) {
                        cur = cand;
                    }
                }
            }
        }
        if code_len(&cur) == before {
            break;
        }
    }
    (code_len(&cur) < code_len(m)).then_some(cur)
}

/// Removes `code[at..at + n]`; branches into the range go to `at`, later ones move back.
fn delete_range(code: &mut Vec<Bytecode>, at: usize, n: usize) {
    code.drain(at..at + n);
    let len = code.len();
    for b in code.iter_mut() {
        if let Bytecode::BrTrue(t) | Bytecode::BrFalse(t) | Bytecode::Branch(t) = b {
            let x = usize::from(*t);
            let y = if x >= at + n { x - n } else { x.min(at) };
            *t = y.min(len.saturating_sub(1)) as u16;
        }
    }
}

fn show_one(args: &Args, sides: &Sides, i: u64) {
    let (m, _, muts) = make(args, i);
    println!(
        "seed {} index {}: {}",
        args.seed,
        i,
        if muts.is_empty() {
            "generated".into()
        } else {
            muts.join("; ")
        }
    );
    let bytes = m.to_bytes().expect("serializable");
    println!("hex: {}", hex::encode(&bytes));
    print!(
        "{}",
        lumio_move_binary_format::disassembler::disassemble_module(&m)
    );
    let run = oracle::run(sides, &bytes);
    for (c, (o, u)) in run.results.iter().enumerate() {
        println!("[{}] upstream: {}", args.configs[c].name(), detail(u));
        println!("[{}] ours:     {}", args.configs[c].name(), detail(o));
    }
}
