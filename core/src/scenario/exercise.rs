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
        let text = match (word >> 16) % 10 {
            0..=3 => format!("{actor} fork as {new}"),
            4 | 5 => format!("{actor} clone newpid as {new}"),
            6 => format!("{actor} unshare newpid"),
            7 if actor != "init" => format!("{actor} exit"),
            8 => format!("{actor} wait"),
            _ => format!("{actor} getppid"),
        };
        let Ok(stmt @ Stmt::Op(_)) = parse_line(&text, 1) else {
            continue;
        };
        if e.apply(&stmt).step().is_some_and(|st| st.created.is_some()) {
            made.push(new.to_string());
        }
        steps.push(LessonStep {
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
            assert!(ex.steps.iter().all(|s| s.ask.is_some()));
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
