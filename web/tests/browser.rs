//! wasm tests in headless Chromium: components mount and show the model's state.

use std::time::Duration;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&root).expect("append");
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

#[wasm_bindgen_test]
async fn process_table_shows_nspid_per_row() {
    let root = fresh_root();
    let rows = pidns_web::components::app::example_rows();
    yew::Renderer::<pidns_web::ProcessTable>::with_root_and_props(root.clone(), pidns_web::ProcessTableProps { rows })
        .render();
    settle().await;
    let table = root
        .query_selector("table[aria-label='Processes']")
        .unwrap()
        .expect("table");
    let text = table.text_content().unwrap_or_default();
    assert!(text.contains("boot"), "{text}");
    let cells: Vec<String> = (0..5)
        .filter_map(|i| root.query_selector_all("td.nspid").ok()?.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    assert_eq!(cells, vec!["1", "2", "3/1", "4/2", "5/3"]);
}

#[wasm_bindgen_test]
async fn app_renders_title_and_panel() {
    let root = fresh_root();
    yew::Renderer::<pidns_web::App>::with_root(root.clone()).render();
    settle().await;
    let h1 = root.query_selector("h1").unwrap().expect("h1");
    assert_eq!(h1.text_content().unwrap_or_default(), "pidns-lab");
    assert!(root.query_selector(".panel table").unwrap().is_some());
}
