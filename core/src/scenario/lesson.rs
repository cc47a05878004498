//! Lessons: scenario files with `#:` directives for students. A lesson file
//! is an ordinary `.pns` scenario (so `pidns check` and the kernel oracle
//! run it whole: its start, its steps as the solution, its goal), and the
//! directives say what the web app shows around it:
//!
//! ```text
//! #: title  Your first pid namespace
//! #: about  clone(2) CLONE_NEWPID, alloc_pid(), pid_namespaces(7)
//! #: text   A paragraph of explanation (one directive per paragraph).
//! #: hint   A hint, shown on request.
//! #: start                      (statements run when the lesson opens)
//! init fork as shell
//! #: steps                      (the guided solution, one statement at a time)
//! #: ask    What pid does shell get back?
//! #: why    alloc_pid() numbers each level; shell sees its own (kernel/pid.c)
//! shell clone newpid as box     (an `ask` is answered before its step runs)
//! #: see    pid_namespaces(7) https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
//! #: goal   box is pid 1 of a new namespace
//! expect box pid = 1            (the goal: state expectations only)
//! ```

use super::ast::{Expect, Header, Stmt};
use super::engine::{Engine, Verdict};
use super::parse::{parse, ParseError};
use super::session::{Step, StepValue};

/// The lessons shipped with pidns-lab, in teaching order: `(id, file text)`.
pub const BUILTIN: [(&str, &str); 12] = [
    (
        "01-first-namespace",
        include_str!("../../lessons/01-first-namespace.pns"),
    ),
    (
        "02-unshare-vs-clone",
        include_str!("../../lessons/02-unshare-vs-clone.pns"),
    ),
    (
        "03-orphans-and-reapers",
        include_str!("../../lessons/03-orphans-and-reapers.pns"),
    ),
    ("04-init-death", include_str!("../../lessons/04-init-death.pns")),
    (
        "05-unkillable-init",
        include_str!("../../lessons/05-unkillable-init.pns"),
    ),
    (
        "06-setns-goes-down",
        include_str!("../../lessons/06-setns-goes-down.pns"),
    ),
    ("07-threads", include_str!("../../lessons/07-threads.pns")),
    ("08-pid-wrap", include_str!("../../lessons/08-pid-wrap.pns")),
    (
        "09-flat-vs-multilevel",
        include_str!("../../lessons/09-flat-vs-multilevel.pns"),
    ),
    ("10-nesting-limit", include_str!("../../lessons/10-nesting-limit.pns")),
    (
        "11-set-tid-restore",
        include_str!("../../lessons/11-set-tid-restore.pns"),
    ),
    ("12-pidfd-reuse", include_str!("../../lessons/12-pidfd-reuse.pns")),
];

/// One guided statement, with the question asked before it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonStep {
    pub stmt: Stmt,
    /// Predict-then-reveal: asked before the step; the answer is its result
    /// (a number, or an errno's name).
    pub ask: Option<String>,
    /// Why the kernel answers as it does, in one line citing its rule
    /// (`#: why` right after the `#: ask`), shown with the reveal.
    pub why: Option<String>,
}

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// The kernel functions and man pages it is about.
    pub about: String,
    /// Links to the kernel source and man pages (`#: see LABEL URL`): `(label, url)`.
    pub see: Vec<(String, String)>,
    pub text: Vec<String>,
    pub hints: Vec<String>,
    pub header: Header,
    pub start: Vec<Stmt>,
    pub steps: Vec<LessonStep>,
    /// What the goal asks for, in words.
    pub goal_text: String,
    /// The goal's `expect` lines (state expectations).
    pub goal: Vec<Expect>,
}

/// One goal expectation and whether it holds.
pub type GoalCheck = (Expect, Verdict);

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Intro,
    Start,
    Steps,
    Goal,
}

impl Lesson {
    /// Parses a lesson file; every problem is reported with its line.
    pub fn parse(id: &str, text: &str) -> Result<Lesson, Vec<ParseError>> {
        let sc = parse(text)?;
        let mut errs = Vec::new();
        let err = |line: usize, message: String| ParseError { line, col: 1, message };
        let mut lesson = Lesson {
            id: id.to_string(),
            title: String::new(),
            about: String::new(),
            see: Vec::new(),
            text: Vec::new(),
            hints: Vec::new(),
            header: sc.header.clone(),
            start: Vec::new(),
            steps: Vec::new(),
            goal_text: String::new(),
            goal: Vec::new(),
        };
        // Where each section begins, and the pending `ask` lines, by line number.
        let mut sections = vec![(0usize, Section::Intro)];
        let mut asks: Vec<(usize, String, Option<String>)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let Some(rest) = raw.trim_start().strip_prefix("#:") else {
                continue;
            };
            let rest = rest.trim();
            let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let value = value.trim().to_string();
            match key {
                "title" => lesson.title = value,
                "about" => lesson.about = value,
                "text" => lesson.text.push(value),
                "hint" => lesson.hints.push(value),
                "start" => sections.push((line, Section::Start)),
                "steps" => sections.push((line, Section::Steps)),
                "goal" => {
                    lesson.goal_text = value;
                    sections.push((line, Section::Goal));
                }
                "ask" => asks.push((line, value, None)),
                "why" => match asks.last_mut().filter(|a| a.0 + 1 == line && a.2.is_none()) {
                    Some(a) => a.2 = Some(value),
                    None => errs.push(err(line, "'#: why' must come right after an '#: ask'".into())),
                },
                "see" => match value.split_once(' ') {
                    Some((label, url)) if url.starts_with("https://") => lesson.see.push((label.into(), url.into())),
                    _ => errs.push(err(line, "'#: see' takes a label and an https:// address".into())),
                },
                _ => errs.push(err(
                    line,
                    format!(
                        "unknown directive '#: {key}' (expected title, about, see, text, hint, start, steps, ask, why, goal)"
                    ),
                )),
            }
        }
        let section_at = |line: usize| {
            sections
                .iter()
                .rev()
                .find(|(at, _)| *at < line)
                .map_or(Section::Intro, |s| s.1)
        };
        let mut asks = asks.into_iter().peekable();
        for l in &sc.lines {
            let (mut ask, mut why) = (None, None);
            while let Some((at, q, w)) = asks.next_if(|a| a.0 < l.line) {
                if ask.is_some() || section_at(at) != Section::Steps {
                    errs.push(err(
                        at,
                        "'#: ask' must come right before a statement of the steps".into(),
                    ));
                }
                (ask, why) = (Some(q), w);
            }
            match (section_at(l.line), &l.stmt) {
                (Section::Start, Stmt::Op(_)) => lesson.start.push(l.stmt.clone()),
                (Section::Steps, Stmt::Op(_)) => lesson.steps.push(LessonStep {
                    stmt: l.stmt.clone(),
                    ask,
                    why,
                }),
                (Section::Steps, Stmt::Expect(_)) if ask.is_none() => lesson.steps.push(LessonStep {
                    stmt: l.stmt.clone(),
                    ask: None,
                    why: None,
                }),
                (Section::Goal, Stmt::Expect(e)) if !matches!(e, Expect::Ok | Expect::Error(_) | Expect::Result(_)) => {
                    lesson.goal.push(e.clone())
                }
                (Section::Goal, _) => errs.push(err(
                    l.line,
                    "the goal holds only expectations about processes (not ok/error/result)".into(),
                )),
                (Section::Intro, _) => errs.push(err(l.line, "statements go after '#: start' or '#: steps'".into())),
                (_, Stmt::Expect(_)) => {
                    errs.push(err(l.line, "an expectation cannot be asked or run at the start".into()))
                }
            }
        }
        for (at, ..) in asks {
            errs.push(err(
                at,
                "'#: ask' must come right before a statement of the steps".into(),
            ));
        }
        if lesson.title.is_empty() {
            errs.push(err(1, "a lesson needs a '#: title'".into()));
        }
        if lesson.goal.is_empty() {
            errs.push(err(
                text.lines().count().max(1),
                "a lesson needs a '#: goal' with expectations".into(),
            ));
        }
        if errs.is_empty() {
            Ok(lesson)
        } else {
            crate::sort::sort_by_key(&mut errs, |e| e.line);
            Err(errs)
        }
    }

    /// The built-in lessons, parsed (a file that does not parse is left out;
    /// the tests make sure none is).
    pub fn builtin() -> Vec<Lesson> {
        BUILTIN
            .iter()
            .filter_map(|(id, text)| Lesson::parse(id, text).ok())
            .collect()
    }

    /// The lesson steps one "run step" runs, from step `k`: that step and the
    /// expectations right after it that ask nothing (they check it).
    pub fn step_group(&self, k: usize) -> std::ops::Range<usize> {
        let Some(rest) = self.steps.get(k + 1..) else {
            return k..k;
        };
        let more = rest
            .iter()
            .take_while(|s| s.ask.is_none() && matches!(s.stmt, Stmt::Expect(_)))
            .count();
        k..k + 1 + more
    }

    /// How many operations the steps before step `k` hold: the number of the
    /// step `k` is, counting operations only.
    pub fn ops_before(&self, k: usize) -> usize {
        self.steps[..k.min(self.steps.len())]
            .iter()
            .filter(|s| matches!(s.stmt, Stmt::Op(_)))
            .count()
    }

    /// The first step index at which every question has been revealed: the
    /// goal's values stay masked ([`Expect::masked`]) before it.
    pub fn goal_open_at(&self) -> usize {
        self.steps.iter().rposition(|s| s.ask.is_some()).map_or(0, |k| k + 1)
    }

    /// The answer to every question, in step order (`(step index, answer)`):
    /// the lesson replayed from its start, for a worksheet's answer key.
    pub fn answer_key(&self) -> Vec<(usize, String)> {
        let mut e = Engine::new(
            self.header.model.unwrap_or(crate::Model::Multilevel),
            self.header.pid_max.unwrap_or(crate::PID_MAX_DEFAULT),
        );
        for st in &self.start {
            e.apply(st);
        }
        let mut key = Vec::new();
        for (k, st) in self.steps.iter().enumerate() {
            let out = e.apply(&st.stmt);
            if let (Some(_), Some(step)) = (&st.ask, out.step()) {
                key.push((k, answer_of(step)));
            }
        }
        key
    }

    /// Checks the goal against an engine's session.
    pub fn goal_status(&self, e: &Engine) -> Vec<GoalCheck> {
        self.goal.iter().map(|x| (x.clone(), e.verdict(x))).collect()
    }

    /// Whether every goal expectation holds.
    pub fn goal_reached(&self, e: &Engine) -> bool {
        self.goal_status(e).iter().all(|(_, v)| v.holds())
    }
}

/// The truthful answer to an `ask`: the step's value, or its errno's name
/// (`-` when the call does not return).
pub fn answer_of(step: &Step) -> String {
    match step.result {
        Ok(StepValue::Value(v)) => v.to_string(),
        Ok(StepValue::NoReturn) => "-".into(),
        Err(e) => e.name().to_string(),
    }
}

/// Whether a student's answer matches the truth: numbers as numbers, errno
/// names without regard to case.
pub fn answer_matches(given: &str, truth: &str) -> bool {
    let given = given.trim();
    match (given.parse::<i64>(), truth.parse::<i64>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => given.eq_ignore_ascii_case(truth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_split_the_file_into_sections() {
        let l = Lesson::parse(
            "t",
            "#: title T\n#: text one\n#: start\ninit fork as a\n#: steps\n#: ask Which pid?\na fork as b\n#: goal b exists\nexpect b level = 0\n",
        )
        .expect("parses");
        assert_eq!(
            (
                l.title.as_str(),
                l.text.len(),
                l.start.len(),
                l.steps.len(),
                l.goal.len()
            ),
            ("T", 1, 1, 1, 1)
        );
        assert_eq!(l.steps[0].ask.as_deref(), Some("Which pid?"));
        assert_eq!(l.steps[0].why, None);
        assert_eq!(l.goal_open_at(), 1);
        assert_eq!(l.answer_key(), [(0, "3".to_string())]);
        assert_eq!(l.goal[0].masked(), "expect b level = …");
        let killed = Expect::Killed {
            name: "d".into(),
            sig: crate::Signal::SIGKILL,
        };
        assert_eq!(killed.masked(), "expect d killed …");
        assert_eq!(l.goal_text, "b exists");
    }

    #[test]
    fn a_why_follows_its_ask_and_a_link_has_a_label() {
        let l = Lesson::parse(
            "t",
            "#: title T\n#: see clone(2) https://man7.org/linux/man-pages/man2/clone.2.html\n#: steps\n#: ask Q?\n#: why Because.\ninit fork as a\n#: goal g\nexpect a level = 0\n",
        )
        .expect("parses");
        assert_eq!(l.steps[0].why.as_deref(), Some("Because."));
        assert_eq!(l.see[0].0, "clone(2)");
        let errs = Lesson::parse(
            "t",
            "#: title T\n#: why lost\n#: see ftp://x\n#: goal g\nexpect init level = 0\n",
        )
        .expect_err("refused");
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn misplaced_directives_and_statements_are_reported_with_their_line() {
        let errs = Lesson::parse(
            "t",
            "init fork\n#: ask dangling\n#: title T\n#: bogus\n#: goal g\nexpect result 1\n",
        )
        .expect_err("refused");
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 6, 6], "{errs:?}");
    }

    #[test]
    fn a_step_runs_with_the_expectations_that_check_it() {
        let l = Lesson::parse(
            "t",
            "#: title T\n#: steps\ninit fork as a\nexpect result 2\nexpect a pid = 2\n#: ask Which?\na fork as b\nexpect ok\n#: goal g\nexpect b level = 0\n",
        )
        .expect("parses");
        assert_eq!(l.step_group(0), 0..3);
        assert_eq!(l.step_group(3), 3..5);
        assert_eq!(l.step_group(5), 5..5, "past the end: nothing");
        assert_eq!((l.ops_before(0), l.ops_before(3), l.ops_before(9)), (0, 1, 2));
    }

    #[test]
    fn answers_compare_numbers_and_errno_names() {
        assert!(answer_matches(" 03 ", "3"));
        assert!(answer_matches("einval", "EINVAL"));
        assert!(!answer_matches("2", "3"));
        assert!(!answer_matches("", "3"));
    }
}
