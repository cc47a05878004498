//! wasm tests in headless Chromium for the cost panel (each chart's SVG and
//! its table carry the core's numbers), the lessons' predict-then-reveal
//! flow, and presenter mode's keyboard control.

use pidns_core::cost::report::{depth_series, seed_results};
use pidns_core::cost::{trace_at, CostProfile, Workload};
use pidns_core::{Model, MAX_PID_NS_LEVEL};
use pidns_web::components::cost::depth_chart::{DepthChart, DepthChartProps, WORKLOADS};
use pidns_web::components::cost::seed_chart::{SeedChart, SeedChartProps};
use pidns_web::components::cost::step_bar::{StepBar, StepBarProps};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{all, click, fresh_root, mount_app, settle, texts};

fn profile() -> Rc<CostProfile> {
    Rc::new(CostProfile::builtin("linux-6.18").expect("built in"))
}

fn num(s: &str) -> f64 {
    s.trim().parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[wasm_bindgen_test]
async fn the_depth_chart_and_its_table_carry_the_cores_numbers() {
    let root = fresh_root();
    let props = DepthChartProps {
        profile: profile(),
        model: Model::Multilevel,
        levels: vec![0, 0, 1, 3],
    };
    yew::Renderer::<DepthChart>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let rows = all(&root, "table[aria-label='Overhead by depth (table)'] tbody tr");
    assert_eq!(rows.len(), MAX_PID_NS_LEVEL as usize + 1);
    for (wi, w) in WORKLOADS.iter().enumerate() {
        for (mi, m) in [Model::Multilevel, Model::Flat].iter().enumerate() {
            let core = depth_series(&profile(), *m, *w, MAX_PID_NS_LEVEL);
            let series = format!("{} {}", w.label(), m.name());
            let points = all(&root, &format!("g.series[data-series='{series}'] circle.pt"));
            assert_eq!(
                points.len(),
                core.len(),
                "{series}: one point per depth the model allows"
            );
            for (p, (d, ns)) in points.iter().zip(&core) {
                assert_eq!(p.get_attribute("data-depth"), Some(d.to_string()));
                let drawn = num(&p.get_attribute("data-ns").expect("data-ns"));
                let cell = num(&texts(&rows[*d as usize], "td")[wi * 2 + mi]);
                assert!(
                    (drawn - ns).abs() < 0.06 && (cell - ns).abs() < 0.06,
                    "{series} at {d}: {drawn} / {cell} / {ns}"
                );
            }
        }
    }
    let flat_cells = texts(&rows[2], "td");
    assert_eq!(flat_cells[1], "—", "the flat model has no depth 2");
    let marks: Vec<(String, String)> = all(&root, "circle.here")
        .iter()
        .map(|c| {
            (
                c.get_attribute("data-level").unwrap_or_default(),
                c.get_attribute("data-count").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        &marks[..3],
        [
            ("0".into(), "2".into()),
            ("1".into(), "1".into()),
            ("3".into(), "1".into())
        ]
    );
}

#[wasm_bindgen_test]
async fn the_seed_chart_and_table_show_the_published_and_modelled_figures() {
    let root = fresh_root();
    let p = Rc::new(CostProfile::builtin("seed-2007").expect("built in"));
    yew::Renderer::<SeedChart>::with_root_and_props(root.clone(), SeedChartProps { profile: p.clone() }).render();
    settle().await;
    let core = seed_results(&p);
    let dots = all(&root, "circle.model");
    let rows = all(&root, "table[aria-label='Seed results (table)'] tbody tr");
    assert_eq!((dots.len(), rows.len()), (6, 6));
    for ((dot, row), r) in dots.iter().zip(&rows).zip(&core) {
        assert!((num(&dot.get_attribute("data-s").expect("data-s")) - r.nptl_s).abs() < 5e-4);
        let cells = texts(row, "td");
        assert_eq!(texts(row, "th")[0], r.row.label);
        assert!((num(&cells[1]) - r.nptl_s).abs() < 5e-4);
        assert!((num(&cells[2]) - (r.nptl_s - r.row.nptl_s)).abs() < 5e-4);
        assert!((num(&cells[4]) - r.getpid_s).abs() < 5e-4);
    }
    assert!(
        all(&root, "td.outside").is_empty(),
        "the seed profile is within every published error"
    );
}

#[wasm_bindgen_test]
async fn the_step_bar_adds_up_to_the_steps_cost() {
    let root = fresh_root();
    let work = trace_at(Model::Multilevel, 8, Workload::ForkExitWait).expect("depth 8");
    let total = profile().cost(&work);
    let props = StepBarProps {
        profile: profile(),
        last: Some(("deep fork".into(), work)),
    };
    yew::Renderer::<StepBar>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let bars = all(&root, "svg.bar");
    let rects = all(&bars[0], "rect");
    let first: f64 = rects
        .iter()
        .map(|r| num(&r.get_attribute("data-ns").unwrap_or_default()))
        .sum();
    // Each segment is written with 3 decimals.
    assert!((first - total).abs() <= 5e-4 * rects.len() as f64, "{first} vs {total}");
    let allocs = all(&bars[0], "rect[data-kind='pid_nr_alloc']").len();
    assert_eq!(allocs, 9, "one allocation per level, depth 8 has 9 levels");
    assert_eq!(bars.len(), 2, "a zoomed bar without copy_process");
    let table: f64 = all(&root, "table tbody tr")
        .iter()
        .map(|r| num(&texts(r, "td")[1]))
        .sum();
    assert!((table - total).abs() < 1.0, "{table} vs {total}");
}

fn prediction(root: &Element) -> HtmlInputElement {
    root.query_selector("input[aria-label='Your prediction']")
        .unwrap()
        .expect("a question")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_lesson_asks_then_reveals_and_keeps_score() {
    let root = mount_app().await;
    click(&root, "Lessons").await;
    click(&root, "Your first pid namespace, and its pid 1").await;
    assert_eq!(
        texts(&root, "#lesson-title"),
        ["Your first pid namespace, and its pid 1"]
    );
    assert!(
        texts(&root, "section[aria-label='Goal'] h4")[0].starts_with("Goal"),
        "not reached at the start"
    );
    prediction(&root).set_value("3");
    click(&root, "Reveal").await;
    let reveal = texts(&root, ".reveal.right");
    assert!(
        reveal.len() == 1 && reveal[0].contains("The kernel returned 3"),
        "{reveal:?}"
    );
    prediction(&root).set_value("7");
    click(&root, "Reveal").await;
    assert!(texts(&root, ".reveal.wrong")[0].contains("You said 7. The kernel returned 1"));
    assert!(
        texts(&root, ".score").iter().any(|s| s.contains("1 right of 2")),
        "{:?}",
        texts(&root, ".score")
    );
    click(&root, "Reveal").await;
    click(&root, "Reveal").await;
    assert_eq!(texts(&root, "section[aria-label='Goal'] h4"), ["Goal reached ✓"]);
    // Undo goes back through the lesson's steps too.
    click(&root, "Undo").await;
    assert_eq!(texts(&root, "section[aria-label='Next step'] h4"), ["Step 4 of 4"]);
    click(&root, "Close lesson").await;
    assert!(
        texts(&root, "table[aria-label='Processes'] th.name")
            .iter()
            .any(|n| n == "worker"),
        "the session before the lesson is back"
    );
}

fn press(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    gloo::utils::document().dispatch_event(&e).unwrap();
}

#[wasm_bindgen_test]
async fn presenter_mode_steps_a_lesson_with_the_keyboard() {
    let root = mount_app().await;
    click(&root, "Lessons").await;
    click(&root, "unshare(CLONE_NEWPID) versus clone(CLONE_NEWPID)").await;
    click(&root, "Presenter mode").await;
    assert_eq!(all(&root, ".app.presenter").len(), 1);
    assert!(
        all(&root, "textarea[aria-label='Console']").is_empty(),
        "the chrome is hidden"
    );
    press("ArrowRight");
    settle().await;
    assert!(
        texts(&root, ".reveal.shown")[0].contains("The kernel returned 0"),
        "unshare revealed"
    );
    press(" ");
    settle().await;
    assert!(
        texts(&root, ".reveal")[0].contains("The kernel returned 2"),
        "getpid revealed"
    );
    press("ArrowLeft");
    settle().await;
    assert_eq!(texts(&root, "section[aria-label='Next step'] h4"), ["Step 2 of 7"]);
    press("Escape");
    settle().await;
    assert!(all(&root, ".app.presenter").is_empty());
    assert_eq!(
        texts(&root, "#lesson-title"),
        ["unshare(CLONE_NEWPID) versus clone(CLONE_NEWPID)"],
        "the session is kept"
    );
}
