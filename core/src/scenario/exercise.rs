//! Seeded random exercises: a short scenario of forks, `clone(CLONE_NEWPID)`,
//! `unshare`, exits and waits in which the student predicts every result.
//! The same seed always gives the same exercise, so a teacher can hand one out.

use super::ast::{Expect, Header, Stmt};
use super::engine::Engine;
use super::generate::choices_from_seed;
use super::lesson::{Lesson, LessonStep};
use super::parse::parse_line;
use super::session::Holder;
use crate::{Model, PID_MAX_DEFAULT};

/// Statements in an exercise.
pub const EXERCISE_STEPS: usize = 8;

const WHY_FORK: &str = "alloc_pid() numbers the child at every level; fork returns the number in the parent's own namespace (kernel/pid.c).";
const WHY_CLONE: &str =
    "CLONE_NEWPID makes a namespace where the child is 1; the parent gets its number one level up (kernel/pid.c).";
const WHY_UNSHARE: &str =
    "unshare moves only the children to come (pid_ns_for_children); it returns 0 (kernel/nsproxy.c).";
const WHY_EXIT: &str = "exit does not return; children go to a reaper (find_new_reaper, kernel/exit.c).";
const WHY_WAIT: &str = "wait reaps a zombie child and returns its pid as the caller sees it (kernel/exit.c).";
const WHY_GETPPID: &str =
    "getppid gives the parent's pid in the caller's namespace, 0 if it lives outside (task_tgid_nr_ns).";

/// The exercise for `seed`.
pub fn exercise(seed: u64) -> Lesson {
    let mut e = Engine::new(Model::Multilevel, PID_MAX_DEFAULT);
    let mut steps = Vec::new();
    let mut made: Vec<String> = Vec::new();
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
    for word in choices_from_seed(seed, 4 * EXERCISE_STEPS) {
        if steps.len() == EXERCISE_STEPS {
            break;
        }
        let runnable = e.session().runnable_names();
        let Some(actor) = runnable
            .get((word % runnable.len().max(1) as u64) as usize)
            .map(|a| a.to_string())
        else {
            break;
        };
        let new = names[made.len().min(names.len() - 1)];
        let (text, rule) = match (word >> 16) % 10 {
            0..=3 => (format!("{actor} fork as {new}"), WHY_FORK),
            4 | 5 => (format!("{actor} clone newpid as {new}"), WHY_CLONE),
            6 => (format!("{actor} unshare newpid"), WHY_UNSHARE),
            7 if actor != "init" => (format!("{actor} exit"), WHY_EXIT),
            8 => (format!("{actor} wait"), WHY_WAIT),
            _ => (format!("{actor} getppid"), WHY_GETPPID),
        };
        let Ok(stmt @ Stmt::Op(_)) = parse_line(&text, 1) else {
            continue;
        };
        let step = e.apply(&stmt).step().cloned();
        if step.as_ref().is_some_and(|st| st.created.is_some()) {
            made.push(new.to_string());
        }
        let why = match step.as_ref().and_then(|st| st.explain().map(|x| (st.result, x))) {
            Some((Err(errno), x)) => format!("{}: {x}.", errno.name()),
            _ => rule.to_string(),
        };
        steps.push(LessonStep {
            why: Some(why),
            stmt,
            ask: Some(format!(
                "What does {actor} get back? (a number, or an errno such as EINVAL)"
            )),
        });
    }
    let s = e.session();
    let goal = made
        .iter()
        .filter_map(|n| match s.holder(n) {
            Some(Holder::Live(t)) => Some(Expect::Nspid {
                name: n.clone(),
                values: s.world().nspid(t),
            }),
            _ => None,
        })
        .collect::<Vec<_>>();
    Lesson {
        id: format!("exercise-{seed}"),
        title: format!("Exercise #{seed}"),
        about: "fork(2), clone(2) CLONE_NEWPID, unshare(2), wait(2), alloc_pid()".into(),
        see: Vec::new(),
        text: vec![
            "Predict what each call returns before it runs: a pid as the caller sees it, 0, or an errno.".into(),
            "The same exercise number always gives the same exercise.".into(),
        ],
        hints: vec![
            "A pid is always a number in the caller's own namespace.".into(),
            "After unshare, the caller stays where it is; its next child is pid 1.".into(),
        ],
        header: Header::default(),
        start: Vec::new(),
        steps,
        goal_text: "Run every step; the surviving processes end with these NSpid values.".into(),
        goal: if goal.is_empty() {
            vec![Expect::Level {
                name: "init".into(),
                value: 0,
            }]
        } else {
            goal
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_exercise_and_others_differ() {
        assert_eq!(exercise(7), exercise(7));
        assert_ne!(exercise(7).steps, exercise(8).steps);
        assert_eq!(exercise(7).steps.len(), EXERCISE_STEPS);
    }

    #[test]
    fn every_step_asks_and_the_goal_needs_the_steps() {
        for seed in 0..50 {
            let ex = exercise(seed);
            assert!(ex.steps.iter().all(|s| s.ask.is_some() && s.why.is_some()));
            let mut e = Engine::new(Model::Multilevel, PID_MAX_DEFAULT);
            assert!(
                !ex.goal_reached(&e) || ex.goal.len() == 1,
                "seed {seed}: empty scenario passes"
            );
            for st in &ex.steps {
                e.apply(&st.stmt);
            }
            assert!(ex.goal_reached(&e), "seed {seed}");
        }
    }
}
