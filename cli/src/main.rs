//! `pidns`: runs and checks `.pns` scenarios against the pid-namespace model.

#[macro_use]
mod output;
mod cost;
mod input;
#[cfg(target_os = "linux")]
mod kernel;
mod report;
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
mod snapshot;

use clap::{Parser, Subcommand, ValueEnum};
use pidns_core::cost::CostProfile;
use pidns_core::limits::MAX_FILE_BYTES;
use pidns_core::scenario::{self, Checker, Failure, Header, LineParser, ParseError, Scenario, Session, Step};
use pidns_core::{Model, PID_MAX_DEFAULT};
use report::{Format, Printer};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Run and check PID-namespace scenarios on a model of the Linux kernel.
#[derive(Parser)]
#[command(
    name = "pidns",
    version,
    about,
    after_help = "Examples:\n  pidns run tests/scenarios/unshare-first-child-is-init.pns\n  pidns run demo.pns --model flat --json\n  pidns check tests/scenarios/*.pns"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario: print every step (result or errno, and kernel work)
    /// and the final process table.
    #[command(after_help = "Example:\n  pidns run tests/scenarios/unshare-first-child-is-init.pns --model flat")]
    Run {
        /// The scenario file (.pns), or `-` for stdin.
        file: PathBuf,
        /// Override the scenario's `model` header.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
        /// Price each step with this cost profile: a built-in name
        /// (linux-6.18, seed-2007) or a profile JSON file. Default: the
        /// scenario's `profile` header, else linux-6.18.
        #[arg(long)]
        profile: Option<String>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The cost model: the 2007 seed table, cost by depth, a scenario's
    /// per-step cost, and the fits behind the built-in profiles.
    #[command(subcommand)]
    Cost(CostCommand),
    /// The real kernel as the oracle (Linux; root or user namespaces).
    #[cfg(target_os = "linux")]
    #[command(subcommand)]
    Kernel(KernelCommand),
    /// Check scenarios' `expect` lines; ends with `N passed, N failed`.
    /// Exit status: 0 all passed, 1 a scenario failed, 2 a file could not be
    /// read or parsed.
    #[command(after_help = "Example:\n  pidns check tests/scenarios/*.pns --model multilevel")]
    Check {
        /// Scenario files (.pns); `-` is stdin.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Override each scenario's `model` header.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
    },
    /// Write a scenario that rebuilds this machine's pid namespaces (or the
    /// namespace of one process and those below it) with the same number at
    /// every level. It only reads /proc; more is readable as root.
    /// With --check, replay it in the model and compare every process's
    /// NSpid and parent with what was read (`N matched, N differ`; exit 1 if
    /// any differ).
    #[cfg(target_os = "linux")]
    #[command(
        after_help = "Examples:\n  sudo pidns snapshot -o machine.pns\n  sudo pidns snapshot --ns $(docker inspect -f '{{.State.Pid}}' web) --threads -o web.pns\n  sudo pidns snapshot --ns 4242 --check"
    )]
    Snapshot {
        /// Only the pid namespace of this process (a pid as this machine's
        /// /proc shows it) and those below it; its init becomes `init`.
        #[arg(long, value_name = "PID")]
        ns: Option<i32>,
        /// Include every thread (`clone thread set_tid`).
        #[arg(long)]
        threads: bool,
        /// Include kernel threads (kthreadd and its children).
        #[arg(long)]
        kernel_threads: bool,
        /// Write the scenario here instead of stdout.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replay the scenario in the model and compare it with what was read.
        #[arg(long)]
        check: bool,
    },
    /// Print a shell completion script for pidns.
    #[command(
        after_help = "Examples:\n  pidns completions bash > ~/.local/share/bash-completion/completions/pidns\n  pidns completions zsh > ~/.zfunc/_pidns\n  pidns completions fish > ~/.config/fish/completions/pidns.fish"
    )]
    Completions {
        /// The shell to write the script for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print pidns's man page (roff), generated from the same definitions as
    /// --help; with --dir, write pidns.1 and one page per subcommand there.
    #[command(
        after_help = "Examples:\n  pidns man > pidns.1 && man ./pidns.1\n  pidns man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write every page (pidns.1, pidns-run.1, ...) into this directory.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[cfg(target_os = "linux")]
#[derive(Subcommand)]
enum KernelCommand {
    /// Replay scenarios on real processes in a fresh pid namespace and list
    /// every difference from the model; ends with `N passed, N failed`.
    /// Exit status 3: this machine cannot create pid namespaces.
    #[command(after_help = "Example:\n  sudo pidns kernel check tests/scenarios/*.pns")]
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The model to compare with (the kernel runs the multilevel one).
        #[arg(long, value_enum, default_value = "multilevel")]
        model: ModelArg,
    },
    /// Random valid scenarios (the property tests' generator) checked on the
    /// kernel; each disagreement is shrunk to a minimal .pns file.
    #[command(after_help = "Example:\n  sudo pidns kernel fuzz --seed 1 --count 50")]
    Fuzz {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 20)]
        count: u32,
        /// Statements per scenario (at most).
        #[arg(long, default_value_t = 30)]
        len: usize,
        /// Where minimal disagreeing scenarios are written.
        #[arg(long, default_value = "fuzz-out")]
        out: PathBuf,
    },
    /// Measure getpid, getppid, fork+exit+wait, thread create+join and
    /// clone(CLONE_NEWPID)+exit+wait per depth on this kernel, and fit a cost
    /// profile (--out) that `pidns cost --profile` loads unchanged.
    #[command(after_help = "Example:\n  sudo pidns kernel bench --depths 0,1,2,4,8,16,31 --out profile.json")]
    Bench {
        #[arg(long, value_delimiter = ',', default_value = "0,1,2,4,8,16,31")]
        depths: Vec<u32>,
        #[arg(long, default_value_t = 3)]
        rounds: u32,
        /// getpid/getppid calls per timed run.
        #[arg(long, default_value_t = 1_000_000)]
        calls: u32,
        /// Timed fork/thread/clone samples per loop.
        #[arg(long, default_value_t = 500)]
        samples: u32,
        /// Pin the benchmark to this CPU (steadier figures on a busy machine).
        #[arg(long)]
        cpu: Option<usize>,
        /// Write the fitted profile (JSON) here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// A scenario process's agent after its `exec` (internal).
    #[command(hide = true)]
    Agent { socket: String, token: u32 },
    /// The re-exec'd timing worker of `bench` (internal).
    #[command(hide = true)]
    BenchWorker {
        #[arg(long)]
        calls: u32,
        #[arg(long)]
        samples: u32,
    },
}

#[derive(Subcommand)]
enum CostCommand {
    /// The seed's table (nptl perf and getpid): published, model, difference.
    #[command(after_help = "Example:\n  pidns cost seed-table --json")]
    SeedTable {
        /// Built-in name or profile JSON file.
        #[arg(long, default_value = "seed-2007")]
        profile: String,
        #[arg(long)]
        json: bool,
    },
    /// getpid, gettid, fork+exit+wait and thread create+join per depth, both models.
    #[command(after_help = "Example:\n  pidns cost depth --max 8 --profile seed-2007")]
    Depth {
        #[arg(long, default_value = pidns_core::cost::DEFAULT_PROFILE)]
        profile: String,
        /// Deepest level to show (at most 32).
        #[arg(long, default_value_t = 32)]
        max: u32,
        #[arg(long)]
        json: bool,
    },
    /// Each step of a scenario with its cost and the work it is made of.
    #[command(after_help = "Example:\n  pidns cost scenario tests/scenarios/max-nesting-32-levels.pns")]
    Scenario {
        file: PathBuf,
        #[arg(long)]
        profile: Option<String>,
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
        #[arg(long)]
        json: bool,
    },
    /// Re-run the least-squares fit behind a built-in profile and show its
    /// parameters and residuals (--json prints the profile itself).
    #[command(after_help = "Example:\n  pidns cost fit seed-2007\n  pidns cost fit linux-6.18 --json > profile.json")]
    Fit {
        /// seed-2007 or linux-6.18.
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ModelArg {
    Multilevel,
    Flat,
}

impl From<ModelArg> for Model {
    fn from(m: ModelArg) -> Model {
        match m {
            ModelArg::Multilevel => Model::Multilevel,
            ModelArg::Flat => Model::Flat,
        }
    }
}

/// A scenario file's text, read through the bounded reader
/// ([`MAX_FILE_BYTES`]); a byte that is not UTF-8 is reported at its line
/// and column.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = input::read_bounded(path, "scenario", MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|e| match scenario::text_from_bytes(e.as_bytes()) {
        Err(pe) => parse_errors(path, [pe]),
        Ok(_) => format!("{}: not UTF-8 text", path.display()),
    })
}

/// Errors as `FILE:LINE:COL: message` lines.
fn parse_errors(path: &Path, errs: impl IntoIterator<Item = ParseError>) -> String {
    errs.into_iter()
        .map(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.col, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads and parses a scenario file, or says why not.
fn load(path: &Path) -> Result<Scenario, String> {
    let text = read_text(path)?;
    scenario::parse(&text).map_err(|errs| parse_errors(path, errs))
}

/// The first pass over a scenario: every line parsed, nothing kept but the
/// header; every error if any line is wrong (then nothing runs).
fn validate(path: &Path, text: &str) -> Result<Header, String> {
    let mut p = LineParser::new();
    let errs: Vec<ParseError> = text.lines().filter_map(|raw| p.next_line(raw).err()).collect();
    if errs.is_empty() {
        Ok(p.into_header())
    } else {
        Err(parse_errors(path, errs))
    }
}

/// The second pass: runs a validated scenario one statement at a time
/// (nothing of its text is kept), handing every operation's step to `each`.
fn stream(text: &str, header: &Header, model: Option<Model>, mut each: impl FnMut(usize, String, &Step)) -> Checker {
    let model = model.or(header.model).unwrap_or_default();
    let mut checker = Checker::new(model, header.pid_max.unwrap_or(PID_MAX_DEFAULT));
    let mut p = LineParser::new();
    for raw in text.lines() {
        if let Ok(Some(stmt)) = p.next_line(raw) {
            let line = p.line();
            if let (scenario::Outcome::Op(step), scenario::Stmt::Op(op)) = (checker.statement(line, &stmt), &stmt) {
                each(line, op.to_string(), &step);
            }
        }
    }
    checker
}

/// `pidns run`: read, validate, then print each step as it runs.
fn run(file: &Path, model: Option<Model>, profile: Option<String>, format: Format) -> Result<(), String> {
    let text = read_text(file)?;
    let header = validate(file, &text)?;
    let spec = profile.or_else(|| header.profile.clone());
    let p: CostProfile = cost::load_profile(spec.as_deref().unwrap_or(pidns_core::cost::DEFAULT_PROFILE), Some(file))?;
    let model = model.or(header.model).unwrap_or_default();
    let mut printer = Printer::start(format, model, &p);
    let checker = stream(&text, &header, Some(model), |line, text, step| {
        printer.step(line, &text, step)
    });
    let (session, failures, _): (Session, Vec<Failure>, usize) = checker.finish();
    printer.finish(&failures, &session);
    Ok(())
}

fn fail(msg: &str) -> ExitCode {
    errln!("{msg}");
    ExitCode::from(2)
}

fn run_cost(c: CostCommand) -> Result<String, String> {
    Ok(match c {
        CostCommand::SeedTable { profile, json } => cost::seed_table(&cost::load_profile(&profile, None)?, json),
        CostCommand::Depth { profile, max, json } => cost::depth_table(&cost::load_profile(&profile, None)?, max, json),
        CostCommand::Scenario {
            file,
            profile,
            model,
            json,
        } => {
            let sc = load(&file)?;
            let spec = profile.or_else(|| sc.header.profile.clone());
            let p = cost::load_profile(
                spec.as_deref().unwrap_or(pidns_core::cost::DEFAULT_PROFILE),
                Some(&file),
            )?;
            cost::scenario_costs(&scenario::check(&sc, model.map(Model::from)), &p, json)
        }
        CostCommand::Fit { name, json } => cost::fit_report(&name, json)?,
    })
}

fn main() -> ExitCode {
    let code = command(Cli::parse());
    output::flush();
    code
}

fn command(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run {
            file,
            model,
            profile,
            json,
        } => {
            let format = if json { Format::Json } else { Format::Text };
            match run(&file, model.map(Model::from), profile, format) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => fail(&msg),
            }
        }
        #[cfg(target_os = "linux")]
        Command::Kernel(KernelCommand::Check { files, model }) => {
            if matches!(model, ModelArg::Flat) {
                return fail("the kernel runs the multilevel model; compare with --model multilevel");
            }
            kernel::check(&files, load)
        }
        #[cfg(target_os = "linux")]
        Command::Kernel(KernelCommand::Bench {
            depths,
            rounds,
            calls,
            samples,
            cpu,
            out,
        }) => {
            if let Err(why) = kernel::detect_mode() {
                errln!("pidns kernel bench: {why}");
                return ExitCode::from(kernel::EXIT_UNAVAILABLE);
            }
            if let Some(d) = depths.iter().find(|&&d| d > kernel::harness::deepest_checkable()) {
                return fail(&format!(
                    "depth {d}: clone(CLONE_NEWPID) must still fit below it (at most {})",
                    kernel::harness::deepest_checkable()
                ));
            }
            match kernel::bench::run(
                &depths,
                rounds.max(1),
                calls.max(1000),
                samples.max(10),
                cpu,
                out.as_deref(),
            ) {
                Ok(t) => {
                    out!("{t}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        #[cfg(target_os = "linux")]
        Command::Kernel(KernelCommand::Agent { socket, token }) => kernel::agent::run(&socket, token),
        #[cfg(target_os = "linux")]
        Command::Kernel(KernelCommand::BenchWorker { calls, samples }) => kernel::bench::worker(calls, samples),
        #[cfg(target_os = "linux")]
        Command::Kernel(KernelCommand::Fuzz { seed, count, len, out }) => kernel::fuzz(seed, count, len.min(500), &out),
        Command::Cost(c) => match run_cost(c) {
            Ok(text) => {
                out!("{text}");
                if !text.ends_with('\n') {
                    outln!();
                }
                ExitCode::SUCCESS
            }
            Err(msg) => fail(&msg),
        },
        Command::Check { files, model } => {
            let (mut passed, mut failed, mut broken) = (0, 0, 0);
            for f in &files {
                let checked = read_text(f).and_then(|text| {
                    let header = validate(f, &text)?;
                    Ok(stream(&text, &header, model.map(Model::from), |_, _, _| {}).finish().1)
                });
                match checked {
                    Err(msg) => {
                        errln!("{msg}");
                        broken += 1;
                    }
                    Ok(failures) if failures.is_empty() => passed += 1,
                    Ok(failures) => {
                        failed += 1;
                        for fl in &failures {
                            outln!(
                                "{}:{}: `{}`: expected {}, observed {}",
                                f.display(),
                                fl.line,
                                fl.statement,
                                fl.expected,
                                fl.observed
                            );
                        }
                    }
                }
            }
            outln!("{passed} passed, {} failed", failed + broken);
            if broken > 0 {
                ExitCode::from(2)
            } else if failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        #[cfg(target_os = "linux")]
        Command::Snapshot {
            ns,
            threads,
            kernel_threads,
            out,
            check,
        } => snapshot(
            ns,
            kernel::machine::Options {
                threads,
                kernel_threads,
            },
            out.as_deref(),
            check,
        ),
        Command::Completions { shell } => shell_docs(Some(shell), None),
        Command::Man { dir } => shell_docs(None, dir),
    }
}

/// Writes a completion script for `shell`, or else the man page (every page
/// into `dir` when given), all generated from the clap definitions above. A
/// closed pipe (`pidns man | head`) is not an error.
fn shell_docs(shell: Option<clap_complete::Shell>, dir: Option<PathBuf>) -> ExitCode {
    use clap::CommandFactory;
    use std::io::Write;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    let made = match (shell, dir) {
        (Some(shell), _) => {
            clap_complete::generate(shell, &mut cmd, "pidns", &mut out);
            Ok(())
        }
        (None, Some(dir)) => std::fs::create_dir_all(&dir)
            .and_then(|()| clap_mangen::generate_to(cmd, &dir))
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display()))),
        (None, None) => clap_mangen::Man::new(cmd).render(&mut out),
    };
    let written = made.and_then(|()| {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&out).and_then(|()| stdout.flush())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&format!("pidns: cannot write: {e}")),
    }
}

/// `pidns snapshot`: read /proc, plan, write the scenario (to `out` or
/// stdout) and, with `check`, replay and compare.
#[cfg(target_os = "linux")]
fn snapshot(ns: Option<i32>, opts: kernel::machine::Options, out: Option<&Path>, check: bool) -> ExitCode {
    let plan = match kernel::machine::read(opts).and_then(|m| snapshot::plan(m, ns)) {
        Ok(p) => p,
        Err(e) => return fail(&format!("pidns snapshot: {e}")),
    };
    let text = plan.text();
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                return fail(&format!("pidns snapshot: {}: {e}", path.display()));
            }
        }
        None if !check => out!("{text}"),
        None => {}
    }
    if !check {
        return ExitCode::SUCCESS;
    }
    let c = match snapshot::compare(&text, &plan.expected()) {
        Ok(c) => c,
        Err(e) => return fail(&format!("pidns snapshot --check: {e}")),
    };
    for r in &c.refused {
        outln!("refused: {r}");
    }
    for d in &c.differ {
        outln!("differs: {d}");
    }
    let (_, unplaced) = plan.counts();
    if unplaced > 0 {
        outln!("{unplaced} processes not placed (listed at the top of the scenario)");
    }
    outln!("{} matched, {} differ", c.matched, c.differ.len());
    if c.differ.is_empty() && c.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
