//! wasm test in headless Chromium: the action panel's buttons for the
//! modern pid APIs send the statements the console would take.

use pidns_web::components::actions::{Actions, ActionsProps};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)] // shared helpers; this file uses a few of them
mod common;
use common::{all, click, fresh_root, settle};

#[wasm_bindgen_test]
async fn exit_thread_exec_and_pidfd_buttons_send_statements() {
    let root = fresh_root();
    let sent = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = sent.clone();
    let props = ActionsProps {
        selected: "shell".into(),
        choices: Rc::new(vec!["boot".into(), "init".into()]),
        more: 0,
        on_submit: Callback::from(move |s: String| log.borrow_mut().push(s)),
    };
    yew::Renderer::<Actions>::with_root_and_props(root.clone(), props).render();
    settle().await;
    click(&root, "Exit thread").await;
    click(&root, "Exec").await;
    let target = all(&root, "select")
        .into_iter()
        .filter_map(|e| e.dyn_into::<HtmlSelectElement>().ok())
        .find(|s| s.get_attribute("aria-label").is_some_and(|l| l.starts_with("Kill")))
        .expect("the kill target");
    target.set_value("boot");
    click(&root, "pidfd_open").await;
    let handle = all(&root, "input[aria-label='pidfd handle name']")
        .pop()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .expect("the handle box");
    handle.set_value("p7");
    click(&root, "pidfd_send_signal").await;
    click(&root, "pidfd_getpid").await;
    assert_eq!(
        *sent.borrow(),
        [
            "shell exit_thread",
            "shell exec",
            "shell pidfd_open boot",
            "shell pidfd_send_signal p7 SIGTERM",
            "shell pidfd_getpid p7"
        ]
    );
    for s in sent.borrow().iter() {
        assert!(pidns_core::scenario::parse_line(s, 1).is_ok(), "{s} parses");
    }
}
