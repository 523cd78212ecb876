//! The native command-line tool `orgflow`.
//!
//! ```text
//! orgflow run FILE... [--replications N] [--seed S] [--threads N] [--format json|csv|table]
//! orgflow validate FILE [--lang en|zh]
//! orgflow diff A B [--format json|table]
//! orgflow explain A B [--kpi K] [--replications N] [--seed S] [--threads N] [--samples M] [--format json|table]
//! orgflow sensitivity FILE [--kpi K] [--range R] [--input PATH]... [--replications N] [--seed S] [--threads N] [--format json|table]
//! orgflow uncertainty FILE [--kpi K] [--replications N] [--seed S] [--threads N] [--format json|table]
//! orgflow optimise FILE --target KPI>=V|KPI<=V... [--vary UNIT]... [--replications N] [--seed S] [--threads N] [--format json|table] [--save OUT.json]
//! orgflow fit LOG.csv [--into SCENARIO.json] [--zone +08:00] [--quantities]
//! orgflow backtest FITTED.json LOG.csv [--replications N] [--seed S] [--threads N] [--zone Z] [--format json|table]
//! orgflow events FILE [--replication R] [--seed S] [--leads]
//! orgflow schema
//! orgflow presets
//! orgflow bench [--format json] [--seconds T]
//! ```
//!
//! Exit codes: 0 ok, 2 invalid input (arguments, unreadable, too large or
//! invalid files), 1 internal error (e.g. stdout closed). Names from
//! scenario files are written with control characters escaped. Raw arguments are turned
//! into a [`Command`] first; errors are printed once, here at the edge.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(native::main());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Write;
    use std::time::Instant;

    use orgflow::analysis;
    use orgflow::calibrate::{self, time::Offset};
    use orgflow::i18n::Lang;
    use orgflow::report::{self, Comparison, Report};
    use orgflow::scenario::{self, MAX_REPLICATIONS, Scenario};
    use orgflow::sim::{self, Model, ReplicationResult};
    use serde_json::json;

    const USAGE: &str = "\
orgflow — Monte Carlo simulator for automotive sales organisations

Usage:
  orgflow run FILE... [--replications N] [--seed S] [--threads N]
                      [--format json|csv|table] [--per-replication]
  orgflow validate FILE [--lang en|zh]
  orgflow diff A B [--format json|table]
  orgflow explain A B [--kpi K] [--replications N] [--seed S] [--threads N]
                      [--samples M] [--format json|table]
  orgflow sensitivity FILE [--kpi K] [--range R] [--input PATH]...
                      [--replications N] [--seed S] [--threads N]
                      [--format json|table]
  orgflow uncertainty FILE [--kpi K] [--replications N] [--seed S]
                      [--threads N] [--format json|table]
  orgflow optimise FILE --target KPI>=V|KPI<=V... [--vary UNIT]...
                      [--replications N] [--seed S] [--threads N]
                      [--format json|table] [--save OUT.json]
  orgflow fit LOG.csv [--into SCENARIO.json] [--zone +08:00] [--quantities]
  orgflow backtest FITTED.json LOG.csv [--replications N] [--seed S]
                      [--threads N] [--zone Z] [--format json|table]
  orgflow events FILE [--replication R] [--seed S] [--leads]
  orgflow schema
  orgflow presets
  orgflow bench [--format json] [--seconds T]
  orgflow --help | --version

`--threads N` (1–256, default: all available cores) runs the
replications of `run`, `explain`, `sensitivity`, `uncertainty` and
`optimise` on N threads; the
output is byte-identical for every N.
`bench` always measures on one thread.
`--per-replication` prints each replication's KPIs instead of the summary.
With several files, `run` also prints paired differences (each file minus
the first) with 95 % intervals under common random numbers.
`diff` lists every model field that differs between two scenario files
(defaults filled in; id, name, description, assumptions, template and run
are documentation) and the assumptions of either file whose `covers` paths
explain it, B's first.
`explain` attributes the difference B − A of one KPI (default orders) to
groups of those differences by Shapley values, running A with B's values
for each coalition of groups on common random numbers: exact up to 8
groups, else from M sampled permutations (default 8).
`sensitivity` sets each numeric input of FILE (or those at or beneath
each --input path) R % lower and higher (default 20) and prints each
variant's paired difference from FILE on common random numbers, largest
first.
`uncertainty` draws each input FILE's `uncertainty` list names from its
range (min, most likely, max; triangular) once per replication, and
prints the KPI's interval from those ranges beside the interval from
chance alone (both on common random numbers) and each input's rank
correlation with the difference.
`optimise` finds the least-cost headcount of the --vary units (default:
every front-office unit; per shift block where a unit has shifts) that
meets every --target (e.g. contacted_within_60_minutes>=0.8,
abandonment_rate<=0.05; shares as fractions, durations in minutes) with
95 % confidence on common random numbers; --save writes the scenario
with that headcount and an assumption recording the optimisation.
`fit` reads a CRM lead log (CSV: lead_id, created_at required; source,
grade, link, first_contact_at, qualified_at, order_at, channel, lost_at
optional; ISO 8601 times with Z or ±HH:MM, or naive ones with --zone) or
an event log written by `events`, and prints a scenario fitted to it,
starting from --into (else a minimal template); each fitted value has an
assumption naming the file, rows and dates. Bad rows are listed on stderr
by line and left out; a log without a required column or without one
valid row is an error (exit 2). `--quantities` prints
{\"scenario\": …, \"fit\": {quantities with intervals and methods}}.
`backtest` simulates the fitted scenario (traced) and compares it with the
log: contact within 15/60 min/24 h, abandonment, qualification,
conversion, first-response quantiles, overall, per grade and per source,
with intervals, the KS and Wasserstein distances of first responses, and
what the model cannot reproduce.
`events` writes replication R's journeys as an event log (case_id,
activity, unit, start, end, grade, source, link, channel), or with
--leads one row per lead in the columns `fit` reads; time 0 is
2024-01-01T00:00Z (a Monday).
Exit codes: 0 ok, 2 invalid input, 1 internal error.";

    /// The most threads `--threads` accepts.
    const MAX_THREADS: usize = 256;

    /// The most permutations `explain --samples` accepts.
    const MAX_SAMPLES: usize = 10_000;

    /// Options that take no value.
    const FLAGS: [&str; 3] = ["per-replication", "quantities", "leads"];

    #[derive(Clone, Copy, PartialEq)]
    enum Format {
        Json,
        Csv,
        Table,
    }

    enum Command {
        Help,
        Version,
        Run {
            files: Vec<String>,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            format: Format,
            per_replication: bool,
        },
        Validate {
            file: String,
            lang: Lang,
        },
        Diff {
            a: String,
            b: String,
            format: Format,
        },
        Explain {
            a: String,
            b: String,
            kpi: report::Kpi,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            samples: usize,
            format: Format,
        },
        Sensitivity {
            file: String,
            kpi: report::Kpi,
            range: f64,
            inputs: Vec<String>,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            format: Format,
        },
        Uncertainty {
            file: String,
            kpi: report::Kpi,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            format: Format,
        },
        Optimise {
            file: String,
            targets: Vec<analysis::target::Target>,
            vary: Vec<String>,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            format: Format,
            save: Option<String>,
        },
        Fit {
            log: String,
            into: Option<String>,
            zone: Option<Offset>,
            quantities: bool,
        },
        Backtest {
            scenario: String,
            log: String,
            replications: Option<u32>,
            seed: Option<u64>,
            threads: Option<usize>,
            zone: Option<Offset>,
            format: Format,
        },
        Events {
            file: String,
            replication: u32,
            seed: Option<u64>,
            leads: bool,
        },
        Schema,
        Presets,
        Bench {
            format: Format,
            seconds: f64,
        },
    }

    /// An error that ends the program with an exit code.
    struct Failure {
        code: i32,
        message: String,
    }

    fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    fn parse_args(args: &[String]) -> Result<Command, Failure> {
        let Some(command) = args.first() else {
            return Ok(Command::Help);
        };
        // `orgflow run --help` asks for help, not for a value of `--help`.
        if args.iter().any(|a| a == "--help" || a == "-h") {
            return Ok(Command::Help);
        }
        let rest = &args[1..];
        let mut positional = Vec::new();
        let mut options: Vec<(String, String)> = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let arg = &rest[i];
            if let Some(name) = arg.strip_prefix("--") {
                // Flags take no value.
                if FLAGS.contains(&name) {
                    options.push((name.to_string(), String::new()));
                    i += 1;
                    continue;
                }
                let (name, value) = match name.split_once('=') {
                    Some((n, v)) => (n.to_string(), v.to_string()),
                    None => {
                        i += 1;
                        let value = rest
                            .get(i)
                            .ok_or_else(|| invalid(format!("--{name} needs a value")))?;
                        (name.to_string(), value.clone())
                    }
                };
                options.push((name, value));
            } else {
                positional.push(arg.clone());
            }
            i += 1;
        }
        let allow = |allowed: &[&str]| -> Result<(), Failure> {
            match options.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
                Some((n, _)) => Err(invalid(format!("unknown option --{n} for `{command}`"))),
                None => Ok(()),
            }
        };
        let option = |name: &str| {
            options
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let format = |default: Format| -> Result<Format, Failure> {
            match option("format") {
                None => Ok(default),
                Some("json") => Ok(Format::Json),
                Some("csv") => Ok(Format::Csv),
                Some("table") => Ok(Format::Table),
                Some(other) => Err(invalid(format!(
                    "--format must be json, csv or table, not {other}"
                ))),
            }
        };
        let replications = || -> Result<Option<u32>, Failure> {
            match option("replications") {
                None => Ok(None),
                Some(text) => match text.parse::<u32>() {
                    Ok(n) if (1..=MAX_REPLICATIONS).contains(&n) => Ok(Some(n)),
                    _ => Err(invalid(format!(
                        "--replications must be 1–{MAX_REPLICATIONS}, not {text}"
                    ))),
                },
            }
        };
        let seed = || -> Result<Option<u64>, Failure> {
            match option("seed") {
                None => Ok(None),
                Some(text) => text.parse::<u64>().map(Some).map_err(|_| {
                    invalid(format!("--seed must be a non-negative integer, not {text}"))
                }),
            }
        };
        let threads = || -> Result<Option<usize>, Failure> {
            match option("threads") {
                None => Ok(None),
                Some(text) => match text.parse::<usize>() {
                    Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(Some(n)),
                    _ => Err(invalid(format!(
                        "--threads must be 1–{MAX_THREADS}, not {text}"
                    ))),
                },
            }
        };
        let kpi = || -> Result<report::Kpi, Failure> {
            match option("kpi") {
                None => Ok(report::Kpi::Orders),
                Some(key) => report::Kpi::parse(key).ok_or_else(|| {
                    let keys: Vec<&str> = report::Kpi::ALL.iter().map(|k| k.key()).collect();
                    invalid(format!(
                        "--kpi must be one of {}, not {key}",
                        keys.join(", ")
                    ))
                }),
            }
        };
        match command.as_str() {
            "-h" | "--help" | "help" => Ok(Command::Help),
            "-V" | "--version" => Ok(Command::Version),
            "run" => {
                allow(&[
                    "replications",
                    "seed",
                    "threads",
                    "format",
                    "per-replication",
                ])?;
                if positional.is_empty() {
                    return Err(invalid("run needs at least one scenario file"));
                }
                let (replications, seed, threads) = (replications()?, seed()?, threads()?);
                let per_replication = option("per-replication").is_some();
                let format = format(Format::Json)?;
                if per_replication && format == Format::Table {
                    return Err(invalid("--per-replication prints json or csv, not table"));
                }
                Ok(Command::Run {
                    files: positional,
                    replications,
                    seed,
                    threads,
                    format,
                    per_replication,
                })
            }
            "validate" => {
                allow(&["lang"])?;
                let [file] = positional.as_slice() else {
                    return Err(invalid("validate needs exactly one file"));
                };
                let lang = match option("lang") {
                    None | Some("en") => Lang::En,
                    Some("zh") => Lang::Zh,
                    Some(other) => {
                        return Err(invalid(format!("--lang must be en or zh, not {other}")));
                    }
                };
                Ok(Command::Validate {
                    file: file.clone(),
                    lang,
                })
            }
            "diff" => {
                allow(&["format"])?;
                let [a, b] = positional.as_slice() else {
                    return Err(invalid("diff needs exactly two files"));
                };
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `diff`"));
                }
                Ok(Command::Diff {
                    a: a.clone(),
                    b: b.clone(),
                    format,
                })
            }
            "explain" => {
                allow(&[
                    "kpi",
                    "replications",
                    "seed",
                    "threads",
                    "samples",
                    "format",
                ])?;
                let [a, b] = positional.as_slice() else {
                    return Err(invalid("explain needs exactly two files"));
                };
                let kpi = kpi()?;
                let samples = match option("samples") {
                    None => analysis::explain::DEFAULT_SAMPLES,
                    Some(text) => match text.parse::<usize>() {
                        Ok(n) if (1..=MAX_SAMPLES).contains(&n) => n,
                        _ => {
                            return Err(invalid(format!(
                                "--samples must be 1–{MAX_SAMPLES}, not {text}"
                            )));
                        }
                    },
                };
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `explain`"));
                }
                Ok(Command::Explain {
                    a: a.clone(),
                    b: b.clone(),
                    kpi,
                    replications: replications()?,
                    seed: seed()?,
                    threads: threads()?,
                    samples,
                    format,
                })
            }
            "sensitivity" => {
                allow(&[
                    "kpi",
                    "range",
                    "input",
                    "replications",
                    "seed",
                    "threads",
                    "format",
                ])?;
                let [file] = positional.as_slice() else {
                    return Err(invalid("sensitivity needs exactly one file"));
                };
                let range = match option("range") {
                    None => analysis::sensitivity::DEFAULT_RANGE_PERCENT,
                    Some(text) => match text.parse::<f64>() {
                        Ok(r) if r > 0.0 && r < 100.0 => r,
                        _ => {
                            return Err(invalid(format!(
                                "--range must be a percentage in (0, 100), not {text}"
                            )));
                        }
                    },
                };
                // `--input` may be given several times: every one counts.
                let inputs = options
                    .iter()
                    .filter(|(n, _)| n == "input")
                    .map(|(_, v)| v.clone())
                    .collect();
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `sensitivity`"));
                }
                Ok(Command::Sensitivity {
                    file: file.clone(),
                    kpi: kpi()?,
                    range,
                    inputs,
                    replications: replications()?,
                    seed: seed()?,
                    threads: threads()?,
                    format,
                })
            }
            "uncertainty" => {
                allow(&["kpi", "replications", "seed", "threads", "format"])?;
                let [file] = positional.as_slice() else {
                    return Err(invalid("uncertainty needs exactly one file"));
                };
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `uncertainty`"));
                }
                Ok(Command::Uncertainty {
                    file: file.clone(),
                    kpi: kpi()?,
                    replications: replications()?,
                    seed: seed()?,
                    threads: threads()?,
                    format,
                })
            }
            "optimise" => {
                allow(&[
                    "target",
                    "vary",
                    "replications",
                    "seed",
                    "threads",
                    "format",
                    "save",
                ])?;
                let [file] = positional.as_slice() else {
                    return Err(invalid("optimise needs exactly one file"));
                };
                // `--target` and `--vary` may be given several times.
                let every = |name: &str| -> Vec<String> {
                    options
                        .iter()
                        .filter(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .collect()
                };
                let mut targets = Vec::new();
                for text in every("target") {
                    targets.push(
                        analysis::target::Target::parse(&text)
                            .map_err(|e| invalid(format!("--target: {}", e.message(Lang::En))))?,
                    );
                }
                if targets.is_empty() {
                    return Err(invalid(
                        "optimise needs at least one --target, e.g. --target \"contacted_within_60_minutes>=0.8\"",
                    ));
                }
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `optimise`"));
                }
                Ok(Command::Optimise {
                    file: file.clone(),
                    targets,
                    vary: every("vary"),
                    replications: replications()?,
                    seed: seed()?,
                    threads: threads()?,
                    format,
                    save: option("save").map(str::to_string),
                })
            }
            "fit" => {
                allow(&["into", "zone", "quantities"])?;
                let [log] = positional.as_slice() else {
                    return Err(invalid("fit needs exactly one log file"));
                };
                Ok(Command::Fit {
                    log: log.clone(),
                    into: option("into").map(str::to_string),
                    zone: zone(option("zone"))?,
                    quantities: option("quantities").is_some(),
                })
            }
            "backtest" => {
                allow(&["replications", "seed", "threads", "zone", "format"])?;
                let [scenario, log] = positional.as_slice() else {
                    return Err(invalid("backtest needs a scenario file and a log file"));
                };
                let format = format(Format::Table)?;
                if format == Format::Csv {
                    return Err(invalid("--format must be json or table for `backtest`"));
                }
                Ok(Command::Backtest {
                    scenario: scenario.clone(),
                    log: log.clone(),
                    replications: replications()?,
                    seed: seed()?,
                    threads: threads()?,
                    zone: zone(option("zone"))?,
                    format,
                })
            }
            "events" => {
                allow(&["replication", "seed", "leads"])?;
                let [file] = positional.as_slice() else {
                    return Err(invalid("events needs exactly one scenario file"));
                };
                let replication = match option("replication") {
                    None => 0,
                    Some(text) => match text.parse::<u32>() {
                        Ok(r) if r < MAX_REPLICATIONS => r,
                        _ => {
                            return Err(invalid(format!(
                                "--replication must be 0–{}, not {text}",
                                MAX_REPLICATIONS - 1
                            )));
                        }
                    },
                };
                Ok(Command::Events {
                    file: file.clone(),
                    replication,
                    seed: seed()?,
                    leads: option("leads").is_some(),
                })
            }
            "schema" => {
                allow(&[])?;
                Ok(Command::Schema)
            }
            "presets" => {
                allow(&[])?;
                Ok(Command::Presets)
            }
            "bench" => {
                allow(&["format", "seconds"])?;
                let seconds = match option("seconds") {
                    None => 2.0,
                    Some(text) => match text.parse::<f64>() {
                        Ok(s) if s > 0.0 && s <= 600.0 => s,
                        _ => {
                            return Err(invalid(format!(
                                "--seconds must be in (0, 600], not {text}"
                            )));
                        }
                    },
                };
                Ok(Command::Bench {
                    format: format(Format::Table)?,
                    seconds,
                })
            }
            other => Err(invalid(format!("unknown command `{other}`\n\n{USAGE}"))),
        }
    }

    /// `--zone`: the offset of naive timestamps in a log.
    fn zone(text: Option<&str>) -> Result<Option<Offset>, Failure> {
        match text {
            None => Ok(None),
            Some(text) => Offset::parse(text).map(Some).ok_or_else(|| {
                invalid(format!(
                    "--zone must be Z, UTC or ±HH:MM (e.g. +08:00), not {text}"
                ))
            }),
        }
    }

    pub fn main() -> i32 {
        // Checked before any file is opened: with descriptor 1 closed, the
        // first file opened would take its number, and Rust's stdout treats
        // a closed descriptor as a sink that swallows everything.
        if let Err(e) = stdout_is_open() {
            eprintln!("orgflow: cannot write output: {e}");
            return 1;
        }
        let result = arguments().and_then(|args| parse_args(&args).and_then(execute));
        match result {
            Ok(output) => {
                let mut stdout = std::io::stdout().lock();
                match stdout
                    .write_all(output.as_bytes())
                    .and_then(|_| stdout.flush())
                {
                    Ok(()) => 0,
                    // `orgflow run … | head`: the reader had enough.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                    Err(e) => {
                        eprintln!("orgflow: cannot write output: {e}");
                        1
                    }
                }
            }
            Err(failure) => {
                // Messages quote names and file names from the user: a
                // control character in one must not act on the terminal.
                for line in failure.message.lines() {
                    eprintln!("{}", report::text::terminal(line));
                }
                failure.code
            }
        }
    }

    /// Fails when standard output was a closed descriptor (`orgflow … >&-`):
    /// the output would be lost, which exit code 0 would hide.
    fn stdout_is_open() -> Result<(), &'static str> {
        #[cfg(target_os = "linux")]
        if stdout_at_start::closed() {
            return Err("standard output is closed");
        }
        Ok(())
    }

    /// Whether descriptor 1 was closed when the process started. Rust's
    /// runtime opens /dev/null on a closed standard descriptor before
    /// `main` runs (and then every write "succeeds"), so the check runs
    /// earlier, among the ELF initialisers, before the runtime's set-up.
    #[cfg(target_os = "linux")]
    mod stdout_at_start {
        use std::sync::atomic::{AtomicBool, Ordering};

        static CLOSED: AtomicBool = AtomicBool::new(false);

        unsafe extern "C" {
            fn fcntl(fd: i32, cmd: i32, ...) -> i32;
        }
        const F_GETFD: i32 = 1;

        extern "C" fn check() {
            // SAFETY: F_GETFD only reads descriptor 1's flags; it fails
            // (EBADF) exactly when the descriptor is not open.
            let closed = unsafe { fcntl(1, F_GETFD) } == -1;
            CLOSED.store(closed, Ordering::Relaxed);
        }

        #[used]
        #[unsafe(link_section = ".init_array")]
        static CHECK: extern "C" fn() = check;

        pub fn closed() -> bool {
            CLOSED.load(Ordering::Relaxed)
        }
    }

    /// The arguments as text; one that is not UTF-8 (a file name in another
    /// encoding) is refused by position rather than panicking.
    fn arguments() -> Result<Vec<String>, Failure> {
        std::env::args_os()
            .skip(1)
            .enumerate()
            .map(|(i, arg)| {
                arg.into_string().map_err(|arg| {
                    invalid(format!(
                        "argument {} is not valid UTF-8: {}",
                        i + 1,
                        arg.to_string_lossy()
                    ))
                })
            })
            .collect()
    }

    /// Reads a scenario file, stopping at the size the app accepts: a
    /// device such as /dev/zero or a huge file is refused after
    /// `MAX_FILE_BYTES + 1` bytes instead of being read to the end.
    fn read(file: &str) -> Result<String, Failure> {
        use std::io::Read;
        let cannot = |e: std::io::Error| invalid(format!("{file}: cannot read: {e}"));
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(scenario::MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() as u64 > scenario::MAX_FILE_BYTES {
            return Err(invalid(format!(
                "{file}: larger than {} bytes (2 MiB), the most a scenario file may have",
                scenario::MAX_FILE_BYTES
            )));
        }
        String::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "{file}: cannot read: not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })
    }

    /// At most this many validation errors are printed per file; a file
    /// with more gets a count of the rest.
    const MAX_ERRORS_PRINTED: usize = 100;

    fn load(file: &str, lang: Lang) -> Result<(Scenario, Model), Failure> {
        let text = read(file)?;
        let messages = |errors: Vec<scenario::ValidationError>| {
            let mut lines: Vec<String> = errors
                .iter()
                .take(MAX_ERRORS_PRINTED)
                .map(|e| format!("{file}: {}", e.message(lang)))
                .collect();
            if errors.len() > MAX_ERRORS_PRINTED {
                let more = errors.len() - MAX_ERRORS_PRINTED;
                lines.push(match lang {
                    Lang::En => format!("{file}: … and {more} more errors"),
                    Lang::Zh => format!("{file}：……另有 {more} 个错误"),
                });
            }
            invalid(lines.join("\n"))
        };
        let parsed = scenario::parse(&text).map_err(messages)?;
        let model = scenario::validate(&parsed).map_err(messages)?;
        Ok((parsed, model))
    }

    fn execute(command: Command) -> Result<String, Failure> {
        match command {
            Command::Help => Ok(format!("{USAGE}\n")),
            Command::Version => Ok(format!("orgflow {}\n", orgflow::VERSION)),
            Command::Schema => Ok(scenario::SCHEMA_JSON.to_string()),
            Command::Presets => Ok(scenario::presets()
                .iter()
                .map(|p| format!("{}\t{}\t{}\n", p.id, p.name.en, p.name.zh))
                .collect()),
            Command::Validate { file, lang } => {
                let (_, model) = load(&file, lang)?;
                let file = report::text::terminal(&file);
                Ok(match lang {
                    Lang::En => format!(
                        "{file}: valid ({} units, {} sources)\n",
                        model.units.len(),
                        model.sources.len()
                    ),
                    Lang::Zh => format!(
                        "{file}：有效（{} 个组织，{} 个线索来源）\n",
                        model.units.len(),
                        model.sources.len()
                    ),
                })
            }
            Command::Diff { a, b, format } => diff(&a, &b, format),
            Command::Explain {
                a,
                b,
                kpi,
                replications,
                seed,
                threads,
                samples,
                format,
            } => explain(&a, &b, kpi, replications, seed, threads, samples, format),
            Command::Sensitivity {
                file,
                kpi,
                range,
                inputs,
                replications,
                seed,
                threads,
                format,
            } => sensitivity(
                &file,
                kpi,
                range,
                &inputs,
                replications,
                seed,
                threads,
                format,
            ),
            Command::Uncertainty {
                file,
                kpi,
                replications,
                seed,
                threads,
                format,
            } => uncertainty(&file, kpi, replications, seed, threads, format),
            Command::Run {
                files,
                replications,
                seed,
                threads,
                format,
                per_replication,
            } => run(&files, replications, seed, threads, format, per_replication),
            Command::Optimise {
                file,
                targets,
                vary,
                replications,
                seed,
                threads,
                format,
                save,
            } => optimise(
                &file,
                &targets,
                &vary,
                replications,
                seed,
                threads,
                format,
                save.as_deref(),
            ),
            Command::Bench { format, seconds } => bench(format, seconds),
            Command::Fit {
                log,
                into,
                zone,
                quantities,
            } => fit(&log, into.as_deref(), zone, quantities),
            Command::Backtest {
                scenario,
                log,
                replications,
                seed,
                threads,
                zone,
                format,
            } => backtest(&scenario, &log, replications, seed, threads, zone, format),
            Command::Events {
                file,
                replication,
                seed,
                leads,
            } => events(&file, replication, seed, leads),
        }
    }

    /// The largest log `fit` and `backtest` read (a million-row CRM export
    /// is about 150 MB).
    const MAX_LOG_BYTES: u64 = 2 * 1024 * 1024 * 1024;

    /// At most this many bad rows are printed; the rest are counted.
    const MAX_BAD_ROWS_PRINTED: usize = 20;

    /// Reads and parses a lead log, printing its bad rows on stderr.
    fn read_log(file: &str, zone: Option<Offset>) -> Result<calibrate::log::Log, Failure> {
        use std::io::Read;
        let cannot = |e: std::io::Error| invalid(format!("{file}: cannot read: {e}"));
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX_LOG_BYTES + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_LOG_BYTES {
            return Err(invalid(format!("{file}: larger than 2 GiB")));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "{file}: cannot read: not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let log = calibrate::log::parse(&text, zone).map_err(|e| {
            // A log without one valid row: every bad row (up to the
            // printed limit) by line, then the verdict.
            let mut lines = Vec::new();
            if let calibrate::log::LogError::NoValidRows { bad, rows } = &e {
                lines.extend(
                    rows.iter()
                        .take(MAX_BAD_ROWS_PRINTED)
                        .map(|b| format!("{file}: {}", b.message(Lang::En))),
                );
                if *bad > MAX_BAD_ROWS_PRINTED {
                    lines.push(format!(
                        "{file}: … and {} more bad rows",
                        bad - MAX_BAD_ROWS_PRINTED
                    ));
                }
            }
            lines.push(format!("{file}: {}", e.message(Lang::En)));
            invalid(lines.join("\n"))
        })?;
        // Bad rows are reported, never dropped silently; the fit goes on
        // with the others (the count is in every assumption).
        for bad in log.bad.iter().take(MAX_BAD_ROWS_PRINTED) {
            eprintln!(
                "{}",
                report::text::terminal(&format!("{file}: {}", bad.message(Lang::En)))
            );
        }
        if log.bad_count > MAX_BAD_ROWS_PRINTED {
            eprintln!(
                "{}",
                report::text::terminal(&format!(
                    "{file}: … and {} more bad rows",
                    log.bad_count - MAX_BAD_ROWS_PRINTED
                ))
            );
        }
        if log.bad_count > 0 {
            eprintln!(
                "{}",
                report::text::terminal(&format!(
                    "{file}: {} rows read, {} bad rows left out",
                    log.rows.len(),
                    log.bad_count
                ))
            );
        }
        Ok(log)
    }

    /// `orgflow fit`: a scenario fitted to a lead log.
    fn fit(
        log_file: &str,
        into: Option<&str>,
        zone: Option<Offset>,
        quantities: bool,
    ) -> Result<String, Failure> {
        let base = match into {
            Some(file) => Some(load(file, Lang::En)?.0),
            None => None,
        };
        let log = read_log(log_file, zone)?;
        let file_name = std::path::Path::new(log_file).file_name().map_or_else(
            || log_file.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let fitted = calibrate::fit::fit(
            &log,
            &calibrate::fit::FitOptions {
                file_name,
                into: base,
            },
        )
        .map_err(|e| invalid(format!("{log_file}: {}", e.message(Lang::En))))?;
        for note in fitted.not_fitted_messages(Lang::En) {
            eprintln!(
                "{}",
                report::text::terminal(&format!("{log_file}: not fitted: {note}"))
            );
        }
        let scenario = serde_json::to_value(&fitted.scenario).map_err(|e| Failure {
            code: 1,
            message: e.to_string(),
        })?;
        if quantities {
            return pretty(&json!({"scenario": scenario, "fit": fitted.quantities_json()}));
        }
        pretty(&scenario)
    }

    /// `orgflow backtest`: the fitted scenario's simulated leads against
    /// the log's.
    #[allow(clippy::too_many_arguments)]
    fn backtest(
        scenario_file: &str,
        log_file: &str,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        zone: Option<Offset>,
        format: Format,
    ) -> Result<String, Failure> {
        use rayon::prelude::*;
        let (scenario, model) = load(scenario_file, Lang::En)?;
        let log = read_log(log_file, zone)?;
        let pool = thread_pool(threads)?;
        let (seed, replications) = run_settings(&scenario, seed, replications);
        let simulated: Vec<calibrate::log::Log> = pool.install(|| {
            (0..replications)
                .into_par_iter()
                .map(|r| calibrate::backtest::simulated_log(&model, seed, r))
                .collect()
        });
        let report = calibrate::backtest::backtest(&model, &log, &simulated);
        seeded(format, seed, report.to_json_value(), |out| {
            report.table(out)
        })
    }

    /// `orgflow events`: one replication's journeys as CSV.
    fn events(
        file: &str,
        replication: u32,
        seed: Option<u64>,
        leads: bool,
    ) -> Result<String, Failure> {
        let (scenario, model) = load(file, Lang::En)?;
        let (seed, _) = run_settings(&scenario, seed, None);
        let (_, trace) = sim::run_replication_traced(&model, seed, replication);
        Ok(if leads {
            calibrate::events::lead_log(&model, &trace)
        } else {
            calibrate::events::event_log(&model, &trace)
        })
    }

    /// A scenario file as read and as validated.
    type Loaded = (Scenario, Model);

    /// Two scenario files, both read and validated before either is
    /// reported invalid, so one round shows every problem of both.
    fn load_pair(a: &str, b: &str) -> Result<(Loaded, Loaded), Failure> {
        match (load(a, Lang::En), load(b, Lang::En)) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
            (Err(e), Err(f)) => Err(invalid(format!("{}\n{}", e.message, f.message))),
        }
    }

    /// A rayon pool of `threads` threads (default: every available core).
    fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
        let threads = threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get().min(MAX_THREADS))
                .unwrap_or(1)
        });
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Failure {
                code: 1,
                message: format!("cannot start {threads} threads: {e}"),
            })
    }

    /// Attributes the difference B − A of `kpi` to groups of the
    /// differences between the files (see `orgflow::analysis::explain`):
    /// plans the coalitions, runs them on the pool on common random
    /// numbers, and prints the explanation.
    #[allow(clippy::too_many_arguments)]
    fn explain(
        a: &str,
        b: &str,
        kpi: report::Kpi,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        samples: usize,
        format: Format,
    ) -> Result<String, Failure> {
        let ((a, _), (b, _)) = load_pair(a, b)?;
        let pool = thread_pool(threads)?;
        // Defaults as `run A B` takes them: from the first file's `run`.
        let (seed, replications) = run_settings(&a, seed, replications);
        // A valid A and B whose mixture cannot be made valid is a limit
        // of the analysis, not of the input files.
        let plan = analysis::explain::Plan::new(&a, &b, samples, seed).map_err(|e| Failure {
            code: 1,
            message: format!("cannot explain: {e}"),
        })?;
        let values = analysis::crn::kpi_values_on(&pool, &plan.models, seed, replications, kpi);
        let explanation = plan.explain(kpi, &values);
        seeded(format, seed, explanation.to_json_value(), |out| {
            explanation.table(out)
        })
    }

    /// An analysis's output: its JSON with the seed added, or `seed S` then
    /// its table (`explain`, `sensitivity`, `uncertainty`, `backtest`).
    fn seeded(
        format: Format,
        seed: u64,
        mut value: serde_json::Value,
        table: impl FnOnce(&mut String),
    ) -> Result<String, Failure> {
        if format == Format::Json {
            value["seed"] = json!(seed);
            return pretty(&value);
        }
        let mut out = format!("seed {seed}\n");
        table(&mut out);
        Ok(out)
    }

    /// Seed and replications as `run` takes them: the option, else the
    /// file's `run` block, else seed 1 and 20 replications.
    fn run_settings(
        scenario: &Scenario,
        seed: Option<u64>,
        replications: Option<u32>,
    ) -> (u64, u32) {
        let run = scenario.run.as_ref();
        (
            seed.or(run.and_then(|r| r.seed)).unwrap_or(1),
            replications
                .or(run.and_then(|r| r.replications))
                .unwrap_or(20),
        )
    }

    /// Pretty JSON with a final newline.
    fn pretty(value: &serde_json::Value) -> Result<String, Failure> {
        let mut out = serde_json::to_string_pretty(value).map_err(|e| Failure {
            code: 1,
            message: e.to_string(),
        })?;
        out.push('\n');
        Ok(out)
    }

    /// Each numeric input of `file` (or those beneath `inputs`) `range` %
    /// lower and higher, paired with the file on common random numbers
    /// (see `orgflow::analysis::sensitivity`).
    #[allow(clippy::too_many_arguments)]
    fn sensitivity(
        file: &str,
        kpi: report::Kpi,
        range: f64,
        inputs: &[String],
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        format: Format,
    ) -> Result<String, Failure> {
        let (scenario, model) = load(file, Lang::En)?;
        let mut only = Vec::new();
        for text in inputs {
            only.push(scenario::path::FieldPath::parse(text).ok_or_else(|| {
                invalid(format!(
                    "--input {text}: not a field path (e.g. units[desk].headcount)"
                ))
            })?);
        }
        let pool = thread_pool(threads)?;
        let (seed, replications) = run_settings(&scenario, seed, replications);
        let plan = analysis::sensitivity::Plan::new(&scenario, &model, range, &only)
            .map_err(|e| invalid(format!("--input {}: no numeric input of {file} there", e.0)))?;
        let values = analysis::crn::kpi_values_on(&pool, &plan.models, seed, replications, kpi);
        let result = plan.sensitivity(kpi, &values);
        seeded(format, seed, result.to_json_value(), |out| {
            result.table(out)
        })
    }

    /// The KPI's interval from the file's uncertain inputs beside the one
    /// from chance (see `orgflow::analysis::uncertainty`).
    fn uncertainty(
        file: &str,
        kpi: report::Kpi,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        format: Format,
    ) -> Result<String, Failure> {
        let (scenario, _) = load(file, Lang::En)?;
        let pool = thread_pool(threads)?;
        let (seed, replications) = run_settings(&scenario, seed, replications);
        let refused = |e: analysis::uncertainty::PlanError| {
            invalid(format!("{file}: {}", e.message(Lang::En)))
        };
        let plan = analysis::uncertainty::Plan::new(&scenario, seed).map_err(refused)?;
        let models = plan.drawn_models(replications).map_err(refused)?;
        let (base, drawn) = plan.kpi_values_on(&pool, &models, kpi);
        let result = plan.uncertainty(kpi, &base, &drawn);
        seeded(format, seed, result.to_json_value(), |out| {
            result.table(out)
        })
    }

    /// The least-cost headcount meeting every target (see
    /// `orgflow::analysis::optimise`): the search proposes designs batch
    /// by batch, each batch runs on the pool (every design times every
    /// replication one job), and the answer is printed and, with
    /// `--save`, written as a scenario.
    #[allow(clippy::too_many_arguments)]
    fn optimise(
        file: &str,
        targets: &[analysis::target::Target],
        vary: &[String],
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        format: Format,
        save: Option<&str>,
    ) -> Result<String, Failure> {
        let (scenario, _) = load(file, Lang::En)?;
        let pool = thread_pool(threads)?;
        let (seed, replications) = run_settings(&scenario, seed, replications);
        let mut search =
            analysis::optimise::Search::new(&scenario, targets, vary, replications, seed)
                .map_err(|e| invalid(e.message(Lang::En)))?;
        let outcome = analysis::optimise::run_on(&pool, &mut search);
        if let Some(path) = save {
            let text = pretty(&serde_json::to_value(search.optimised_scenario()).map_err(
                |e| Failure {
                    code: 1,
                    message: e.to_string(),
                },
            )?)?;
            std::fs::write(path, text).map_err(|e| {
                invalid(format!(
                    "cannot write {}: {e}",
                    report::text::terminal(path)
                ))
            })?;
        }
        if format == Format::Json {
            return pretty(&outcome.to_json_value());
        }
        let mut out = format!("seed {seed}\n");
        outcome.table(&mut out);
        Ok(out)
    }

    /// The differences between two valid scenario files and the
    /// assumptions that cover them. Both files are read and validated
    /// before either is reported invalid, so one round shows every problem.
    fn diff(a: &str, b: &str, format: Format) -> Result<String, Failure> {
        let ((a, _), (b, _)) = load_pair(a, b)?;
        let found = scenario::diff::diff(&a, &b);
        let mut out = String::new();
        if format == Format::Json {
            out = serde_json::to_string_pretty(&found.to_json_value()).map_err(|e| Failure {
                code: 1,
                message: e.to_string(),
            })?;
            out.push('\n');
        } else {
            let mut table = String::new();
            found.table(&mut table);
            // Paths and values quote names from the files.
            for line in table.lines() {
                out.push_str(&report::text::terminal(line));
                out.push('\n');
            }
        }
        Ok(out)
    }

    /// Runs replications 0, 1, … on `pool`, stopping early when the
    /// scenario's target half-width is reached.
    ///
    /// Why the output cannot depend on the number of threads: replication
    /// `r` is a pure function of `(model, seed, r)` — it seeds its own
    /// generator from `seed` and `r` and shares no mutable state with the
    /// others — so which thread runs it, and when, changes nothing. The
    /// results are collected by replication index (rayon's indexed
    /// `collect` keeps order), never in completion order. Early stopping
    /// runs one batch of replications at a time, then tests every prefix
    /// of the results in order, exactly as the one-at-a-time loop would,
    /// and cuts at the first prefix that meets the target, discarding
    /// the rest of that batch. So the stopping point is the same prefix
    /// length whatever the batch size; threads only decide how much
    /// discarded work is done past it.
    fn replicate(
        pool: &rayon::ThreadPool,
        model: &Model,
        seed: u64,
        replications: u32,
        target: Option<&scenario::format::TargetSpec>,
    ) -> Vec<ReplicationResult> {
        use rayon::prelude::*;
        // The schema lets only the registry's keys through, so the parse
        // succeeds for every validated scenario.
        let rule = target.and_then(|t| {
            report::Kpi::parse(&t.kpi)
                .map(|kpi| (kpi, t.half_width, t.min_replications.unwrap_or(5)))
        });
        let run_range = |range: std::ops::Range<u32>| -> Vec<ReplicationResult> {
            pool.install(|| {
                range
                    .into_par_iter()
                    .map(|r| sim::run_replication(model, seed, r))
                    .collect()
            })
        };
        let Some((kpi, half_width, min_replications)) = rule else {
            return run_range(0..replications);
        };
        // One replication per thread per batch keeps every thread busy
        // and wastes at most a batch minus one past the stopping point.
        let batch = u32::try_from(pool.current_num_threads())
            .unwrap_or(u32::MAX)
            .max(1);
        let mut results = Vec::with_capacity(replications as usize);
        let mut next = 0;
        while next < replications {
            let end = next.saturating_add(batch).min(replications);
            for result in run_range(next..end) {
                results.push(result);
                if report::target_reached(&results, kpi, half_width, min_replications) {
                    return results;
                }
            }
            next = end;
        }
        results
    }

    /// Each replication's KPIs, per scenario (`--per-replication`).
    fn per_replication_output(
        runs: &[(Model, Vec<ReplicationResult>)],
        seed: u64,
        format: Format,
    ) -> Result<String, Failure> {
        if format == Format::Csv {
            let mut out = report::replications::csv_header();
            for (model, results) in runs {
                report::replications::csv_rows(&model.meta.name_en, results, &mut out);
            }
            return Ok(out);
        }
        let scenarios: Vec<_> = runs
            .iter()
            .map(|(model, results)| report::replications::json(&model.meta.name_en, results))
            .collect();
        let mut out = serde_json::to_string_pretty(&json!({"seed": seed, "scenarios": scenarios}))
            .map_err(|e| Failure {
                code: 1,
                message: e.to_string(),
            })?;
        out.push('\n');
        Ok(out)
    }

    fn run(
        files: &[String],
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<usize>,
        format: Format,
        per_replication: bool,
    ) -> Result<String, Failure> {
        let mut loaded = Vec::new();
        for file in files {
            loaded.push(load(file, Lang::En)?);
        }
        let pool = thread_pool(threads)?;
        let first_run = loaded.first().and_then(|(s, _)| s.run.clone());
        let seed = seed
            .or(first_run.as_ref().and_then(|r| r.seed))
            .unwrap_or(1);
        let replications = replications
            .or(first_run.as_ref().and_then(|r| r.replications))
            .unwrap_or(20);
        // Early stopping only for a single file: paired comparisons need
        // the same replications on both sides.
        let target = if loaded.len() == 1 {
            first_run.as_ref().and_then(|r| r.target_ci95.clone())
        } else {
            None
        };
        let runs: Vec<(Model, Vec<ReplicationResult>)> = loaded
            .into_iter()
            .map(|(_, model)| {
                let results = replicate(&pool, &model, seed, replications, target.as_ref());
                (model, results)
            })
            .collect();
        let reports: Vec<Report> = runs
            .iter()
            .map(|(m, r)| Report::from_replications(m, r))
            .collect();
        let comparisons: Vec<Comparison> = runs
            .iter()
            .skip(1)
            .map(|(model, results)| Comparison::paired(&runs[0].0, model, &runs[0].1, results))
            .collect();
        // Warnings go to stderr, so a pipe still gets clean JSON or CSV.
        for report in &reports {
            for warning in &report.warnings {
                eprintln!("warning: {}: {}", report.scenario, warning.en());
            }
        }
        let mut out = String::new();
        if per_replication {
            return per_replication_output(&runs, seed, format);
        }
        match format {
            Format::Json => {
                let value = if reports.len() == 1 {
                    let mut value = reports[0].to_json_value(seed);
                    value["digest"] = json!(report::digest(&runs[0].1));
                    value
                } else {
                    let scenarios: Vec<_> = reports
                        .iter()
                        .zip(&runs)
                        .map(|(report, (_, results))| {
                            let mut value = report.to_json_value(seed);
                            value["digest"] = json!(report::digest(results));
                            value
                        })
                        .collect();
                    json!({
                        "seed": seed,
                        "replications": replications,
                        "scenarios": scenarios,
                        "comparisons": comparisons.iter().map(Comparison::to_json_value).collect::<Vec<_>>(),
                    })
                };
                out = serde_json::to_string_pretty(&value).map_err(|e| Failure {
                    code: 1,
                    message: e.to_string(),
                })?;
                out.push('\n');
            }
            Format::Csv => {
                out.push_str("scenario,section,name,metric,mean,ci95,p10,p50,p90\n");
                for report in &reports {
                    report.csv_rows(&mut out);
                }
                for comparison in &comparisons {
                    for d in &comparison.differences {
                        out.push_str(&format!(
                            "{},difference,{},paired,{},{},,,\n",
                            report::csv_field(&format!(
                                "{} − {}",
                                comparison.candidate, comparison.baseline
                            )),
                            d.kpi.key(),
                            d.mean,
                            d.ci95.map(|c| c.to_string()).unwrap_or_default()
                        ));
                    }
                    // Payback: metric `months` with its value, or the reason
                    // it never comes with the value left empty.
                    let payback = &comparison.payback;
                    out.push_str(&format!(
                        "{},payback,payback_months,{},{},{},,,\n",
                        report::csv_field(&format!(
                            "{} − {}",
                            comparison.candidate, comparison.baseline
                        )),
                        payback.reason.map_or("months", |r| r.key()),
                        payback.months.map(|m| m.to_string()).unwrap_or_default(),
                        payback.ci95.map(|c| c.to_string()).unwrap_or_default()
                    ));
                }
            }
            Format::Table => {
                out.push_str(&format!("seed {seed}\n\n"));
                for report in &reports {
                    report.table(&mut out);
                    out.push('\n');
                }
                for comparison in &comparisons {
                    out.push_str(&format!(
                        "{} − {} ({} pairs)\n",
                        report::text::terminal(&comparison.candidate),
                        report::text::terminal(&comparison.baseline),
                        comparison.pairs
                    ));
                    for d in &comparison.differences {
                        out.push_str(&format!(
                            "  {:<30} {:>14.4} ± {:<12} {}\n",
                            d.kpi.key(),
                            d.mean,
                            d.ci95
                                .map(|c| format!("{c:.4}"))
                                .unwrap_or_else(|| "–".into()),
                            if d.significant { "*" } else { "" }
                        ));
                    }
                    out.push_str(&format!(
                        "  {:<30} {}\n",
                        "payback_months",
                        payback_text(&comparison.payback)
                    ));
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }

    /// The payback as the table writes it: months with the delta-method
    /// half-width and the mapped interval, or "never" and why.
    fn payback_text(payback: &report::Payback) -> String {
        match (payback.months, payback.reason) {
            (Some(months), _) => format!(
                "{months:.1} ± {} (95 % interval {}–{}; transition {:.0}, monthly gain {:.0})",
                payback
                    .ci95
                    .map(|c| format!("{c:.1}"))
                    .unwrap_or_else(|| "–".into()),
                payback
                    .low
                    .map(|l| format!("{l:.1}"))
                    .unwrap_or_else(|| "–".into()),
                payback
                    .high
                    .map(|h| format!("{h:.1}"))
                    .unwrap_or_else(|| "never".into()),
                payback.transition_cost,
                payback.monthly_difference
            ),
            (None, reason) => format!(
                "never ({}; monthly gain {:.0})",
                reason.map_or("", |r| r.key()),
                payback.monthly_difference
            ),
        }
    }

    /// Leads per second on the reference M/M/5 case and on every preset,
    /// measured on one thread (`--threads` is for `run`).
    fn bench(format: Format, seconds: f64) -> Result<String, Failure> {
        let mut cases = vec![(
            "mm5_rho09".to_string(),
            include_str!("../../examples/validation/mm5_rho09.json"),
        )];
        cases.extend(
            scenario::presets()
                .into_iter()
                .map(|p| (p.id.to_string(), p.json)),
        );
        let mut rows = Vec::new();
        for (name, json) in cases {
            let model = scenario::load(json).map_err(|e| Failure {
                code: 1,
                message: format!("{name}: {}", e[0]),
            })?;
            let start = Instant::now();
            let mut leads = 0u64;
            let mut replications = 0u32;
            let mut peak = 0u64;
            while replications == 0 || start.elapsed().as_secs_f64() < seconds {
                let result = sim::run_replication(&model, 1, replications);
                leads += result.funnel.leads_including_warmup;
                peak = peak.max(result.funnel.peak_in_flight);
                replications += 1;
            }
            let elapsed = start.elapsed().as_secs_f64();
            rows.push(json!({
                "name": name,
                "leads_per_second": (leads as f64 / elapsed).round(),
                "leads": leads,
                "replications": replications,
                "seconds": (elapsed * 1000.0).round() / 1000.0,
                "peak_leads_in_flight": peak,
                "lead_record_bytes": sim::engine::LEAD_RECORD_BYTES,
                "committee_request_bytes": sim::engine::REQUEST_BYTES,
                "event_bytes": sim::engine::EVENT_BYTES,
            }));
        }
        if format == Format::Json {
            let mut out =
                serde_json::to_string_pretty(&json!({ "cases": rows })).map_err(|e| Failure {
                    code: 1,
                    message: e.to_string(),
                })?;
            out.push('\n');
            return Ok(out);
        }
        let mut out = format!(
            "{:<32} {:>16} {:>12} {:>6} {:>8}\n",
            "case", "leads/s", "leads", "reps", "seconds"
        );
        for row in rows {
            out.push_str(&format!(
                "{:<32} {:>16} {:>12} {:>6} {:>8}\n",
                row["name"].as_str().unwrap_or_default(),
                row["leads_per_second"],
                row["leads"],
                row["replications"],
                row["seconds"]
            ));
        }
        out.push_str(&format!(
            "memory: {} bytes per lead record (queue links included), +{} per scheduled event, +{} per committee request\n",
            sim::engine::LEAD_RECORD_BYTES,
            sim::engine::EVENT_BYTES,
            sim::engine::REQUEST_BYTES
        ));
        Ok(out)
    }
}
