//! The unit-test runner of `lumio move test`.
//!
//! [`TestPlan::new`] takes a compilation made in test mode and collects every `#[test]`
//! function of the package under test; [`run`] executes each in a fresh VM session over an
//! in-memory store holding every compiled module (the package and its dependencies), with the
//! signers its attribute names, a gas budget, and judges the outcome by
//! `#[expected_failure(..)]` as Aptos does. Tests run on every core; results are reported in
//! name order, so the output is deterministic.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use lumio_move_binary_format::errors::Location;
use lumio_move_compiler::codegen::{CompiledUnit, UnitKind};
use lumio_move_compiler::model::{ExpectedFailure, FunKind, Program};
use lumio_move_compiler::source::SourceFiles;
use lumio_move_core_types::StatusCode;
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::identifier::Identifier;
use lumio_move_core_types::language_storage::ModuleId;
use lumio_move_vm::errors::ExecutionError;
use lumio_move_vm::{
    BudgetMeter, EmptyResources, Loader, ModuleStorage, NativeTable, Session, TraceFrame, Value,
};

/// The default gas budget of one test, in the VM's (internal) gas units: a few hundred million
/// instructions, enough for the framework's heaviest tests (smart tables, big vectors).
pub const DEFAULT_GAS_BUDGET: u64 = 100_000_000_000;

/// One test to run.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// The module.
    pub module: ModuleId,
    /// The function.
    pub function: String,
    /// One signer per parameter, in parameter order (`true`: the parameter is `&signer`).
    pub signers: Vec<(AccountAddress, bool)>,
    /// `#[expected_failure(..)]`.
    pub expected: Option<ExpectedFailure>,
}

impl TestCase {
    /// `0x1::module::function`.
    pub fn name(&self) -> String {
        format!("{}::{}", self.module, self.function)
    }
}

/// The modules and tests of a test run.
pub struct TestPlan {
    modules: BTreeMap<ModuleId, Vec<u8>>,
    units: BTreeMap<ModuleId, CompiledUnit>,
    /// The tests, in name order.
    pub tests: Vec<TestCase>,
}

impl std::fmt::Debug for TestPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestPlan")
            .field("modules", &self.modules.len())
            .field("tests", &self.tests.len())
            .finish()
    }
}

impl ModuleStorage for TestPlan {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.modules.get(id).cloned()
    }
}

fn core_id(id: &lumio_move_compiler::model::ModuleId) -> Result<ModuleId, String> {
    let name =
        Identifier::new(id.name.as_str()).map_err(|e| format!("module name {}: {e:?}", id.name))?;
    Ok(ModuleId::new(id.address, name))
}

impl TestPlan {
    /// Collects the tests of package `package` whose name contains `filter`, and every
    /// compiled module.
    pub fn new(
        program: &Program,
        units: &[CompiledUnit],
        package: u32,
        filter: Option<&str>,
    ) -> Result<TestPlan, String> {
        let mut modules = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for unit in units {
            let (UnitKind::Module(m), Some(id)) = (&unit.kind, &unit.module_id) else {
                continue;
            };
            let mut bytes = Vec::new();
            m.serialize(&mut bytes)
                .map_err(|e| format!("serializing {id}: {e:?}"))?;
            let id = core_id(id)?;
            modules.insert(id.clone(), bytes);
            by_id.insert(id, unit.clone());
        }
        let mut tests = Vec::new();
        for m in &program.modules {
            if m.package != package {
                continue;
            }
            let id = core_id(&m.id)?;
            for f in &m.functions {
                let Some(signers) = &f.attrs.test else {
                    continue;
                };
                if f.kind != FunKind::Regular {
                    continue;
                }
                let case_name = format!("{id}::{}", f.name);
                if filter.is_some_and(|s| !case_name.contains(s)) {
                    continue;
                }
                // One signer per parameter, by name.
                let mut args = Vec::new();
                for (pname, pty) in &f.params {
                    let by_ref = matches!(pty, lumio_move_compiler::model::Type::Ref(..));
                    match signers.iter().find(|(n, _)| n == pname) {
                        Some((_, a)) => args.push((*a, by_ref)),
                        None => {
                            return Err(format!(
                                "test {case_name}: parameter `{pname}` has no signer in #[test(..)]"
                            ));
                        }
                    }
                }
                tests.push(TestCase {
                    module: id.clone(),
                    function: f.name.clone(),
                    signers: args,
                    expected: f.attrs.expected_failure.clone(),
                });
            }
        }
        tests.sort_by_key(TestCase::name);
        Ok(TestPlan {
            modules,
            units: by_id,
            tests,
        })
    }
}

/// How one test ended.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The test.
    pub name: String,
    /// Passed?
    pub passed: bool,
    /// Why it failed (with the abort code and location), or empty.
    pub detail: String,
    /// Gas used.
    pub gas_used: u64,
}

/// Runs every test of `plan` on `threads` threads (at least one).
pub fn run(
    plan: &TestPlan,
    files: &SourceFiles,
    gas_budget: u64,
    threads: usize,
) -> Vec<TestResult> {
    let loader = Loader::new(NativeTable::testing());
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(plan.tests.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = plan.tests.get(i) else { break };
                    let result = run_one(plan, &loader, case, files, gas_budget);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(result);
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by(|a, b| a.name.cmp(&b.name));
    results
}

fn run_one(
    plan: &TestPlan,
    loader: &Loader,
    case: &TestCase,
    files: &SourceFiles,
    gas_budget: u64,
) -> TestResult {
    let mut session = Session::new(loader, plan, &EmptyResources);
    let mut gas = BudgetMeter::new(gas_budget);
    let args = case
        .signers
        .iter()
        .map(|(a, by_ref)| {
            if *by_ref {
                // A `&signer` parameter: a reference to a signer held on its own.
                let holder = lumio_move_vm::values::container(vec![Value::signer(*a)]);
                Value::Ref(lumio_move_vm::values::Ref::new(holder, 0))
            } else {
                Value::signer(*a)
            }
        })
        .collect();
    let outcome = session.call_function(&case.module, &case.function, &[], args, &mut gas);
    let (passed, detail) = judge(plan, files, case, outcome.err(), session.last_trace());
    TestResult {
        name: case.name(),
        passed,
        detail,
        gas_used: gas.used(),
    }
}

/// Whether the outcome is what the test expects, and a description when it is not.
fn judge(
    plan: &TestPlan,
    files: &SourceFiles,
    case: &TestCase,
    error: Option<ExecutionError>,
    trace: &[TraceFrame],
) -> (bool, String) {
    let Some(expected) = &case.expected else {
        return match error {
            None => (true, String::new()),
            Some(e) => (false, describe(plan, files, &e, trace)),
        };
    };
    let Some(error) = error else {
        return (
            false,
            "the test was expected to fail but returned normally".into(),
        );
    };
    let status = error.status();
    let at_location = |loc: &Location| match (&expected.location, loc) {
        (None, _) => true,
        (Some(want), Location::Module(got)) => {
            got.address() == &want.address && got.name() == want.name
        }
        _ => false,
    };
    let ok = match &error {
        ExecutionError::Abort { location, code, .. } => {
            let code_ok = expected.abort_code.is_none_or(|c| c == *code);
            let kind_ok = !expected.arithmetic_error
                && !expected.out_of_gas
                && !expected.vector_error
                && expected
                    .major_status
                    .is_none_or(|s| s == StatusCode::ABORTED as u64);
            code_ok && kind_ok && at_location(location)
        }
        ExecutionError::Failure(e) => {
            let loc_ok = at_location(e.location());
            let kind_ok = if expected.arithmetic_error {
                status == StatusCode::ARITHMETIC_ERROR
            } else if expected.out_of_gas {
                status == StatusCode::OUT_OF_GAS
            } else if expected.vector_error {
                status == StatusCode::VECTOR_OPERATION_ERROR
                    && expected
                        .minor_status
                        .is_none_or(|m| e.sub_status() == Some(m))
            } else if let Some(major) = expected.major_status {
                status as u64 == major
                    && expected
                        .minor_status
                        .is_none_or(|m| e.sub_status() == Some(m))
            } else {
                // A plain `#[expected_failure]` accepts any failure; with an abort code it
                // needs an abort.
                expected.abort_code.is_none()
            };
            kind_ok && loc_ok
        }
    };
    if ok {
        (true, String::new())
    } else {
        (
            false,
            format!(
                "the test failed, but not as expected ({expected:?}): {}",
                describe(plan, files, &error, trace)
            ),
        )
    }
}

/// The failure, then its call stack (innermost first) with each frame's source location
/// when the source map knows it.
fn describe(
    plan: &TestPlan,
    files: &SourceFiles,
    e: &ExecutionError,
    trace: &[TraceFrame],
) -> String {
    let mut s = e.to_string();
    for frame in trace {
        s.push_str(&format!("\n    in {}::{}", frame.module, frame.function));
        if let Some(unit) = plan.units.get(&frame.module)
            && let Some(f) = unit.source_map.functions.get(usize::from(frame.def_idx))
            && let Some(span) = f.code.get(usize::from(frame.offset))
            && let Some(file) = files.get(span.file)
        {
            // 1-based already.
            let (line, col) = file.line_col(span.start as usize);
            s.push_str(&format!(" at {}:{line}:{col}", file.name()));
        }
    }
    s
}

/// What `lumio move test` asks for.
#[derive(Clone, Debug)]
pub struct TestOptions {
    /// Run only tests whose `0xADDR::module::function` contains this.
    pub filter: Option<String>,
    /// Gas budget of each test.
    pub gas_budget: u64,
    /// Worker threads (default: the machine's cores).
    pub threads: usize,
    /// `--named-addresses` and other build options.
    pub build: lumio_move_compiler::package::BuildOptions,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            filter: None,
            gas_budget: DEFAULT_GAS_BUDGET,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            build: lumio_move_compiler::package::BuildOptions::default(),
        }
    }
}

/// The outcome of testing a package.
#[derive(Debug)]
pub struct PackageTestRun {
    /// Warnings of the build, rendered.
    pub warnings: String,
    /// Every test's result, in name order.
    pub results: Vec<TestResult>,
}

impl PackageTestRun {
    /// Whether every test passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.passed)
    }
}

/// Builds the package in `dir` in test mode (its `#[test]`/`#[test_only]` code, dev
/// addresses and dependencies) without writing `build/`, and runs its tests. A build error is
/// returned rendered.
pub fn test_package(
    dir: &std::path::Path,
    options: &TestOptions,
) -> Result<PackageTestRun, String> {
    use lumio_move_compiler::package;
    let mut build = options.build.clone();
    build.test_mode = true;
    let loaded = package::load(dir, &build).map_err(|e| e.render())?;
    let out = package::compile_loaded(loaded, &build).map_err(|e| e.render())?;
    let program = out
        .program
        .as_ref()
        .ok_or_else(|| "the compiler returned no program".to_string())?;
    let root = (out.graph.packages.len() - 1) as u32;
    let plan = TestPlan::new(program, &out.units, root, options.filter.as_deref())?;
    let results = run(&plan, &out.files, options.gas_budget, options.threads);
    let warnings = lumio_move_compiler::diagnostics::render(&out.files, &out.diagnostics);
    Ok(PackageTestRun { warnings, results })
}

/// Formats results as `lumio move test` prints them: one line per test, failures' details,
/// and the summary line `N passed, M failed`.
pub fn report(results: &[TestResult]) -> String {
    let mut out = String::new();
    for r in results {
        let tag = if r.passed { "PASS" } else { "FAIL" };
        out.push_str(&format!("[ {tag} ] {}\n", r.name));
    }
    let failed: Vec<&TestResult> = results.iter().filter(|r| !r.passed).collect();
    for r in &failed {
        out.push_str(&format!(
            "\n┌── {} ──\n│ {}\n└──\n",
            r.name,
            r.detail.replace('\n', "\n│ ")
        ));
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        results.len() - failed.len(),
        failed.len()
    ));
    out
}
