//! wasm tests in headless Chromium: the components render the model's state
//! (pids per level, view-from, errno display) and the console drives it.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{all, click, mount_app, settle, texts};

async fn type_statement(root: &Element, text: &str) {
    let ta: HtmlTextAreaElement = root
        .query_selector("textarea[aria-label='Console']")
        .unwrap()
        .expect("console")
        .dyn_into()
        .unwrap();
    ta.set_value(text);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    ta.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
    settle().await;
}

fn row_of(root: &Element, name: &str) -> Vec<String> {
    let rows = root
        .query_selector_all("table[aria-label='Processes'] tbody tr")
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|r| {
            r.query_selector("th")
                .ok()
                .flatten()
                .and_then(|th| th.text_content())
                .as_deref()
                == Some(name)
        })
        .map(|r| texts(&r, "td"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn pids_per_level_from_a_typed_scenario() {
    let root = mount_app().await;
    type_statement(&root, "worker clone newpid as deep\ndeep fork as leaf").await;
    // columns: L0 L1 L2 NSpid State Parent PPid select
    let leaf = row_of(&root, "leaf");
    assert_eq!(&leaf[..4], &["7", "5", "2", "7/5/2"], "{leaf:?}");
    assert_eq!(leaf[4], "running");
    let boot = row_of(&root, "boot");
    assert_eq!(&boot[..4], &["3", "1", "", "3/1"], "{boot:?}");
}

#[wasm_bindgen_test]
async fn errno_is_shown_with_its_explanation() {
    let root = mount_app().await;
    type_statement(&root, "shell unshare newpid").await;
    let last = texts(&root, "ol[aria-label='Timeline'] li").pop().unwrap_or_default();
    assert!(last.contains("EINVAL") && last.contains("second unshare"), "{last}");
    type_statement(&root, "init frok").await;
    let errors = texts(&root, ".errors li");
    assert_eq!(errors, vec!["line 1, col 6: unknown verb 'frok' (did you mean 'fork'? expected fork, clone, unshare, setns, exit, wait, kill, ...)"]);
}

#[wasm_bindgen_test]
async fn view_from_a_nested_process_hides_the_outside() {
    let root = mount_app().await;
    let sel: HtmlSelectElement = root
        .query_selector("select[aria-label='View from']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    sel.set_value("boot");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    sel.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
    let init_row = root
        .query_selector("table[aria-label='Processes'] tr.invisible th")
        .unwrap()
        .and_then(|t| t.text_content());
    assert_eq!(init_row.as_deref(), Some("init"));
    assert_eq!(
        texts(&root, "tr.invisible").len(),
        2,
        "init and shell are outside boot's namespace"
    );
    let worker = row_of(&root, "worker");
    assert!(
        worker.contains(&"2".to_string()),
        "worker is 2 as boot sees it: {worker:?}"
    );
}

#[wasm_bindgen_test]
async fn clicking_fork_adds_a_statement_and_undo_takes_it_back() {
    let root = mount_app().await;
    let rows = || all(&root, "table[aria-label='Processes'] tbody tr").len();
    let fork = rows();
    click(&root, "Fork").await;
    assert_eq!(rows(), fork + 1);
    assert_eq!(
        texts(&root, "ol[aria-label='Console history'] li")
            .last()
            .map(String::as_str),
        Some("init fork")
    );
    click(&root, "Undo").await;
    assert_eq!(rows(), fork);
}
