//! The kernel model compiled to wasm, run in Node: fork+exit+wait at depth
//! 0 and 32, and getpid. Run:
//! `cargo bench --target wasm32-unknown-unknown -p pidns-web --bench core_wasm`.
#![cfg_attr(target_family = "wasm", no_main)]

#[cfg(target_family = "wasm")]
mod wasm {
    use pidns_core::{CloneFlags, Model, TaskId, World, PID_MAX_LIMIT};
    use wasm_bindgen_test::{wasm_bindgen_bench, Criterion};

    fn chain(depth: u32) -> (World, TaskId) {
        let mut w = World::new(Model::Multilevel, PID_MAX_LIMIT);
        let mut t = w.init().expect("init");
        for _ in 0..depth {
            t = w
                .clone_task(
                    t,
                    CloneFlags {
                        newpid: true,
                        ..CloneFlags::default()
                    },
                )
                .expect("nest")
                .0;
        }
        (w, t)
    }

    #[wasm_bindgen_bench]
    fn fork_exit_wait(c: &mut Criterion) {
        for depth in [0, 32] {
            let (mut w, init) = chain(depth);
            c.bench_function(&format!("fork+exit+wait at depth {depth}"), |b| {
                b.iter(|| {
                    let (child, _) = w.clone_task(init, CloneFlags::default()).expect("fork");
                    w.exit_group(child, 0).expect("exit");
                    w.wait(init, None).expect("wait")
                })
            });
        }
    }

    #[wasm_bindgen_bench]
    fn getpid(c: &mut Criterion) {
        let (mut w, init) = chain(32);
        c.bench_function("getpid at depth 32", |b| b.iter(|| w.getpid(init).expect("getpid")));
    }
}

#[cfg(not(target_family = "wasm"))]
fn main() {
    eprintln!(
        "this benchmark runs in wasm: cargo bench --target wasm32-unknown-unknown -p pidns-web --bench core_wasm"
    );
}
