//! The parser: text → [`Scenario`]. Every bad line is reported with its line
//! and column and what was expected; no input makes it panic.

use super::ast::*;
use crate::limits::{quoted, MAX_LINE_BYTES, MAX_SUGGEST_CHARS};
use crate::namespace::{PID_MAX_LIMIT, RESERVED_PIDS};
use crate::{CloneFlags, Disposition, Errno, Model, ProcState, RebootCmd, Signal};
use std::fmt;

/// A syntax error at a line and column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ParseError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, col {}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The verbs, for messages and completion.
pub const VERBS: [&str; 23] = [
    "fork",
    "clone",
    "unshare",
    "setns",
    "exit",
    "wait",
    "kill",
    "signal",
    "subreaper",
    "setsid",
    "getpid",
    "gettid",
    "getppid",
    "getsid",
    "set_last_pid",
    "set_pid_max",
    "reboot",
    "exit_thread",
    "exec",
    "pidfd_open",
    "pidfd_send_signal",
    "pidfd_getpid",
    "close",
];

/// Every word with a meaning in the language: verbs, header words,
/// `expect` and what follows it, flags, fields, states, dispositions and
/// commands (signals and errnos are `Signal::ALL` and `Errno::ALL`). The
/// parser, every statement's `Display` and the console's completion share
/// it (a test ties them together). None is reserved: each can name a
/// process too.
pub const KEYWORDS: [&str; VERBS.len() + WORDS.len()] = concat(VERBS, WORDS);

/// The keywords that are not verbs.
const WORDS: [&str; 39] = [
    "set_tid",
    "model",
    "multilevel",
    "flat",
    "pid_max",
    "profile",
    "expect",
    "as",
    "ok",
    "error",
    "result",
    "newpid",
    "thread",
    "parent",
    "pid",
    "tid",
    "ppid",
    "sid",
    "nspid",
    "in",
    "level",
    "state",
    "killed",
    "exited",
    "sees",
    "handle",
    "default",
    "ignore",
    "on",
    "off",
    "restart",
    "halt",
    "poweroff",
    "cad_on",
    "running",
    "stopped",
    "exiting",
    "zombie",
    "gone",
];

/// `a` then `b`, at compile time.
const fn concat<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    let mut out = [""; C];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < C {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// Parses a whole scenario. Returns every error, in line order. Linear in
/// the text: each line is read once, by a [`LineParser`].
pub fn parse(text: &str) -> Result<Scenario, Vec<ParseError>> {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut p = LineParser::new();
    for raw in text.lines() {
        match p.next_line(raw) {
            Ok(Some(stmt)) => lines.push(Line { line: p.line(), stmt }),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(Scenario {
            header: p.into_header(),
            lines,
        })
    } else {
        Err(errors)
    }
}

/// A scenario read one line at a time, for inputs read as a stream (the
/// CLI's `run` and `check`) and for readers that stop early (the web's
/// statement cap). It keeps only the header and where it is, never the
/// lines before: the cost of a line does not depend on what came before it.
#[derive(Clone, Debug, Default)]
pub struct LineParser {
    header: Header,
    line: usize,
    ops_seen: bool,
}

impl LineParser {
    /// A parser before the first line.
    pub fn new() -> LineParser {
        LineParser::default()
    }

    /// Reads the next line (without its newline): `Ok(Some(statement))`, or
    /// `Ok(None)` for a blank, comment or header line (the header is kept),
    /// or why the line is wrong. A line longer than
    /// [`MAX_LINE_BYTES`](crate::limits::MAX_LINE_BYTES) is refused unread.
    pub fn next_line(&mut self, raw: &str) -> Result<Option<Stmt>, ParseError> {
        self.line += 1;
        let line = self.line;
        within_line_limit(raw, line)?;
        let toks = tokenize(raw);
        if toks.is_empty() {
            return Ok(None);
        }
        let mut p = Parser {
            toks: &toks,
            pos: 0,
            line,
            eol: raw.chars().count() + 1,
        };
        if p.header(&mut self.header, self.ops_seen)? {
            return Ok(None);
        }
        let stmt = p.statement()?;
        self.ops_seen |= matches!(stmt, Stmt::Op(_));
        Ok(Some(stmt))
    }

    /// The number of the last line read (1-based; 0 before the first).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The header read so far.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header, once every line is read.
    pub fn into_header(self) -> Header {
        self.header
    }
}

/// `bytes` as text, or where the first byte that is not UTF-8 is, as a line
/// and column like every other error of the language (found in one pass).
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = std::str::from_utf8(&valid[line_start..]).map_or(1, |s| s.chars().count() + 1);
        ParseError {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            col,
            message: "not UTF-8 text: the byte here is not part of a UTF-8 character".into(),
        }
    })
}

/// Refuses a line longer than [`MAX_LINE_BYTES`] before reading it.
fn within_line_limit(text: &str, line: usize) -> Result<(), ParseError> {
    if text.len() <= MAX_LINE_BYTES {
        return Ok(());
    }
    Err(ParseError {
        line,
        col: 1,
        message: format!(
            "the line is {} bytes; a line of a scenario is at most {MAX_LINE_BYTES} (the lab's limit)",
            text.len()
        ),
    })
}

/// Parses one statement (an operation or an expectation), as the console
/// does; `line` is used in error positions.
pub fn parse_line(text: &str, line: usize) -> Result<Stmt, ParseError> {
    within_line_limit(text, line)?;
    let toks = tokenize(text);
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        line,
        eol: text.chars().count() + 1,
    };
    if toks.is_empty() {
        return Err(p.err_at(1, "empty statement (expected PROCESS VERB ... or expect ...)"));
    }
    p.statement()
}

struct Tok<'a> {
    text: &'a str,
    col: usize,
}

#[cfg(test)]
thread_local! {
    /// Lines tokenized on this thread: the linearity test's probe.
    static LINES_TOKENIZED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many lines this thread has tokenized (tests only).
#[cfg(test)]
pub(crate) fn lines_tokenized() -> usize {
    LINES_TOKENIZED.with(std::cell::Cell::get)
}

fn tokenize(raw: &str) -> Vec<Tok<'_>> {
    #[cfg(test)]
    LINES_TOKENIZED.with(|c| c.set(c.get() + 1));
    let body = raw.split('#').next().unwrap_or("");
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte offset, column)
    for (col0, (byte, c)) in body.char_indices().enumerate() {
        if c == ' ' || c == '\t' {
            if let Some((b, col)) = start.take() {
                out.push(Tok {
                    text: &body[b..byte],
                    col,
                });
            }
        } else if start.is_none() {
            start = Some((byte, col0 + 1));
        }
    }
    if let Some((b, col)) = start {
        out.push(Tok { text: &body[b..], col });
    }
    out
}

struct Parser<'a, 't> {
    toks: &'t [Tok<'a>],
    pos: usize,
    line: usize,
    eol: usize,
}

impl<'a> Parser<'a, '_> {
    fn err_at(&self, col: usize, msg: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            col,
            message: msg.into(),
        }
    }

    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.eol, |t| t.col)
    }

    fn err(&self, msg: impl Into<String>) -> ParseError {
        self.err_at(self.col(), msg)
    }

    fn peek(&self) -> Option<&'a str> {
        self.toks.get(self.pos).map(|t| t.text)
    }

    fn next(&mut self, what: &str) -> Result<&'a str, ParseError> {
        match self.peek() {
            Some(t) => {
                self.pos += 1;
                Ok(t)
            }
            None => Err(self.err(format!("expected {what}, found end of line"))),
        }
    }

    fn keyword(&mut self, kw: &str) -> Result<(), ParseError> {
        let col = self.col();
        let t = self.next(&format!("'{kw}'"))?;
        if t == kw {
            Ok(())
        } else {
            Err(self.err_at(col, format!("expected '{kw}', found '{}'", quoted(t))))
        }
    }

    fn done(&self) -> Result<(), ParseError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(self.err(format!("unexpected '{}' at end of statement", quoted(t)))),
        }
    }

    fn name(&mut self, what: &str) -> Result<String, ParseError> {
        let col = self.col();
        let t = self.next(what)?;
        if is_name(t) {
            Ok(t.to_string())
        } else {
            Err(self.err_at(
                col,
                format!(
                    "'{}' is not a valid {what} (names are [a-z][a-z0-9_-]{{0,31}})",
                    quoted(t)
                ),
            ))
        }
    }

    fn int(&mut self, what: &str) -> Result<i64, ParseError> {
        let col = self.col();
        let t = self.next(what)?;
        t.parse::<i64>().map_err(|_| {
            self.err_at(
                col,
                format!("expected {what} (a decimal number), found '{}'", quoted(t)),
            )
        })
    }

    fn ranged(&mut self, what: &str, lo: i64, hi: i64) -> Result<i64, ParseError> {
        let col = self.col();
        let v = self.int(what)?;
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(self.err_at(col, format!("{what} must be between {lo} and {hi}, found {v}")))
        }
    }

    fn signal(&mut self) -> Result<Signal, ParseError> {
        let col = self.col();
        let t = self.next("a signal")?;
        Signal::from_name(t).ok_or_else(|| {
            let all: Vec<_> = Signal::ALL.iter().map(|s| s.name()).collect();
            self.err_at(
                col,
                format!("unknown signal '{}' (expected one of {})", quoted(t), all.join(" ")),
            )
        })
    }

    fn one_of<T: Copy>(&mut self, what: &str, options: &[(&str, T)]) -> Result<T, ParseError> {
        let col = self.col();
        let t = self.next(what)?;
        options.iter().find(|(k, _)| *k == t).map(|(_, v)| *v).ok_or_else(|| {
            let names: Vec<_> = options.iter().map(|(k, _)| *k).collect();
            self.err_at(
                col,
                format!("expected {what} ({}), found '{}'", names.join("|"), quoted(t)),
            )
        })
    }

    /// A header statement: `Ok(true)` if this line was one.
    fn header(&mut self, h: &mut Header, after_ops: bool) -> Result<bool, ParseError> {
        let Some(first) = self.peek() else {
            return Ok(false);
        };
        if !matches!(first, "model" | "pid_max" | "profile") || self.toks.len() != 2 {
            return Ok(false);
        }
        if self.toks.get(1).is_some_and(|t| VERBS.contains(&t.text)) {
            return Ok(false); // a process named `model` (or ...) acting: `model getpid`
        }
        if after_ops {
            return Err(self.err(format!(
                "'{first}' is a header statement and must come before the first operation"
            )));
        }
        self.pos += 1;
        match first {
            "model" => {
                h.model = Some(self.one_of("a model", &[("multilevel", Model::Multilevel), ("flat", Model::Flat)])?)
            }
            "pid_max" => {
                let v = self.ranged("pid_max", i64::from(RESERVED_PIDS) + 1, i64::from(PID_MAX_LIMIT))?;
                h.pid_max = Some(v as u32);
            }
            _ => h.profile = Some(self.next("a profile name")?.to_string()),
        }
        Ok(true)
    }

    fn statement(&mut self) -> Result<Stmt, ParseError> {
        if self.peek() == Some("expect") {
            self.pos += 1;
            let as_expect = self.expect().and_then(|e| self.done().map(|()| e));
            // Keywords are names too: `expect fork as x` is the process named
            // `expect` forking. An expectation is tried first; its error stands
            // when the line is no operation either.
            return match as_expect {
                Ok(e) => Ok(Stmt::Expect(e)),
                Err(err) => {
                    self.pos = 0;
                    self.operation().map_err(|_| err)
                }
            };
        }
        self.operation()
    }

    fn operation(&mut self) -> Result<Stmt, ParseError> {
        let actor = self.name("process name")?;
        let col = self.col();
        let verb_word = self.next("a verb")?;
        let verb = self.verb(verb_word, col)?;
        let mut name = None;
        if self.peek() == Some("as") {
            let as_col = self.col();
            if !matches!(verb, Verb::Clone(_) | Verb::CloneSetTid(..) | Verb::PidfdOpen(_)) {
                return Err(self.err_at(as_col, "'as NAME' only goes with fork, clone and pidfd_open"));
            }
            self.pos += 1;
            name = Some(self.name("new process name")?);
        }
        self.done()?;
        Ok(Stmt::Op(Op { actor, verb, name }))
    }

    /// `set_tid N[,N...]` after fork or clone, if present: clone3's array,
    /// deepest level first.
    fn set_tid(&mut self, flags: CloneFlags) -> Result<Verb, ParseError> {
        if self.peek() != Some("set_tid") {
            return Ok(Verb::Clone(flags));
        }
        self.pos += 1;
        let col = self.col();
        let list = self.next("pids, deepest level first (N[,N...])")?;
        let tids: Option<Vec<u32>> = list
            .split(',')
            .map(|t| t.parse::<u32>().ok().filter(|&n| i32::try_from(n).is_ok()))
            .collect();
        match tids {
            Some(t) if !t.is_empty() => Ok(Verb::CloneSetTid(flags, t)),
            _ => Err(self.err_at(
                col,
                format!(
                    "expected pids separated by commas, deepest level first (e.g. 5,1), found '{}'",
                    quoted(list)
                ),
            )),
        }
    }

    /// A kill or pidfd_open target: a name, or a pid ≥ 1 (or -1 where `all` is allowed).
    fn target(&mut self, all: bool) -> Result<Target, ParseError> {
        let tcol = self.col();
        let t = self.next("a process name or pid")?;
        if is_name(t) {
            return Ok(Target::Name(t.to_string()));
        }
        match t.parse::<i64>() {
            Ok(n) if (n == -1 && all) || (1..=i64::from(PID_MAX_LIMIT)).contains(&n) => Ok(Target::Pid(n)),
            Ok(n) => Err(self.err_at(
                tcol,
                format!(
                    "pid {n} is not supported here (name a process, give a pid ≥ 1{})",
                    if all { ", or -1 for all" } else { "" }
                ),
            )),
            Err(_) => Err(self.err_at(tcol, format!("expected a process name or pid, found '{}'", quoted(t)))),
        }
    }

    fn verb(&mut self, word: &str, col: usize) -> Result<Verb, ParseError> {
        Ok(match word {
            "fork" => self.set_tid(CloneFlags::default())?,
            "clone" => {
                let mut fl = CloneFlags::default();
                let mut any = false;
                while let Some(t) = self.peek() {
                    let flag = match t {
                        "newpid" => &mut fl.newpid,
                        "thread" => &mut fl.thread,
                        "parent" => &mut fl.parent,
                        _ => break,
                    };
                    if *flag {
                        return Err(self.err(format!("flag '{}' given twice", quoted(t))));
                    }
                    *flag = true;
                    any = true;
                    self.pos += 1;
                }
                if !any {
                    return Err(self.err("expected clone flags (newpid, thread, parent)"));
                }
                self.set_tid(fl)?
            }
            "exit_thread" => Verb::ExitThread(match self.peek() {
                Some(_) => self.ranged("exit code", 0, 255)? as u8,
                None => 0,
            }),
            "exec" => Verb::Exec,
            "pidfd_open" => Verb::PidfdOpen(self.target(false)?),
            "pidfd_send_signal" => {
                let h = self.name("handle name")?;
                Verb::PidfdSendSignal(h, self.signal()?)
            }
            "pidfd_getpid" => Verb::PidfdGetpid(self.name("handle name")?),
            "close" => Verb::Close(self.name("handle name")?),
            "unshare" => {
                self.keyword("newpid")?;
                Verb::Unshare
            }
            "setns" => Verb::Setns(self.name("process name")?),
            "exit" => Verb::Exit(match self.peek() {
                Some(t) if t != "as" => self.ranged("exit code", 0, 255)? as u8,
                _ => 0,
            }),
            "wait" => Verb::Wait(match self.peek() {
                Some(_) => Some(self.name("process name")?),
                None => None,
            }),
            "kill" => {
                let target = self.target(true)?;
                Verb::Kill(target, self.signal()?)
            }
            "signal" => {
                let s = self.signal()?;
                let d = self.one_of(
                    "a disposition",
                    &[
                        ("handle", Disposition::Handle),
                        ("default", Disposition::Default),
                        ("ignore", Disposition::Ignore),
                    ],
                )?;
                Verb::Signal(s, d)
            }
            "subreaper" => Verb::Subreaper(self.one_of("on or off", &[("on", true), ("off", false)])?),
            "setsid" => Verb::Setsid,
            "getpid" => Verb::Getpid,
            "gettid" => Verb::Gettid,
            "getppid" => Verb::Getppid,
            "getsid" => Verb::Getsid,
            "set_last_pid" => Verb::SetLastPid(self.ranged("ns_last_pid value", -(1 << 31), (1 << 31) - 1)?),
            "set_pid_max" => Verb::SetPidMax(self.ranged("pid_max value", -(1 << 31), (1 << 31) - 1)?),
            "reboot" => Verb::Reboot(self.one_of(
                "a reboot command",
                &[
                    ("restart", RebootCmd::Restart),
                    ("halt", RebootCmd::Halt),
                    ("poweroff", RebootCmd::PowerOff),
                    ("cad_on", RebootCmd::CadOn),
                ],
            )?),
            other => {
                let hint = suggest(other, &VERBS)
                    .map(|s| format!("did you mean '{s}'? "))
                    .unwrap_or_default();
                return Err(self.err_at(
                    col,
                    format!(
                        "unknown verb '{}' ({hint}expected fork, clone, unshare, setns, exit, wait, kill, ...)",
                        quoted(other)
                    ),
                ));
            }
        })
    }

    fn expect(&mut self) -> Result<Expect, ParseError> {
        let col = self.col();
        let first = self.next("ok, error, result or a process name")?;
        // `ok`, `error ERRNO`, `result N` fill the line; with more after
        // them, the word names a process (`expect error pid = 3`).
        let left = self.toks.len() - self.pos;
        match first {
            "ok" if left == 0 => return Ok(Expect::Ok),
            "error" if left == 1 => {
                let ecol = self.col();
                let e = self.next("an errno name")?;
                return Errno::from_name(e).map(Expect::Error).ok_or_else(|| {
                    let all: Vec<_> = Errno::ALL.iter().map(|e| e.name()).collect();
                    self.err_at(
                        ecol,
                        format!("unknown errno '{}' (expected one of {})", quoted(e), all.join(" ")),
                    )
                });
            }
            "result" if left == 1 => return Ok(Expect::Result(self.int("a result")?)),
            _ => {}
        }
        if !is_name(first) {
            return Err(self.err_at(
                col,
                format!(
                    "expected ok, error, result or a process name, found '{}'",
                    quoted(first)
                ),
            ));
        }
        let name = first.to_string();
        let fcol = self.col();
        let field =
            self.next("what to expect (pid, tid, ppid, sid, nspid, level, state, parent, killed, exited, sees)")?;
        Ok(match field {
            "pid" if self.peek() == Some("in") => {
                self.pos += 1;
                let viewer = self.name("process name")?;
                self.keyword("=")?;
                Expect::PidIn { name, viewer, value: self.int("a pid")? }
            }
            "pid" | "tid" | "ppid" | "sid" => {
                let field = match field {
                    "pid" => IdField::Pid,
                    "tid" => IdField::Tid,
                    "ppid" => IdField::Ppid,
                    _ => IdField::Sid,
                };
                self.keyword("=")?;
                Expect::Id { name, field, value: self.int("a number")? }
            }
            "nspid" => {
                self.keyword("=")?;
                let mut values = Vec::new();
                while self.peek().is_some() {
                    values.push(self.ranged("a pid", 0, i64::from(PID_MAX_LIMIT))? as u32);
                }
                if values.is_empty() {
                    return Err(self.err("expected at least one pid after 'nspid ='"));
                }
                Expect::Nspid { name, values }
            }
            "level" => {
                self.keyword("=")?;
                Expect::Level { name, value: self.ranged("a level", 0, 1 << 20)? as u32 }
            }
            "state" => {
                self.keyword("=")?;
                let opts: Vec<(&str, ProcState)> = ProcState::ALL.iter().map(|s| (s.name(), *s)).collect();
                Expect::State { name, state: self.one_of("a state", &opts)? }
            }
            "parent" => {
                self.keyword("=")?;
                Expect::Parent { name, parent: self.name("process name")? }
            }
            "killed" => Expect::Killed { name, sig: self.signal()? },
            "exited" => Expect::Exited { name, code: self.ranged("exit code", 0, 255)? as u8 },
            "sees" => {
                self.keyword("=")?;
                let mut names = Vec::new();
                while self.peek().is_some() {
                    names.push(self.name("process name")?);
                }
                Expect::Sees { name, names }
            }
            other => {
                return Err(self.err_at(
                    fcol,
                    format!("unknown expectation '{}' (expected pid, tid, ppid, sid, nspid, level, state, parent, killed, exited, sees)", quoted(other)),
                ))
            }
        })
    }
}

/// Whether `s` is a valid process name: `[a-z][a-z0-9_-]{0,31}`.
pub fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_' || *c == b'-')
}

/// The closest word of `options` to `word`, if it is close (edit distance ≤ 2).
/// Only a short word is compared (at most [`MAX_SUGGEST_CHARS`] bytes): the
/// search costs its length times each option's.
fn suggest<'o>(word: &str, options: &[&'o str]) -> Option<&'o str> {
    if word.len() > MAX_SUGGEST_CHARS {
        return None;
    }
    options
        .iter()
        .map(|o| (edit_distance(word, o), *o))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, o)| o)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_line_with_position() {
        let errs = parse("init frok\ninit fork as 9x\ninit fork\nexpect error EWHAT").unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!((errs[0].line, errs[0].col), (1, 6));
        assert!(
            errs[0].message.contains("unknown verb 'frok'") && errs[0].message.contains("fork"),
            "{}",
            errs[0]
        );
        assert_eq!((errs[1].line, errs[1].col), (2, 14));
        assert_eq!((errs[2].line, errs[2].col), (4, 14));
    }

    #[test]
    fn header_only_before_operations() {
        let errs = parse("init fork\nmodel flat").unwrap_err();
        assert!(errs[0].message.contains("before the first operation"));
        let sc = parse("model flat\npid_max 1000\n# c\n\ninit fork as a  # trailing\n").unwrap();
        assert_eq!(sc.header.model, Some(Model::Flat));
        assert_eq!(sc.header.pid_max, Some(1000));
        assert_eq!(sc.lines.len(), 1);
        assert_eq!(sc.lines[0].line, 5);
    }

    #[test]
    fn statements_print_back_as_parsed() {
        let text = "a clone newpid thread as b\na kill -1 SIGUSR1\na kill b SIGKILL\nexpect b nspid = 4 1\nexpect a pid in b = 0\nexpect a sees =\na reboot cad_on\na exit 3\nexpect error ENOSPC";
        let sc = parse(text).unwrap();
        let back: Vec<String> = sc.lines.iter().map(|l| l.stmt.to_string()).collect();
        assert_eq!(back.join("\n"), text);
    }

    #[test]
    fn multibyte_input_does_not_panic() {
        let errs = parse("ïnit fork\ninit fork as é\n\u{0}\u{ffff} x").unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!(errs[1].col, 14);
    }

    #[test]
    fn each_line_is_read_once_whatever_came_before() {
        // 100,000 leading expectations used to make the parser rescan every
        // earlier line for an operation: the work grew with the square.
        for n in [1_000, 100_000] {
            let text = "expect ok\n".repeat(n) + "init fork\nmodel flat\n";
            let before = lines_tokenized();
            let errs = parse(&text).unwrap_err();
            assert_eq!(lines_tokenized() - before, n + 2, "one visit per line");
            assert_eq!(errs[0].line, n + 2);
        }
    }

    #[test]
    fn the_keyword_table_holds_every_word_the_language_writes() {
        let text = "model flat\npid_max 400\nprofile seed-2007\ninit fork as a\na clone newpid thread parent as b\n\
            a unshare newpid\na setns b\na exit 3\na wait b\na wait\na kill b SIGKILL\na kill -1 SIGTERM\n\
            a signal SIGTERM handle\na signal SIGHUP default\na signal SIGUSR1 ignore\na subreaper on\n\
            a subreaper off\na setsid\na getpid\na gettid\na getppid\na getsid\na set_last_pid 5\n\
            a set_pid_max 500\na reboot restart\na reboot halt\na reboot poweroff\na reboot cad_on\n\
            a fork set_tid 5,1\na exit_thread 2\na exec\na pidfd_open b as h\na pidfd_send_signal h SIGTERM\n\
            a pidfd_getpid h\na close h\n\
            expect ok\nexpect error EINVAL\nexpect result 2\nexpect a pid = 1\nexpect a tid = 1\nexpect a ppid = 1\n\
            expect a sid = 1\nexpect a nspid = 1 2\nexpect a pid in b = 0\nexpect a level = 1\n\
            expect a state = running\nexpect a state = stopped\nexpect a state = exiting\nexpect a state = zombie\n\
            expect a state = gone\nexpect a parent = b\nexpect a killed SIGHUP\nexpect a exited 0\nexpect a sees = a b\n";
        let sc = parse(text).expect("every form parses");
        let mut words: Vec<String> = sc
            .lines
            .iter()
            .flat_map(|l| {
                l.stmt
                    .to_string()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        words.extend(["model", "flat", "multilevel", "pid_max", "profile"].map(String::from));
        let lexical = |w: &str| {
            ["init", "a", "b", "h", "=", "5,1", "seed-2007"].contains(&w)
                || w.parse::<i64>().is_ok()
                || Signal::from_name(w).is_some()
                || Errno::from_name(w).is_some()
        };
        for w in words.iter().filter(|w| !lexical(w)) {
            assert!(KEYWORDS.contains(&w.as_str()), "'{w}' is missing from KEYWORDS");
        }
        for kw in KEYWORDS {
            assert!(
                words.iter().any(|w| w == kw),
                "'{kw}' in KEYWORDS is no word the language writes"
            );
        }
    }

    #[test]
    fn every_keyword_can_name_a_process_and_be_used_everywhere() {
        for kw in KEYWORDS.iter().filter(|k| is_name(k)) {
            let text = format!(
                "init fork as {kw}\n{kw} getpid\nexpect {kw} pid = 2\nexpect {kw} state = running\n\
                 init kill {kw} SIGSTOP\nexpect ok\ninit wait {kw}\n{kw} fork as c\nexpect c parent = {kw}\n"
            );
            let sc = parse(&text).unwrap_or_else(|e| panic!("{kw}: {e:?}"));
            let shown: String = sc.lines.iter().map(|l| format!("{}\n", l.stmt)).collect();
            assert_eq!(
                parse(&shown).map(|s| s.lines),
                Ok(sc.lines.clone()),
                "{kw}: Display round-trips"
            );
            assert!(
                matches!(&sc.lines[1].stmt, Stmt::Op(op) if op.actor == *kw),
                "{kw} acts"
            );
            assert!(matches!(&sc.lines[2].stmt, Stmt::Expect(Expect::Id { name, .. }) if name == kw));
            assert!(matches!(&sc.lines[5].stmt, Stmt::Expect(Expect::Ok)));
        }
        let sc = parse("model flat\ninit fork as model\nmodel fork as expect\nexpect fork as x\nexpect error EINVAL\n");
        let lines = sc.map(|s| s.lines).unwrap_or_default();
        assert!(
            matches!(&lines[2].stmt, Stmt::Op(op) if op.actor == "expect"),
            "{lines:?}"
        );
        assert!(matches!(&lines[3].stmt, Stmt::Expect(Expect::Error(Errno::EINVAL))));
        let errs = parse("expect frog = 3\n").unwrap_err();
        assert!(
            errs[0].message.contains("unknown expectation"),
            "the expectation's error stands: {}",
            errs[0]
        );
    }

    #[test]
    fn a_huge_token_is_neither_searched_nor_echoed() {
        let verb = "z".repeat(MAX_LINE_BYTES - 10);
        let errs = parse(&format!("init {verb}\ninit fork as {verb}\n")).unwrap_err();
        assert!(errs[0].message.starts_with("unknown verb 'zzz") && !errs[0].message.contains("did you mean"));
        assert!(errs.iter().all(|e| e.message.len() < 200), "{errs:?}");
        let errs = parse("init fork as a\u{0}\u{1b}[31m\n").unwrap_err();
        assert!(errs[0].message.contains("a\\0\\u{1b}[31m"), "{}", errs[0]);
        let errs = parse("init frk\n").unwrap_err();
        assert!(errs[0].message.contains("did you mean 'fork'"));
    }

    #[test]
    fn a_line_past_the_limit_is_refused_unread() {
        let long = format!("init fork\n{}\ninit getpid\n", "\u{0}".repeat(MAX_LINE_BYTES + 1));
        let before = lines_tokenized();
        let errs = parse(&long).unwrap_err();
        assert_eq!(lines_tokenized() - before, 2);
        assert_eq!((errs.len(), errs[0].line, errs[0].col), (1, 2, 1));
        assert!(errs[0].message.contains("at most 65536"), "{}", errs[0]);
        assert!(parse_line(&"a".repeat(MAX_LINE_BYTES + 1), 3).is_err());
    }

    #[test]
    fn bad_utf8_is_reported_at_a_line_and_column() {
        let e = text_from_bytes(b"init fork\ninit f\xffork\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 7));
        let e = text_from_bytes(b"\xc3\xa9\x00\xc3\xa9\xff").unwrap_err();
        assert_eq!((e.line, e.col), (1, 4));
        assert_eq!(text_from_bytes(b"init fork"), Ok("init fork"));
    }
}
