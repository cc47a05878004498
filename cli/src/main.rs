//! `pidns`: runs and checks `.pns` scenarios against the pid-namespace model.

mod report;

use clap::{Parser, Subcommand, ValueEnum};
use pidns_core::scenario::{self, ParseError, Scenario};
use pidns_core::Model;
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
    #[command(
        after_help = "Example:\n  pidns run tests/scenarios/unshare-first-child-is-init.pns --model flat"
    )]
    Run {
        /// The scenario file (.pns).
        file: PathBuf,
        /// Override the scenario's `model` header.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check scenarios' `expect` lines; ends with `N passed, N failed`.
    /// Exit status: 0 all passed, 1 a scenario failed, 2 a file could not be
    /// read or parsed.
    #[command(after_help = "Example:\n  pidns check tests/scenarios/*.pns --model multilevel")]
    Check {
        /// Scenario files (.pns).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Override each scenario's `model` header.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
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

/// Reads and parses a scenario file, or says why not.
fn load(path: &Path) -> Result<Scenario, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8 text: {e}", path.display()))?;
    scenario::parse(&text).map_err(|errs| {
        errs.iter()
            .map(|e: &ParseError| format!("{}:{}:{}: {}", path.display(), e.line, e.col, e.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { file, model, json } => match load(&file) {
            Err(msg) => {
                eprintln!("{msg}");
                ExitCode::from(2)
            }
            Ok(sc) => {
                let report = scenario::check(&sc, model.map(Model::from));
                if json {
                    println!("{}", report::run_json(&report));
                } else {
                    print!("{}", report::run_text(&report));
                }
                ExitCode::SUCCESS
            }
        },
        Command::Check { files, model } => {
            let (mut passed, mut failed, mut broken) = (0, 0, 0);
            for f in &files {
                match load(f) {
                    Err(msg) => {
                        eprintln!("{msg}");
                        broken += 1;
                    }
                    Ok(sc) => {
                        let report = scenario::check(&sc, model.map(Model::from));
                        if report.passed() {
                            passed += 1;
                        } else {
                            failed += 1;
                            for fl in &report.failures {
                                println!(
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
            }
            println!("{passed} passed, {} failed", failed + broken);
            if broken > 0 {
                ExitCode::from(2)
            } else if failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
